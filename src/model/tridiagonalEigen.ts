// The second phase of the symmetric eigensolver (eigen.ts), on the tridiagonal T that
// householder.ts reduces A to: implicit QL with Wilkinson shifts for every eigenvalue (and, when
// asked, the rotated basis), or inverse iteration for a few leading eigenvectors.
import { dot } from './householder';

/**
 * Inverse iteration on the tridiagonal (d, e) for the eigenvalues `values[0..m)` (descending),
 * writing unit eigenvectors of T as rows of `out` ([m, n]). Vectors whose eigenvalues are close
 * are Gram-Schmidt orthogonalised against each other, since inverse iteration alone cannot
 * separate them.
 *
 * @param d [n] the diagonal of T; e [n] its sub-diagonal, then a 0. Neither is modified.
 * @param values [≥ m] eigenvalues of T, descending.
 * @param out [m, n] row-major, written.
 */
export function tridiagonalVectors(
  d: Float64Array,
  e: Float64Array,
  values: Float64Array,
  m: number,
  out: Float64Array,
): void {
  const n = d.length;
  let tnorm = 0;
  for (let i = 0; i < n; i++) {
    const row = Math.abs(d[i]!) + Math.abs(e[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0);
    tnorm = Math.max(tnorm, row);
  }
  if (tnorm === 0) tnorm = 1;
  const tiny = Number.EPSILON * tnorm;
  const clusterGap = 1e-3 * tnorm;
  // LU of T - λI with partial pivoting: U has three diagonals, L one multiplier per row.
  const u0 = new Float64Array(n);
  const u1 = new Float64Array(n);
  const u2 = new Float64Array(n);
  const mult = new Float64Array(n);
  const swapped = new Uint8Array(n);
  let seed = 0x2545f491;
  let clusterStart = 0;
  let shift = Infinity;

  for (let r = 0; r < m; r++) {
    let lambda = values[r]!;
    if (r === 0 || shift - lambda > clusterGap) clusterStart = r;
    // Equal shifts would give the same vector twice; nudging keeps each solve distinct.
    else if (lambda >= shift - tiny) lambda = shift - 10 * tiny;
    shift = lambda;

    // Factor.
    let diag = d[0]! - lambda;
    let sup = n > 1 ? e[0]! : 0;
    for (let i = 0; i < n - 1; i++) {
      const sub = e[i]!;
      const nextDiag = d[i + 1]! - lambda;
      const nextSup = i + 1 < n - 1 ? e[i + 1]! : 0;
      if (Math.abs(diag) >= Math.abs(sub)) {
        swapped[i] = 0;
        if (diag === 0) diag = tiny;
        const l = sub / diag;
        mult[i] = l;
        u0[i] = diag;
        u1[i] = sup;
        u2[i] = 0;
        diag = nextDiag - l * sup;
        sup = nextSup;
      } else {
        swapped[i] = 1;
        const l = diag / sub;
        mult[i] = l;
        u0[i] = sub;
        u1[i] = nextDiag;
        u2[i] = nextSup;
        diag = sup - l * nextDiag;
        sup = -l * nextSup;
      }
    }
    u0[n - 1] = diag === 0 ? tiny : diag;

    const x = out.subarray(r * n, r * n + n);
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      x[i] = seed / 2 ** 32 - 0.5;
    }
    for (let iter = 0; iter < 4; iter++) {
      // Forward: apply the row swaps and L⁻¹.
      for (let i = 0; i < n - 1; i++) {
        if (swapped[i]) {
          const t = x[i]!;
          x[i] = x[i + 1]!;
          x[i + 1] = t - mult[i]! * x[i + 1]!;
        } else {
          x[i + 1]! -= mult[i]! * x[i]!;
        }
      }
      // Back: U⁻¹. Rescale when entries grow huge; direction is all that matters.
      for (let i = n - 1; i >= 0; i--) {
        let v = x[i]!;
        if (i + 1 < n) v -= u1[i]! * x[i + 1]!;
        if (i + 2 < n) v -= u2[i]! * x[i + 2]!;
        v /= u0[i]!;
        x[i] = v;
        if (Math.abs(v) > 1e100) for (let j = 0; j < n; j++) x[j]! *= 1e-100;
      }
      for (let q = clusterStart; q < r; q++) {
        const prev = out.subarray(q * n, q * n + n);
        const f = dot(x, 0, prev, 0, 0, n);
        for (let j = 0; j < n; j++) x[j]! -= f * prev[j]!;
      }
      const norm = Math.sqrt(dot(x, 0, x, 0, 0, n));
      for (let j = 0; j < n; j++) x[j]! /= norm;
    }
  }
}

