import { useSyncExternalStore } from 'react';
import type { AppState, DrawingView } from '../state/appState';
import type { Store } from '../state/store';

export function useAppState(store: Store): AppState {
  return useSyncExternalStore(store.subscribe, store.getState);
}

/** The drawing slice alone: its panel re-renders with each answer, the page does not. */
export function useDrawing(store: Store): DrawingView {
  return useSyncExternalStore(store.subscribeDrawing, store.getDrawing);
}
