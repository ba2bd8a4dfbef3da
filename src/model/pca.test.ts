import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { symmetricEigen } from './eigen';
import {
  fitPca,
  interpolateCodes,
  pcaMseAllK,
  pcaTestMse,
  projectCodes2d,
  type PcaModel,
} from './pca';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** `count` orthonormal rows of length dim, [count, dim]. */
function orthonormalRows(count: number, dim: number, rand: () => number): Float64Array {
  const out = new Float64Array(count * dim);
  for (let i = 0; i < count; i++) {
    const row = out.subarray(i * dim, i * dim + dim);
    for (let j = 0; j < dim; j++) row[j] = gaussian(rand);
    for (let p = 0; p < i; p++) {
      let f = 0;
      for (let j = 0; j < dim; j++) f += row[j]! * out[p * dim + j]!;
      for (let j = 0; j < dim; j++) row[j]! -= f * out[p * dim + j]!;
    }
    const norm = Math.hypot(...row);
    for (let j = 0; j < dim; j++) row[j]! /= norm;
  }
  return out;
}

function dot(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, n: number) {
  let s = 0;
  for (let j = 0; j < n; j++) s += a[ao + j]! * b[bo + j]!;
  return s;
}

// Synthetic "images": a latent Gaussian with known standard deviations along known orthonormal
// directions, plus small isotropic noise, around a mid-grey mean, stored as uint8 like MNIST.
const DIM = 12;
const COUNT = 12_000; // more than one 5,000-row chunk, with a ragged last chunk
const SIGMAS = [0.12, 0.07, 0.04];
const NOISE = 0.004;
const rand = lcg(2024);
const directions = orthonormalRows(SIGMAS.length, DIM, rand);
const pixels = new Uint8Array(COUNT * DIM);
for (let r = 0; r < COUNT; r++) {
  const x = new Float64Array(DIM).fill(0.5);
  SIGMAS.forEach((sigma, i) => {
    const z = sigma * gaussian(rand);
    for (let j = 0; j < DIM; j++) x[j]! += z * directions[i * DIM + j]!;
  });
  for (let j = 0; j < DIM; j++) {
    const v = Math.round(255 * (x[j]! + NOISE * gaussian(rand)));
    pixels[r * DIM + j] = Math.min(255, Math.max(0, v));
  }
}

/** Reference PCA in float64, straight from the definition. */
function referencePca(maxK: number): {
  mean: Float64Array;
  values: Float64Array;
  vectors: Float64Array;
} {
  const mean = new Float64Array(DIM);
  for (let r = 0; r < COUNT; r++)
    for (let j = 0; j < DIM; j++) mean[j]! += pixels[r * DIM + j]! / 255;
  for (let j = 0; j < DIM; j++) mean[j]! /= COUNT;
  const cov = new Float64Array(DIM * DIM);
  for (let r = 0; r < COUNT; r++) {
    for (let a = 0; a < DIM; a++) {
      const ca = pixels[r * DIM + a]! / 255 - mean[a]!;
      for (let b = 0; b < DIM; b++)
        cov[a * DIM + b]! += ca * (pixels[r * DIM + b]! / 255 - mean[b]!);
    }
  }
  for (let i = 0; i < cov.length; i++) cov[i]! /= COUNT - 1;
  const { values, vectors } = symmetricEigen(cov, DIM, { topM: maxK });
  return { mean, values, vectors };
}

/** Clipped reconstruction MSE written out directly, one k at a time. */
function definitionMse(
  model: PcaModel,
  k: number,
  test: Uint8Array,
  n: number,
  clip = true,
): number {
  let total = 0;
  for (let r = 0; r < n; r++) {
    const x = Array.from(test.subarray(r * DIM, r * DIM + DIM), (p) => p / 255);
    const recon = Array.from(model.mean);
    for (let c = 0; c < k; c++) {
      let code = 0;
      for (let j = 0; j < DIM; j++)
        code += (x[j]! - model.mean[j]!) * model.components[c * DIM + j]!;
      for (let j = 0; j < DIM; j++) recon[j]! += code * model.components[c * DIM + j]!;
    }
    for (let j = 0; j < DIM; j++) {
      const v = clip ? Math.min(1, Math.max(0, recon[j]!)) : recon[j]!;
      total += (v - x[j]!) ** 2;
    }
  }
  return total / (n * DIM);
}

