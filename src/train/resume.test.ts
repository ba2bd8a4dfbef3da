// Snapshots and restores: a run resumed from a snapshot in a fresh trainer continues exactly,
// bit for bit, as the run that was never interrupted; a snapshot that does not fit is refused
// with a reason and a fresh model; nothing leaks.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../data/dataset';
import { DEFAULT_MODEL, type ModelConfig, type ModelKind } from '../model/config';
import { seedSequence } from '../model/denoising';
import type { FromWorker, TrainerSnapshot } from './protocol';
import { noiseSeedAfter } from './snapshot';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Synthetic digits: stripes by class plus noise. */
export function syntheticData(train: number, test: number): Dataset {
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

// 100 training digits in batches of 16: an epoch ends every 6 steps, so every test below crosses
// several reshuffles of the data order.
const DATA = syntheticData(100, 30);
const HYPER = { lr: 3e-3, batch: 16 };

const config = (kind: ModelKind): ModelConfig => ({
  ...DEFAULT_MODEL,
  kind,
  hidden: 16,
  latent: 3,
  depth: kind === 'vae' ? 2 : 1,
  seed: 9,
  noiseLevel: 0.3,
});

function makeTrainer() {
  const messages: FromWorker[] = [];
  let t = 0;
  const trainer = new Trainer(
    DATA,
    {
      post: (m) => messages.push(m),
      now: () => (t += 200),
      yieldToEvents: () => new Promise<void>((r) => setTimeout(r, 0)),
    },
    { valSize: 30, displayIndices: [0] },
  );
  return { trainer, messages };
}

/** tfjs's Adam where the SIMD kernel is missing: a browser without WebAssembly SIMD. */
async function configureWithoutWasm(
  trainer: Trainer,
  ...args: Parameters<Trainer['configure']>
): Promise<void> {
  vi.stubGlobal('WebAssembly', undefined);
  try {
    await trainer.configure(...args);
  } finally {
    vi.unstubAllGlobals();
  }
}

async function steps(trainer: Trainer, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await trainer.stepOnce();
}

async function snapshotOf(trainer: Trainer): Promise<TrainerSnapshot> {
  const taken = await trainer.takeSnapshot();
  if (!taken) throw new Error('no snapshot');
  return taken.snapshot;
}

/** Where two lists of arrays first differ in a bit ('' if nowhere). */
function bitDifference(a: Float32Array[], b: Float32Array[]): string {
  if (a.length !== b.length) return `${a.length} arrays, not ${b.length}`;
  for (let k = 0; k < a.length; k++) {
    const x = new Uint32Array(a[k]!.buffer, a[k]!.byteOffset, a[k]!.length);
    const y = new Uint32Array(b[k]!.buffer, b[k]!.byteOffset, b[k]!.length);
    if (x.length !== y.length) return `array ${k}: ${x.length} values, not ${y.length}`;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return `array ${k}, value ${i}`;
  }
  return '';
}

const of = <T extends FromWorker['type']>(msgs: FromWorker[], type: T) =>
  msgs.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);

const RESUMES: { kind: ModelKind; adam: 'wasm-simd' | 'tfjs' }[] = [
  { kind: 'dense', adam: 'wasm-simd' },
  { kind: 'dense', adam: 'tfjs' },
  { kind: 'vae', adam: 'wasm-simd' },
  { kind: 'vae', adam: 'tfjs' },
  { kind: 'denoising', adam: 'wasm-simd' },
];