/**
 * Implicit QL on the tridiagonal (d, e), in place: d becomes the eigenvalues (unsorted). When `z`
 * is given, each rotation is applied to its rows, so row i of z ends up as the vector of d[i].
 *
 * @param d [n] the diagonal, overwritten with the eigenvalues.
 * @param e [n] the sub-diagonal, then a 0; overwritten (used as scratch).
 * @param z [n, n] row-major, rotated in place (e.g. Qᵀ from the reduction), or null.
 */
export function tridiagonalQl(
  d: Float64Array,
  e: Float64Array,
  z: Float64Array | null,
  n: number,
): void {
  const eps = Number.EPSILON;
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  // Negligible is judged against the larger of the neighbouring diagonal and T's size so far
  // (EISPACK's tql2 keeps the same running norm): next to a block of zero eigenvalues (pixels
  // that are 0 in every image of a small set) the neighbours alone are 0, and an off-diagonal
  // of rounding noise there would never count as negligible.
  let norm = 0;
  for (let l = 0; l < n; l++) {
    norm = Math.max(norm, Math.abs(d[l]!) + Math.abs(e[l]!));
    for (let iter = 0; ; iter++) {
      // Split point: the first negligible off-diagonal at or after l.
      let m = l;
      while (m < n - 1) {
        const scale = Math.max(Math.abs(d[m]!) + Math.abs(d[m + 1]!), norm);
        if (Math.abs(e[m]!) <= eps * scale) break;
        m++;
      }
      if (m === l) break;
      if (iter >= 60) throw new Error('symmetricEigen: QL iteration did not converge');

      // Wilkinson shift from the leading 2×2 block, folded into the first rotation's input.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // The bulge vanished (underflow): the matrix splits here, restart from the top.
          d[i + 1]! -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        cos[i] = c;
        sin[i] = s;
      }
      // Rotations i = m-1 down to the last one computed (i + 1 if the sweep broke off).
      if (z !== null) rotateRows(z, n, cos, sin, m - 1, i + 1);
      if (deflated) continue;
      d[l]! -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/**
 * Applies the Givens rotations i = hi, hi-1, …, lo (in that order) of a QL sweep, rotation i
 * mixing rows i and i+1 of z. They form a chain, so four are applied per pass over the rows: each
 * element is loaded and stored once per four rotations instead of once per rotation.
 */
function rotateRows(
  z: Float64Array,
  n: number,
  cos: Float64Array,
  sin: Float64Array,
  hi: number,
  lo: number,
): void {
  let i = hi;
  for (; i - 3 >= lo; i -= 4) {
    const c0 = cos[i]!;
    const s0 = sin[i]!;
    const c1 = cos[i - 1]!;
    const s1 = sin[i - 1]!;
    const c2 = cos[i - 2]!;
    const s2 = sin[i - 2]!;
    const c3 = cos[i - 3]!;
    const s3 = sin[i - 3]!;
    const r4 = (i + 1) * n;
    const r3 = r4 - n;
    const r2 = r3 - n;
    const r1 = r2 - n;
    const r0 = r1 - n;
    for (let k = 0; k < n; k++) {
      let carry = z[r4 + k]!;
      let a = z[r3 + k]!;
      z[r4 + k] = s0 * a + c0 * carry;
      carry = c0 * a - s0 * carry;
      a = z[r2 + k]!;
      z[r3 + k] = s1 * a + c1 * carry;
      carry = c1 * a - s1 * carry;
      a = z[r1 + k]!;
      z[r2 + k] = s2 * a + c2 * carry;
      carry = c2 * a - s2 * carry;
      a = z[r0 + k]!;
      z[r1 + k] = s3 * a + c3 * carry;
      z[r0 + k] = c3 * a - s3 * carry;
    }
  }
  for (; i >= lo; i--) {
    const c = cos[i]!;
    const s = sin[i]!;
    const rowA = i * n;
    const rowB = rowA + n;
    for (let k = 0; k < n; k++) {
      const za = z[rowA + k]!;
      const zb = z[rowB + k]!;
      z[rowB + k] = s * za + c * zb;
      z[rowA + k] = c * za - s * zb;
    }
  }
}
