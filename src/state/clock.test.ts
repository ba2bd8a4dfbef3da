import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock';

describe('systemClock', () => {
  afterEach(() => vi.useRealTimers());

  it('calls back once after the time asked for, unless cancelled', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    systemClock.after(50, () => calls.push('kept'));
    const cancel = systemClock.after(20, () => calls.push('cancelled'));
    cancel();
    vi.advanceTimersByTime(49);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['kept']);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(['kept']);
  });

  it('reads performance.now()', () => {
    const before = performance.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(performance.now());
  });
});
