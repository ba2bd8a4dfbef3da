/**
 * Dense symmetric eigendecomposition: Householder reduction to tridiagonal form, then implicit QL
 * with Wilkinson shifts. O(n^3), numerically stable, no dependencies, so it runs in a worker.
 *
 * Layout choice: every inner loop walks a row of a row-major array. The eigenvector basis is kept
 * transposed (row i = vector i) so the Givens rotations of the QL phase touch contiguous rows
 * instead of strided columns, which is what makes n = 784 fast in JS. When only a few leading
 * vectors are wanted (PCA), they come from inverse iteration on the tridiagonal instead, which
 * skips the O(n^3) basis work altogether.
 */

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

interface Reflectors {
  /** Qᵀ, [n, n] row-major. */
  formQt(): Float64Array;
  /** In place, s ← Q s: maps an eigenvector of T to the matching eigenvector of A. */
  apply(s: Float64Array): void;
}

/**
 * Reduces A to T = Qᵀ A Q. Writes diag(T) to d and the sub-diagonal to e (e[i] = T[i, i+1],
 * e[n-1] = 0). Q = H_0 H_1 ⋯ H_{n-3} is kept in factored form.
 */
function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array): Reflectors {
  // Working copy; row k ends up holding the Householder vector of step k in columns k+1..n-1.
  // Only the upper triangle of the trailing block is read or written: it is symmetric.
  const w = Float64Array.from(a.subarray(0, n * n));
  const betas = new Float64Array(n);
  let p = new Float64Array(n);
  let pNext = new Float64Array(n);

  const setUp = (k: number): boolean => {
    const rowK = k * n;
    d[k] = w[rowK + k]!;
    // The column below the diagonal equals the row right of it; the row is contiguous.
    const norm2 = dot(w, rowK, w, rowK, k + 1, n);
    const x0 = w[rowK + k + 1]!;
    const tail2 = norm2 - x0 * x0;
    if (tail2 === 0) {
      // Already tridiagonal in this column: identity reflector, keep the value as it is.
      e[k] = x0;
      betas[k] = 0;
      return false;
    }
    // Reflect onto -sign(x0)·|x| so v0 = x0 - alpha never cancels.
    const alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    e[k] = alpha;
    const v0 = x0 - alpha;
    w[rowK + k + 1] = v0;
    betas[k] = 2 / (tail2 + v0 * v0);
    return true;
  };

  // Step k needs p = A' v_k, and A' is only final once step k-1 has updated it; so the update
  // sweep of step k-1 also accumulates step k's product from each freshly updated row. One pass
  // over the trailing block per step instead of two.
  let prepared = -1;
  let pReady = false;
  for (let k = 0; k < n - 2; k++) {
    if (!(prepared === k ? betas[k]! !== 0 : setUp(k))) {
      pReady = false;
      continue;
    }
    const rowK = k * n;
    const beta = betas[k]!;
    if (!pReady) {
      p.fill(0, k + 1, n);
      for (let i = k + 1; i < n; i++) {
        const row = i * n;
        const vi = w[rowK + i]!;
        let acc = w[row + i]! * vi;
        for (let j = i + 1; j < n; j++) {
          const aij = w[row + j]!;
          acc += aij * w[rowK + j]!;
          p[j]! += aij * vi;
        }
        p[i]! += acc;
      }
    }
    let vp = 0;
    for (let i = k + 1; i < n; i++) {
      p[i]! *= beta;
      vp += w[rowK + i]! * p[i]!;
    }
    // q = p - (beta vᵀp / 2) v makes the update A' -= v qᵀ + q vᵀ exactly H A' H.
    const half = 0.5 * beta * vp;
    for (let i = k + 1; i < n; i++) p[i]! -= half * w[rowK + i]!;
    const q = p;

    const updateRow = (i: number): void => {
      const row = i * n;
      const vi = w[rowK + i]!;
      const qi = q[i]!;
      for (let j = i; j < n; j++) w[row + j]! -= vi * q[j]! + qi * w[rowK + j]!;
    };
    updateRow(k + 1);
    const fuse = k + 1 < n - 2 && setUp(k + 1);
    prepared = k + 1;
    if (!fuse) {
      for (let i = k + 2; i < n; i++) updateRow(i);
      pReady = false;
      continue;
    }
    const rowN = rowK + n;
    pNext.fill(0, k + 2, n);
    for (let i = k + 2; i < n; i++) {
      const row = i * n;
      const vi = w[rowK + i]!;
      const qi = q[i]!;
      const ni = w[rowN + i]!;
      let val = w[row + i]! - 2 * vi * qi;
      w[row + i] = val;
      let acc = val * ni;
      for (let j = i + 1; j < n; j++) {
        val = w[row + j]! - (vi * q[j]! + qi * w[rowK + j]!);
        w[row + j] = val;
        acc += val * w[rowN + j]!;
        pNext[j]! += val * ni;
      }
      pNext[i]! += acc;
    }
    [p, pNext] = [pNext, p];
    pReady = true;
  }
  if (n >= 2) {
    d[n - 2] = w[(n - 2) * n + n - 2]!;
    e[n - 2] = w[(n - 2) * n + n - 1]!;
  }
  if (n >= 1) d[n - 1] = w[n * n - 1]!;
  e[n - 1] = 0;

  return {
    formQt() {
      // Qᵀ = H_{n-3} ⋯ H_0, built by right-multiplying in reverse order: the partial product is
      // the identity outside its trailing block, so each step only touches rows and columns > k.
      const qt = new Float64Array(n * n);
      for (let i = 0; i < n; i++) qt[i * n + i] = 1;
      for (let k = n - 3; k >= 0; k--) {
        const beta = betas[k]!;
        if (beta === 0) continue;
        const v = k * n;
        for (let i = k + 1; i < n; i++) {
          const s = beta * dot(qt, i * n, w, v, k + 1, n);
          if (s === 0) continue;
          const row = i * n;
          for (let j = k + 1; j < n; j++) qt[row + j]! -= s * w[v + j]!;
        }
      }
      return qt;
    },
    apply(s) {
      for (let k = n - 3; k >= 0; k--) {
        const beta = betas[k]!;
        if (beta === 0) continue;
        const v = k * n;
        const f = beta * dot(s, 0, w, v, k + 1, n);
        for (let j = k + 1; j < n; j++) s[j]! -= f * w[v + j]!;
      }
    },
  };
}

/** Σ_{j in [from, to)} x[xo + j] · y[yo + j]; four partial sums hide the add latency. */
function dot(
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  from: number,
  to: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = from;
  for (; j + 3 < to; j += 4) {
    s0 += x[xo + j]! * y[yo + j]!;
    s1 += x[xo + j + 1]! * y[yo + j + 1]!;
    s2 += x[xo + j + 2]! * y[yo + j + 2]!;
    s3 += x[xo + j + 3]! * y[yo + j + 3]!;
  }
  for (; j < to; j++) s0 += x[xo + j]! * y[yo + j]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * Inverse iteration on the tridiagonal (d, e) for the eigenvalues `values[0..m)` (descending),
 * writing unit eigenvectors of T as rows of `out` ([m, n]). Vectors whose eigenvalues are close
 * are Gram-Schmidt orthogonalised against each other, since inverse iteration alone cannot
 * separate them.
 */
function tridiagonalVectors(
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
 */
function tridiagonalQl(d: Float64Array, e: Float64Array, z: Float64Array | null, n: number): void {
  const eps = Number.EPSILON;
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    for (let iter = 0; ; iter++) {
      // Split point: the first negligible off-diagonal at or after l.
      let m = l;
      while (m < n - 1) {
        const scale = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
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
