// The contract every variant keeps with the trainer and the inference worker, through createModel.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type LossKind, type ModelConfig, type ModelKind } from './config';
import { createModel } from './index';
import { countParams } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A fixed batch of "digits": a horizontal and a vertical bar, placed differently in each row. */
function strokeBatch(n: number): tf.Tensor2D {
  const data = new Float32Array(n * 784);
  for (let r = 0; r < n; r++) {
    const row = 5 + ((r * 5) % 18);
    const col = 5 + ((r * 7) % 18);
    for (let i = 0; i < 28; i++)
      for (let j = 0; j < 28; j++) {
        const across = Math.abs(i - row) <= 1 && j >= 4 && j < 24;
        const down = Math.abs(j - col) <= 1 && i >= 4 && i < 24;
        data[r * 784 + i * 28 + j] = across || down ? 1 : 0;
      }
  }
  return tf.tensor2d(data, [n, 784]);
}

const config = (kind: ModelKind, loss: LossKind): ModelConfig => ({
  ...DEFAULT_MODEL,
  kind,
  loss,
  hidden: 16,
  latent: 4,
  depth: 2,
  seed: 5,
  noiseLevel: 0.2,
  sparsity: 1e-2,
});

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

const CASES: [ModelKind, LossKind][] = [
  ['dense', 'mse'],
  ['dense', 'bce'],
  ['conv', 'mse'], // conv with BCE: see conv.test.ts (a conv step costs ~10 dense ones on cpu)
  ['denoising', 'mse'],
  ['denoising', 'bce'],
  ['sparse', 'mse'],
  ['sparse', 'bce'],
  ['vae', 'mse'],
  ['vae', 'bce'],
];

describe('createModel', () => {
  it.each(CASES)('%s (%s) keeps the contract', (kind, loss) => {
    const cfg = config(kind, loss);
    const model = createModel(cfg);
    const x = strokeBatch(8);
    expect(model.latentSize).toBe(4);
    expect(model.lossName.length).toBeGreaterThan(0);

    // Shapes and range.
    const y = tf.tidy(() => model.decode(model.encode(x)));
    expect(y.shape).toEqual([8, 784]);
    const values = y.dataSync();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    y.dispose();

    // Falling loss on a fixed batch; no tensor survives a step once Adam's slots exist.
    const opt = tf.train.adam(1e-2);
    const step = () =>
      tf.tidy(() => opt.minimize(() => model.trainLoss(x).total, true, model.variables)!);
    step().dispose();
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const l = step();
      losses.push(l.dataSync()[0]!);
      l.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-3))).toBeLessThan(mean(losses.slice(0, 3)) * 0.8);

    // Parts are scalars that make up the total (sparse: their sum; vae: recon + β·kl, β = 1).
    const terms = tf.tidy(() => {
      const l = model.trainLoss(x);
      return [l.total, ...Object.values(l.parts ?? {})];
    });
    const [total, ...parts] = terms.map((t) => t.dataSync()[0]!);
    tf.dispose(terms);
    expect(tf.memory().numTensors).toBe(before);
    if (kind === 'sparse' || kind === 'vae') {
      expect(parts).toHaveLength(2);
      expect(parts[0]! + parts[1]!).toBeCloseTo(total!, 3);
    } else expect(parts).toHaveLength(0);

    // The code statistics are a fraction.
    const nearZero = tf.tidy(() => model.codeStats!(x).nearZero.dataSync()[0]!);
    expect(nearZero).toBeGreaterThanOrEqual(0);
    expect(nearZero).toBeLessThanOrEqual(1);
    expect(tf.memory().numTensors).toBe(before);

    // A model rebuilt from the same config takes the trained weights, in order, and then
    // reconstructs exactly as the original does (what the inference worker relies on).
    const twin = createModel(cfg);
    expect(twin.variables.map((v) => v.shape)).toEqual(model.variables.map((v) => v.shape));
    expect(countParams(twin)).toBe(countParams(model));
    const a = tf.tidy(() => model.decode(model.encode(x)));
    const fresh = tf.tidy(() => twin.decode(twin.encode(x)));
    expect(tf.max(tf.abs(tf.sub(a, fresh))).dataSync()[0]!).toBeGreaterThan(1e-4);
    tf.tidy(() => twin.variables.forEach((v, i) => v.assign(model.variables[i]!)));
    const b = tf.tidy(() => twin.decode(twin.encode(x)));
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));

    tf.dispose([a, b, fresh, x]);
    opt.dispose();
    twin.dispose();
    model.dispose();
  });

  it('builds each kind with the parameter count its architecture implies', () => {
    const at = (kind: ModelKind, extra: Partial<ModelConfig> = {}) => {
      const m = createModel({ ...DEFAULT_MODEL, kind, hidden: 256, latent: 32, ...extra });
      const n = countParams(m);
      m.dispose();
      return n;
    };
    const dense1 = 784 * 256 + 256 + 256 * 32 + 32 + 32 * 256 + 256 + 256 * 784 + 784;
    expect(at('dense', { depth: 1 })).toBe(dense1);
    expect(at('denoising', { depth: 1 })).toBe(dense1);
    expect(at('sparse', { depth: 1 })).toBe(dense1);
    // The VAE adds the log-variance head.
    expect(at('vae', { depth: 1 })).toBe(dense1 + 256 * 32 + 32);
    // conv 1→16, 16→32, dense 1568→32, dense 32→1568, conv 32→16, conv 16→1.
    expect(at('conv')).toBe(
      9 * 16 +
        16 +
        9 * 16 * 32 +
        32 +
        1568 * 32 +
        32 +
        32 * 1568 +
        1568 +
        9 * 32 * 16 +
        16 +
        9 * 16 +
        1,
    );
  });

  it('offers corrupt only on the denoising model and sample only on the variational one', () => {
    for (const kind of ['dense', 'conv', 'denoising', 'sparse', 'vae'] as const) {
      const m = createModel({ ...config(kind, 'mse') });
      expect(typeof m.corrupt === 'function').toBe(kind === 'denoising');
      expect(typeof m.sample === 'function').toBe(kind === 'vae');
      m.dispose();
    }
  });
});
