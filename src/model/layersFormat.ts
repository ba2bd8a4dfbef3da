// Our model as a standard TensorFlow.js Layers model and back. The artifacts are what
// tf.io.browserDownloads saves and tf.loadLayersModel reads: a functional Keras model of stock
// layers (see layersPlan.ts) computing the same function as our own ops, with the run in
// `userDefinedMetadata`. Pure: arrays in, arrays out, no tensors; only tfjs-core's types.
import type { io } from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config';
import { LAYERS_JSON_VERSION } from './layersJson';
import { layersPlan, planValueCount, type LayersPlan } from './layersPlan';
import { ModelFileError, readModelConfig, readRunMetadata, type RunMetadata } from './runMetadata';

/** A model restored from a file: its config, its variables' values in order, and its run. */
export interface LoadedModel {
  config: ModelConfig;
  values: Float32Array[];
  metadata: RunMetadata;
}

const shapeText = (shape: readonly unknown[]): string => `[${shape.map(shown).join(', ')}]`;

/** A value read from a file, as text for a message. String() throws on objects like {toString: {}}. */
function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? typeof value : json.length > 40 ? `${json.slice(0, 40)}…` : json;
}
const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Copies a kernel [..., a, b] into [..., b, a] (an involution: the same call undoes it).
 * @param shape the source's shape
 */
function swapLastTwoAxes(src: Float32Array, shape: readonly number[]): Float32Array {
  const a = shape[shape.length - 2]!;
  const b = shape[shape.length - 1]!;
  const out = new Float32Array(src.length);
  for (let base = 0; base < src.length; base += a * b)
    for (let i = 0; i < a; i++)
      for (let j = 0; j < b; j++) out[base + j * a + i] = src[base + i * b + j]!;
  return out;
}

function hasNonFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return true;
  return false;
}

function modelTopology(plan: LayersPlan): Record<string, unknown> {
  return {
    class_name: 'Model',
    config: {
      name: plan.modelName,
      layers: plan.layers,
      input_layers: [[plan.input, 0, 0]],
      output_layers: plan.outputs.map((name) => [name, 0, 0]),
    },
    keras_version: LAYERS_JSON_VERSION,
    backend: 'tensor_flow.js',
  };
}

/**
 * The model as TensorFlow.js Layers artifacts: input `pixels` [null, 784] in [0,1]; outputs
 * `code` [null, k] (the mean for the variational model) and `reconstruction` [null, 784] in [0,1],
 * plus `log_variance` [null, k] for the variational model.
 * @param values the model's `variables`' values in their order and shapes (see createModel)
 * @param metadata the run; its config must be `config`
 * @throws Error when the config, the values or the metadata do not fit together (a caller's bug)
 */
export function toLayersArtifacts(
  config: ModelConfig,
  values: Float32Array[],
  metadata: RunMetadata,
): io.ModelArtifacts {
  // The same checks a loader makes, so that nothing is saved that cannot be loaded again. JSON
  // first: undefined and NaN do not survive the file.
  let run: RunMetadata;
  try {
    readModelConfig(config);
    run = readRunMetadata(JSON.parse(JSON.stringify(metadata)));
  } catch (e) {
    throw new Error(`Cannot save this model: ${(e as Error).message}`, { cause: e });
  }
  if (JSON.stringify(readModelConfig(config)) !== JSON.stringify(run.config))
    throw new Error('Cannot save this model: the metadata holds another config.');
  const plan = layersPlan(config);
  if (values.length !== plan.weights.length)
    throw new Error(
      `Cannot save this model: ${values.length} arrays for ${plan.weights.length} variables.`,
    );
  const data = new Float32Array(planValueCount(plan));
  let offset = 0;
  plan.weights.forEach((w, i) => {
    const v = values[i]!;
    if (v.length !== sizeOf(w.ourShape))
      throw new Error(
        `Cannot save this model: ${w.name} has ${v.length} values, not ${shapeText(w.ourShape)}.`,
      );
    if (hasNonFinite(v))
      throw new Error(`Cannot save this model: ${w.name} holds NaN or infinite values.`);
    data.set(w.swapLastTwo ? swapLastTwoAxes(v, w.ourShape) : v, offset);
    offset += v.length;
  });
  return {
    modelTopology: modelTopology(plan),
    format: 'layers-model',
    generatedBy: `autoencoder-playground ${run.appVersion}`,
    convertedBy: null,
    weightSpecs: plan.weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' })),
    weightData: data.buffer,
    userDefinedMetadata: run as unknown as Record<string, object>,
  };
}

function damaged(detail: string): ModelFileError {
  return new ModelFileError(`This model file is damaged: ${detail}.`);
}

/**
 * Finds each of the model's weights among the file's specs by name, as tfjs-layers does, and
 * checks it. @returns for each planned weight (in our order), its index among the specs
 */
