import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './eigen';

/** Deterministic uniform [0, 1) generator so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random orthogonal matrix, [n, n] row-major, by Gram-Schmidt on random rows. */
function randomOrthogonal(n: number, rand: () => number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = q.subarray(i * n, i * n + n);
    for (let j = 0; j < n; j++) row[j] = rand() - 0.5;
    // Twice, for orthogonality at rounding level.
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < i; p++) {
        const prev = q.subarray(p * n, p * n + n);
        let f = 0;
        for (let j = 0; j < n; j++) f += row[j]! * prev[j]!;
        for (let j = 0; j < n; j++) row[j]! -= f * prev[j]!;
      }
    }
    let norm = 0;
    for (let j = 0; j < n; j++) norm += row[j]! * row[j]!;
    for (let j = 0; j < n; j++) row[j]! /= Math.sqrt(norm);
  }
  return q;
}

/** Σ_i λ_i q_i q_iᵀ with q_i the rows of q. */
function withSpectrum(q: Float64Array, lambdas: number[]): Float64Array {
  const n = lambdas.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < n; r++) {
      const f = lambdas[i]! * q[i * n + r]!;
      for (let c = 0; c < n; c++) a[r * n + c]! += f * q[i * n + c]!;
    }
  }
  return a;
}

function expectEigenpairs(
  a: Float64Array,
  n: number,
  values: Float64Array,
  vectors: Float64Array,
  tol: number,
): void {
  const m = vectors.length / n;
  for (let i = 0; i < m; i++) {
    const v = vectors.subarray(i * n, i * n + n);
    for (let r = 0; r < n; r++) {
      let av = 0;
      for (let c = 0; c < n; c++) av += a[r * n + c]! * v[c]!;
      expect(Math.abs(av - values[i]! * v[r]!)).toBeLessThan(tol);
    }
    for (let j = 0; j <= i; j++) {
      let dot = 0;
      for (let c = 0; c < n; c++) dot += v[c]! * vectors[j * n + c]!;
      expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(tol);
    }
  }
}

describe('symmetricEigen', () => {
  const n = 40;
  const rand = lcg(12345);
  const q = randomOrthogonal(n, rand);
  const lambdas = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1) * (1 + 10 * rand()));
  const a = withSpectrum(q, lambdas);
  const sorted = [...lambdas].sort((x, y) => y - x);

  it('recovers a known spectrum, sorted descending, with A v = λ v', () => {
    const { values, vectors } = symmetricEigen(a, n);
    expect(values).toHaveLength(n);
    expect(vectors).toHaveLength(n * n);
    sorted.forEach((l, i) => expect(values[i]).toBeCloseTo(l, 9));
    expectEigenpairs(a, n, values, vectors, 1e-9);
  });

  it('matches the full result when only the top vectors are asked for', () => {
    const full = symmetricEigen(a, n);
    const top = symmetricEigen(a, n, { topM: 5 });
    expect(top.vectors).toHaveLength(5 * n);
    sorted.forEach((l, i) => expect(top.values[i]).toBeCloseTo(l, 9));
    expectEigenpairs(a, n, top.values, top.vectors, 1e-9);
    for (let i = 0; i < 5; i++) {
      let dot = 0;
      for (let c = 0; c < n; c++) dot += top.vectors[i * n + c]! * full.vectors[i * n + c]!;
      expect(Math.abs(dot)).toBeCloseTo(1, 9);
    }
  });

  it('does not modify its input', () => {
    const copy = Float64Array.from(a);
    symmetricEigen(a, n, { topM: 3 });
    symmetricEigen(a, n);
    expect(a).toEqual(copy);
  });

  it('handles repeated eigenvalues and a zero block on both paths', () => {
    const m = 24;
    const spectrum = Array.from({ length: m }, (_, i) => (i < 4 ? 3 : i < 7 ? 1 : 0));
    const b = withSpectrum(randomOrthogonal(m, lcg(7)), spectrum);
    for (const topM of [undefined, 6]) {
      const { values, vectors } = symmetricEigen(b, m, topM === undefined ? {} : { topM });
      spectrum.forEach((l, i) => expect(values[i]).toBeCloseTo(l, 9));
      expectEigenpairs(b, m, values, vectors, 1e-9);
    }
  });

  it('handles diagonal, 1×1 and 2×2 matrices', () => {
    const diag = new Float64Array([2, 0, 0, 0, -1, 0, 0, 0, 5]);
    const r = symmetricEigen(diag, 3);
    expect(Array.from(r.values)).toEqual([5, 2, -1]);
    expectEigenpairs(diag, 3, r.values, r.vectors, 1e-12);

    expect(Array.from(symmetricEigen(new Float64Array([4]), 1).values)).toEqual([4]);

    const two = new Float64Array([2, 1, 1, 2]);
    const t = symmetricEigen(two, 2);
    expect(t.values[0]).toBeCloseTo(3, 12);
    expect(t.values[1]).toBeCloseTo(1, 12);
    expectEigenpairs(two, 2, t.values, t.vectors, 1e-12);
  });
});
