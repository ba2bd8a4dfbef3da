// The layer-by-layer run of the exported plan: the same code and reconstruction as the model's
// own encode and decode, for every kind; a dense layer's output as computed by hand.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, MODEL_KINDS, type ModelConfig } from './config';
import { traceLayers } from './forward';
import { createModel } from './index';
import { CODE_NAME, layersPlan, LOG_VARIANCE_NAME, RECONSTRUCTION_NAME } from './layersPlan';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function digit(seed: number): Float32Array {
  const x = new Float32Array(784);
  let s = seed;
  for (let i = 0; i < 784; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[i] = (s % 1000) / 1000;
  }
  return x;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** Every kind with ReLU, and with one of the other activations in turn. */
const CASES = MODEL_KINDS.flatMap((kind, i) => [
  [kind, 'relu'] as const,
  [kind, (['sigmoid', 'tanh', 'linear'] as const)[i % 3]!] as const,
]);

describe('traceLayers', () => {
  it.each(CASES)('%s, %s: the code and the reconstruction are the model’s own', (kind, act) => {
    const config: ModelConfig = {
      ...DEFAULT_MODEL,
      kind,
      activation: act,
      hidden: 64,
      latent: 5,
      depth: 2,
    };
    const model = createModel(config);
    // Biases start at zero: give them values, so a bias in the wrong place shows.
    tf.tidy(() =>
      model.variables.forEach((v, i) =>
        v.assign(tf.add(v, tf.randomNormal(v.shape, 0, 0.05, 'float32', i))),
      ),
    );
    const values = model.variables.map((v) => (v.dataSync() as Float32Array).slice());
    const x = digit(7);
    const before = tf.memory().numTensors;
    const traces = traceLayers(layersPlan(config), values, x);
    expect(tf.memory().numTensors).toBe(before);
    const byName = new Map(traces.map((t) => [t.name, t]));
    const [code, recon] = tf.tidy(() => {
      const z = model.encode(tf.tensor2d(x, [1, 784]));
      return [z.dataSync() as Float32Array, model.decode(z).dataSync() as Float32Array];
    });
    expect(maxDiff(byName.get(CODE_NAME)!.values, code!)).toBeLessThan(1e-5);
    expect(maxDiff(byName.get(RECONSTRUCTION_NAME)!.values, recon!)).toBeLessThan(1e-5);
    expect(byName.get(CODE_NAME)!.shape).toEqual([5]);
    if (kind === 'vae') expect(byName.get(LOG_VARIANCE_NAME)!.shape).toEqual([5]);
    // Every weight is some layer's: the parameter counts add up to the model's.
    const total = traces.reduce((n, t) => n + t.params, 0);
    expect(total).toBe(model.variables.reduce((n, v) => n + v.size, 0));
    model.dispose();
  });

  it('a dense layer outputs relu(x·W + b), as computed by hand', () => {
    const config: ModelConfig = { ...DEFAULT_MODEL, hidden: 32, latent: 3, depth: 1 };
    const plan = layersPlan(config);
    const values = plan.weights.map((w, i) => {
      const n = w.ourShape.reduce((a, b) => a * b, 1);
      return Float32Array.from({ length: n }, (_, j) => Math.sin(j * 0.37 + i) * 0.1);
    });
    const x = digit(3);
    const [kernel, bias] = [values[0]!, values[1]!];
    const hand = new Float32Array(32);
    for (let j = 0; j < 32; j++) {
      let s = bias[j]!;
      for (let i = 0; i < 784; i++) s += x[i]! * kernel[i * 32 + j]!;
      hand[j] = Math.max(0, s);
    }
    const first = traceLayers(plan, values, x)[1]!;
    expect(first).toMatchObject({ name: 'encoder_1', className: 'Dense', activation: 'relu' });
    expect(first.shape).toEqual([32]);
    expect(first.params).toBe(784 * 32 + 32);
    expect(maxDiff(first.values, hand)).toBeLessThan(1e-5);
  });
});
