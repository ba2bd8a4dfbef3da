// The page's words for a backend other than the one asked for: which one trains and why, for a
// person who has never heard of WebGL or WebAssembly (a phone's user, above all).
import type { BackendChoice, BackendName } from './protocol';

/** What each backend is, in plain words. */
export const BACKEND_WORDS: Readonly<Record<BackendName, string>> = {
  webgl: 'the graphics chip (WebGL)',
  wasm: 'the processor (WebAssembly)',
  cpu: 'the processor in plain JavaScript',
};

/**
 * The notice for training on `chosen` after the backends before it failed with `failures` (in
 * order, each "webgl could not start", "webgl runs on a software renderer (…)", …).
 */
export function fallbackNotice(
  requested: BackendChoice,
  chosen: BackendName,
  failures: readonly string[],
): string {
  const webgl = failures.find((f) => f.startsWith('webgl'));
  const wasm = failures.find((f) => f.startsWith('wasm'));
  const why: string[] = [];
  if (webgl?.startsWith('webgl runs on a software renderer')) {
    why.push(
      'This device offers WebGL only as a software imitation of a graphics chip, which is slower than the processor itself.',
    );
  } else if (webgl) {
    why.push(
      'This browser does not let the page train on the graphics chip (WebGL) in the background: some versions of Safari on iPhone and iPad cannot, nor can a browser whose graphics driver is blocked.',
    );
  }
  if (wasm)
    why.push(webgl ? 'WebAssembly could not start either.' : 'WebAssembly could not start.');
  const runs =
    chosen === 'cpu'
      ? `The model trains on ${BACKEND_WORDS.cpu}, the slowest way: it still learns, slowly (fewer hidden units help).`
      : `The model trains on ${BACKEND_WORDS[chosen]} instead: it learns the same, at the processor's speed.`;
  const asked = requested === 'auto' ? '' : ` You asked for ${requested}.`;
  return `${why.join(' ')} ${runs}${asked} (Details: ${failures.join('; ')}.)`.trim();
}
