import { describe, expect, it } from 'vitest';
import { inverted, probeInputs, shifted, uniformNoise } from './probes';

describe('the copy test’s inputs', () => {
  it('uniform noise has the statistics of U(0,1), and repeats for a seed', () => {
    const x = uniformNoise(50, 7);
    expect(x).toHaveLength(50 * 784);
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThan(1);
    expect(uniformNoise(50, 7)).toEqual(x);
    expect(uniformNoise(50, 8)).not.toEqual(x);
    // Neighbouring pixels are independent.
    let cov = 0;
    for (let i = 0; i + 1 < x.length; i++) cov += (x[i]! - 0.5) * (x[i + 1]! - 0.5);
    expect(Math.abs(cov / (x.length - 1))).toBeLessThan(0.002);
  });

  it('inverts and shifts exactly', () => {
    const img = new Float32Array(784);
    img[5 * 28 + 3] = 0.75;
    expect(inverted(img)[5 * 28 + 3]).toBe(0.25);
    expect(inverted(img)[0]).toBe(1);
    const moved = shifted(img, 4, 0);
    expect(moved[5 * 28 + 7]).toBe(0.75);
    expect(moved.reduce((s, v) => s + v, 0)).toBe(0.75);
    // Off the edge: gone.
    const edge = new Float32Array(784);
    edge[27] = 1;
    expect(shifted(edge, 4, 0).every((v) => v === 0)).toBe(true);
    expect(shifted(img, 0, -2)[3 * 28 + 3]).toBe(0.75);
  });

  it('makes one of each probe per digit', () => {
    const digits = new Float32Array(3 * 784).fill(0.2);
    const p = probeInputs(digits);
    expect(p.noise).toHaveLength(3 * 784);
    expect(p.inverted[0]).toBeCloseTo(0.8, 6);
    expect(p.shifted[0]).toBe(0);
    expect(p.shifted[4]).toBeCloseTo(0.2, 6);
  });
});
