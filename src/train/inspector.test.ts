// The inspection the inference worker makes: the first layer's weights, a unit's activation, the
// contributions and traversal rows as decodings of the model itself; in slices that let a drawing
// through; nothing leaked.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ModelConfig } from '../model/config';
import { createModel } from '../model';
import { InferenceEngine } from './inference';
import { inspect, MAX_FEATURES, TRAVERSAL_STEPS } from './inspector';
import type { FromInference, Inspection, InspectRequest } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const digit = Float32Array.from({ length: 784 }, (_, i) => ((i * 7919) % 97) / 97);

function built(config: ModelConfig) {
  const model = createModel(config);
  const values = model.variables.map((v) => (v.dataSync() as Float32Array).slice());
  return { model, values };
}

function run(job: Generator<void, Inspection>): { result: Inspection; slices: number } {
  let slices = 1;
  for (;;) {
    const r = job.next();
    if (r.done) return { result: r.value, slices };
    slices += 1;
  }
}

const decode = (model: ReturnType<typeof createModel>, code: Float32Array) =>
  tf.tidy(() =>
    (model.decode(tf.tensor2d(code, [1, code.length])).dataSync() as Float32Array).slice(),
  );

describe('inspect', () => {
  it('dense: the first layer’s columns as features, a unit’s weights and activation, contributions', () => {
    const config: ModelConfig = { ...DEFAULT_MODEL, hidden: 96, latent: 4 };
    const { model, values } = built(config);
    const mean = Float32Array.from([0.1, -0.2, 0.3, 0]);
    const std = Float32Array.from([1, 0.5, 2, 0.1]);
    const req: InspectRequest = { pixels: digit, unit: 70, units: [0, 2], stats: { mean, std } };
    const before = tf.memory().numTensors;
    const { result } = run(inspect(model, config, values, req));
    expect(tf.memory().numTensors).toBe(before);
    expect(result.layers.map((l) => l.name)).toEqual([
      'pixels',
      'encoder_1',
      'code',
      'decoder_1',
      'reconstruction',
    ]);
    expect(result.features).toMatchObject({ count: Math.min(96, MAX_FEATURES), side: 28 });
    // Feature 2's pixel 300 is the kernel's [300, 1].
    expect(result.features.weights[1 * 784 + 300]).toBe(values[0]![300 * 96 + 1]);
    expect(result.unit?.index).toBe(70);
    expect(result.unit?.weights[5]).toBe(values[0]![5 * 96 + 70]);
    expect(result.unit?.activation).toBeCloseTo(result.layers[1]!.values[70]!, 6);
    expect(result.sample).toBeNull();
    expect(result.traversalRows).toBeNull();
    // What unit 2 adds: decode(mean + σ₂e₂) − decode(mean).
    const up = mean.slice();
    up[2] = mean[2]! + std[2]!;
    const base = decode(model, mean);
    const moved = decode(model, up);
    const added = result.contributions!.images.subarray(784, 2 * 784);
    for (const p of [0, 100, 400, 783]) expect(added[p]).toBeCloseTo(moved[p]! - base[p]!, 5);
    model.dispose();
  });

  it('vae: the log-variance and a sample, and a traversal row per unit in slices', () => {
    const config: ModelConfig = { ...DEFAULT_MODEL, kind: 'vae', hidden: 32, latent: 3 };
    const { model, values } = built(config);
    const mean = Float32Array.from([0, 0, 0]);
    const std = Float32Array.from([1, 1, 1]);
    const units = [0, 1, 2];
    const { result, slices } = run(
      inspect(model, config, values, { pixels: digit, unit: null, units, stats: { mean, std } }),
    );
    expect(slices).toBeGreaterThan(units.length);
    expect(result.layers.at(-1)?.name).toBe('log_variance');
    expect(result.sample).toHaveLength(3);
    const rows = result.traversalRows!;
    expect(rows.steps).toBe(TRAVERSAL_STEPS);
    expect(rows.images).toHaveLength(3 * TRAVERSAL_STEPS * 784);
    // The middle of unit 1's row is the code with unit 1 at its mean.
    const code = result.layers.find((l) => l.name === 'code')!.values.slice();
    code[1] = 0;
    const middle = decode(model, code);
    const at = (1 * TRAVERSAL_STEPS + 3) * 784;
    for (const p of [0, 300, 783]) expect(rows.images[at + p]).toBeCloseTo(middle[p]!, 5);
    model.dispose();
  });

  it('conv: the first layer’s 3×3 filters, and feature maps among the layers', () => {
    const config: ModelConfig = { ...DEFAULT_MODEL, kind: 'conv', hidden: 64, latent: 4 };
    const { model, values } = built(config);
    const { result } = run(
      inspect(model, config, values, { pixels: digit, unit: 3, units: [], stats: null }),
    );
    expect(result.features.side).toBe(3);
    const maps = result.layers.find((l) => l.name === 'encoder_conv_1')!;
    expect(maps.shape).toEqual([14, 14, result.features.count]);
    // A conv unit's activation is its feature map's mean.
    let sum = 0;
    for (let i = 3; i < maps.values.length; i += maps.shape[2]!) sum += maps.values[i]!;
    expect(result.unit?.activation).toBeCloseTo(sum / 196, 5);
    expect(result.contributions).toBeNull();
    model.dispose();
  });
});

