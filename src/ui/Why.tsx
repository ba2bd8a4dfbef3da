// The panels' captions and "Why?" disclosures, and what the page tells them: which parts the URL
// hides (`hide=`), and which explanation a lesson opens.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { AppState } from '../state/appState';
import { lessonById } from '../state/lessons';
import { EXPLANATIONS, KIND_TOPICS, type Explanation, type Topic } from './explanations';
import './teach.css';

export interface Teaching {
  /** Whether `hide=` leaves out a control (by its key) or a panel or button (by its name). */
  hidden: (name: string) => boolean;
  /** The explanation to open and bring into view, once for each `key`. */
  focus: { topic: string; key: string } | null;
  /** Marks a focus as handled; false if it was handled already. */
  claim: (key: string) => boolean;
  /** Opens and shows the open lesson's explanation again. */
  reveal: () => void;
}

export const TeachContext = createContext<Teaching>({
  hidden: () => false,
  focus: null,
  claim: () => false,
  reveal: () => {},
});

/** Whether `hide=` leaves out this control, panel or button. */
export const useHidden = (name: string): boolean => useContext(TeachContext).hidden(name);

/** What the page tells the explanations; App provides it. */
export function useTeaching(hide: readonly string[], lesson: AppState['lesson']): Teaching {
  const [reveals, setReveals] = useState(0);
  const handled = useRef(new Set<string>());
  const topic = lesson ? (lessonById(lesson.id)?.topic ?? null) : null;
  const opened = lesson?.opened;
  const focus = useMemo(
    () => (topic && opened !== undefined ? { topic, key: `${opened}.${reveals}` } : null),
    [topic, opened, reveals],
  );
  const claim = useCallback((key: string) => {
    if (handled.current.has(key)) return false;
    handled.current.add(key);
    return true;
  }, []);
  const hidden = useCallback((name: string) => hide.includes(name), [hide]);
  const reveal = useCallback(() => setReveals((n) => n + 1), []);
  return useMemo(() => ({ hidden, focus, claim, reveal }), [hidden, focus, claim, reveal]);
}

/**
 * "Why?": the idea behind a panel, in a native disclosure (keyboard and screen readers open it
 * like a button). A lesson opens its own and brings it into view, as soon as it is on the page.
 */
export function Why({ topic }: { topic: Topic }) {
  const { hidden, focus, claim } = useContext(TeachContext);
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !focus || focus.topic !== topic || !claim(focus.key)) return;
    el.open = true;
    el.scrollIntoView({ block: 'center' });
  }, [focus, topic, claim]);
  if (hidden('why')) return null;
  const { title, why } = EXPLANATIONS[topic];
  return (
    <details className="why" ref={ref} aria-label={`Why? ${title}`} data-topic={topic}>
      <summary>Why?</summary>
      <div className="why-text">{why}</div>
    </details>
  );
}

/** A panel's one-line caption: what it shows. */
export function Caption({ topic }: { topic: Topic }) {
  const explanation: Explanation = EXPLANATIONS[topic];
  return explanation.caption ? <p className="caption">{explanation.caption}</p> : null;
}

/** The caption and the "Why?" of a panel, under its heading. */
export function About({ topic }: { topic: Topic }) {
  return (
    <>
      <Caption topic={topic} />
      <Why topic={topic} />
    </>
  );
}

/** The "Why?" of a model kind, for the kinds that have one. */
export function KindWhy({ kind }: { kind: string }) {
  const topic = KIND_TOPICS[kind];
  // Keyed: another kind's disclosure is a new one, not the last one with its text replaced.
  return topic ? <Why key={topic} topic={topic} /> : null;
}
