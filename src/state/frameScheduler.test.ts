import { describe, expect, it } from 'vitest';
import { FakeClock, FakeFrames } from './testing/fakeTime';
import { FrameScheduler, HIDDEN_FRAME_MS, HOLD_MS } from './frameScheduler';

interface Value {
  a: number;
  b: number;
}

function setup(hidden = false) {
  const clock = new FakeClock();
  const frames = new FakeFrames();
  frames.hidden = hidden;
  const shown: Value[] = [];
  const urgency: boolean[] = [];
  const scheduler: FrameScheduler<Value> = new FrameScheduler<Value>(
    { a: 0, b: 0 },
    (urgent) => {
      shown.push(scheduler.shown);
      urgency.push(urgent);
    },
    { clock, frames },
  );
  return { clock, frames, shown, urgency, scheduler };
}

describe('FrameScheduler', () => {
  it('shows an update at the next animation frame, not before', () => {
    const { frames, shown, scheduler } = setup();
    scheduler.update({ a: 1 });
    expect(scheduler.latest.a).toBe(1);
    expect(scheduler.shown.a).toBe(0);
    expect(shown).toEqual([]);
    frames.fire();
    expect(scheduler.shown.a).toBe(1);
    expect(shown).toEqual([{ a: 1, b: 0 }]);
  });

  it('asks no frame for a quiet update, which shows with the next frame something else brings', () => {
    const { frames, shown, scheduler } = setup();
    scheduler.updateQuietly({ a: 5 });
    expect(scheduler.latest.a).toBe(5);
    expect(frames.pending).toBe(0);
    expect(shown).toEqual([]);
    scheduler.update({ b: 1 });
    frames.fire();
    expect(shown).toEqual([{ a: 5, b: 1 }]);
  });

  it('shows a burst of updates once, the latest winning', () => {
    const { frames, shown, scheduler } = setup();
    scheduler.update({ a: 1 });
    scheduler.update({ a: 2 });
    scheduler.update({ b: 3 });
    expect(frames.pending).toBe(1);
    frames.fire();
    expect(shown).toEqual([{ a: 2, b: 3 }]);
    frames.fire();
    expect(shown).toHaveLength(1);
  });

  it('uses a 100 ms timeout in a hidden tab, where no frame fires', () => {
    const { clock, frames, shown, scheduler } = setup(true);
    expect(HIDDEN_FRAME_MS).toBe(100);
    scheduler.update({ a: 1 });
    expect(frames.pending).toBe(0);
    clock.advance(99);
    expect(shown).toEqual([]);
    clock.advance(1);
    expect(shown).toEqual([{ a: 1, b: 0 }]);
  });

  it('shows an urgent update at once, without the pending ones, which keep their frame', () => {
    const { frames, shown, urgency, scheduler } = setup();
    scheduler.update({ a: 1 });
    scheduler.update({ b: 2 }, true);
    expect(shown).toEqual([{ a: 0, b: 2 }]);
    expect(scheduler.latest).toEqual({ a: 1, b: 2 });
    frames.fire();
    expect(shown[1]).toEqual({ a: 1, b: 2 });
    // The page renders the urgent one at once, the frame's as a transition.
    expect(urgency).toEqual([true, false]);
  });

  it('holds updates for at most a second, counted from the first held one', () => {
    const { clock, frames, shown, scheduler } = setup();
    expect(HOLD_MS).toBe(1000);
    scheduler.setHolding(true);
    scheduler.update({ a: 1 });
    expect(frames.pending).toBe(0);
    clock.advance(600);
    scheduler.update({ a: 2 });
    clock.advance(399);
    expect(shown).toEqual([]);
    clock.advance(1);
    expect(shown).toEqual([{ a: 2, b: 0 }]);
    // The next held update starts a new second of its own.
    clock.advance(300);
    scheduler.update({ a: 3 });
    clock.advance(999);
    expect(shown).toHaveLength(1);
    clock.advance(1);
    expect(shown[1]).toEqual({ a: 3, b: 0 });
  });

  it('turns a frame already requested into a held one when a hold begins', () => {
    const { clock, frames, shown, scheduler } = setup();
    scheduler.update({ a: 1 });
    scheduler.setHolding(true);
    expect(frames.pending).toBe(0);
    frames.fire();
    expect(shown).toEqual([]);
    clock.advance(HOLD_MS);
    expect(shown).toEqual([{ a: 1, b: 0 }]);
  });

  it('shows what was held at the next frame once the hold ends', () => {
    const { clock, frames, shown, scheduler } = setup();
    scheduler.setHolding(true);
    scheduler.update({ a: 1 });
    clock.advance(200);
    scheduler.setHolding(false);
    expect(clock.pending).toBe(0);
    expect(shown).toEqual([]);
    frames.fire();
    expect(shown).toEqual([{ a: 1, b: 0 }]);
    clock.advance(HOLD_MS);
    expect(shown).toHaveLength(1);
  });

  it('counts a new hold from an update still held back by the one before', () => {
    const { clock, frames, shown, scheduler } = setup();
    scheduler.setHolding(true);
    scheduler.update({ a: 1 });
    clock.advance(300);
    scheduler.setHolding(false);
    scheduler.setHolding(true);
    frames.fire();
    clock.advance(HOLD_MS - 300 - 1);
    expect(shown).toEqual([]);
    clock.advance(1);
    expect(shown).toEqual([{ a: 1, b: 0 }]);
  });

  it('keeps a hidden tab on its 100 ms timeout through a hold ending', () => {
    const { clock, shown, scheduler } = setup(true);
    scheduler.setHolding(true);
    scheduler.update({ a: 1 });
    clock.advance(500);
    scheduler.setHolding(false);
    clock.advance(99);
    expect(shown).toEqual([]);
    clock.advance(1);
    expect(shown).toEqual([{ a: 1, b: 0 }]);
  });

  it('reports whether it holds, and ignores a repeated hold', () => {
    const { clock, shown, scheduler } = setup();
    scheduler.setHolding(true);
    scheduler.update({ a: 1 });
    clock.advance(500);
    scheduler.setHolding(true);
    expect(scheduler.holding).toBe(true);
    clock.advance(500);
    expect(shown).toEqual([{ a: 1, b: 0 }]);
  });
});
