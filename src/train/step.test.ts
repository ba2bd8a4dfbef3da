// Every variant, built by createModel and trained by the app's own step (trainingStep with
// createAdam, the SIMD kernel on cpu): the contract each keeps with the trainer and the inference
// worker. One file for all variants: each test file costs ~2 s of tfjs import here.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type LossKind, type ModelConfig, type ModelKind } from '../model/config';
import { createModel } from '../model';
import { createDenseAutoencoder } from '../model/dense';
import { createSparseAutoencoder } from '../model/sparse';
import { countParams, type Autoencoder } from '../model/types';
import { createAdam } from './adam';
import { PendingLosses } from './pendingLosses';
import { Readbacks } from './readback';
import { trainingStep } from './step';

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
const read = (t: tf.Tensor) => t.dataSync()[0]!;

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
  ['contractive', 'mse'],
  ['contractive', 'bce'],
];

/** The names of the parts each kind reports (sorted); none for the others. */
const PART_NAMES: Partial<Record<ModelKind, string[]>> = {
  sparse: ['reconstruction', 'sparsity'],
  vae: ['kl', 'reconstruction'],
  contractive: ['contraction', 'reconstruction'],
};

describe('createModel, trained by trainingStep', () => {
  it.each(CASES)('%s (%s) keeps the contract', (kind, loss) => {
    const cfg = config(kind, loss);
    const model = createModel(cfg);
    // A conv step costs ~10 dense ones on the cpu backend, so it gets a smaller batch.
    const n = kind === 'conv' ? 4 : 8;
    const x = strokeBatch(n);
    expect(model.latentSize).toBe(4);
    expect(model.lossName.length).toBeGreaterThan(0);

    // Shapes and range.
    const y = tf.tidy(() => model.decode(model.encode(x)));
    expect(y.shape).toEqual([n, 784]);
    const values = y.dataSync();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    y.dispose();

    // Falling loss on a fixed batch. The step leaves behind only what it hands back, from the
    // first step on (this Adam keeps its moments outside tfjs); its parts make up its total
    // (sparse: their sum; vae: recon + β·kl, β = 1).
    const opt = createAdam(model.variables, 1e-2);
    expect(opt.kind).toBe('wasm-simd');
    const before = tf.memory().numTensors;
    const names = PART_NAMES[kind] ?? [];
    const losses: number[] = [];
    for (let i = 0; i < 16; i++) {
      const { loss, parts } = trainingStep(model, opt, x);
      expect(tf.memory().numTensors).toBe(before + 1 + names.length);
      expect(Object.keys(parts ?? {}).sort()).toEqual(names);
      const total = read(loss);
      if (parts)
        expect(Object.values(parts).reduce((s, p) => s + read(p), 0)).toBeCloseTo(total, 4);
      losses.push(total);
      tf.dispose([loss, ...Object.values(parts ?? {})]);
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-3))).toBeLessThan(mean(losses.slice(1, 4)) * 0.8);

    // The model's own parts agree with its total, outside a step too.
    const terms = tf.tidy(() => {
      const l = model.trainLoss(x);
      return [l.total, ...Object.values(l.parts ?? {})];
    });
    const [total, ...parts] = terms.map(read);
    tf.dispose(terms);
    expect(tf.memory().numTensors).toBe(before);
    expect(parts).toHaveLength(names.length);
    if (parts.length === 2) expect(parts[0]! + parts[1]!).toBeCloseTo(total!, 3);

    // The code statistics are a fraction.
    const stats = model.codeStats!(x);
    const nearZero = read(stats.nearZero);
    stats.nearZero.dispose();
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
});

describe('trainingStep', () => {
  it('hands back the loss before the update and its parts, and moves every variable', () => {
    const model = createSparseAutoencoder({ hidden: 16, latent: 4, seed: 1, sparsity: 0.1 });
    const opt = createAdam(model.variables, 1e-3);
    const x = tf.tidy(() => tf.randomUniform([4, 784], 0, 1, 'float32', 1)) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      // The sparse loss is deterministic, so the step's loss is this one, not the updated one.
      const expected = tf.tidy(() => {
        const l = model.trainLoss(x);
        return [l.total, l.parts!.reconstruction!, l.parts!.sparsity!].map(read);
      });
      const start = model.variables.map((v) => v.dataSync().slice());
      const { loss, parts } = trainingStep(model, opt, x);
      expect(Object.keys(parts!).sort()).toEqual(['reconstruction', 'sparsity']);
      expect(read(loss)).toBeCloseTo(expected[0]!, 6);
      expect(read(parts!.reconstruction!)).toBeCloseTo(expected[1]!, 6);
      expect(read(parts!.sparsity!)).toBeCloseTo(expected[2]!, 6);
      // Adam's first steps move every weight that has a gradient by about the learning rate.
      model.variables.forEach((v, k) => {
        const now = Array.from(v.dataSync());
        const moved = Math.max(...now.map((w, j) => Math.abs(w - start[k]![j]!)));
        expect(moved).toBeGreaterThan(1e-4);
      });
      tf.dispose([loss, ...Object.values(parts!)]);
      expect(tf.memory().numTensors).toBe(before);
    }
    x.dispose();
    opt.dispose();
    model.dispose();
  });

  it('gives each part a tensor of its own, even when the model hands back the total as one', () => {
    const dense = createDenseAutoencoder({ hidden: 8, latent: 2, seed: 2 });
    const aliasing: Autoencoder = {
      ...dense,
      trainLoss: (x) => {
        const total = dense.trainLoss(x).total;
        return { total, parts: { reconstruction: total } };
      },
    };
    const opt = createAdam(aliasing.variables, 1e-3);
    const x = tf.tidy(() => tf.randomUniform([2, 784], 0, 1, 'float32', 3)) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const { loss, parts } = trainingStep(aliasing, opt, x);
    const part = read(parts!.reconstruction!);
    parts!.reconstruction!.dispose();
    expect(loss.isDisposed).toBe(false);
    expect(read(loss)).toBe(part);
    loss.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    opt.dispose();
    aliasing.dispose();
  });
});

describe('PendingLosses', () => {
  it('reads the sums of the queued losses and parts at once, and frees them', async () => {
    const before = tf.memory().numTensors;
    const queue = new PendingLosses(new Readbacks());
    expect(await queue.read()).toBeNull();
    const step = (total: number, a: number) => ({
      loss: tf.scalar(total),
      parts: { a: tf.scalar(a), b: tf.scalar(total - a) },
    });
    queue.push(step(1, 0.25));
    queue.push(step(2, 0.5));
    queue.push(step(4, 3));
    // Three losses and two parts each: what a memory reading counts as in flight.
    expect(queue.size).toBe(9);
    const sums = await queue.read();
    expect(queue.size).toBe(0);
    expect(sums).toEqual({ steps: 3, total: 7, parts: { a: 3.75, b: 3.25 } });
    expect(tf.memory().numTensors).toBe(before);
    expect(await queue.read()).toBeNull();
    // Without parts; and what is dropped unread is freed too.
    queue.push({ loss: tf.scalar(5), parts: null });
    expect(await queue.read()).toEqual({ steps: 1, total: 5, parts: {} });
    queue.push(step(1, 1));
    queue.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
