import type * as tf from '@tensorflow/tfjs-core';

/** The loss of one training step: the total that is minimised, and its named parts. */
export interface StepLoss {
  total: tf.Scalar;
}

/**
 * What the trainer drives. Every variant implements this; the trainer never asks which one it is.
 * All tensors are float32; x is [batch, 784] with values in [0,1].
 */
export interface Autoencoder {
  readonly latentSize: number;
  /** Trainable variables, owned by the model (disposed by `dispose`). */
  readonly variables: tf.Variable[];
  /** @returns [batch, latent] the code (the mean for a variational model). */
  encode(x: tf.Tensor2D): tf.Tensor2D;
  /** @returns [batch, 784] pixel values in [0,1]. */
  decode(z: tf.Tensor2D): tf.Tensor2D;
  /** The training objective for one batch; may be stochastic. Call inside tf.tidy. */
  trainLoss(x: tf.Tensor2D): StepLoss;
  dispose(): void;
}

export function countParams(model: Autoencoder): number {
  return model.variables.reduce((n, v) => n + v.size, 0);
}
