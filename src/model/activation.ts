// A layer's activation, applied after its affine map. ReLU and linear run inside tfjs's fused
// kernels (and our own dense ops), whose gradients know only those two; sigmoid and tanh follow
// the fused product as an elementwise op of their own.
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationKind } from './config';

/** The activations a fused kernel applies and differentiates itself. */
export type FusedActivation = 'relu' | 'linear';

export function isFused(activation: ActivationKind): activation is FusedActivation {
  return activation === 'relu' || activation === 'linear';
}

/** The activation on its own, elementwise. */
export function activate<T extends tf.Tensor>(x: T, activation: ActivationKind): T {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'linear':
      return x;
    default: {
      const unknown: never = activation;
      throw new Error(`Unknown activation: ${String(unknown)}`);
    }
  }
}
