import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseDataInput, denseExplicitTranspose } from './denseOp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('denseExplicitTranspose', () => {
  // [batch, in, out]: a layer wider in than out, and a tall, wide x with few outputs (im2col).
  it.each([
    [true, [5, 7, 3]],
    [false, [5, 7, 3]],
    [true, [20, 9, 2]],
    [false, [20, 9, 2]],
  ] as const)('matches the fused kernel in value and gradients (relu=%s, %j)', (relu, dims) => {
    const [n, fanIn, fanOut] = dims;
    const x = tf.randomNormal([n, fanIn], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([fanIn, fanOut], 0, 1, 'float32', 2) as tf.Tensor2D;
    const b = tf.randomNormal([fanOut], 0, 1, 'float32', 3) as tf.Tensor1D;
    const target = tf.randomNormal([n, fanOut], 0, 1, 'float32', 4);
    const lossOf = (f: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D) =>
      tf.grads((xi, wi, bi) =>
        tf.sum(tf.mul(f(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D), target)),
      )([x, w, b]);
    const fused = (xi: tf.Tensor2D, wi: tf.Tensor2D, bi: tf.Tensor1D) =>
      tf.fused.matMul({
        a: xi,
        b: wi,
        bias: bi,
        activation: relu ? 'relu' : 'linear',
      }) as tf.Tensor2D;
    const ours = (xi: tf.Tensor2D, wi: tf.Tensor2D, bi: tf.Tensor1D) =>
      denseExplicitTranspose(xi, wi, bi, relu);
    const y1 = fused(x, w, b).arraySync();
    const y2 = ours(x, w, b).arraySync();
    expect(
      y2
        .flat()
        .map((v, i) => v - y1.flat()[i]!)
        .every((d) => Math.abs(d) < 1e-5),
    ).toBe(true);
    const g1 = lossOf(fused);
    const g2 = lossOf(ours);
    g1.forEach((g, i) => {
      const a = g.dataSync();
      const c = g2[i]!.dataSync();
      expect(c.length).toBe(a.length);
      for (let j = 0; j < a.length; j++) expect(c[j]).toBeCloseTo(a[j]!, 4);
    });
    // ReLU really gates: some pre-activations are negative for this seed.
    if (relu) expect(Math.min(...fused(x, w, b).dataSync())).toBe(0);
  });

  it('leaks no tensors through a gradient step', () => {
    const w = tf.variable(tf.randomNormal([4, 2], 0, 1, 'float32', 5));
    const b = tf.variable(tf.zeros([2]));
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 6) as tf.Tensor2D;
    const opt = tf.train.sgd(0.1);
    const step = () =>
      tf.tidy(() => {
        opt.minimize(() =>
          tf.sum(denseExplicitTranspose(x, w as tf.Tensor2D, b as tf.Tensor1D, true)),
        );
      });
    step();
    const before = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('denseDataInput', () => {
  it.each([
    [true, true],
    [true, false],
    [false, true],
    [false, false],
  ] as const)(
    'matches the fused kernel in value and in the W and b gradients (relu=%s, explicit transpose=%s)',
    (relu, explicit) => {
      const x = tf.randomNormal([6, 5], 0, 1, 'float32', 11) as tf.Tensor2D;
      const w = tf.randomNormal([5, 3], 0, 1, 'float32', 12) as tf.Tensor2D;
      const b = tf.randomNormal([3], 0, 1, 'float32', 13) as tf.Tensor1D;
      const target = tf.randomNormal([6, 3], 0, 1, 'float32', 14);
      const activation = relu ? 'relu' : 'linear';
      const fused = (wi: tf.Tensor2D, bi: tf.Tensor1D) =>
        tf.fused.matMul({ a: x, b: wi, bias: bi, activation }) as tf.Tensor2D;
      const ours = (wi: tf.Tensor2D, bi: tf.Tensor1D) => denseDataInput(x, wi, bi, relu, explicit);
      const gradsOf = (f: (wi: tf.Tensor2D, bi: tf.Tensor1D) => tf.Tensor2D) =>
        tf.grads((wi, bi) => tf.sum(tf.mul(f(wi as tf.Tensor2D, bi as tf.Tensor1D), target)))([
          w,
          b,
        ]);
      const y1 = fused(w, b).dataSync();
      const y2 = ours(w, b).dataSync();
      y1.forEach((v, i) => expect(y2[i]).toBeCloseTo(v, 5));
      const g1 = gradsOf(fused);
      const g2 = gradsOf(ours);
      expect(g2.map((g) => g.shape)).toEqual([[5, 3], [3]]);
      g1.forEach((g, i) => {
        const a = g.dataSync();
        const c = g2[i]!.dataSync();
        for (let j = 0; j < a.length; j++) expect(c[j]).toBeCloseTo(a[j]!, 4);
      });
      if (relu) expect(Math.min(...y1)).toBe(0);
    },
  );

  it("differentiates an input made inside the loss (a denoiser's noisy copy) and leaks nothing", () => {
    const w = tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 21));
    const b = tf.variable(tf.zeros([3]));
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 22) as tf.Tensor2D;
    const lossWith = (op: (xi: tf.Tensor2D) => tf.Tensor2D) => () =>
      tf.sum(tf.square(op(tf.add(x, 0.5) as tf.Tensor2D))) as tf.Scalar;
    const ours = lossWith((xi) =>
      denseDataInput(xi, w as tf.Tensor2D, b as tf.Tensor1D, true, true),
    );
    const fused = lossWith(
      (xi) => tf.fused.matMul({ a: xi, b: w, bias: b, activation: 'relu' }) as tf.Tensor2D,
    );
    const expected = tf.variableGrads(fused, [w, b]).grads;
    const got = tf.variableGrads(ours, [w, b]).grads;
    for (const name of Object.keys(expected)) {
      const a = expected[name]!.dataSync();
      const c = got[name]!.dataSync();
      for (let j = 0; j < a.length; j++) expect(c[j]).toBeCloseTo(a[j]!, 4);
    }
    const opt = tf.train.adam(0.01);
    const step = () => tf.tidy(() => void opt.minimize(ours, false, [w, b]));
    step();
    const before = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses, loudly, a gradient with respect to its input', () => {
    const w = tf.ones([2, 2]) as tf.Tensor2D;
    const b = tf.zeros([2]) as tf.Tensor1D;
    const dx = tf.grad((xi) => tf.sum(denseDataInput(xi as tf.Tensor2D, w, b, false, false)));
    expect(() => dx(tf.ones([1, 2]))).toThrow(/gradient/i);
  });
});