describe('a resumed run continues exactly', () => {
  it.each(RESUMES)('$kind with $adam Adam', async ({ kind, adam }) => {
    const configure =
      adam === 'tfjs'
        ? configureWithoutWasm
        : (t: Trainer, ...a: Parameters<Trainer['configure']>) => t.configure(...a);
    const a = makeTrainer();
    await configure(a.trainer, 1, config(kind), HYPER);
    expect(a.trainer.progress.adam).toBe(adam);
    // At 20 updates tfjs's own restore of Adam's bias corrections (a pow) differs from the
    // products a run reaches, and the difference lasts (at 8 it would vanish in a step).
    await steps(a.trainer, 20);
    const snap = await snapshotOf(a.trainer);
    expect(snap.step).toBe(20);
    expect(snap.optimizer?.t).toBe(20);

    const b = makeTrainer();
    await configure(b.trainer, 5, config(kind), HYPER, structuredClone(snap));
    expect(b.trainer.progress.adam).toBe(adam);
    expect(of(b.messages, 'error')).toEqual([]);
    // The restored numbers are on the page before any new step.
    const types = b.messages.map((m) => m.type);
    for (const t of ['modelReady', 'stats', 'recon', 'val', 'weights'] as const)
      expect(types).toContain(t);
    expect(of(b.messages, 'stats')[0]).toMatchObject({ gen: 5, step: 20, examples: 20 * 16 });
    expect(of(b.messages, 'recon')[0]!.step).toBe(20);
    expect(bitDifference(of(b.messages, 'weights')[0]!.values, snap.weights)).toBe('');

    await steps(a.trainer, 8);
    await steps(b.trainer, 8);
    const after = await snapshotOf(a.trainer);
    const resumed = await snapshotOf(b.trainer);
    expect(resumed.step).toBe(28);
    expect(resumed.order).toEqual(after.order);
    expect(bitDifference(resumed.weights, after.weights)).toBe('');
    expect(bitDifference(resumed.optimizer!.m, after.optimizer!.m)).toBe('');
    expect(bitDifference(resumed.optimizer!.v, after.optimizer!.v)).toBe('');
    // The training losses of those steps were the same too.
    const lossesOf = (msgs: FromWorker[]) =>
      of(msgs, 'stats')
        .slice(-8)
        .map((s) => s.loss);
    expect(lossesOf(b.messages)).toEqual(lossesOf(a.messages));
    a.trainer.dispose();
    b.trainer.dispose();
  });

  it('from a snapshot taken while training: its counters are those of its weights', async () => {
    const a = makeTrainer();
    await a.trainer.configure(1, config('dense'), HYPER);
    a.trainer.run();
    await new Promise((r) => setTimeout(r, 150));
    const snap = await snapshotOf(a.trainer);
    await new Promise((r) => setTimeout(r, 150));
    a.trainer.pause();
    await new Promise((r) => setTimeout(r, 50));
    const end = await snapshotOf(a.trainer);
    expect(snap.step).toBeGreaterThan(0);
    expect(end.step).toBeGreaterThan(snap.step);

    const b = makeTrainer();
    await b.trainer.configure(1, config('dense'), HYPER, snap);
    await steps(b.trainer, end.step - snap.step);
    const resumed = await snapshotOf(b.trainer);
    expect(resumed.step).toBe(end.step);
    expect(bitDifference(resumed.weights, end.weights)).toBe('');
    a.trainer.dispose();
    b.trainer.dispose();
  });

  it('schedules the next validation where the snapshotted run had it', async () => {
    const a = makeTrainer();
    await a.trainer.configure(1, config('dense'), HYPER);
    await steps(a.trainer, 3);
    const snap = await snapshotOf(a.trainer);
    const b = makeTrainer();
    await b.trainer.configure(1, config('dense'), HYPER, snap);
    const valsAt = (msgs: FromWorker[]) => of(msgs, 'val').map((v) => v.examples);
    const [aBefore, bBefore] = [valsAt(a.messages).length, valsAt(b.messages).length];
    await steps(a.trainer, 6);
    await steps(b.trainer, 6);
    expect(valsAt(b.messages).slice(bBefore)).toEqual(valsAt(a.messages).slice(aBefore));
    expect(valsAt(a.messages).length).toBeGreaterThan(aBefore);
    a.trainer.dispose();
    b.trainer.dispose();
  });
});

describe("the noisy models' random draws", () => {
  it('continue from a rebuilt seed exactly where the sequence stood', () => {
    for (const seed of [0, 1, 9, 123_456, 2 ** 31 - 1]) {
      for (const draws of [0, 1, 7, 1000, 123_457]) {
        const original = seedSequence(seed);
        for (let i = 0; i < draws; i++) original();
        const rebuilt = seedSequence(noiseSeedAfter(seed, draws));
        for (let i = 0; i < 3; i++) expect(rebuilt()).toBe(original());
      }
    }
  });
});

