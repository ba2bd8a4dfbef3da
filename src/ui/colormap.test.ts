import { describe, expect, it } from 'vitest';
import { absMax, diverging, NEGATIVE, NEUTRAL, POSITIVE } from './colormap';

describe('the diverging colour map', () => {
  it('maps zero to the neutral colour, ±scale to the two ends, and clips beyond', () => {
    expect(diverging(0, 1)).toEqual(NEUTRAL);
    expect(diverging(0, 0)).toEqual(NEUTRAL);
    expect(diverging(2, 2)).toEqual(POSITIVE);
    expect(diverging(-0.5, 0.5)).toEqual(NEGATIVE);
    expect(diverging(10, 1)).toEqual(POSITIVE);
    expect(diverging(Number.NaN, 1)).toEqual(NEUTRAL);
  });

  it('is symmetric in distance from neutral and grows with |v|', () => {
    const dist = (c: readonly number[]) => Math.hypot(...c.map((x, i) => x - NEUTRAL[i]!));
    expect(dist(diverging(0.25, 1))).toBeLessThan(dist(diverging(0.75, 1)));
    const up = diverging(0.5, 1).map((x, i) => x - NEUTRAL[i]!);
    const full = POSITIVE.map((x, i) => x - NEUTRAL[i]!);
    up.forEach((d, i) => expect(d).toBeCloseTo(full[i]! / 2, -0.5));
  });

  it('absMax is the largest magnitude', () => {
    expect(absMax([0.1, -3, 2])).toBe(3);
    expect(absMax([])).toBe(0);
  });
});
