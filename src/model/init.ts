import * as tf from '@tensorflow/tfjs-core';
// Gradients are registered separately from tfjs-core's ops; training needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';

/**
 * Glorot-uniform weights from our seeded RNG, so a seed gives the same model on every backend.
 * `gain` widens the range: Glorot and Bengio (2010) suggest 4 for a layer with a sigmoid.
 * @returns a trainable variable [fanIn, fanOut]
 */
export function glorotVariable(
  fanIn: number,
  fanOut: number,
  rng: () => number,
  name: string,
  gain = 1,
): tf.Variable<tf.Rank.R2> {
  const limit = gain * Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = (rng() * 2 - 1) * limit;
  return ownedVariable(tf.tensor2d(values, [fanIn, fanOut]), name);
}

/** @returns a trainable zero bias [size] */
export function zeroBias(size: number, name: string): tf.Variable<tf.Rank.R1> {
  return ownedVariable(tf.zeros([size]), name);
}

let uid = 0;
/** Variable names must be unique in the tfjs engine; a rebuilt model gets fresh ones. */
export function uniqueName(base: string): string {
  uid += 1;
  return `${base}_${uid}`;
}

/** tf.variable keeps its initial tensor alive as a separate handle; drop it so nothing leaks. */
export function ownedVariable<R extends tf.Rank>(
  initial: tf.Tensor<R>,
  name: string,
): tf.Variable<R> {
  const v = tf.variable(initial, true, name);
  initial.dispose();
  return v;
}
