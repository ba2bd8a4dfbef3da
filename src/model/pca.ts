import * as tf from '@tensorflow/tfjs-core';
import { projectCode } from './projection';

export { projectCode };
import { symmetricEigen } from './eigen';

/** A PCA fit: the linear baseline an autoencoder with a k-dimensional code has to beat. */
export interface PcaModel {
  /** [dim] per-pixel mean, pixels scaled to [0, 1]. */
  mean: Float32Array;
  /** [maxK, dim] row-major; row i is the unit principal axis of the i-th largest variance. */
  components: Float32Array;
  /** [maxK] variance along each component, descending (sample variance, divisor count - 1). */
  variances: Float32Array;
  maxK: number;
}

const CHUNK_ROWS = 5000;
/** Share of onProgress spent on the covariance; the eigendecomposition is the rest. */
const COVARIANCE_SHARE = 0.9;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Fits PCA to `count` images of `dim` uint8 pixels (0..255, scaled by 1/255).
 *
 * The dim×dim covariance is accumulated on the active tf backend, `CHUNK_ROWS` images at a time,
 * yielding to the event loop between chunks so a worker keeps answering messages. It is then read
 * back once and eigendecomposed in JS (only the top `maxK` vectors are formed).
 *
 * @param pixels [count, dim] row-major uint8
 * @param maxK number of components kept, 1..dim
 * @param onProgress called with a fraction in [0, 1]; reaches 1 when the model is ready
 */
export async function fitPca(
  pixels: Uint8Array,
  count: number,
  dim: number,
  maxK: number,
  onProgress?: (fraction: number) => void,
): Promise<PcaModel> {
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`need 2+ images, got ${count}`);
  if (!Number.isInteger(maxK) || maxK < 1 || maxK > dim) {
    throw new RangeError(`maxK must be in 1..${dim}, got ${maxK}`);
  }
  if (pixels.length < count * dim) throw new RangeError('pixels shorter than count * dim');

  // Exact integer column sums: one cheap pass over the bytes, no float drift and no extra upload.
  const sums = new Float64Array(dim);
  for (let r = 0; r < count; r++) {
    const off = r * dim;
    for (let j = 0; j < dim; j++) sums[j]! += pixels[off + j]!;
  }
  const mean64 = sums.map((s) => s / (255 * count));
  const mean = Float32Array.from(mean64);

  // Centring before the product (not E[xxᵀ] - μμᵀ afterwards) avoids float32 cancellation.
  let scatter: tf.Tensor2D | null = null;
  try {
    for (let start = 0; start < count; start += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, count - start);
      // A fresh array per chunk: backends may keep a reference to it until the upload happens.
      const chunk = new Float32Array(rows * dim);
      for (let r = 0; r < rows; r++) {
        const src = (start + r) * dim;
        const dst = r * dim;
        for (let j = 0; j < dim; j++) chunk[dst + j] = pixels[src + j]! / 255 - mean64[j]!;
      }
      const previous: tf.Tensor2D | null = scatter;
      scatter = tf.tidy(() => {
        const c = tf.tensor2d(chunk, [rows, dim]);
        // An explicit transpose keeps wasm on its fast (XNNPACK) matmul; its transposeA path
        // is a slow single-threaded loop.
        const gram = tf.matMul<tf.Tensor2D>(tf.transpose(c), c);
        return previous ? tf.add<tf.Tensor2D>(previous, gram) : gram;
      });
      previous?.dispose();
      onProgress?.((COVARIANCE_SHARE * (start + rows)) / count);
      await yieldToEventLoop();
    }
    const raw = await (scatter as tf.Tensor2D).data<'float32'>();
    scatter?.dispose();
    scatter = null;

    // float32 accumulation order can leave the product slightly asymmetric; the solver wants it
    // exactly symmetric.
    const cov = new Float64Array(dim * dim);
    const norm = 1 / (count - 1);
    for (let i = 0; i < dim; i++) {
      for (let j = i; j < dim; j++) {
        const v = 0.5 * (raw[i * dim + j]! + raw[j * dim + i]!) * norm;
        cov[i * dim + j] = v;
        cov[j * dim + i] = v;
      }
    }
    const { values, vectors } = symmetricEigen(cov, dim, { topM: maxK });

    const components = new Float32Array(maxK * dim);
    const variances = new Float32Array(maxK);
    for (let i = 0; i < maxK; i++) {
      variances[i] = Math.max(0, values[i]!);
      const row = vectors.subarray(i * dim, i * dim + dim);
      const sign = canonicalSign(row);
      components.set(
        row.map((x) => x * sign),
        i * dim,
      );
    }
    onProgress?.(1);
    return { mean, components, variances, maxK };
  } finally {
    (scatter as tf.Tensor2D | null)?.dispose();
  }
}

