import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_MODEL } from './config';
import { createDenseCore, fromCore, nonNegative, type DenseOptions } from './dense';
import { lossLabel, meanAbs, reconstructionLoss } from './losses';
import type { Autoencoder, StepLoss } from './types';

export interface SparseOptions extends DenseOptions {
  /** λ of the L1 activity penalty λ·mean|z| (mean over batch and code units). */
  sparsity: number;
}

/**
 * The dense autoencoder with an L1 penalty on its code: total = reconstruction + λ·mean|z|.
 * Parts: `reconstruction`, and `sparsity` = λ·mean|z| (so the parts sum to the total).
 */
export function createSparseAutoencoder(opts: SparseOptions): Autoencoder {
  const loss = opts.loss ?? 'mse';
  const core = createDenseCore(opts);
  const base = fromCore(core, loss);
  const lambda = nonNegative(opts.sparsity, DEFAULT_MODEL.sparsity);
  return {
    ...base,
    lossName: `${lossLabel(loss)} + λ·L1`,
    trainLoss(x: tf.Tensor2D): StepLoss {
      const z = core.encode(x);
      const reconstruction = reconstructionLoss(loss, x, core.logits(z));
      const sparsity = tf.mul(meanAbs(z), lambda) as tf.Scalar;
      return { total: tf.add(reconstruction, sparsity), parts: { reconstruction, sparsity } };
    },
  };
}
