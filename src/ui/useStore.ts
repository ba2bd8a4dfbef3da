import { useSyncExternalStore } from 'react';
import type { AppState, Store } from '../state/store';

export function useAppState(store: Store): AppState {
  return useSyncExternalStore(store.subscribe, store.getState);
}