/**
 * Eigenvectors have no intrinsic sign; fixing one (largest-magnitude entry positive) keeps the
 * pictures of the axes and the scatter plots from flipping between fits.
 */
function canonicalSign(v: ArrayLike<number>): 1 | -1 {
  let best = 0;
  for (let i = 0; i < v.length; i++) if (Math.abs(v[i]!) > Math.abs(best)) best = v[i]!;
  return best < 0 ? -1 : 1;
}

function checkK(model: PcaModel, k: number): void {
  if (!Number.isInteger(k) || k < 0 || k > model.maxK) {
    throw new RangeError(`k must be in 0..${model.maxK}, got ${k}`);
  }
}

/**
 * Per-pixel mean squared error of the rank-k reconstructions mean + Σ_{i<k} ((x − mean)·c_i) c_i,
 * clipped to [0, 1], over the first `count` images. k = 0 scores the mean image alone.
 *
 * @param pixels [count, dim] row-major uint8, dim = model.mean.length
 */
export function pcaTestMse(model: PcaModel, k: number, pixels: Uint8Array, count: number): number {
  checkK(model, k);
  if (k > 0) return pcaMseAllK(model, pixels, count, k)[k - 1]!;
  const { mean } = model;
  const dim = mean.length;
  checkPixels(pixels, count, dim);
  let total = 0;
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < dim; j++) {
      const d = pixels[r * dim + j]! / 255 - mean[j]!;
      total += d * d;
    }
  }
  return count > 0 ? total / (count * dim) : 0;
}

/**
 * Clipped reconstruction MSE (as {@link pcaTestMse}) for every k in 1..maxK in one pass: each
 * image's reconstruction is grown one component at a time and scored after each step.
 *
 * @param pixels [count, dim] row-major uint8
 * @param onProgress called with the fraction of images done, every 1000 images and at the end
 * @returns [maxK] Float64Array, entry k-1 = MSE at k
 */
export function pcaMseAllK(
  model: PcaModel,
  pixels: Uint8Array,
  count: number,
  maxK: number = model.maxK,
  onProgress?: (fraction: number) => void,
): Float64Array {
  checkK(model, maxK);
  const { mean, components } = model;
  const dim = mean.length;
  checkPixels(pixels, count, dim);
  // Components four at a time, interleaved pixel-major ([block, dim, 4]), zero-padded: one
  // contiguous stream feeds four codes or four reconstruction steps, and each pixel's running
  // reconstruction stays in a register across them. About twice as fast as a row per component.
  const blocks = Math.ceil(maxK / 4);
  const interleaved = new Float64Array(blocks * dim * 4);
  for (let c = 0; c < maxK; c++) {
    const block = (c >> 2) * dim * 4 + (c & 3);
    for (let j = 0; j < dim; j++) interleaved[block + 4 * j] = components[c * dim + j]!;
  }
  const twoXMinusOne = new Float64Array(dim);
  const centred = new Float64Array(dim);
  const recon = new Float64Array(dim);
  const totals = new Float64Array(blocks * 4);
  for (let r = 0; r < count; r++) {
    const off = r * dim;
    for (let j = 0; j < dim; j++) {
      const x = pixels[off + j]! / 255;
      twoXMinusOne[j] = 2 * x - 1;
      centred[j] = x - mean[j]!;
      recon[j] = mean[j]!;
    }
    for (let b = 0; b < blocks; b++) {
      const base = b * dim * 4;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let j = 0, o = base; j < dim; j++, o += 4) {
        const cj = centred[j]!;
        a0 += cj * interleaved[o]!;
        a1 += cj * interleaved[o + 1]!;
        a2 += cj * interleaved[o + 2]!;
        a3 += cj * interleaved[o + 3]!;
      }
      // 2·(clip(v) − x) = |v| − |v − 1| − (2x − 1): branch-free, and the branches of a
      // comparison-based clip mispredict on the near-zero background pixels.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0, o = base; j < dim; j++, o += 4) {
        const target = twoXMinusOne[j]!;
        let v = recon[j]! + a0 * interleaved[o]!;
        let d = Math.abs(v) - Math.abs(v - 1) - target;
        s0 += d * d;
        v += a1 * interleaved[o + 1]!;
        d = Math.abs(v) - Math.abs(v - 1) - target;
        s1 += d * d;
        v += a2 * interleaved[o + 2]!;
        d = Math.abs(v) - Math.abs(v - 1) - target;
        s2 += d * d;
        v += a3 * interleaved[o + 3]!;
        d = Math.abs(v) - Math.abs(v - 1) - target;
        s3 += d * d;
        recon[j] = v;
      }
      const t = 4 * b;
      totals[t]! += s0;
      totals[t + 1]! += s1;
      totals[t + 2]! += s2;
      totals[t + 3]! += s3;
    }
    if (onProgress && (r + 1) % 1000 === 0 && r + 1 < count) onProgress((r + 1) / count);
  }
  onProgress?.(1);
  const scale = count > 0 ? 1 / (4 * count * dim) : 0;
  return totals.subarray(0, maxK).map((t) => t * scale);
}

