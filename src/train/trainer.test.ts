import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/dataset';
import type { FromWorker } from './protocol';
import { InferenceEngine } from './inference';
import type { FromInference } from './protocol';
import { Trainer } from './trainer';
import { DEFAULT_MODEL, type ModelConfig } from '../model/config';

const mc = (latent: number, hidden: number, seed: number): ModelConfig => ({
  ...DEFAULT_MODEL,
  latent,
  hidden,
  seed,
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Synthetic digits: a few prototypes plus noise, so a small model can learn them. */
function syntheticData(train: number, test: number): Dataset {
  const make = (n: number, seed: number) => {
    const pixels = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    let s = seed;
    for (let i = 0; i < n; i++) {
      labels[i] = i % 10;
      for (let p = 0; p < 784; p++) {
        s = (s * 1103515245 + 12345) >>> 0;
        const on = (p % 28) % 10 === labels[i] || Math.floor(p / 28) === labels[i]! * 2;
        pixels[i * 784 + p] = on ? 200 + (s % 56) : s % 20;
      }
    }
    return { pixels, labels };
  };
  const a = make(train, 1);
  const b = make(test, 2);
  return {
    trainPixels: a.pixels,
    trainLabels: a.labels,
    trainCount: train,
    testPixels: b.pixels,
    testLabels: b.labels,
    testCount: test,
  };
}

function makeHost() {
  const messages: FromWorker[] = [];
  let t = 0;
  return {
    messages,
    host: {
      post: (m: FromWorker) => messages.push(m),
      // A clock that moves 200 ms per reading makes every report due, so tests see them all.
      now: () => (t += 200),
      yieldToEvents: () => new Promise<void>((r) => setTimeout(r, 0)),
    },
  };
}

/** A configured trainer on 256 synthetic digits, validating on 100, showing one. */
async function smallTrainer(host: ReturnType<typeof makeHost>['host']): Promise<Trainer> {
  const trainer = new Trainer(syntheticData(256, 100), host, { valSize: 100, displayIndices: [0] });
  await trainer.configure(1, mc(4, 32, 1), { lr: 3e-3, batch: 32 });
  return trainer;
}

/** Trains for about 50 ms, pauses, and lets the pause's reports arrive. */
async function trainBriefly(trainer: Trainer): Promise<void> {
  trainer.run();
  await new Promise((r) => setTimeout(r, 50));
  trainer.pause();
  await new Promise((r) => setTimeout(r, 50));
}

const of = <T extends FromWorker['type']>(msgs: FromWorker[], type: T) =>
  msgs.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);

describe('Trainer', () => {
  it('shows the untrained reconstruction at step 0, then lowers the loss step by step', async () => {
    const { host, messages } = makeHost();
    const trainer = new Trainer(syntheticData(256, 100), host, {
      valSize: 100,
      displayIndices: [0, 1, 2],
    });
    await trainer.configure(1, mc(4, 32, 1), { lr: 3e-3, batch: 32 });
    const recon0 = of(messages, 'recon');
    expect(recon0).toHaveLength(1);
    expect(recon0[0]!.step).toBe(0);
    expect(recon0[0]!.pixels.length).toBe(3 * 784);
    const val0 = of(messages, 'val')[0]!.valLoss;
    for (let i = 0; i < 30; i++) await trainer.stepOnce();
    const stats = of(messages, 'stats');
    expect(stats).toHaveLength(30);
    expect(stats.at(-1)!.step).toBe(30);
    expect(stats.at(-1)!.examples).toBe(30 * 32);
    expect(stats.at(-1)!.loss).toBeLessThan(stats[0]!.loss);
    const vals = of(messages, 'val');
    expect(vals.length).toBeGreaterThan(1);
    expect(vals.at(-1)!.valLoss).toBeLessThan(val0);
    trainer.dispose();
  });

  it('keeps numTensors flat across steps and rebuilds', async () => {
    const { host } = makeHost();
    const trainer = new Trainer(syntheticData(128, 50), host, { valSize: 50, displayIndices: [0] });
    await trainer.configure(1, mc(2, 16, 1), { lr: 1e-3, batch: 16 });
    await trainer.stepOnce();
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await trainer.stepOnce();
    expect(tf.memory().numTensors).toBe(afterFirst);
    for (let g = 2; g < 6; g++) {
      await trainer.configure(g, mc(g, 16, g), { lr: 1e-3, batch: 16 });
      await trainer.stepOnce();
    }
    await trainer.configure(9, mc(2, 16, 1), { lr: 1e-3, batch: 16 });
    await trainer.stepOnce();
    expect(tf.memory().numTensors).toBe(afterFirst);
    const base = afterFirst;
    trainer.dispose();
    expect(tf.memory().numTensors).toBeLessThan(base);
  });

  it('reports the mean of each part of the loss over the steps since the last report', async () => {
    const { host, messages } = makeHost();
    // A clock that barely moves: the only loss report is the pause's, over every step so far.
    let t = 0;
    host.now = () => (t += 0.01);
    const trainer = new Trainer(syntheticData(256, 100), host, {
      valSize: 100,
      displayIndices: [0],
    });
    const sparse: ModelConfig = { ...mc(4, 32, 1), kind: 'sparse', sparsity: 0.05 };
    await trainer.configure(1, sparse, { lr: 3e-3, batch: 32 });
    await trainBriefly(trainer);
    const stats = of(messages, 'stats');
    expect(stats).toHaveLength(1);
    const { step, loss, parts } = stats[0]!;
    // The first burst is one step, the next ones longer: this report spans several bursts.
    expect(step).toBe(trainer.progress.step);
    expect(step).toBeGreaterThan(2);
    expect(Object.keys(parts).sort()).toEqual(['reconstruction', 'sparsity']);
    expect(parts.sparsity!).toBeGreaterThan(0);
    expect(parts.reconstruction! + parts.sparsity!).toBeCloseTo(loss, 5);
    // A mean per step: training only lowers the per-pixel MSE the untrained model started at.
    const untrained = of(messages, 'val')[0]!.valLoss;
    expect(parts.reconstruction!).toBeLessThan(untrained * 1.5);
    trainer.dispose();
  });

  it('runs in the background, pauses, and halts on a NaN loss with advice', async () => {
    const { host, messages } = makeHost();
    const trainer = new Trainer(syntheticData(128, 50), host, { valSize: 50, displayIndices: [0] });
    await trainer.configure(1, mc(2, 16, 1), { lr: 1e-3, batch: 16 });
    trainer.run();
    await new Promise((r) => setTimeout(r, 300));
    trainer.pause();
    await new Promise((r) => setTimeout(r, 50));
    const steps = trainer.progress.step;
    expect(steps).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(trainer.progress.step).toBe(steps);
    expect(of(messages, 'running').map((m) => m.running)).toEqual([true, false]);

    // An absurd learning rate blows the weights up; the trainer must stop by itself.
    trainer.setHyper({ lr: 1e12, batch: 16 });
    for (let i = 0; i < 20 && of(messages, 'halted').length === 0; i++) await trainer.stepOnce();
    const halted = of(messages, 'halted');
    expect(halted).toHaveLength(1);
    expect(halted[0]!.message).toMatch(/learning rate/);
    const stats = of(messages, 'stats');
    expect(stats.every((s) => Number.isFinite(s.loss))).toBe(true);
    trainer.dispose();
  });

  it('ignores the previous run: a rebuild resets the counters and tags messages with the new gen', async () => {
    const { host, messages } = makeHost();
    const trainer = new Trainer(syntheticData(128, 50), host, { valSize: 50, displayIndices: [0] });
    await trainer.configure(1, mc(2, 16, 1), { lr: 1e-3, batch: 16 });
    await trainer.stepOnce();
    await trainer.configure(2, mc(8, 16, 1), { lr: 1e-3, batch: 16 });
    expect(trainer.progress.step).toBe(0);
    const ready = of(messages, 'modelReady');
    expect(ready.map((m) => [m.gen, m.model.latent])).toEqual([
      [1, 2],
      [2, 8],
    ]);
    const weights = of(messages, 'weights');
    expect(weights.at(-1)!.gen).toBe(2);
    expect(weights.at(-1)!.model.latent).toBe(8);
    trainer.dispose();
  });
});

describe('InferenceEngine', () => {
  it('answers a drawing with the same code and reconstruction as the trained model', async () => {
    const { host, messages } = makeHost();
    const trainer = new Trainer(syntheticData(128, 50), host, {
      valSize: 50,
      displayIndices: [0, 1],
    });
    await trainer.configure(3, mc(5, 16, 4), { lr: 3e-3, batch: 16 });
    for (let i = 0; i < 5; i++) await trainer.stepOnce();
    const snap = of(messages, 'weights').at(-1)!;
    const lastRecon = of(messages, 'recon').at(-1)!;

    const answers: FromInference[] = [];
    const engine = new InferenceEngine((m) => answers.push(m));
    // The same generator and seed as the trainer's test split, so this is display digit 0.
    const digit = syntheticData(1, 50).testPixels;
    const x = new Float32Array(784).map((_, i) => digit[i]! / 255);
    // A drawing that arrives before any weights waits for them.
    engine.handle({ type: 'encodeDrawing', id: 1, pixels: x });
    expect(answers).toHaveLength(0);
    const before = tf.memory().numTensors;
    engine.handle({ type: 'weights', gen: snap.gen, model: snap.model, values: snap.values });
    expect(answers).toHaveLength(1);
    const a = answers[0]!;
    if (a.type !== 'drawingResult') throw new Error('expected a drawing result');
    expect(a.id).toBe(1);
    expect(a.gen).toBe(3);
    expect(a.code).toHaveLength(5);
    // Display digit 0 is test digit 0, so the engine must reproduce the trainer's reconstruction.
    for (let i = 0; i < 784; i += 37) expect(a.recon[i]).toBeCloseTo(lastRecon.pixels[i]!, 5);
    // New weights of the same shape are assigned in place: nothing leaks.
    engine.handle({ type: 'weights', gen: snap.gen, model: snap.model, values: snap.values });
    engine.handle({ type: 'encodeDrawing', id: 2, pixels: x });
    expect(tf.memory().numTensors).toBe(before + snap.values.length);
    engine.dispose();
    trainer.dispose();
  });
});

describe('Trainer, pausing', () => {
  it('validates the model as it stands when paused, and resumes on a later run', async () => {
    const { host, messages } = makeHost();
    const trainer = await smallTrainer(host);
    await trainBriefly(trainer);
    const stepped = trainer.progress.examples;
    expect(stepped).toBeGreaterThan(0);
    const vals = of(messages, 'val');
    expect(vals[vals.length - 1]!.examples).toBe(stepped);
    // The status shows the last step too.
    const stats = of(messages, 'stats');
    expect(stats[stats.length - 1]!.examples).toBe(stepped);
    await trainBriefly(trainer);
    expect(trainer.progress.examples).toBeGreaterThan(stepped);
    trainer.dispose();
  });

  it("shows the paused model's reconstructions, even between timed refreshes", async () => {
    const { host, messages } = makeHost();
    // A clock that barely moves: no timed refresh falls due while it trains.
    let t = 0;
    host.now = () => (t += 0.01);
    const trainer = await smallTrainer(host);
    expect(of(messages, 'recon').map((m) => m.step)).toEqual([0]);
    await trainBriefly(trainer);
    const recons = of(messages, 'recon');
    expect(trainer.progress.step).toBeGreaterThan(0);
    expect(recons[recons.length - 1]!.step).toBe(trainer.progress.step);
    trainer.dispose();
  });
});
