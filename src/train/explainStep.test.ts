// The explained step against tfjs's own gradients and against the plain training step: its
// numbers are those of the step that trains, measured on a twin of the model, and it leaves
// no tensor behind.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ModelConfig } from '../model/config';
import { createModel } from '../model';
import { layersPlan } from '../model/layersPlan';
import type { Autoencoder } from '../model/types';
import { createAdam, type StepOptimizer } from './adam';
import { EXPLAIN_SHOWN, layerGroups, takeExplainedStep } from './explainStep';
import type { StepExplanation } from './protocol';
import { trainingStep } from './step';
import { syntheticData } from './trainer.testkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = (patch: Partial<ModelConfig>): ModelConfig => ({
  ...DEFAULT_MODEL,
  hidden: 24,
  latent: 3,
  depth: 2,
  seed: 7,
  ...patch,
});

/** The first `n` synthetic training digits as a batch, in [0,1]. */
function batch(n: number): tf.Tensor2D {
  const data = syntheticData(n, 1);
  return tf.tensor2d(
    Float32Array.from(data.trainPixels, (v) => v / 255),
    [n, 784],
  );
}

const weightNames = (cfg: ModelConfig) => layersPlan(cfg).weights.map((w) => w.name);

/** A second model holding the first one's weights. */
function twinOf(cfg: ModelConfig, model: Autoencoder): Autoencoder {
  const twin = createModel(cfg);
  tf.tidy(() => twin.variables.forEach((v, i) => v.assign(model.variables[i]!)));
  return twin;
}

/** Both models take the same steps, so both Adams hold the same, non-trivial state. */
function warmUp(pairs: [Autoencoder, StepOptimizer][], x: tf.Tensor2D, steps: number): void {
  for (let i = 0; i < steps; i++)
    for (const [model, opt] of pairs) {
      const { loss, parts } = trainingStep(model, opt, x);
      tf.dispose([loss, ...Object.values(parts ?? {})]);
    }
}

async function explain(
  model: Autoencoder,
  opt: StepOptimizer,
  x: tf.Tensor2D,
  cfg: ModelConfig,
): Promise<StepExplanation> {
  const taken = takeExplainedStep(model, opt, x, weightNames(cfg));
  const data = (await taken.values.data()) as Float32Array;
  taken.values.dispose();
  return taken.explain(data, 42);
}

/** L2 norms per layer of the plan, from per-variable arrays. */
function layerNorms(cfg: ModelConfig, arrays: ArrayLike<number>[]): number[] {
  return layerGroups(weightNames(cfg)).map((g) =>
    Math.sqrt(
      g.variables.reduce((s, i) => s + Array.from(arrays[i]!).reduce((a, v) => a + v * v, 0), 0),
    ),
  );
}

/** tf.variableGrads of `loss` over the model's variables, read back per variable. */
function gradsOf(
  model: Autoencoder,
  loss: () => tf.Scalar,
): { value: number; grads: Float32Array[] } {
  const { value, grads } = tf.variableGrads(loss, model.variables);
  const out = {
    value: value.dataSync()[0]!,
    grads: model.variables.map((v) => grads[v.name]!.dataSync().slice() as Float32Array),
  };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

const read = (model: Autoencoder) => model.variables.map((v) => v.dataSync().slice());
const relClose = (a: number, b: number, tol = 1e-4) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(Math.abs(a), Math.abs(b), 1e-12));
const rows = (t: tf.Tensor2D, n: number) => tf.tidy(() => tf.slice(t, [0, 0], [n, 784]).dataSync());

describe('layerGroups', () => {
  it('puts each kernel with its bias, the layers in the order of the variables', () => {
    expect(layerGroups(['a/kernel', 'a/bias', 'code/kernel', 'code/bias', 'z'])).toEqual([
      { name: 'a', variables: [0, 1] },
      { name: 'code', variables: [2, 3] },
      { name: 'z', variables: [4] },
    ]);
  });

  it("follows the exported model's layers for every kind", () => {
    const names = (cfg: ModelConfig) => layerGroups(weightNames(cfg)).map((g) => g.name);
    expect(names(config({ kind: 'dense' }))).toEqual([
      'encoder_1',
      'encoder_2',
      'code',
      'decoder_1',
      'decoder_2',
      'reconstruction',
    ]);
    expect(names(config({ kind: 'vae', depth: 1 }))).toEqual([
      'encoder_1',
      'code',
      'log_variance',
      'decoder_1',
      'reconstruction',
    ]);
    expect(names(config({ kind: 'conv' }))).toEqual([
      'encoder_conv_1',
      'encoder_conv_2',
      'code',
      'decoder_dense',
      'decoder_deconv',
      'decoder_conv',
    ]);
  });
});

