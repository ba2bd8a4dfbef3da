// A RunStore in memory (used by the unit tests; the browser suite uses the real IndexedDB).
import type { RunStore } from '../../persist/runStore';
import { readSavedRun, type SavedRun } from '../../persist/savedRun';

export function memoryRunStore(initial: unknown = undefined) {
  let value: unknown = initial;
  const writes: SavedRun[] = [];
  const store: RunStore = {
    load: () =>
      Promise.resolve(
        value === undefined
          ? { run: null, discarded: false }
          : { run: readSavedRun(value), discarded: readSavedRun(value) === null },
      ),
    save: (run) => {
      value = run;
      writes.push(run);
      return Promise.resolve();
    },
    clear: () => {
      value = undefined;
      return Promise.resolve();
    },
  };
  return { open: () => Promise.resolve(store), writes, current: () => value };
}

/** Lets the promises already settled run their callbacks. */
export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
