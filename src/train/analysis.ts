// The periodic look inside the model: codes for the scatter, per-class error, worst cases, and
// the decoded manifold at latent size 2. Runs in the training worker between bursts.
import * as tf from '@tensorflow/tfjs-core';
import { DIGIT_PIXELS } from '../data/sprite';
import { codeStats as unitStats } from '../model/inspect';
import { projectCodes2d } from '../model/pca';
import { PROBES, type Probe } from '../model/probes';
import type { Autoencoder } from '../model/types';
import { REPORT, type Analysis } from './protocol';
import { inBlocks } from './blocks';
import type { Readbacks } from './readback';

const WORST = 10;
/** Test digits the copy test makes its probes from (each probe: this many inputs). */
export const PROBE_COUNT = 200;

/** The copy test's probes on the backend, one block after another: noise, inverted, shifted. */
export function stackProbes(probes: Record<Probe, Float32Array>, n: number): tf.Tensor2D {
  const flat = new Float32Array(PROBES.length * n * DIGIT_PIXELS);
  PROBES.forEach((p, i) => flat.set(probes[p], i * n * DIGIT_PIXELS));
  return tf.tensor2d(flat, [PROBES.length * n, DIGIT_PIXELS]);
}

/**
 * @param x [n, 784] the analysis digits; labels [n]
 * @param alive whether the model is still the run's: checked between blocks of work (null: the
 *   model changed, nothing to report)
 */
export async function analyse(
  model: Autoencoder,
  x: tf.Tensor2D,
  labels: Uint8Array,
  gen: number,
  readbacks: Readbacks,
  probes: tf.Tensor2D,
  alive: () => boolean = () => true,
): Promise<Analysis | null> {
  const n = x.shape[0];
  const codeStats = model.codeStats?.bind(model);
  // Per block: the codes, each digit's error, and the fraction of code values near zero (times
  // the block's rows, so the blocks add up to the mean over all digits).
  const digits = await inBlocks(
    x,
    (b) => {
      const z = model.encode(b);
      const err = tf.mean(tf.squaredDifference(model.decode(z), b), 1);
      const near = codeStats ? tf.mul(codeStats(b).nearZero, b.shape[0]) : tf.scalar(-1);
      return [z, err, near];
    },
    readbacks,
    alive,
  );
  // Each probe input's error; the probes' blocks follow one another (noise, inverted, shifted).
  const probeRows = await inBlocks(
    probes,
    (b) => [tf.mean(tf.squaredDifference(model.decode(model.encode(b)), b), 1)],
    readbacks,
    alive,
  );
  if (!digits || !probeRows) return null;
  const [codes, err, nearSums] = digits as [Float32Array, Float32Array, Float32Array];
  const perProbe = probeRows[0]!.length / PROBES.length;
  const probeMse = PROBES.map((_, i) => {
    let sum = 0;
    for (let r = i * perProbe; r < (i + 1) * perProbe; r++) sum += probeRows[0]![r]!;
    return perProbe > 0 ? sum / perProbe : 0;
  });
  const nearZero = codeStats && n > 0 ? nearSums.reduce((s, v) => s + v, 0) / n : null;
  const k = model.latentSize;
  const { points, mean, axes } = projectCodes2d(codes!, n, k);
  const stats = unitStats(codes!, n, k);

  // Ten classes at least, so MNIST's chart has every digit even where a class is missing.
  const classes = Math.max(
    10,
    labels.reduce((top, c) => Math.max(top, c + 1), 0),
  );
  const sums = new Float64Array(classes);
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    sums[c]! += err[i]!;
    counts[c]! += 1;
  }
  const classMse = Array.from(sums, (s, c) => (counts[c]! > 0 ? s / counts[c]! : 0));
  let digitMse = 0;
  for (let i = 0; i < n; i++) digitMse += err![i]!;
  const copyTest = {
    digits: n > 0 ? digitMse / n : 0,
    ...(Object.fromEntries(PROBES.map((p, i) => [p, probeMse![i]!])) as Record<Probe, number>),
  };

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => err![b]! - err![a]!);
  const worstIdx = order.slice(0, WORST);
  const [origT, reconT] = tf.tidy(() => {
    const xs = tf.gather(x, worstIdx);
    return [xs, model.decode(model.encode(xs))];
  });
  const [originals, recons] = (await readbacks.hold([origT, reconT], () =>
    Promise.all([origT.data(), reconT.data()]),
  )) as Float32Array[];

  const analysis: Analysis = {
    gen,
    latent: k,
    nearZero,
    points,
    mean,
    axes,
    codeMean: stats.mean,
    codeStd: stats.std,
    classMse,
    copyTest,
    worst: {
      indices: worstIdx,
      mse: worstIdx.map((i) => err![i]!),
      originals: originals!,
      recons: recons!,
    },
  };
  if (k === 2) analysis.manifold = await manifold(model, points, n, readbacks);
  return analysis;
}

/** Decodes a grid spanning the central 98% of the codes, so outliers don't stretch it. */
async function manifold(
  model: Autoencoder,
  points: Float32Array,
  n: number,
  readbacks: Readbacks,
): Promise<Analysis['manifold']> {
  const size = REPORT.manifoldSize;
  const range = (dim: number): [number, number] => {
    const v = Array.from({ length: n }, (_, i) => points[2 * i + dim]!).sort((a, b) => a - b);
    const lo = v[Math.floor(n * 0.01)] ?? 0;
    const hi = v[Math.floor(n * 0.99)] ?? 1;
    return hi > lo ? [lo, hi] : [lo - 1, lo + 1];
  };
  const x = range(0);
  const y = range(1);
  const grid = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      grid[2 * i] = x[0] + ((x[1] - x[0]) * c) / (size - 1);
      // Row 0 is the top of the picture: the largest y, as on a plot.
      grid[2 * i + 1] = y[1] - ((y[1] - y[0]) * r) / (size - 1);
    }
  }
  const out = tf.tidy(() => model.decode(tf.tensor2d(grid, [size * size, 2])));
  const images = (await readbacks.hold([out], () => out.data())) as Float32Array;
  if (images.length !== size * size * DIGIT_PIXELS) throw new Error('manifold decode shape');
  return { size, x, y, images };
}