describe('a snapshot that does not fit', () => {
  it('is refused with the reason, and a fresh model is built', async () => {
    const a = makeTrainer();
    await a.trainer.configure(1, config('dense'), HYPER);
    await steps(a.trainer, 2);
    const snap = await snapshotOf(a.trainer);
    const fresh = makeTrainer();
    const wider = { ...config('dense'), hidden: 24 };
    await fresh.trainer.configure(2, wider, HYPER);
    const freshWeights = (await snapshotOf(fresh.trainer)).weights;

    const b = makeTrainer();
    await b.trainer.configure(2, wider, HYPER, snap);
    const errors = of(b.messages, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.scope).toBe('restore');
    expect(errors[0]!.message).toMatch(/weight array 1 has 12544 values, not 18816/);
    expect(errors[0]!.message).toMatch(/A new model was built instead/);
    expect(of(b.messages, 'modelReady')).toHaveLength(1);
    expect(b.trainer.progress.step).toBe(0);
    expect(bitDifference((await snapshotOf(b.trainer)).weights, freshWeights)).toBe('');
    for (const t of [a, fresh, b]) t.trainer.dispose();
  });

  it.each([
    [
      'a NaN weight',
      (s: TrainerSnapshot) => void (s.weights[2]![1] = NaN),
      /weight array 3 holds values that are not numbers/,
    ],
    [
      'a missing array',
      (s: TrainerSnapshot) => void s.weights.pop(),
      /holds 7 weight arrays, but this model has 8/,
    ],
    [
      'short moments',
      (s: TrainerSnapshot) => void (s.optimizer!.m[0] = new Float32Array(3)),
      /first moment 1 has 3 values/,
    ],
    [
      'a negative second moment',
      (s: TrainerSnapshot) => void (s.optimizer!.v[1]![0] = -1),
      /second moments are negative/,
    ],
    [
      'a data order past the digits',
      (s: TrainerSnapshot) => void (s.order = { shuffles: 1, cursor: 101 }),
      /data order stands at 101 of 100/,
    ],
  ])('%s', async (_label, spoil, reason) => {
    const a = makeTrainer();
    await a.trainer.configure(1, config('dense'), HYPER);
    await steps(a.trainer, 1);
    const snap = await snapshotOf(a.trainer);
    spoil(snap);
    const b = makeTrainer();
    await b.trainer.configure(2, config('dense'), HYPER, snap);
    const errors = of(b.messages, 'error');
    expect(errors.map((e) => e.scope)).toEqual(['restore']);
    expect(errors[0]!.message).toMatch(reason);
    expect(b.trainer.progress.step).toBe(0);
    a.trainer.dispose();
    b.trainer.dispose();
  });
});

describe('snapshots and restores', () => {
  it('leave the tensor count as it was', async () => {
    const a = makeTrainer();
    await a.trainer.configure(1, config('vae'), HYPER);
    await steps(a.trainer, 2);
    const before = tf.memory().numTensors;
    const snap = await snapshotOf(a.trainer);
    await snapshotOf(a.trainer);
    expect(tf.memory().numTensors).toBe(before);
    await a.trainer.configure(2, config('vae'), HYPER, snap);
    await steps(a.trainer, 2);
    expect(tf.memory().numTensors).toBe(before);
    // tfjs's Adam keeps its moments as variables: restoring them replaces, never adds.
    await configureWithoutWasm(a.trainer, 3, config('vae'), HYPER, snap);
    await steps(a.trainer, 1);
    const withTfAdam = tf.memory().numTensors;
    await configureWithoutWasm(a.trainer, 4, config('vae'), HYPER, await snapshotOf(a.trainer));
    await steps(a.trainer, 1);
    expect(tf.memory().numTensors).toBe(withTfAdam);
    a.trainer.dispose();
  });
});
