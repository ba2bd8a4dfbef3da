import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/rng';
import { DEFAULT_MODEL, type NoiseKind } from './config';
import { createDenseCore, fromCore, nonNegative, type DenseOptions } from './dense';
import { reconstructionLoss } from './losses';
import type { Autoencoder, StepLoss } from './types';

export interface DenoisingOptions extends DenseOptions {
  /** Gaussian: x + N(0, level²), clipped to [0,1]. Masking: each pixel zeroed with probability level. */
  noise: NoiseKind;
  noiseLevel: number;
}

/** Seeds for tfjs's random ops: a fixed sequence from the model's seed, new at every call. */
export function seedSequence(seed: number): () => number {
  const rng = createRng((seed ^ 0x5bd1e995) >>> 0);
  return () => Math.floor(rng() * 0x7fffffff);
}

/** Corrupts x [batch, d] in [0,1]; the result stays in [0,1]. */
export function corruptBatch(
  x: tf.Tensor2D,
  noise: NoiseKind,
  level: number,
  seed: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    if (noise === 'masking') {
      const p = Math.min(1, nonNegative(level, 0));
      const keep = tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), p);
      return tf.mul(x, tf.cast(keep, 'float32'));
    }
    const std = nonNegative(level, 0);
    return tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, std, 'float32', seed)), 0, 1);
  });
}

/**
 * The dense autoencoder (same layers and variables as `createDenseAutoencoder` with the same
 * options) trained to reconstruct the clean x from a corrupted copy of it.
 */
export function createDenoisingAutoencoder(opts: DenoisingOptions): Autoencoder {
  const loss = opts.loss ?? 'mse';
  const core = createDenseCore(opts);
  const base = fromCore(core, loss);
  const nextSeed = seedSequence(opts.seed);
  const level = nonNegative(opts.noiseLevel, DEFAULT_MODEL.noiseLevel);
  const corrupt = (x: tf.Tensor2D, seed?: number): tf.Tensor2D =>
    corruptBatch(x, opts.noise, level, seed ?? nextSeed());
  return {
    ...base,
    corrupt,
    trainLoss(x: tf.Tensor2D): StepLoss {
      const noisy = corrupt(x);
      return { total: reconstructionLoss(loss, x, core.logits(core.encode(noisy))), input: noisy };
    },
  };
}