describe('the inference engine', () => {
  it('answers a drawing that arrives while an inspection is under way before the inspection', async () => {
    const posted: FromInference[] = [];
    const queue: (() => void)[] = [];
    const engine = new InferenceEngine(
      (m) => posted.push(m),
      (fn) => queue.push(fn),
    );
    const config: ModelConfig = { ...DEFAULT_MODEL, kind: 'vae', hidden: 32, latent: 3 };
    const { model, values } = built(config);
    model.dispose();
    engine.handle({ type: 'weights', gen: 1, model: config, values });
    const stats = { mean: new Float32Array(3), std: Float32Array.from([1, 1, 1]) };
    engine.handle({ type: 'inspect', id: 1, pixels: digit, unit: null, units: [0, 1, 2], stats });
    engine.handle({ type: 'encodeDrawing', id: 9, pixels: digit });
    while (queue.length) queue.shift()!();
    expect(posted.map((m) => m.type)).toEqual(['drawingResult', 'inspected']);
    // A newer request ends an older one: only the newer is answered.
    posted.length = 0;
    engine.handle({ type: 'inspect', id: 2, pixels: digit, unit: null, units: [0], stats });
    engine.handle({ type: 'inspect', id: 3, pixels: digit, unit: null, units: [0], stats });
    while (queue.length) queue.shift()!();
    expect(posted.map((m) => (m.type === 'inspected' ? m.id : -1))).toEqual([3]);
    // New weights answer the latest request again, from them: the views follow the training,
    // but no sooner than 20 times the last inspection's cost after it.
    const cost = (posted[0] as Extract<FromInference, { type: 'inspected' }>).ms;
    posted.length = 0;
    const moved = values.map((v) => v.map((x) => x + 0.01));
    engine.handle({ type: 'weights', gen: 1, model: config, values: moved });
    while (queue.length) queue.shift()!();
    if (cost > 0) expect(posted).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 20 * cost + 5));
    engine.handle({ type: 'weights', gen: 1, model: config, values: moved });
    while (queue.length) queue.shift()!();
    expect(posted).toHaveLength(1);
    const again = posted[0] as Extract<FromInference, { type: 'inspected' }>;
    expect(again.id).toBe(3);
    expect(again.features.weights[0]).toBeCloseTo(values[0]![0]! + 0.01, 6);
    expect(again.ms).toBeGreaterThan(0);
    engine.dispose();
  });
});