describe('fitPca', () => {
  const maxK = 5;
  let model: PcaModel;
  const progress: number[] = [];
  let tensorsBefore = 0;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    tensorsBefore = tf.memory().numTensors;
    model = await fitPca(pixels, COUNT, DIM, maxK, (f) => progress.push(f));
  });

  it('returns the documented shapes', () => {
    expect(model.maxK).toBe(maxK);
    expect(model.mean).toHaveLength(DIM);
    expect(model.components).toHaveLength(maxK * DIM);
    expect(model.variances).toHaveLength(maxK);
  });

  it('leaks no tensors', () => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('reports increasing progress ending at 1', () => {
    expect(progress.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]!);
    expect(progress.at(-1)).toBe(1);
  });

  it('matches a float64 PCA of the same data', () => {
    const ref = referencePca(maxK);
    for (let j = 0; j < DIM; j++) expect(model.mean[j]).toBeCloseTo(ref.mean[j]!, 6);
    for (let i = 0; i < maxK; i++) {
      expect(model.variances[i]).toBeCloseTo(ref.values[i]!, 6);
      expect(Math.abs(dot(model.components, i * DIM, ref.vectors, i * DIM, DIM))).toBeCloseTo(1, 5);
    }
  });

  it('recovers the planted variances and directions, up to sign', () => {
    const quantisation = 1 / (12 * 255 ** 2);
    SIGMAS.forEach((sigma, i) => {
      const expected = sigma ** 2 + NOISE ** 2 + quantisation;
      expect(Math.abs(model.variances[i]! / expected - 1)).toBeLessThan(0.05);
      const cos = dot(model.components, i * DIM, directions, i * DIM, DIM);
      expect(Math.abs(cos)).toBeGreaterThan(0.995);
    });
    // Beyond the planted axes only the isotropic noise is left.
    expect(model.variances[SIGMAS.length]!).toBeLessThan(3 * (NOISE ** 2 + 1e-5));
  });

  it('has unit, mutually orthogonal components', () => {
    for (let i = 0; i < maxK; i++) {
      for (let j = 0; j <= i; j++) {
        const d = dot(model.components, i * DIM, model.components, j * DIM, DIM);
        expect(d).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
  });

  it('scores reconstructions: matches the definition for every k, and falls with k', () => {
    const n = 500;
    const test = pixels.subarray(0, n * DIM);
    const all = pcaMseAllK(model, test, n);
    expect(all).toHaveLength(maxK);
    for (let k = 1; k <= maxK; k++) {
      expect(all[k - 1]).toBeCloseTo(definitionMse(model, k, test, n), 12);
      expect(pcaTestMse(model, k, test, n)).toBeCloseTo(all[k - 1]!, 12);
      if (k > 1) expect(all[k - 1]!).toBeLessThan(all[k - 2]!);
    }
    expect(pcaMseAllK(model, test, n, 2)).toEqual(all.subarray(0, 2));
    // With every planted axis kept, what is left is the per-pixel noise.
    const residual = all[SIGMAS.length - 1]!;
    expect(residual).toBeGreaterThan(0.5 * NOISE ** 2);
    expect(residual).toBeLessThan(2 * (NOISE ** 2 + 1 / (12 * 255 ** 2)));
    // k = 0 is just the mean image.
    let meanOnly = 0;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < DIM; j++) meanOnly += (test[r * DIM + j]! / 255 - model.mean[j]!) ** 2;
    }
    expect(pcaTestMse(model, 0, test, n)).toBeCloseTo(meanOnly / (n * DIM), 12);
  });

  it('rejects bad arguments', async () => {
    await expect(fitPca(pixels, COUNT, DIM, 0)).rejects.toThrow(RangeError);
    await expect(fitPca(pixels, COUNT, DIM, DIM + 1)).rejects.toThrow(RangeError);
    expect(() => pcaTestMse(model, maxK + 1, pixels, 1)).toThrow(RangeError);
  });
});