describe('takeExplainedStep', () => {
  it.each([['cpu'], ['webgl']])(
    'measures the real training step (Adam made for %s), against tfjs gradients on a twin',
    async (adamFor) => {
      const cfg = config({ kind: 'dense' });
      const model = createModel(cfg);
      const twin = twinOf(cfg, model);
      const opt = createAdam(model.variables, 1e-2, adamFor);
      const twinOpt = createAdam(twin.variables, 1e-2, adamFor);
      expect(opt.kind).toBe(adamFor === 'cpu' ? 'wasm-simd' : 'tfjs');
      const x = batch(12);
      warmUp(
        [
          [model, opt],
          [twin, twinOpt],
        ],
        x,
        3,
      );
      // What tfjs says of the twin, which holds the weights the step starts from.
      const expected = gradsOf(twin, () => twin.trainLoss(x).total);
      const [codes, recons] = tf.tidy(() => {
        const z = twin.encode(tf.slice(x, [0, 0], [EXPLAIN_SHOWN, 784]));
        return [z.dataSync().slice(), twin.decode(z).dataSync().slice()];
      });
      const start = read(model);

      const tensors = tf.memory().numTensors;
      const e = await explain(model, opt, x, cfg);
      expect(tf.memory().numTensors).toBe(tensors);

      expect(e).toMatchObject({ step: 42, batch: 12, shown: EXPLAIN_SHOWN, latent: 3, parts: {} });
      expect(e.clean).toBeUndefined();
      expect(Array.from(e.inputs)).toEqual(Array.from(rows(x, EXPLAIN_SHOWN)));
      expect(Array.from(e.codes)).toEqual(Array.from(codes!));
      expect(Array.from(e.recons)).toEqual(Array.from(recons!));
      relClose(e.loss, expected.value, 1e-6);

      expect(e.layers.map((l) => l.name)).toEqual(layerGroups(weightNames(cfg)).map((g) => g.name));
      const gradNorms = layerNorms(cfg, expected.grads);
      e.layers.forEach((l, i) => relClose(l.grad, gradNorms[i]!));
      expect(Math.min(...e.layers.map((l) => l.grad))).toBeGreaterThan(0);
      const weightNorms = layerNorms(cfg, start);
      e.layers.forEach((l, i) => relClose(l.weight, weightNorms[i]!));
      // ‖ΔW‖ is the weights' actual change.
      const end = read(model);
      const change = layerNorms(
        cfg,
        end.map((w, k) => w.map((v, j) => v - start[k]![j]!)),
      );
      e.layers.forEach((l, i) => relClose(l.update, change[i]!, 1e-3));
      expect(Math.min(...e.layers.map((l) => l.update))).toBeGreaterThan(0);

      // The explained step is the training step: the twin, stepped plainly, lands on the same
      // weights.
      warmUp([[twin, twinOpt]], x, 1);
      expect(read(twin)).toEqual(end);

      tf.dispose(x);
      opt.dispose();
      twinOpt.dispose();
      model.dispose();
      twin.dispose();
    },
  );

  it('shows the denoiser the corrupted digits its loss was computed from', async () => {
    const cfg = config({ kind: 'denoising', noise: 'gaussian', noiseLevel: 0.4, depth: 1 });
    const model = createModel(cfg);
    const twin = twinOf(cfg, model);
    const opt = createAdam(model.variables, 1e-2);
    // A batch no larger than what is shown: the explanation holds every input the loss used.
    const x = batch(EXPLAIN_SHOWN);
    const tensors = tf.memory().numTensors;
    const e = await explain(model, opt, x, cfg);
    expect(tf.memory().numTensors).toBe(tensors);

    const clean = rows(x, EXPLAIN_SHOWN);
    expect(Array.from(e.clean!)).toEqual(Array.from(clean));
    const differ = e.inputs.filter((v, i) => Math.abs(v - clean[i]!) > 0.01).length;
    expect(differ).toBeGreaterThan(e.inputs.length / 4);
    // The loss, its gradients and the codes, recomputed on the twin from those inputs.
    const inputs = tf.tensor2d(e.inputs, [EXPLAIN_SHOWN, 784]);
    const expected = gradsOf(twin, () =>
      tf.mean(tf.squaredDifference(twin.decode(twin.encode(inputs)), x)),
    );
    relClose(e.loss, expected.value, 1e-5);
    const gradNorms = layerNorms(cfg, expected.grads);
    e.layers.forEach((l, i) => relClose(l.grad, gradNorms[i]!, 1e-3));
    const codes = tf.tidy(() => twin.encode(inputs).dataSync());
    Array.from(e.codes).forEach((v, i) => expect(v).toBeCloseTo(codes[i]!, 5));

    tf.dispose([x, inputs]);
    opt.dispose();
    model.dispose();
    twin.dispose();
  });

  it("reports the variational model's parts, and the posterior mean as its code", async () => {
    const cfg = config({ kind: 'vae', beta: 0.5, depth: 1 });
    const model = createModel(cfg);
    const opt = createAdam(model.variables, 1e-3);
    const x = batch(10);
    const mean = tf.tidy(() => model.encode(tf.slice(x, [0, 0], [EXPLAIN_SHOWN, 784])).dataSync());
    const e = await explain(model, opt, x, cfg);
    expect(Object.keys(e.parts).sort()).toEqual(['kl', 'reconstruction']);
    relClose(e.loss, e.parts.reconstruction! + 0.5 * e.parts.kl!, 1e-5);
    expect(Array.from(e.codes)).toEqual(Array.from(mean));
    expect(e.layers.map((l) => l.name)).toContain('log_variance');
    tf.dispose(x);
    opt.dispose();
    model.dispose();
  });

  it('leaves no tensor behind when the update fails', () => {
    // A loss with a part and a corrupted input, both kept past the tape, and an optimizer that
    // throws: what the step made must go all the same.
    const cfg = config({ kind: 'denoising', depth: 1 });
    const model = createModel(cfg);
    const withPart: Autoencoder = {
      ...model,
      trainLoss: (x) => {
        const l = model.trainLoss(x);
        return { ...l, parts: { reconstruction: l.total } };
      },
    };
    const opt = createAdam(model.variables, 1e-3);
    const failing: StepOptimizer = {
      ...opt,
      apply: () => {
        throw new Error('out of memory');
      },
    };
    const x = batch(4);
    const tensors = tf.memory().numTensors;
    expect(() => takeExplainedStep(withPart, failing, x, weightNames(cfg))).toThrow(
      'out of memory',
    );
    expect(tf.memory().numTensors).toBe(tensors);
    expect(() => takeExplainedStep(model, opt, x, weightNames(cfg).slice(1))).toThrow();
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose(x);
    opt.dispose();
    model.dispose();
  });
});
