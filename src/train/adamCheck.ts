// A side-by-side run of our Adam and tf.train.adam, shared by the unit tests (cpu, wasm) and the
// browser check page for WebGL (e2e/pages/adam.ts). Not part of the app.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createAdam } from './adam';

/** Two variables, a matrix and a vector, with fixed starting values. */
export function makeVariables(tag: string): tf.Variable[] {
  return [
    tf.variable(tf.randomNormal([6, 5], 0, 1, 'float32', 1), true, `w_${tag}`),
    tf.variable(tf.randomNormal([5], 0, 1, 'float32', 2), true, `b_${tag}`),
  ];
}

/** Gradients of a loss that moves differently at every step (k), in the variables' order. */
export function gradsAt(vars: tf.Variable[], k: number): tf.Tensor[] {
  const { grads } = tf.variableGrads(() => {
    const x = tf.randomNormal([4, 6], 0, 1, 'float32', 10 + k);
    const y = tf.add(tf.matMul(x, vars[0]!), vars[1]!);
    return tf.mean(tf.square(tf.sub(y, k % 3))) as tf.Scalar;
  }, vars);
  return vars.map((v) => grads[v.name]!);
}

/**
 * Runs tfjs's Adam and ours side by side from the same start on the same gradients (the learning
 * rate changes halfway, as the slider does). Returns the largest difference in the weights, the
 * largest distance they moved, which implementation ran, and the tensor count after the first
 * step (when tfjs's Adam makes its slots) and after the last.
 */
export function compareWithTfAdam(backend: string): {
  maxDiff: number;
  moved: number;
  kind: string;
  tensorsAfterFirst: number;
  tensorsAtEnd: number;
} {
  const ours = makeVariables(`ours_${backend}`);
  const ref = makeVariables(`ref_${backend}`);
  const start = ours.map((v) => v.dataSync().slice());
  const opt = createAdam(ours, 0.05, backend);
  const refOpt = tf.train.adam(0.05);
  let tensorsAfterFirst = 0;
  for (let k = 0; k < 12; k++) {
    if (k === 6) {
      opt.learningRate = 0.01;
      (refOpt as unknown as { learningRate: number }).learningRate = 0.01;
    }
    tf.tidy(() => {
      const g = gradsAt(ours, k);
      opt.apply(g);
      const gr = gradsAt(ref, k);
      refOpt.applyGradients(ref.map((v, i) => ({ name: v.name, tensor: gr[i]! })));
    });
    if (k === 0) tensorsAfterFirst = tf.memory().numTensors;
  }
  const tensorsAtEnd = tf.memory().numTensors;
  let maxDiff = 0;
  let moved = 0;
  ours.forEach((v, i) => {
    const a = v.dataSync();
    const b = ref[i]!.dataSync();
    a.forEach((x, j) => {
      maxDiff = Math.max(maxDiff, Math.abs(x - b[j]!));
      moved = Math.max(moved, Math.abs(x - start[i]![j]!));
    });
  });
  opt.dispose();
  refOpt.dispose();
  for (const v of [...ours, ...ref]) v.dispose();
  return { maxDiff, moved, kind: opt.kind, tensorsAfterFirst, tensorsAtEnd };
}
