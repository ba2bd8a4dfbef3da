import { startTransition, useEffect, useState, useSyncExternalStore } from 'react';
import type { AppState, DrawingView, TraversalView } from '../state/appState';
import type { Store } from '../state/store';

/**
 * The page's state. Each frame's update renders as a transition: React renders the page in
 * slices it can interrupt, so a drawing's answer, a pointer move or a key press is handled
 * between them and a slow CPU (a phone's) never gets one long task per update. An urgent change
 * (a slider's or a checkbox's value, which would snap back while it waited) renders at once.
 */
export function useAppState(store: Pick<Store, 'subscribe' | 'getState'>): AppState {
  const [state, setState] = useState(store.getState);
  useEffect(() => {
    const show = (urgent: boolean) => {
      const next = store.getState();
      if (urgent) setState(next);
      else startTransition(() => setState(next));
    };
    // What changed between the first render and the subscription.
    show(true);
    return store.subscribe(show);
  }, [store]);
  return state;
}

/** The drawing slice alone: its panel re-renders with each answer, the page does not. */
export function useDrawing(store: Store): DrawingView {
  return useSyncExternalStore(store.subscribeDrawing, store.getDrawing);
}

/** The traversal's slice alone: its panel follows a slider at once, the page does not. */
export function useTraversal(
  store: Pick<Store, 'getTraversal' | 'subscribeTraversal'>,
): TraversalView {
  return useSyncExternalStore(store.subscribeTraversal, store.getTraversal);
}