describe('pcaTestMse clipping', () => {
  it('clips reconstructions to [0, 1] before scoring', () => {
    const model: PcaModel = {
      mean: new Float32Array([0, 0.5]),
      components: new Float32Array([Math.SQRT1_2, Math.SQRT1_2]),
      variances: new Float32Array([1]),
      maxK: 1,
    };
    // x = (1, 1): x − mean = (1, 0.5), code = 1.5/√2, reconstruction (0.75, 1.25) → (0.75, 1).
    const mse = pcaTestMse(model, 1, new Uint8Array([255, 255]), 1);
    expect(mse).toBeCloseTo(0.25 ** 2 / 2, 6); // float32 components
  });

  it('agrees with the definition on binary, MNIST-like images where clipping is common', async () => {
    await tf.setBackend('cpu');
    const r = lcg(5);
    const n = 800;
    const binary = new Uint8Array(n * DIM);
    for (let i = 0; i < n; i++) {
      const stroke = r() * DIM;
      for (let j = 0; j < DIM; j++) {
        binary[i * DIM + j] = Math.abs(j - stroke) < 2 + r() ? 255 : r() < 0.05 ? 128 : 0;
      }
    }
    const model = await fitPca(binary, n, DIM, 6);
    const all = pcaMseAllK(model, binary, n);
    let unclipped = 0;
    for (let k = 1; k <= 6; k++) {
      expect(all[k - 1]).toBeCloseTo(definitionMse(model, k, binary, n), 12);
      unclipped = Math.max(unclipped, definitionMse(model, k, binary, n, false) - all[k - 1]!);
    }
    expect(unclipped).toBeGreaterThan(1e-3);
  });
});

describe('projectCodes2d', () => {
  function pairwiseDistances(p: ArrayLike<number>, n: number, k: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += (p[i * k + c]! - p[j * k + c]!) ** 2;
        out.push(Math.sqrt(s));
      }
    }
    return out;
  }

  it('maps k = 1 codes to (code, 0)', () => {
    const { points } = projectCodes2d(new Float32Array([1.5, -2, 0.25]), 3, 1);
    expect(Array.from(points)).toEqual([1.5, 0, -2, 0, 0.25, 0]);
  });

  it('passes k = 2 codes through unchanged', () => {
    const codes = new Float32Array([1, 2, -3, 4.5, 0.125, -7]);
    expect(projectCodes2d(codes, 3, 2).points).toEqual(codes);
  });

  it.each([3, 8])('preserves pairwise distances of k = %i codes lying in a plane', (k) => {
    const r = lcg(99 + k);
    const axes = orthonormalRows(2, k, r);
    const origin = Array.from({ length: k }, () => gaussian(r));
    const n = 30;
    const codes = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      const a = 3 * gaussian(r);
      const b = gaussian(r);
      for (let c = 0; c < k; c++) codes[i * k + c] = origin[c]! + a * axes[c]! + b * axes[k + c]!;
    }
    const { points } = projectCodes2d(codes, n, k);
    expect(points).toHaveLength(2 * n);
    const before = pairwiseDistances(codes, n, k);
    const after = pairwiseDistances(points, n, 2);
    before.forEach((d, i) => expect(after[i]).toBeCloseTo(d, 4));
    // Centred, first axis carries the larger spread.
    let sx = 0;
    let sy = 0;
    let vx = 0;
    let vy = 0;
    for (let i = 0; i < n; i++) {
      sx += points[2 * i]!;
      sy += points[2 * i + 1]!;
      vx += points[2 * i]! ** 2;
      vy += points[2 * i + 1]! ** 2;
    }
    expect(sx / n).toBeCloseTo(0, 4);
    expect(sy / n).toBeCloseTo(0, 4);
    expect(vx).toBeGreaterThan(vy);
  });
});

describe('interpolateCodes', () => {
  const a = new Float32Array([0.1, -2, 3.3, 7]);
  const b = new Float32Array([1.7, 4, -0.9, 7]);

  it('starts at a, ends at b exactly, and passes through the average', () => {
    const path = interpolateCodes(a, b, 5);
    expect(path).toHaveLength(5);
    expect(path[0]).toEqual(a);
    expect(path[4]).toEqual(b);
    expect(path[0]).not.toBe(a);
    const mid = path[2]!;
    a.forEach((ai, j) => expect(mid[j]).toBeCloseTo((ai + b[j]!) / 2, 6));
    const quarter = path[1]!;
    a.forEach((ai, j) => expect(quarter[j]).toBeCloseTo(ai + 0.25 * (b[j]! - ai), 6));
  });

  it('handles the smallest step counts and rejects bad input', () => {
    expect(interpolateCodes(a, b, 1)).toEqual([a]);
    expect(interpolateCodes(a, b, 2)).toEqual([a, b]);
    expect(() => interpolateCodes(a, b, 0)).toThrow(RangeError);
    expect(() => interpolateCodes(a, new Float32Array(3), 3)).toThrow(RangeError);
  });
});
