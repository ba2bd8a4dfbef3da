// The linear autoencoder against PCA on synthetic data with a known spectrum. With linear hidden
// layers and the squared error, the best k-dimensional code spans the top k principal directions,
// so the app's dense model, trained by the app's own step and Adam, comes down to the error of the
// app's own PCA at the same k.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { createDenseAutoencoder } from '../model/dense';
import { fitPca, pcaTestMse } from '../model/pca';
import { createAdam } from './adam';
import { trainingStep } from './step';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const DIM = 64;
const COUNT = 1024;
const K = 3;
/**
 * Standard deviations along five orthonormal directions: three strong, two weak. Small enough
 * that the pixels stay near 0.5, where the model's sigmoid output is close to linear: its
 * curvature is the one freedom the linear autoencoder has that PCA lacks (at three times these
 * amplitudes it ends 13% above PCA, bending where the data is flat).
 */
const SPECTRUM = [0.3, 0.21, 0.15, 0.045, 0.024];
/** Isotropic noise on every pixel. */
const NOISE = 0.01;

/** Five orthonormal directions in DIM dimensions (Gram–Schmidt on seeded Gaussian vectors). */
function directions(rng: () => number): Float64Array[] {
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const out: Float64Array[] = [];
  for (let d = 0; d < SPECTRUM.length; d++) {
    const v = Float64Array.from({ length: DIM }, normal);
    for (const u of out) {
      const dot = v.reduce((s, x, i) => s + x * u[i]!, 0);
      for (let i = 0; i < DIM; i++) v[i]! -= dot * u[i]!;
    }
    const norm = Math.hypot(...v);
    out.push(v.map((x) => x / norm));
  }
  return out;
}

/** x = 0.5 + Σ_d s_d·σ_d·u_d + noise, as uint8 pixels (the form the app's PCA reads). */
function syntheticPixels(seed: number): Uint8Array {
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const u = directions(rng);
  const pixels = new Uint8Array(COUNT * DIM);
  for (let r = 0; r < COUNT; r++) {
    const x = new Float64Array(DIM).fill(0.5);
    SPECTRUM.forEach((std, d) => {
      const s = normal() * std;
      for (let i = 0; i < DIM; i++) x[i]! += s * u[d]![i]!;
    });
    for (let i = 0; i < DIM; i++) {
      const v = x[i]! + NOISE * normal();
      pixels[r * DIM + i] = Math.round(255 * Math.min(1, Math.max(0, v)));
    }
  }
  return pixels;
}

describe('the linear autoencoder', () => {
  it('reaches the error of PCA at the same k on data with a known spectrum', async () => {
    const pixels = syntheticPixels(3);
    const pca = await fitPca(pixels, COUNT, DIM, K + 1);
    const pcaMse = pcaTestMse(pca, K, pixels, COUNT);
    // The data is what it was made to be: PCA leaves the two weak directions and the noise.
    const expected =
      (SPECTRUM.slice(K).reduce((s, v) => s + v * v, 0) / DIM + NOISE ** 2) * (1 - K / DIM);
    expect(pcaMse / expected).toBeGreaterThan(0.85);
    expect(pcaMse / expected).toBeLessThan(1.2);
    // Missing one strong direction costs far more than the tolerance below.
    expect(pcaTestMse(pca, K - 1, pixels, COUNT)).toBeGreaterThan(2 * pcaMse);

    const model = createDenseAutoencoder({
      inputSize: DIM,
      hidden: 16,
      latent: K,
      seed: 1,
      activation: 'linear',
    });
    const all = tf.tensor2d(
      Float32Array.from(pixels, (p) => p / 255),
      [COUNT, DIM],
    );
    const opt = createAdam(model.variables, 1e-2);
    const batch = 128;
    const steps = 2000;
    for (let step = 0; step < steps; step++) {
      // A falling learning rate, so that the end is the optimum rather than Adam's jitter.
      if (step === steps / 2) opt.learningRate = 1e-3;
      if (step === (steps * 4) / 5) opt.learningRate = 1e-4;
      const start = (step * batch) % COUNT;
      const x = tf.slice(all, [start, 0], [batch, DIM]);
      const { loss, parts } = trainingStep(model, opt, x);
      tf.dispose([x, loss, ...Object.values(parts ?? {})]);
    }
    const aeMse = tf.tidy(
      () => tf.mean(tf.squaredDifference(model.decode(model.encode(all)), all)).dataSync()[0]!,
    );
    console.log('ratio', aeMse / pcaMse, aeMse, pcaMse);
    expect(aeMse / pcaMse).toBeGreaterThan(0.98);
    expect(aeMse / pcaMse).toBeLessThan(1.05);
    all.dispose();
    opt.dispose();
    model.dispose();
  });
});
