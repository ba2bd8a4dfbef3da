import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, MODEL_KINDS, MODEL_RANGES, type ModelConfig } from './config';
import { createModel } from './index';
import { layersPlan, planValueCount } from './layersPlan';
import { MAX_WEIGHTS_BYTES } from './modelFiles';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const R = MODEL_RANGES;
/** Every kind at both ends of the ranges that set shapes, and one size in between. */
const CONFIGS: ModelConfig[] = MODEL_KINDS.flatMap((kind) =>
  [
    { latent: R.latent.min, hidden: R.hidden.min, depth: R.depth.min },
    { latent: 5, hidden: 96, depth: 2 },
    { latent: R.latent.max, hidden: R.hidden.max, depth: R.depth.max },
  ].map((sizes) => ({ ...DEFAULT_MODEL, kind, ...sizes })),
);

describe('the Layers plan of each model', () => {
  it.each(CONFIGS)(
    "has createModel's variables, in order: $kind $hidden/$latent/$depth",
    (config) => {
      const model = createModel(config);
      const plan = layersPlan(config);
      expect(plan.weights.map((w) => w.ourShape)).toEqual(model.variables.map((v) => v.shape));
      const swapped = plan.weights.filter((w) => w.swapLastTwo).map((w) => w.name);
      expect(swapped).toEqual(config.kind === 'conv' ? ['decoder_deconv/kernel'] : []);
      expect(planValueCount(plan)).toBe(model.variables.reduce((n, v) => n + v.size, 0));
      model.dispose();
    },
  );

  it('names every layer and weight once, and feeds every layer from one listed before it', () => {
    for (const config of CONFIGS) {
      const plan = layersPlan(config);
      const names = plan.layers.map((l) => l.name);
      expect(new Set(names).size).toBe(names.length);
      expect(new Set(plan.weights.map((w) => w.name)).size).toBe(plan.weights.length);
      plan.layers.forEach((l, i) => {
        for (const [from] of l.inbound_nodes.flat()) expect(names.slice(0, i)).toContain(from);
      });
      expect(plan.outputs.slice(0, 2)).toEqual(['code', 'reconstruction']);
    }
  });

  it('keeps the largest model the controls allow well under the weights cap', () => {
    const largest = Math.max(...CONFIGS.map((c) => planValueCount(layersPlan(c)) * 4));
    expect(largest).toBeGreaterThan(10e6);
    expect(largest * 1.5).toBeLessThan(MAX_WEIGHTS_BYTES);
  });
});

describe('the model-file modules', () => {
  // The workers bundle tfjs-core alone; tfjs-layers would more than double them.
  it('import nothing of tfjs but tfjs-core', () => {
    const files = ['layersFormat', 'layersJson', 'layersPlan', 'modelFiles', 'runMetadata'];
    let seen = 0;
    for (const file of files) {
      const source = readFileSync(new URL(`./${file}.ts`, import.meta.url), 'utf8');
      const modules = [...source.matchAll(/^import[^;]*?from '([^']+)'/gms)].map((m) => m[1]);
      for (const m of modules) expect(m, file).toMatch(/^(\.\/|@tensorflow\/tfjs-core$)/);
      seen += modules.length;
    }
    expect(seen).toBeGreaterThan(10);
  });
});
