// The model opened up at the digit in focus: every layer's output, the first layer's weights,
// what each code unit adds to the picture and, for the VAE, the traversal rows. It runs in the
// inference worker from the weight snapshot, never in the training worker, and in slices: the
// generator yields between parts, so a drawing that arrives meanwhile is answered first.
import * as tf from '@tensorflow/tfjs-core';
import { DIGIT_PIXELS } from '../data/sprite';
import type { ModelConfig } from '../model/config';
import { traceLayers, type LayerTrace } from '../model/forward';
import { contributionCodes, contributions, kernelColumn, traversalCodes } from '../model/inspect';
import { CODE_NAME, layersPlan, LOG_VARIANCE_NAME, RECONSTRUCTION_NAME } from '../model/layersPlan';
import type { Autoencoder } from '../model/types';
import type { InspectRequest, Inspection } from './protocol';

/** First-layer units shown as feature images. */
export const MAX_FEATURES = 64;
/** Steps of a VAE traversal row, −3σ … +3σ. */
export const TRAVERSAL_STEPS = 7;

/** Layers that only reshape or pad: the diagram leaves them out (the outputs excepted). */
const PLUMBING = new Set(['Reshape', 'Flatten', 'ZeroPadding2D']);

/** A fixed standard-normal draw per code unit (Box–Muller on a small LCG): the VAE's shown ε. */
function fixedNormal(k: number): Float32Array {
  let s = 12345;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return Float32Array.from({ length: k }, () => {
    const u = next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

function decodeAll(model: Autoencoder, codes: Float32Array): Float32Array {
  const k = model.latentSize;
  return tf.tidy(() =>
    (model.decode(tf.tensor2d(codes, [codes.length / k, k])).dataSync() as Float32Array).slice(),
  );
}

/**
 * The inspection, part by part: yields between the parts, returns the whole.
 * @param values the model's variables (the snapshot `model` was assigned from), in its order
 */
export function* inspect(
  model: Autoencoder,
  config: ModelConfig,
  values: readonly Float32Array[],
  req: InspectRequest,
): Generator<void, Inspection> {
  const plan = layersPlan(config);
  const traces = traceLayers(plan, values, req.pixels);
  const outputs = new Set([CODE_NAME, RECONSTRUCTION_NAME, LOG_VARIANCE_NAME]);
  const layers = traces.filter((t) => !PLUMBING.has(t.className) || outputs.has(t.name));
  const byName = new Map<string, LayerTrace>(traces.map((t) => [t.name, t]));
  const code = byName.get(CODE_NAME)!.values;
  const logVar = byName.get(LOG_VARIANCE_NAME)?.values;
  const sample = logVar
    ? Float32Array.from(fixedNormal(code.length), (e, j) => code[j]! + Math.exp(logVar[j]! / 2) * e)
    : null;

  // The first layer with weights: its kernel is our first variable (plan order = variables).
  const first = plan.weights[0]!;
  const firstLayer = first.name.slice(0, first.name.lastIndexOf('/'));
  const firstTrace = byName.get(firstLayer)!;
  const kernel = values[0]!;
  const conv = first.shape.length === 4;
  const units = first.shape.at(-1)!;
  const inputs = kernel.length / units;
  const side = conv ? first.shape[0]! : Math.round(Math.sqrt(inputs));
  const count = Math.min(units, MAX_FEATURES);
  const weights = new Float32Array(count * inputs);
  for (let j = 0; j < count; j++) weights.set(kernelColumn(kernel, inputs, units, j), j * inputs);
  const features = { count, side, weights };
  let unit: Inspection['unit'] = null;
  if (req.unit !== null && req.unit >= 0 && req.unit < units) {
    // A conv unit's activation: its feature map's mean for the digit.
    const act = firstTrace.values;
    let activation = act[req.unit]!;
    if (conv) {
      let sum = 0;
      for (let i = req.unit; i < act.length; i += units) sum += act[i]!;
      activation = sum / (act.length / units);
    }
    unit = {
      index: req.unit,
      side,
      weights: kernelColumn(kernel, inputs, units, req.unit),
      activation,
    };
  }
  yield;

  const k = code.length;
  const asked = req.units.filter((j) => Number.isInteger(j) && j >= 0 && j < k);
  const stats =
    req.stats && req.stats.mean.length === k && req.stats.std.length === k ? req.stats : null;
  let contributionsOut: Inspection['contributions'] = null;
  let rows: Inspection['traversalRows'] = null;
  if (stats && asked.length > 0) {
    const decoded = decodeAll(model, contributionCodes(stats.mean, stats.std, asked));
    contributionsOut = { units: asked, images: contributions(decoded, DIGIT_PIXELS) };
    if (config.kind === 'vae') {
      const images = new Float32Array(asked.length * TRAVERSAL_STEPS * DIGIT_PIXELS);
      for (let r = 0; r < asked.length; r++) {
        yield;
        const codes = traversalCodes(code, stats.mean, stats.std, [asked[r]!], TRAVERSAL_STEPS);
        images.set(decodeAll(model, codes), r * TRAVERSAL_STEPS * DIGIT_PIXELS);
      }
      rows = { units: asked, steps: TRAVERSAL_STEPS, images };
    }
  }
  return {
    model: config,
    layers,
    sample,
    features,
    unit,
    contributions: contributionsOut,
    traversalRows: rows,
  };
}

/** Decodes one code: the latent traversal's picture. */
export function decodeOne(model: Autoencoder, code: Float32Array): Float32Array | null {
  return code.length === model.latentSize ? decodeAll(model, code) : null;
}
