/**
 * Dense symmetric eigendecomposition: Householder reduction to tridiagonal form, then implicit QL
 * with Wilkinson shifts. O(n^3), numerically stable, no dependencies, so it runs in a worker.
 *
 * Layout choice: every inner loop walks a row of a row-major array. The eigenvector basis is kept
 * transposed (row i = vector i) so the Givens rotations of the QL phase touch contiguous rows
 * instead of strided columns, which is what makes n = 784 fast in JS. When only a few leading
 * vectors are wanted (PCA), they come from inverse iteration on the tridiagonal instead, which
 * skips the O(n^3) basis work altogether.
 *
 * This file chooses between those paths; householder.ts holds the reduction and
 * tridiagonalEigen.ts the QL iteration and the inverse iteration.
 */

import { tridiagonalize } from './householder';
import { tridiagonalQl, tridiagonalVectors } from './tridiagonalEigen';

export interface SymmetricEigenOptions {
  /** Return only the eigenvectors of the `topM` largest eigenvalues (all values are returned). */
  topM?: number;
}

export interface SymmetricEigenResult {
  /** [n] eigenvalues, sorted descending. */
  values: Float64Array;
  /** [m, n] row-major; row i is the unit eigenvector of values[i]. m = n unless `topM` is set. */
  vectors: Float64Array;
}

/**
 * Eigendecomposition of a dense symmetric matrix.
 *
 * @param a [n, n] row-major symmetric matrix; not modified. Only symmetry up to rounding is
 *   assumed: the reduction reads the upper triangle.
 * @param n matrix order
 */
export function symmetricEigen(
  a: Float64Array,
  n: number,
  options: SymmetricEigenOptions = {},
): SymmetricEigenResult {
  if (a.length < n * n) throw new RangeError(`expected ${n * n} entries, got ${a.length}`);
  const m = Math.min(n, Math.max(0, Math.floor(options.topM ?? n)));
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const reflectors = tridiagonalize(a, n, d, e);

  // A few vectors: eigenvalues alone are O(n^2), then inverse iteration on T plus a back-transform
  // costs O(m n^2), versus ~6 n^3 for rotating a full basis. Past a quarter of the spectrum the full
  // QL path is both cheaper and more robust (big clusters need heavy reorthogonalisation).
  if (4 * m <= n) {
    const dt = Float64Array.from(d);
    const et = Float64Array.from(e);
    tridiagonalQl(d, e, null, n);
    const values = d.sort().reverse();
    const vectors = new Float64Array(m * n);
    tridiagonalVectors(dt, et, values, m, vectors);
    for (let r = 0; r < m; r++) reflectors.apply(vectors.subarray(r * n, r * n + n));
    return { values, vectors };
  }

  const basis = reflectors.formQt();
  tridiagonalQl(d, e, basis, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j]! - d[i]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(m * n);
  for (let r = 0; r < n; r++) {
    const src = order[r]!;
    values[r] = d[src]!;
    if (r < m) vectors.set(basis.subarray(src * n, src * n + n), r * n);
  }
  return { values, vectors };
}
