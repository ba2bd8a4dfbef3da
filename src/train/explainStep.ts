// One training step taken apart, for the page's "Explain a step": the very step step.ts takes
// (the model's loss, tf.variableGrads, the run's optimizer), measuring on the way what went in,
// what came out and how much each layer changed. Everything is gathered into one tensor, so the
// explanation costs one readback; nothing of this runs unless a person asks for it.
import * as tf from '@tensorflow/tfjs-core';
import { DIGIT_PIXELS } from '../data/sprite';
import type { Autoencoder } from '../model/types';
import type { StepOptimizer } from './adam';
import type { LayerStep, StepExplanation } from './protocol';

/** How many digits of the batch an explanation shows (its first ones). */
export const EXPLAIN_SHOWN = 8;

/** A layer of the exported model and the indices of its variables (kernel, then bias). */
export interface LayerGroup {
  name: string;
  variables: number[];
}

/**
 * The weights' names (`<layer>/kernel`, `<layer>/bias`, in the order of the model's variables;
 * see layersPlan) grouped by layer, the layers in the order they first appear.
 */
export function layerGroups(weightNames: readonly string[]): LayerGroup[] {
  const groups: LayerGroup[] = [];
  const byName = new Map<string, LayerGroup>();
  weightNames.forEach((weight, i) => {
    const slash = weight.lastIndexOf('/');
    const name = slash > 0 ? weight.slice(0, slash) : weight;
    let group = byName.get(name);
    if (!group) {
      group = { name, variables: [] };
      byName.set(name, group);
      groups.push(group);
    }
    group.variables.push(i);
  });
  return groups;
}

/** A step that has been taken, its measurements still on the backend. */
export interface ExplainedStep {
  /** Every number of the explanation, flat. The caller reads it once, then disposes it. */
  values: tf.Tensor1D;
  /** The explanation from `values`' data; `step` is the run's step count after this step. */
  explain(data: Float32Array, step: number): StepExplanation;
}

/**
 * One optimizer step on the batch x, as `trainingStep` takes it, measured: the inputs the model
 * encoded (the denoiser's corrupted copies: StepLoss.input), their codes and reconstructions and
 * the loss with its parts, all before the update; per variable the squared L2 norms of the
 * gradient, of the weights before the update and of the update itself. Every tensor made here
 * but `values` is disposed, whatever happens.
 *
 * @param x [batch, 784] pixel values in [0,1]; not disposed.
 * @param weightNames the names of the model's variables in their order (layersPlan's weights).
 */
export function takeExplainedStep(
  model: Autoencoder,
  optimizer: StepOptimizer,
  x: tf.Tensor2D,
  weightNames: readonly string[],
  shown = EXPLAIN_SHOWN,
): ExplainedStep {
  const vars = model.variables;
  if (weightNames.length !== vars.length)
    throw new Error(`${weightNames.length} weight names for ${vars.length} variables.`);
  const batch = x.shape[0];
  const n = Math.min(shown, batch);
  const latent = model.latentSize;
  // Set inside the loss's tape, which disposes everything but the total: kept, then disposed here.
  const kept: { parts: Record<string, tf.Scalar>; input: tf.Tensor2D | null } = {
    parts: {},
    input: null,
  };
  // The weights the step starts from: the optimizer assigns each variable a new tensor, so these
  // keep the old values.
  const before = vars.map((v) => tf.clone(v));
  let values: tf.Tensor1D;
  try {
    values = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const l = model.trainLoss(x);
        for (const [name, part] of Object.entries(l.parts ?? {}))
          kept.parts[name] = tf.keep(part.clone());
        if (l.input) kept.input = tf.keep(l.input.clone());
        return l.total;
      }, vars);
      const seen = tf.slice(kept.input ?? x, [0, 0], [n, DIGIT_PIXELS]);
      const codes = model.encode(seen);
      const recons = model.decode(codes);
      const clean = kept.input ? [tf.slice(x, [0, 0], [n, DIGIT_PIXELS])] : [];
      const squared = (t: tf.Tensor) => tf.sum(tf.square(t));
      const gradSq = vars.map((v) => {
        const g = grads[v.name];
        return g ? squared(g) : tf.scalar(0);
      });
      const weightSq = before.map(squared);
      optimizer.apply(vars.map((v) => grads[v.name]));
      const updateSq = vars.map((v, i) => squared(tf.sub(v, before[i]!)));
      const partValues = Object.values(kept.parts);
      return tf.concat([
        tf.reshape(seen, [-1]),
        ...clean.map((c) => tf.reshape(c, [-1])),
        tf.reshape(codes, [-1]),
        tf.reshape(recons, [-1]),
        tf.stack([value, ...partValues, ...gradSq, ...weightSq, ...updateSq]),
      ]) as tf.Tensor1D;
    });
  } finally {
    tf.dispose(before);
    tf.dispose(Object.values(kept.parts));
    kept.input?.dispose();
  }
  const partNames = Object.keys(kept.parts);
  const hasClean = kept.input !== null;
  const groups = layerGroups(weightNames);
  return {
    values,
    explain(data, step) {
      let at = 0;
      const take = (length: number) => data.slice(at, (at += length));
      const inputs = take(n * DIGIT_PIXELS);
      const clean = hasClean ? take(n * DIGIT_PIXELS) : undefined;
      const codes = take(n * latent);
      const recons = take(n * DIGIT_PIXELS);
      const [loss, ...rest] = take(1 + partNames.length);
      const gradSq = take(vars.length);
      const weightSq = take(vars.length);
      const updateSq = take(vars.length);
      const norm = (sq: Float32Array, group: LayerGroup) =>
        Math.sqrt(group.variables.reduce((s, i) => s + sq[i]!, 0));
      const layers: LayerStep[] = groups.map((g) => ({
        name: g.name,
        grad: norm(gradSq, g),
        weight: norm(weightSq, g),
        update: norm(updateSq, g),
      }));
      return {
        step,
        batch,
        shown: n,
        latent,
        inputs,
        ...(clean ? { clean } : {}),
        codes,
        recons,
        loss: loss!,
        parts: Object.fromEntries(partNames.map((name, i) => [name, rest[i]!])),
        layers,
      };
    },
  };
}
