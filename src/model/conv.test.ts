import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conv3x3,
  convChannels,
  convTranspose3x3,
  createConvAutoencoder,
  upsample2,
  upsampleConv3x3,
  type ConvPath,
} from './conv';
import { col2im, im2col, type WindowSpec } from './im2col';
import { countParams } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tinyBatch(n: number): tf.Tensor2D {
  const data = new Float32Array(n * 784);
  for (let r = 0; r < n; r++)
    for (let p = 0; p < 784; p++) data[r * 784 + p] = (p + r * 97) % 7 < 2 ? 1 : 0;
  return tf.tensor2d(data, [n, 784]);
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

type Layer = Parameters<typeof conv3x3>[1];

describe('convolutional autoencoder', () => {
  it('scales its channels with the hidden width, within [8, 64]', () => {
    expect(convChannels(256)).toEqual([16, 32]);
    expect(convChannels(32)).toEqual([8, 8]);
    expect(convChannels(2048)).toEqual([64, 64]);
  });

  it('upsamples by repeating each pixel 2×2, with the right gradient for a batch', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1]);
    const y = upsample2(x);
    expect(y.shape).toEqual([2, 4, 4, 1]);
    expect(Array.from(y.dataSync()).slice(0, 16)).toEqual([
      1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4,
    ]);
    // The gradient sums each 2×2 block of the upstream gradient.
    const r = tf.reshape(tf.range(0, 32), [2, 4, 4, 1]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(upsample2(t as tf.Tensor4D), r)))(x);
    expect(Array.from(g.dataSync())).toEqual([10, 18, 42, 50, 74, 82, 106, 114]);
    tf.dispose([x, y, r, g]);
  });

  it('gathers windows with zero padding, and col2im is its adjoint', () => {
    // One 3×3 image, channels 1, window 2 at stride 1 with one pixel of padding before.
    const spec: WindowSpec = { n: 1, h: 3, w: 3, c: 1, k: 2, stride: 1, pad: 1, oh: 3, ow: 3 };
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const cols = im2col(x, spec);
    // Window (0,0) covers rows −1..0, columns −1..0; window (2,2) covers the 2×2 block 5 6 8 9.
    expect(Array.from(cols.slice(0, 4))).toEqual([0, 0, 0, 1]);
    expect(Array.from(cols.slice(32, 36))).toEqual([5, 6, 8, 9]);
    // ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩ for a strided layout with channels.
    const big: WindowSpec = { n: 2, h: 6, w: 6, c: 3, k: 3, stride: 2, pad: 1, oh: 3, ow: 3 };
    const rnd = (len: number, seed: number) =>
      Float32Array.from({ length: len }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
    const xs = rnd(2 * 6 * 6 * 3, 1);
    const ys = rnd(2 * 3 * 3 * 27, 2);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(dot(im2col(xs, big), ys)).toBeCloseTo(dot(xs, col2im(ys, big)), 4);
  });

  it.each([
    ['conv3x3 stride 2', (x: tf.Tensor4D, l: Layer, p: ConvPath) => conv3x3(x, l, 2, 'relu', p)],
    ['conv3x3 stride 1', (x: tf.Tensor4D, l: Layer, p: ConvPath) => conv3x3(x, l, 1, 'linear', p)],
    ['conv3x3 tanh', (x: tf.Tensor4D, l: Layer, p: ConvPath) => conv3x3(x, l, 2, 'tanh', p)],
    [
      'transposed conv sigmoid',
      (x: tf.Tensor4D, l: Layer, p: ConvPath) => convTranspose3x3(x, l, 'sigmoid', p),
    ],
    [
      'transposed conv',
      (x: tf.Tensor4D, l: Layer, p: ConvPath) => convTranspose3x3(x, l, 'relu', p),
    ],
    [
      'upsample + conv',
      (x: tf.Tensor4D, l: Layer, p: ConvPath) => upsampleConv3x3(x, l, 'linear', p),
    ],
  ])('%s: im2col matches tfjs in value and gradients (3 → 5 channels)', (_, layer) => {
    const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 5], 0, 1, 'float32', 8) as tf.Tensor4D;
    const b = tf.randomNormal([5], 0, 1, 'float32', 9) as tf.Tensor1D;
    const run = (path: ConvPath) =>
      tf.tidy(() => {
        const f = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) =>
          layer(xi as tf.Tensor4D, { w: wi, b: bi } as unknown as Layer, path);
        const y = f(x, w, b);
        // A fixed, position-dependent weighting so every output element matters.
        const r = tf.sin(tf.reshape(tf.range(0, y.size), y.shape));
        const g = tf.grads((xi, wi, bi) => tf.sum(tf.mul(f(xi, wi, bi), r)))([x, w, b]);
        return [y, ...g].map((t) => Array.from(t.dataSync()));
      });
    const native = run('native');
    const portable = run('portable');
    native.forEach((a, i) => {
      const scale = Math.max(...a.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      const diff = Math.max(...a.map((v, j) => Math.abs(v - portable[i]![j]!)));
      expect(diff).toBeLessThan(1e-4 * scale);
    });
    tf.dispose([x, w, b]);
  });

  it('has the architecture it documents', () => {
    const m = createConvAutoencoder({ hidden: 256, latent: 32, seed: 1 });
    expect(m.variables.map((v) => v.shape)).toEqual([
      [3, 3, 1, 16],
      [16],
      [3, 3, 16, 32],
      [32],
      [7 * 7 * 32, 32],
      [32],
      [32, 7 * 7 * 32],
      [7 * 7 * 32],
      [3, 3, 32, 16],
      [16],
      [3, 3, 16, 1],
      [1],
    ]);
    expect(countParams(m)).toBe(111_521);
    m.dispose();
  });

  it.each(['relu', 'tanh'] as const)(
    'gives the same outputs and gradients on the native and the portable path (%s)',
    (activation) => {
      // The portable path (hand-written conv gradient) is what wasm and cpu train with; tfjs's own
      // conv2d gradients are the reference.
      const opts = { hidden: 32, latent: 3, seed: 4, activation };
      const native = createConvAutoencoder({ ...opts, convPath: 'native' });
      const portable = createConvAutoencoder({ ...opts, convPath: 'portable' });
      const x = tinyBatch(3);
      const a = tf.tidy(() => tf.variableGrads(() => native.trainLoss(x).total, native.variables));
      const b = tf.tidy(() =>
        tf.variableGrads(() => portable.trainLoss(x).total, portable.variables),
      );
      expect(maxDiff(a.value, b.value)).toBeLessThan(1e-6);
      native.variables.forEach((v, i) => {
        const ga = a.grads[v.name]!;
        const gb = b.grads[portable.variables[i]!.name]!;
        const scale = tf.tidy(() => tf.max(tf.abs(ga)).dataSync()[0]!);
        expect(scale).toBeGreaterThan(0);
        expect(maxDiff(ga, gb)).toBeLessThan(1e-4 * scale + 1e-7);
      });
      const ya = tf.tidy(() => native.decode(native.encode(x)));
      const yb = tf.tidy(() => portable.decode(portable.encode(x)));
      expect(maxDiff(ya, yb)).toBeLessThan(1e-5);
      tf.dispose([a.value, b.value, ya, yb, x]);
      tf.dispose(Object.values(a.grads));
      tf.dispose(Object.values(b.grads));
      native.dispose();
      portable.dispose();
    },
  );

  it('trains on the wasm backend, which has no Conv2DBackpropFilter kernel', async () => {
    const grads = async (backend: string) => {
      expect(await tf.setBackend(backend)).toBe(true);
      const model = createConvAutoencoder({ hidden: 32, latent: 3, seed: 4 });
      // Nonzero biases, so no ReLU input is exactly 0, where backends pick different
      // subgradients (the zero-bias model has many: convolutions of all-zero patches).
      tf.tidy(() =>
        model.variables
          .filter((v) => v.rank === 1)
          .forEach((v, i) => v.assign(tf.randomUniform(v.shape, 0.01, 0.02, 'float32', i))),
      );
      const x = tinyBatch(2);
      const { value, grads } = tf.variableGrads(() => model.trainLoss(x).total, model.variables);
      const out = [value, ...model.variables.map((v) => grads[v.name]!)].map((t) =>
        Array.from(t.dataSync()),
      );
      tf.dispose([value, x, ...Object.values(grads)]);
      model.dispose();
      return out;
    };
    try {
      const onWasm = await grads('wasm');
      const onCpu = await grads('cpu');
      onCpu.forEach((g, i) => {
        const scale = Math.max(...g.map(Math.abs));
        const diff = Math.max(...g.map((v, j) => Math.abs(v - onWasm[i]![j]!)));
        expect(diff).toBeLessThanOrEqual(1e-3 * scale + 1e-7);
      });
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('scores binary cross-entropy from its logits', () => {
    const model = createConvAutoencoder({ hidden: 32, latent: 3, seed: 4, loss: 'bce' });
    expect(model.lossName).toBe('BCE');
    const x = tinyBatch(2);
    const loss = tf.tidy(() => model.trainLoss(x).total.dataSync()[0]!);
    // Untrained logits are near 0, so the BCE is near log 2.
    expect(loss).toBeGreaterThan(0.6);
    expect(loss).toBeLessThan(0.8);
    x.dispose();
    model.dispose();
  });
});
