import { useSyncExternalStore } from 'react';
import type { AppState, DrawingView, TraversalView } from '../state/appState';
import type { Store } from '../state/store';

export function useAppState(store: Store): AppState {
  return useSyncExternalStore(store.subscribe, store.getState);
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
