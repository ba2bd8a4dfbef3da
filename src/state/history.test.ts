import { describe, expect, it } from 'vitest';
import { appendPoint, MAX_POINTS, type LossPoint } from './history';

describe('loss history', () => {
  it('never stores NaN, infinities or non-positive values (the axis is logarithmic)', () => {
    let pts: LossPoint[] = [];
    pts = appendPoint(pts, { examples: 1, loss: NaN });
    pts = appendPoint(pts, { examples: 2, loss: Infinity, val: 0.05 });
    pts = appendPoint(pts, { examples: 3, loss: 0 });
    expect(pts).toEqual([{ examples: 2, val: 0.05 }]);
  });

  it('stays bounded and keeps every validation point', () => {
    let pts: LossPoint[] = [];
    for (let i = 0; i < 5000; i++) {
      pts = appendPoint(
        pts,
        i % 100 === 0 ? { examples: i, val: 0.1 } : { examples: i, loss: 0.1 },
      );
    }
    expect(pts.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(pts.filter((p) => p.val !== undefined)).toHaveLength(50);
    const xs = pts.map((p) => p.examples);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs.at(-1)).toBe(4999);
  });
});
