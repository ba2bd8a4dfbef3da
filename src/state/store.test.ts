import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromWorker } from '../train/protocol';
import { Store, type AppState } from './store';

// The store's scheduling, without workers: worker messages are fed to it directly. In Node there
// is no document, so its frames are 100 ms timeouts (the hidden-tab path).
const feed = (store: Store, msg: FromWorker) =>
  (store as unknown as { onMessage(m: FromWorker): void }).onMessage(msg);

const stats = (examples: number): FromWorker => ({
  type: 'stats',
  gen: 0,
  step: examples / 10,
  epoch: examples / 60000,
  examples,
  loss: 0.05,
  parts: {},
  examplesPerSecond: 1000,
});

describe('Store notifications', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows ordinary updates at the next frame, and a drawing to its own panel at once', () => {
    const store = new Store('');
    const seen: number[] = [];
    let drawingNotices = 0;
    store.subscribe(() => seen.push(store.getState().stats?.examples ?? -1));
    store.subscribeDrawing(() => (drawingNotices += 1));
    feed(store, stats(100));
    expect(store.getState().stats).toBeNull();
    vi.advanceTimersByTime(100);
    expect(store.getState().stats?.examples).toBe(100);
    expect(seen).toEqual([100]);
    const input = new Float32Array(784).fill(0.5);
    store.setDrawing(input);
    // The drawing panel has it now; the page (one listener call so far) at the next frame.
    expect(store.getDrawing().drawingInput).toBe(input);
    expect(drawingNotices).toBe(1);
    expect(seen).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(store.getState().drawingInput).toBe(input);
  });

  it('shows a run toggled on or off at once (its checkbox is controlled)', () => {
    const store = new Store('');
    const runs = [{ id: 1, visible: true }] as unknown as AppState['runs'];
    const inner = store as unknown as { state: AppState; shown: AppState };
    inner.state = { ...inner.state, runs };
    inner.shown = { ...inner.shown, runs };
    let notices = 0;
    store.subscribe(() => (notices += 1));
    store.toggleRun(1);
    expect(store.getState().runs[0]!.visible).toBe(false);
    expect(notices).toBe(1);
    store.toggleRun(1);
    expect(store.getState().runs[0]!.visible).toBe(true);
  });

  it('holds other updates while a stroke is drawn, for at most a second, and shows drawings at once', () => {
    const store = new Store('');
    store.setStroking(true);
    feed(store, stats(100));
    vi.advanceTimersByTime(500);
    expect(store.getState().stats).toBeNull();
    // The drawing shows at once; the held loss report stays held.
    const input = new Float32Array(784).fill(0.25);
    store.setDrawing(input);
    expect(store.getDrawing().drawingInput).toBe(input);
    expect(store.getState().stats).toBeNull();
    feed(store, stats(200));
    vi.advanceTimersByTime(499);
    expect(store.getState().stats).toBeNull();
    // A second after the first held update, the page catches up even mid-stroke.
    vi.advanceTimersByTime(1);
    expect(store.getState().stats?.examples).toBe(200);
    expect(store.getState().drawingInput).toBe(input);
    // The stroke ends: what arrived meanwhile shows at the next frame, not a second later.
    feed(store, stats(300));
    store.setStroking(false);
    vi.advanceTimersByTime(100);
    expect(store.getState().stats?.examples).toBe(300);
  });
});
