import type * as tf from '@tensorflow/tfjs-core';

/** The loss of one training step: the total that is minimised, and its named parts. */
export interface StepLoss {
  total: tf.Scalar;
  /**
   * Named terms of the objective, for the chart; absent when the total is the reconstruction
   * alone. Sparse: `{ reconstruction, sparsity }` with sparsity = λ·mean|z|, so the parts sum to
   * the total. Variational: `{ reconstruction, kl }` with kl the unweighted KL divergence per
   * digit, so total = reconstruction + β·kl.
   */
  parts?: Record<string, tf.Scalar>;
  /**
   * What the model encoded, when that is not x itself: the denoiser's corrupted copy of the
   * batch. Only a reference to a tensor the loss made anyway; disposed with the step's other
   * intermediates unless the caller keeps it.
   */
  input?: tf.Tensor2D;
}

/** Summary statistics of the code for a batch; every model offers them. */
export interface CodeStats {
  /**
   * The mean fraction of near-zero code units: |z_ij| ≤ NEAR_ZERO_RELATIVE · max_j |z_ij|, the
   * maximum taken over the code of the same digit (so the measure ignores the code's scale).
   */
  nearZero: tf.Scalar;
}

/**
 * What the trainer drives. Every variant implements this; the trainer never asks which one it is.
 * All tensors are float32; x is [batch, 784] with values in [0,1].
 */
export interface Autoencoder {
  readonly latentSize: number;
  /** What `trainLoss(x).total` measures, for the chart's y axis (e.g. 'MSE', 'ELBO (BCE + β·KL)'). */
  readonly lossName: string;
  /**
   * Trainable variables, owned by the model (disposed by `dispose`). Their order and shapes
   * depend only on the model's config, so a snapshot can be assigned to a rebuilt model.
   */
  readonly variables: tf.Variable[];
  /** @returns [batch, latent] the code (the mean for a variational model). */
  encode(x: tf.Tensor2D): tf.Tensor2D;
  /** @returns [batch, 784] pixel values in [0,1]. */
  decode(z: tf.Tensor2D): tf.Tensor2D;
  /** The training objective for one batch; may be stochastic. Call inside tf.tidy. */
  trainLoss(x: tf.Tensor2D): StepLoss;
  /**
   * Denoising models: the corruption applied in training, [batch, 784] in [0,1]. Without a seed
   * each call draws fresh noise; with one the result is reproducible. Call inside tf.tidy.
   */
  corrupt?(x: tf.Tensor2D, seed?: number): tf.Tensor2D;
  /** Generative models: decodes n codes drawn from N(0, I). @returns [n, 784] in [0,1]. */
  sample?(n: number, seed: number): tf.Tensor2D;
  /** Statistics of the code of x (see CodeStats); the caller disposes them. */
  codeStats?(x: tf.Tensor2D): CodeStats;
  dispose(): void;
}

export function countParams(model: Autoencoder): number {
  return model.variables.reduce((n, v) => n + v.size, 0);
}
