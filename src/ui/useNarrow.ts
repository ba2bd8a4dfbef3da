import { useSyncExternalStore } from 'react';

/** The width at and below which the page takes its phone layout (app.css says the same). */
export const NARROW_QUERY = '(max-width: 600px)';

function subscribe(listener: () => void): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

const narrowNow = () => window.matchMedia(NARROW_QUERY).matches;

/**
 * Whether the screen is a phone's held upright. The layout reorders its panels in the document,
 * not only on screen, so that a screen reader and the Tab key meet them in the order they show.
 */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, narrowNow, () => false);
}
