// The training step the app runs, in one place: the trainer calls it for every batch and the
// tests step models through it, so what they check is what trains in the browser.
import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from '../model/types';
import type { StepOptimizer } from './adam';

/** What one step hands back. The caller owns every tensor in it and must dispose them. */
export interface StepResult {
  /** The batch's total loss, a scalar, computed before the update. */
  loss: tf.Scalar;
  /** The loss's named parts (scalars; see StepLoss.parts), or null when the model has none. */
  parts: Record<string, tf.Scalar> | null;
}

/**
 * One optimizer step on a batch: `model.trainLoss(x)`, its gradients with respect to
 * `model.variables`, and `optimizer.apply` (which must have been made for those variables, in
 * that order). Nothing is read back, so a caller can queue many steps on the backend and then
 * wait for a single readback; every tensor made here but the returned ones is disposed.
 *
 * @param x [batch, 784] pixel values in [0,1]; not disposed.
 * @returns the total loss [] and the named parts, each [].
 */
export function trainingStep(
  model: Autoencoder,
  optimizer: StepOptimizer,
  x: tf.Tensor2D,
): StepResult {
  let parts: Record<string, tf.Scalar> | null = null;
  const loss = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const l = model.trainLoss(x);
      if (l.parts) {
        // The tape's tidy disposes everything but the total, so the parts are kept. Each is a
        // clone, a tensor of its own, so disposing the parts never touches the total or another
        // part, whatever tensors the model hands back.
        const kept: Record<string, tf.Scalar> = {};
        for (const [k, v] of Object.entries(l.parts)) kept[k] = tf.keep(v.clone());
        parts = kept;
      }
      return l.total;
    }, model.variables);
    optimizer.apply(model.variables.map((v) => grads[v.name]));
    return value;
  });
  return { loss, parts };
}
