import { describe, expect, it } from 'vitest';
import { logTicks, niceLogDomain, positiveExtent } from './logTicks';

describe('positiveExtent', () => {
  it('spans the positive finite values and skips the rest', () => {
    expect(positiveExtent([0.2, undefined, 0.05, NaN, -1, 0, Infinity, 0.1])).toEqual([0.05, 0.2]);
    expect(positiveExtent([undefined, 0, NaN])).toBeNull();
  });
});

describe('niceLogDomain', () => {
  it('widens the range to round values at both ends', () => {
    expect(niceLogDomain(0.0512, 0.0587)).toEqual([0.05, 0.06]);
    expect(niceLogDomain(0.0049, 0.23)).toEqual([0.004, 0.3]);
    expect(niceLogDomain(0.05, 0.2)).toEqual([0.05, 0.2]);
  });
});

describe('logTicks', () => {
  it('labels every multiple within a narrow range', () => {
    expect(logTicks(0.05, 0.1)).toEqual([0.05, 0.06, 0.07, 0.08, 0.09, 0.1]);
    expect(logTicks(0.05, 0.06)).toEqual([0.05, 0.06]);
  });

  it('labels 1, 2 and 5 of each decade over a wider range', () => {
    expect(logTicks(0.004, 0.3)).toEqual([0.005, 0.01, 0.02, 0.05, 0.1, 0.2]);
  });

  it('labels powers of ten, and then every other one, over many decades', () => {
    expect(logTicks(1e-4, 1)).toEqual([1e-4, 1e-3, 0.01, 0.1, 1]);
    const wide = logTicks(1e-12, 1, 5);
    expect(wide.length).toBeLessThanOrEqual(5);
    expect(wide[0]).toBe(1e-12);
    expect(wide.every((v, i) => i === 0 || Math.abs(Math.log10(v / wide[i - 1]!) - 3) < 1e-9)).toBe(
      true,
    );
  });

  it('never gives more than max ticks, and gives nothing for a range it cannot draw', () => {
    for (const [lo, hi] of [
      [0.001, 0.9],
      [0.02, 0.7],
      [3, 10],
      [1e-6, 1e6],
    ] as const)
      expect(logTicks(lo, hi).length).toBeLessThanOrEqual(7);
    expect(logTicks(0, 1)).toEqual([]);
    expect(logTicks(1, 0.5)).toEqual([]);
    expect(logTicks(1, Infinity)).toEqual([]);
  });
});
