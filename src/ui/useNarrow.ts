import { useSyncExternalStore } from 'react';

/** The width at and below which the page takes its phone layout (app.css says the same). */
export const NARROW_QUERY = '(max-width: 600px)';

// One query list for the page: React reads the snapshot at every render, and a new
// matchMedia() each time cost a phone's CPU more than the status line's render.
let list: MediaQueryList | null = null;
const query = (): MediaQueryList => (list ??= window.matchMedia(NARROW_QUERY));

function subscribe(listener: () => void): () => void {
  const q = query();
  q.addEventListener('change', listener);
  return () => q.removeEventListener('change', listener);
}

const narrowNow = () => query().matches;

/**
 * Whether the screen is a phone's held upright. The layout reorders its panels in the document,
 * not only on screen, so that a screen reader and the Tab key meet them in the order they show.
 */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, narrowNow, () => false);
}
