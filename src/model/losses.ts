// Loss terms shared by every variant. Decoders produce logits; the reconstruction losses take
// logits so binary cross-entropy is computed stably and MSE applies the sigmoid itself.
import * as tf from '@tensorflow/tfjs-core';
import type { LossKind } from './config';

/** How a reconstruction error is reduced to a scalar. */
export type Reduction =
  /** The mean over batch and pixels (the usual per-pixel loss). */
  | 'mean'
  /** The sum over the pixels of each example, averaged over the batch (the ELBO's scale). */
  | 'sumPerExample';

/** @returns 'MSE' or 'BCE', the short name of a reconstruction loss. */
export function lossLabel(loss: LossKind): string {
  return loss === 'bce' ? 'BCE' : 'MSE';
}

/**
 * Binary cross-entropy of targets x in [0,1] against sigmoid(logits), elementwise, computed
 * stably as max(l,0) − l·x + log(1 + exp(−|l|)).
 */
export function bceWithLogits(x: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.add(
    tf.sub(tf.relu(logits), tf.mul(logits, x)),
    tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
  );
}

/** The elementwise reconstruction error of x against the decoder's logits. */
export function reconstructionError(loss: LossKind, x: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return loss === 'bce' ? bceWithLogits(x, logits) : tf.squaredDifference(tf.sigmoid(logits), x);
}

/** The reconstruction loss of x [batch, d] against the decoder's logits [batch, d]. */
export function reconstructionLoss(
  loss: LossKind,
  x: tf.Tensor2D,
  logits: tf.Tensor2D,
  reduction: Reduction = 'mean',
): tf.Scalar {
  const err = reconstructionError(loss, x, logits);
  return reduction === 'mean' ? tf.mean(err) : tf.mean(tf.sum(err, 1));
}

/**
 * KL(N(μ, σ²) ‖ N(0, I)) per example, averaged over the batch:
 * mean_b −½·Σ_j (1 + logvar − μ² − exp(logvar)).
 */
export function klDivergence(mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Scalar {
  const perUnit = tf.sub(tf.sub(tf.add(logvar, 1), tf.square(mu)), tf.exp(logvar));
  return tf.mul(tf.mean(tf.sum(perUnit, 1)), -0.5);
}

/** The L1 activity penalty's base: mean |z| over batch and units. */
export function meanAbs(z: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.abs(z));
}

/** A code unit counts as near zero when |z| ≤ this fraction of the digit's largest |z|. */
export const NEAR_ZERO_RELATIVE = 0.01;

/**
 * The mean fraction of near-zero code units: |z_ij| ≤ NEAR_ZERO_RELATIVE · max_j |z_ij|, the
 * maximum taken per row (digit), so the measure does not depend on the code's scale. A row of
 * all zeros counts as all near zero.
 */
export function nearZeroFraction(z: tf.Tensor2D, relative = NEAR_ZERO_RELATIVE): tf.Scalar {
  return tf.tidy(() => {
    const a = tf.abs(z);
    const limit = tf.mul(tf.max(a, 1, true), relative);
    return tf.mean(tf.cast(tf.lessEqual(a, limit), 'float32'));
  });
}
