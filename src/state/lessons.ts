// Lessons: presets a teacher can link to. Each is a query string of CONFIG_TABLE keys, named by
// the `lesson` key of the URL; opening one sets its config, starts the run and opens the
// explanation of what it shows (`topic`, a key of src/ui/explanations.tsx).
import {
  appliesOf,
  CONFIG_KEYS,
  parseConfig,
  serializeConfig,
  type Config,
  type ParsedConfig,
} from './config';

export interface Lesson {
  id: string;
  title: string;
  /** The lesson's settings: CONFIG_TABLE keys; the others take their defaults. */
  query: string;
  /** The explanation it opens. */
  topic: string;
  /** What to look at, in a sentence or two. */
  note: string;
}

/** The URL key that names a lesson. */
export const LESSON_KEY = 'lesson';

export const LESSONS: readonly Lesson[] = [
  {
    id: 'bottleneck',
    title: 'The bottleneck',
    query: 'latent=2',
    topic: 'manifold',
    note:
      'Every digit has to pass through two numbers. Watch the classes gather into regions of the ' +
      'latent plane, and the manifold turn from grey blur into digits that shade into each other.',
  },
  {
    id: 'pca',
    title: 'PCA versus the autoencoder',
    query: 'activation=linear&latent=8',
    topic: 'pca',
    note:
      'A linear autoencoder is PCA in disguise: watch its validation MSE come down to the PCA ' +
      'line on the chart, and hardly below it. Then set Activation to ReLU and watch it pass.',
  },
  {
    id: 'identity',
    title: 'The identity trap',
    query: 'latent=1024&hidden=1024',
    topic: 'identity',
    note:
      'Every layer is wider than the 784-pixel image, so the network could simply copy it. In ' +
      'Copy or understand?, compare the error on noise with the error on digits, then draw ' +
      'something that is no digit at all.',
  },
  {
    id: 'denoising',
    title: 'Denoising',
    query: 'model=denoising',
    topic: 'denoising',
    note:
      'The middle row of the reconstructions is what the model is given; the bottom row is what ' +
      'it makes of it. Raise the Noise level, or switch to Masking noise, and see what it still ' +
      'recovers.',
  },
  {
    id: 'sparse',
    title: 'Sparse codes',
    query: 'model=sparse',
    topic: 'sparse',
    note:
      'Watch the share of near-zero code units (the line above the panels) grow as it trains. ' +
      'Move the Sparsity slider to trade reconstruction quality for fewer active units.',
  },
  {
    id: 'contractive',
    title: 'Contractive',
    query: 'model=contractive',
    topic: 'contractive',
    note:
      'The penalty asks for a code that hardly moves when the input moves a little. Raise ' +
      'Contraction and compare the reconstructions and the latent plane with a dense run.',
  },
  {
    id: 'vae',
    title: 'Generating digits',
    query: 'model=vae',
    topic: 'vae',
    note:
      'Press Generate to decode codes drawn at random from N(0, I). Early on they are blobs; ' +
      'as the KL term shapes the code space, they become digits. Try a larger β.',
  },
];

/** The keys a lesson sets. */
export function lessonKeys(lesson: Lesson): (keyof Config)[] {
  const keys = [...new URLSearchParams(lesson.query).keys()];
  return CONFIG_KEYS.filter((key) => keys.includes(key));
}

/**
 * Whether this build can give the lesson: every key it sets is a key of CONFIG_TABLE and every
 * value one the table accepts as it is.
 */
export function lessonOffered(lesson: Lesson): boolean {
  const keys = [...new URLSearchParams(lesson.query).keys()];
  const known: readonly string[] = CONFIG_KEYS;
  return keys.every((k) => known.includes(k)) && parseConfig(lesson.query).notices.length === 0;
}

/** The lessons this build offers, in order. */
export function offeredLessons(): Lesson[] {
  return LESSONS.filter(lessonOffered);
}

/** An offered lesson by its id. */
export function lessonById(id: string): Lesson | undefined {
  return offeredLessons().find((l) => l.id === id);
}

/**
 * The config a lesson sets: its keys, the defaults for the other model and live keys, and the
 * page and data keys (backend, validation size, what is hidden, the dataset…) of the config now
 * in use.
 */
export function lessonConfig(lesson: Lesson, current: Config): Config {
  const out: Record<string, unknown> = { ...parseConfig(lesson.query).config };
  for (const key of CONFIG_KEYS) {
    const applies = appliesOf(key);
    if (applies === 'page' || applies === 'data') out[key] = current[key];
  }
  return out as unknown as Config;
}

/**
 * The query string of a page: the config, and while a lesson is open its id and every key it
 * sets (written even at their defaults, so the link gives the same config when read back).
 */
export function pageSearch(config: Config, lessonId: string | null): string {
  const lesson = lessonId === null ? undefined : lessonById(lessonId);
  if (!lesson) return serializeConfig(config);
  const search = serializeConfig(config, new Set(lessonKeys(lesson)));
  return `${search}${search ? '&' : '?'}${LESSON_KEY}=${encodeURIComponent(lesson.id)}`;
}

export interface ParsedPage extends ParsedConfig {
  /** The lesson the URL opens, if it names one this build offers. */
  lesson: string | null;
}

/**
 * Reads a page's URL: with a `lesson` key, the lesson's settings, under what else the URL sets
 * (its keys win, so a link can change one setting of a lesson).
 */
export function parsePage(search: string): ParsedPage {
  const params = new URLSearchParams(search);
  const id = params.get(LESSON_KEY);
  if (id === null) return { ...parseConfig(search), lesson: null };
  params.delete(LESSON_KEY);
  const lesson = lessonById(id.trim().toLowerCase());
  if (!lesson) {
    const ids = offeredLessons().map((l) => l.id);
    const parsed = parseConfig(params.toString());
    const notice = `Unknown lesson "${id}"; none opened (choose ${ids.join(', ')}).`;
    return { ...parsed, notices: [notice, ...parsed.notices], lesson: null };
  }
  const merged = new URLSearchParams(lesson.query);
  for (const [key, value] of params) merged.set(key, value);
  return { ...parseConfig(merged.toString()), lesson: lesson.id };
}
