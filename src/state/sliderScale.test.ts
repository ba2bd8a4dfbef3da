import { describe, expect, it } from 'vitest';
import { CONFIG_TABLE } from './config';
import { sliderScale } from './sliderScale';

describe('the latent size slider', () => {
  const scale = sliderScale('latent');
  const values = Array.from({ length: scale.max - scale.min + 1 }, (_, i) =>
    scale.value(scale.min + i),
  );

  it('reaches every size from 1 to 64, one step each, then goes on to 1024', () => {
    for (let k = 1; k <= 64; k++) expect(values[k - 1]).toBe(k);
    expect(values.at(-1)).toBe(1024);
    expect(CONFIG_TABLE.latent.max).toBe(1024);
    // The input's own size is a stop: where the code stops being smaller than the digit.
    expect(values).toContain(784);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
  });

  it('puts a value between stops at the nearest, and every stop back where it was', () => {
    values.forEach((v, p) => expect(scale.position(v)).toBe(p));
    expect(scale.value(scale.position(100))).toBe(96);
    expect(scale.value(scale.position(1000))).toBe(1024);
  });
});

describe('a log-scale slider', () => {
  it('moves in decades and keeps the key’s significant digits', () => {
    const lr = sliderScale('lr');
    expect(lr.value(lr.position(0.001))).toBe(0.001);
    expect(lr.max).toBeCloseTo(Math.log10(CONFIG_TABLE.lr.max), 9);
  });
});
