// The first phase of the symmetric eigensolver (eigen.ts): Householder reduction of a dense
// symmetric matrix to tridiagonal form, the reflectors kept in factored form.

/** Q of the reduction A = Q T Qᵀ, as its Householder reflectors; n is the order of A. */
export interface Reflectors {
  /** Qᵀ, [n, n] row-major. */
  formQt(): Float64Array;
  /** In place, s ← Q s: maps an eigenvector of T to the matching eigenvector of A. */
  apply(s: Float64Array): void;
}

/**
 * Reduces A to T = Qᵀ A Q. Writes diag(T) to d and the sub-diagonal to e (e[i] = T[i, i+1],
 * e[n-1] = 0). Q = H_0 H_1 ⋯ H_{n-3} is kept in factored form.
 *
 * @param a [n, n] row-major symmetric matrix; not modified, only its upper triangle is read.
 * @param d [n], written: the diagonal of T.
 * @param e [n], written: the sub-diagonal of T, then a 0.
 * @returns the reflectors, to form Qᵀ [n, n] or to map vectors [n] of T to vectors of A.
 */
export function tridiagonalize(
  a: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
): Reflectors {
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

/**
 * Σ_{j in [from, to)} x[xo + j] · y[yo + j], for rows or slices of flat arrays (x, y of any
 * length that covers the indices). Four partial sums hide the add latency.
 */
export function dot(
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
