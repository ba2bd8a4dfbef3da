import { describe, expect, it } from 'vitest';
import {
  codeStats,
  contributionCodes,
  contributions,
  kernelColumn,
  neighbourCorrelation,
  traversalCodes,
  traversalSteps,
  unitRange,
} from './inspect';

/** A linear decoder x = W·z + c, W [pixels, k] row by row. */
function linearDecoder(w: number[][], c: number[]) {
  const pixels = w.length;
  const k = w[0]!.length;
  return (codes: Float32Array): Float32Array => {
    const n = codes.length / k;
    const out = new Float32Array(n * pixels);
    for (let r = 0; r < n; r++)
      for (let p = 0; p < pixels; p++) {
        let s = c[p]!;
        for (let j = 0; j < k; j++) s += w[p]![j]! * codes[r * k + j]!;
        out[r * pixels + p] = s;
      }
    return out;
  };
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
};

describe('code statistics and the codes decoded from them', () => {
  it('codeStats: the mean and (population) standard deviation of each unit', () => {
    const codes = Float32Array.from([1, 10, 3, 10, 5, 16]);
    const { mean, std } = codeStats(codes, 3, 2);
    close(mean, [3, 12]);
    close(std, [Math.sqrt(8 / 3), Math.sqrt(8)]);
  });

  it('a linear decoder: what unit j adds is σ_j times column j of W', () => {
    const W = [
      [1, 0, 2],
      [0, -1, 1],
      [3, 1, 0],
      [0.5, 0.5, 0.5],
    ];
    const decode = linearDecoder(W, [0.1, 0.2, 0.3, 0.4]);
    const mean = Float32Array.from([0.5, -1, 2]);
    const std = Float32Array.from([2, 0.5, 1]);
    const units = [2, 0];
    const codes = contributionCodes(mean, std, units);
    expect(codes.length).toBe(3 * 3);
    close(codes.subarray(0, 3), mean);
    close(codes.subarray(3, 6), [0.5, -1, 3]);
    const adds = contributions(decode(codes), 4);
    expect(adds.length).toBe(2 * 4);
    close(
      adds.subarray(0, 4),
      W.map((row) => row[2]! * 1),
    );
    close(
      adds.subarray(4, 8),
      W.map((row) => row[0]! * 2),
    );
  });

  it('traversal rows step one unit from −3σ to +3σ about its mean, the rest the digit’s own', () => {
    expect(traversalSteps(7)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    const code = Float32Array.from([9, 8]);
    const mean = Float32Array.from([1, 2]);
    const std = Float32Array.from([0.5, 2]);
    const rows = traversalCodes(code, mean, std, [1], 3);
    close(rows, [9, 2 - 6, 9, 2, 9, 2 + 6]);
    // Through a linear decoder a row is evenly spaced: W·code + t·σ·W_j.
    const W = [[1, 2]];
    const images = linearDecoder(W, [0])(traversalCodes(code, mean, std, [0, 1], 7));
    expect(images.length).toBe(14);
    const diffs = Array.from({ length: 6 }, (_, i) => images[i + 1]! - images[i]!);
    diffs.forEach((d) => expect(d).toBeCloseTo(0.5, 5));
  });

  it('a slider spans ±3σ, widened to the digit’s own value when it lies out', () => {
    expect(unitRange(1, 2, 0)).toEqual([-5, 7]);
    expect(unitRange(1, 2, 9)).toEqual([-5, 9]);
    // A unit that never varies still gets a usable range.
    expect(unitRange(0, 0, 0)).toEqual([-3, 3]);
  });
});

describe('weights as images', () => {
  it('kernelColumn reads one unit’s incoming weights from a [inputs, units] kernel', () => {
    const kernel = Float32Array.from([1, 2, 3, 4, 5, 6]); // inputs 2, units 3
    close(kernelColumn(kernel, 2, 3, 0), [1, 4]);
    close(kernelColumn(kernel, 2, 3, 2), [3, 6]);
  });

  it('neighbourCorrelation: near 0 for noise, near 1 for a smooth blob', () => {
    let s = 1;
    const noise = Float32Array.from({ length: 784 }, () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647 - 0.5;
    });
    const blob = Float32Array.from({ length: 784 }, (_, i) => {
      const x = (i % 28) - 14;
      const y = Math.floor(i / 28) - 14;
      return Math.exp(-(x * x + y * y) / 40);
    });
    expect(Math.abs(neighbourCorrelation(noise, 28))).toBeLessThan(0.1);
    expect(neighbourCorrelation(blob, 28)).toBeGreaterThan(0.9);
  });
});