function checkPixels(pixels: Uint8Array, count: number, dim: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`bad image count ${count}`);
  if (pixels.length < count * dim) throw new RangeError('pixels shorter than count * dim');
}

/**
 * 2-D view of n latent codes of size k, for a scatter plot. k = 1 gives (code, 0); k = 2 the raw
 * codes; k > 2 the centred codes projected onto their top two principal axes.
 *
 * @param codes [n, k] row-major
 * @returns points [n, 2] row-major
 */
export function projectCodes2d(codes: Float32Array, n: number, k: number): CodeProjection {
  if (codes.length < n * k) throw new RangeError('codes shorter than n * k');
  const points = new Float32Array(n * 2);
  const mean = new Float32Array(k);
  const axes = new Float32Array(2 * k);
  // k = 1 and k = 2 are shown raw: the identity projection, so a click maps straight to a code.
  if (k <= 2) {
    axes[0] = 1;
    if (k === 2) axes[k + 1] = 1;
    for (let i = 0; i < n; i++) {
      points[2 * i] = codes[i * k]!;
      points[2 * i + 1] = k === 2 ? codes[i * k + 1]! : 0;
    }
    return { points, mean, axes };
  }
  if (n === 0) return { points, mean, axes };

  const m64 = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) m64[j]! += codes[i * k + j]!;
  for (let j = 0; j < k; j++) m64[j]! /= n;
  const cov = new Float64Array(k * k);
  const c = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) c[j] = codes[i * k + j]! - m64[j]!;
    for (let a = 0; a < k; a++) {
      const ca = c[a]!;
      for (let b = a; b < k; b++) cov[a * k + b]! += ca * c[b]!;
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) cov[a * k + b] = cov[b * k + a]!;

  const { vectors } = symmetricEigen(cov, k, { topM: 2 });
  const sign0 = canonicalSign(vectors.subarray(0, k));
  const sign1 = canonicalSign(vectors.subarray(k, 2 * k));
  for (let j = 0; j < k; j++) {
    mean[j] = m64[j]!;
    axes[j] = sign0 * vectors[j]!;
    axes[k + j] = sign1 * vectors[k + j]!;
  }
  for (let i = 0; i < n; i++) {
    const p = projectCode(codes.subarray(i * k, (i + 1) * k), mean, axes);
    points[2 * i] = p[0];
    points[2 * i + 1] = p[1];
  }
  return { points, mean, axes };
}

/** A 2-D view of k-dimensional codes: point = ((z − mean)·axes[0], (z − mean)·axes[1]). */
export interface CodeProjection {
  /** [n, 2] */
  points: Float32Array;
  /** [k] */
  mean: Float32Array;
  /** [2, k] unit rows */
  axes: Float32Array;
}

/**
 * `steps` codes evenly spaced on the segment from a to b; the first is a copy of a and the last a
 * copy of b, bit for bit.
 *
 * @param a [k] code
 * @param b [k] code, same length as a
 */
export function interpolateCodes(a: Float32Array, b: Float32Array, steps: number): Float32Array[] {
  if (a.length !== b.length) throw new RangeError('codes differ in length');
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be 1+, got ${steps}`);
  const out: Float32Array[] = [Float32Array.from(a)];
  for (let s = 1; s < steps - 1; s++) {
    const t = s / (steps - 1);
    out.push(a.map((ai, j) => ai + t * (b[j]! - ai)));
  }
  if (steps > 1) out.push(Float32Array.from(b));
  return out;
}
