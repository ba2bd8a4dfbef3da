// Under the page's title: the autoencoder's "Why?", the Lessons menu, the Embed button, and the
// note of the lesson open.
import {
  memo,
  useContext,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { AppState } from '../state/appState';
import { lessonById, lessonConfig, offeredLessons, pageSearch } from '../state/lessons';
import type { Store } from '../state/store';
import { embedSnippet, embedUrl } from './embed';
import { TeachContext, useHidden, Why } from './Why';

interface Props {
  config: AppState['config'];
  lesson: AppState['lesson'];
  store: Store;
}

/**
 * A disclosure of links, one per lesson: each a real URL (to copy, or open in a new tab), which
 * a plain click opens in the page instead, keeping the runs so far.
 */
function LessonsMenu({ config, lesson, store }: Props) {
  const ref = useRef<HTMLDetailsElement>(null);
  /** Closes the menu, the focus back on its button. */
  const close = () => {
    const menu = ref.current;
    if (!menu) return;
    menu.open = false;
    menu.querySelector('summary')?.focus();
  };
  const choose = (e: MouseEvent, id: string) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    close();
    store.chooseLesson(id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && ref.current?.open) close();
  };
  return (
    <details className="menu lessons" ref={ref} onKeyDown={onKeyDown}>
      <summary>Lessons</summary>
      <nav aria-label="Lessons">
        <ul>
          {offeredLessons().map((l) => (
            <li key={l.id}>
              <a
                href={pageSearch(lessonConfig(l, config), l.id) || '?'}
                aria-current={lesson?.id === l.id ? 'true' : undefined}
                onClick={(e) => choose(e, l.id)}
              >
                {l.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </details>
  );
}

/** The Embed button and what it shows: the <iframe> snippet of the page as it is, to copy. */
function Embed({ config, lesson }: Omit<Props, 'store'>) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const snippet = embedSnippet(
    embedUrl(location.origin, location.pathname, config, lesson?.id ?? null),
  );
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('Copied.');
    } catch {
      area.current?.select();
      setCopied('Selected: copy it with Ctrl+C (⌘C).');
    }
  };
  return (
    <div className="embed">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          setOpen(!open);
          setCopied(null);
        }}
      >
        Embed
      </button>
      {open && (
        <div className="embed-box" id={id}>
          <label htmlFor={`${id}-code`}>HTML to embed this page as it is set now</label>
          <textarea id={`${id}-code`} ref={area} readOnly value={snippet} rows={3} />
          <button type="button" onClick={() => void copy()}>
            Copy
          </button>{' '}
          <span role="status">{copied}</span>
        </div>
      )}
    </div>
  );
}

/** What to look at in the lesson open, and a way back to its explanation. */
function LessonNote({ lesson, store }: Pick<Props, 'lesson' | 'store'>) {
  const { reveal } = useContext(TeachContext);
  const open = lesson ? lessonById(lesson.id) : undefined;
  return (
    <div role="status" aria-label="Lesson" className="lesson-note-slot">
      {open && (
        <section className="lesson-note">
          <h2>Lesson: {open.title}</h2>
          <p>{open.note}</p>
          <div className="buttons">
            <button type="button" onClick={reveal}>
              Show the explanation
            </button>
            <button type="button" onClick={store.closeLesson}>
              Close lesson
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

export const TeachBar = memo(function TeachBar({ config, lesson, store }: Props) {
  const noLessons = useHidden('lessons');
  const noEmbed = useHidden('embed');
  return (
    <>
      <div className="teach-bar">
        <Why topic="autoencoder" />
        {!noLessons && <LessonsMenu config={config} lesson={lesson} store={store} />}
        {!noEmbed && <Embed config={config} lesson={lesson} />}
      </div>
      <LessonNote lesson={lesson} store={store} />
    </>
  );
});