function matchSpecs(specs: unknown[], plan: LayersPlan): number[] {
  const index = new Map(plan.weights.map((w, i) => [w.name, i]));
  const found = new Array<number>(plan.weights.length).fill(-1);
  specs.forEach((spec, k) => {
    const s = spec as Partial<Record<keyof io.WeightsManifestEntry, unknown>> | null;
    if (typeof s !== 'object' || s === null || typeof s.name !== 'string')
      throw damaged(`weight ${k + 1} in model.json has no name`);
    const i = index.get(s.name);
    if (i === undefined) throw damaged(`model.json lists a weight “${s.name}” this model lacks`);
    if (found[i] !== -1) throw damaged(`model.json lists the weight “${s.name}” twice`);
    found[i] = k;
    const want = plan.weights[i]!;
    if (s.quantization !== undefined || s.dtype !== 'float32')
      throw new ModelFileError(
        `The weight “${s.name}” is stored as ` +
          `${s.quantization !== undefined ? 'quantized' : shown(s.dtype)} numbers; ` +
          'the playground reads float32 only.',
      );
    const shape = s.shape;
    const same =
      Array.isArray(shape) &&
      shape.length === want.shape.length &&
      shape.every((d, j) => d === want.shape[j]);
    if (!same)
      throw damaged(
        `the weight “${s.name}” has shape ` +
          `${Array.isArray(shape) ? shapeText(shape) : 'none'}, ` +
          `but the model's settings need ${shapeText(want.shape)}`,
      );
  });
  const missing = found.indexOf(-1);
  if (missing !== -1) throw damaged(`model.json lacks the weight “${plan.weights[missing]!.name}”`);
  return found;
}

/** The weight data as one buffer: tfjs allows a list of buffers, read end to end. */
function joinedWeightData(data: unknown): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  if (Array.isArray(data) && data.every((b) => b instanceof ArrayBuffer)) {
    const parts = data as ArrayBuffer[];
    const out = new Uint8Array(parts.reduce((n, b) => n + b.byteLength, 0));
    let offset = 0;
    for (const b of parts) {
      out.set(new Uint8Array(b), offset);
      offset += b.byteLength;
    }
    return out.buffer;
  }
  throw new ModelFileError('The model has no weights: choose its weights file (.bin) too.');
}

/**
 * The inverse of toLayersArtifacts, for files this app wrote. Checks, in this order: the app
 * marker and format version, the config's kinds and ranges, the Layers format, the weight specs
 * (each of createModel(config)'s weights once, by name, in any order; its shape; float32) and the
 * weight data's length.
 * @returns config; values as our variables' Float32Arrays in order (fresh copies); the run
 * @throws ModelFileError for anything else, with a message for the person who chose the file
 */
export function fromLayersArtifacts(artifacts: io.ModelArtifacts): LoadedModel {
  if (typeof artifacts !== 'object' || artifacts === null)
    throw new ModelFileError('This file is not a TensorFlow.js model.');
  const metadata = readRunMetadata(artifacts.userDefinedMetadata);
  const topology = artifacts.modelTopology as { class_name?: unknown } | undefined;
  if (
    artifacts.format !== 'layers-model' ||
    typeof topology !== 'object' ||
    topology === null ||
    topology.class_name !== 'Model'
  )
    throw damaged('it is not a Layers model');
  const plan = layersPlan(metadata.config);
  const specs: unknown = artifacts.weightSpecs;
  if (!Array.isArray(specs)) throw damaged('model.json lists no weights');
  const specIndex = matchSpecs(specs, plan);

  const buffer = joinedWeightData(artifacts.weightData);
  const expected = planValueCount(plan) * 4;
  if (buffer.byteLength < expected)
    throw new ModelFileError(
      `The weights file is shorter than model.json says (${buffer.byteLength} of ${expected} bytes).`,
    );
  if (buffer.byteLength > expected)
    throw new ModelFileError(
      `The weights file is longer than model.json says (${buffer.byteLength} bytes, not ${expected}).`,
    );
  // The data follows the file's order of specs, whose shapes are now known to be the plan's.
  const offsets: number[] = [];
  let offset = 0;
  for (let k = 0; k < specs.length; k++) {
    offsets.push(offset);
    offset += sizeOf(plan.weights[specIndex.indexOf(k)]!.shape) * 4;
  }
  const values = plan.weights.map((w, i) => {
    const start = offsets[specIndex[i]!]!;
    const stored = new Float32Array(buffer.slice(start, start + sizeOf(w.shape) * 4));
    if (hasNonFinite(stored))
      throw damaged(`the weight “${w.name}” holds values that are not numbers (NaN or infinity)`);
    return w.swapLastTwo ? swapLastTwoAxes(stored, w.shape) : stored;
  });
  return { config: { ...metadata.config }, values, metadata };
}
