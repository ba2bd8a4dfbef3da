import { describe, expect, it } from 'vitest';
import { inkBounds } from './inkBounds';

describe('inkBounds', () => {
  it('bounds the points by half the brush and a pixel of anti-aliasing, in whole pixels', () => {
    const line = [
      { x: 100.5, y: 120 },
      { x: 140, y: 80.2 },
    ];
    expect(inkBounds([line], 20, 280)).toEqual({ x: 89, y: 69, width: 62, height: 62 });
  });

  it('spans every stroke and stays on the pad', () => {
    const a = [{ x: 5, y: 270 }];
    const b = [
      { x: 200, y: 3 },
      { x: 276, y: 40 },
    ];
    expect(inkBounds([a, b], 20, 280)).toEqual({ x: 0, y: 0, width: 280, height: 280 });
    expect(inkBounds([[{ x: 140, y: 140 }]], 20, 280)).toEqual({
      x: 129,
      y: 129,
      width: 22,
      height: 22,
    });
  });

  it('is the whole pad for a picture on it, no points, or a point that is not a number', () => {
    const whole = { x: 0, y: 0, width: 280, height: 280 };
    expect(inkBounds([[{ x: 140, y: 140 }]], 20, 280, true)).toEqual(whole);
    expect(inkBounds([], 20, 280)).toEqual(whole);
    expect(inkBounds([[]], 20, 280)).toEqual(whole);
    expect(inkBounds([[{ x: NaN, y: 3 }]], 20, 280)).toEqual(whole);
  });
});
