import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/rng';
import { activate, isFused } from './activation';
import { MODEL_RANGES, type ActivationKind, type LossKind } from './config';
import { denseDataInput, denseExplicitTranspose } from './denseOp';
import { glorotVariable, uniqueName, zeroBias } from './init';
import { lossLabel, nearZeroFraction, reconstructionLoss } from './losses';
import type { Autoencoder, StepLoss } from './types';

export interface DenseOptions {
  inputSize?: number;
  /** Width of the first (widest) hidden layer. */
  hidden: number;
  latent: number;
  seed: number;
  /** Hidden layers on each side of the code, 1–3 (default 1). */
  depth?: number;
  /** Reconstruction loss (default 'mse'). */
  loss?: LossKind;
  /** The hidden layers' activation (default 'relu'). */
  activation?: ActivationKind;
}

export interface DenseLayer {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
}

/** A layer with Glorot-uniform weights (their range times `gain`, see glorotVariable), zero bias. */
export function denseLayer(
  fanIn: number,
  fanOut: number,
  rng: () => number,
  name: string,
  gain = 1,
): DenseLayer {
  const id = uniqueName(name);
  return {
    w: glorotVariable(fanIn, fanOut, rng, `${id}_w`, gain),
    b: zeroBias(fanOut, `${id}_b`),
  };
}

/**
 * One layer: x·W + b, then the activation. A single fused kernel, except on wasm, where the
 * backward pass is faster with explicit transposes (see denseExplicitTranspose); sigmoid and tanh
 * are an elementwise op after it.
 */
export function applyDense(
  x: tf.Tensor2D,
  l: DenseLayer,
  activation: ActivationKind = 'linear',
  inputIsData = false,
): tf.Tensor2D {
  if (!isFused(activation)) return activate(applyDense(x, l, 'linear', inputIsData), activation);
  if (inputIsData) {
    return denseDataInput(x, l.w, l.b, activation === 'relu', tf.getBackend() === 'wasm');
  }
  return linear(x, l.w, l.b, activation);
}

/** x·w + b, then the activation, for any tensors (see applyDense). */
export function linear(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  activation: ActivationKind = 'linear',
): tf.Tensor2D {
  if (!isFused(activation)) return activate(linear(x, w, b, 'linear'), activation);
  if (tf.getBackend() === 'wasm') return denseExplicitTranspose(x, w, b, activation === 'relu');
  return tf.fused.matMul({ a: x, b: w, bias: b, activation }) as tf.Tensor2D;
}

/**
 * Hidden layers in turn, each with the activation. `inputIsData`: x is the model's input, so the
 * first layer skips the gradient with respect to it (see denseDataInput).
 */
export function applyHiddenStack(
  x: tf.Tensor2D,
  layers: readonly DenseLayer[],
  activation: ActivationKind,
  inputIsData = false,
): tf.Tensor2D {
  return layers.reduce((h, l, i) => applyDense(h, l, activation, inputIsData && i === 0), x);
}

export function layerVariables(layers: readonly DenseLayer[]): tf.Variable[] {
  return layers.flatMap((l) => [l.w, l.b]);
}

/** A non-negative finite number from a config (URL state may hold anything), else `fallback`. */
export function nonNegative(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? Math.max(0, value) : fallback;
}

/** Clamps a depth from a config (URL state may hold anything) to 1–3. */
export function clampDepth(depth: number | undefined): number {
  const { min, max } = MODEL_RANGES.depth;
  const d = Math.round(depth ?? min);
  return Number.isFinite(d) ? Math.min(max, Math.max(min, d)) : min;
}

/**
 * Hidden widths from the input inwards: hidden, hidden/2, hidden/4 (depth of them), each halving
 * floored at 16 (or at `hidden` itself when that is smaller).
 */
export function hiddenWidths(hidden: number, depth: number): number[] {
  const floor = Math.min(16, hidden);
  return Array.from({ length: clampDepth(depth) }, (_, i) =>
    i === 0 ? hidden : Math.max(floor, Math.floor(hidden / 2 ** i)),
  );
}

/** The layers of a dense encoder/decoder pair, created in a fixed order from one seed. */
export interface DenseNet {
  /** input → widths[0] → … → widths[depth-1], the hidden activation. */
  encoder: DenseLayer[];
  /** last hidden → latent, linear (one for a plain code; mean and log-variance for a VAE). */
  heads: DenseLayer[];
  /** latent → widths[depth-1] → … → widths[0], the hidden activation. */
  decoder: DenseLayer[];
  /** widths[0] → input, linear (logits). */
  out: DenseLayer;
}

/**
 * Builds the layers in the order enc1…encN, heads, dec1…decN, out; `variables` follows the same
 * order. With depth 1 and one head this is the original 784 → H → k → H → 784 model, weight for
 * weight.
 */
export function createDenseNet(
  opts: DenseOptions,
  headNames: readonly string[] = ['code'],
): DenseNet {
  const input = opts.inputSize ?? 784;
  const widths = hiddenWidths(opts.hidden, opts.depth ?? 1);
  const rng = createRng(opts.seed);
  const encoder = widths.map((w, i) =>
    denseLayer(i === 0 ? input : widths[i - 1]!, w, rng, `enc${i + 1}`),
  );
  const last = widths[widths.length - 1]!;
  const heads = headNames.map((name) => denseLayer(last, opts.latent, rng, name));
  return { encoder, heads, ...createDenseDecoder(opts.latent, widths, input, rng) };
}

/**
 * The decoder's layers, dec1…decN then out: latent → widths reversed → input. Created after the
 * encoder's, from the same generator.
 */
export function createDenseDecoder(
  latent: number,
  widths: readonly number[],
  input: number,
  rng: () => number,
): { decoder: DenseLayer[]; out: DenseLayer } {
  const inward = [...widths].reverse();
  const decoder = inward.map((w, i) =>
    denseLayer(i === 0 ? latent : inward[i - 1]!, w, rng, `dec${i + 1}`),
  );
  return { decoder, out: denseLayer(widths[0]!, input, rng, 'out') };
}

export function denseNetVariables(net: DenseNet): tf.Variable[] {
  return layerVariables([...net.encoder, ...net.heads, ...net.decoder, net.out]);
}

/** A deterministic encoder and a decoder that ends in logits: what `fromCore` wraps. */
export interface AutoencoderCore {
  readonly latentSize: number;
  readonly variables: tf.Variable[];
  encode(x: tf.Tensor2D): tf.Tensor2D;
  /** @returns [batch, 784] logits; the decoder's output before the sigmoid. */
  logits(z: tf.Tensor2D): tf.Tensor2D;
}

export function createDenseCore(opts: DenseOptions): AutoencoderCore {
  const net = createDenseNet(opts);
  const code = net.heads[0]!;
  const act = opts.activation ?? 'relu';
  return {
    latentSize: opts.latent,
    variables: denseNetVariables(net),
    encode: (x) => applyDense(applyHiddenStack(x, net.encoder, act, true), code),
    logits: (z) => applyDense(applyHiddenStack(z, net.decoder, act), net.out),
  };
}

/**
 * The plain autoencoder around a core: decode = sigmoid(logits), loss = the reconstruction loss
 * of decode(encode(x)) against x. Variants override `trainLoss` and add their extras.
 */
export function fromCore(core: AutoencoderCore, loss: LossKind = 'mse'): Autoencoder {
  const encode = (x: tf.Tensor2D): tf.Tensor2D => core.encode(x);
  return {
    latentSize: core.latentSize,
    lossName: lossLabel(loss),
    variables: core.variables,
    encode,
    decode: (z) => tf.sigmoid(core.logits(z)),
    trainLoss(x: tf.Tensor2D): StepLoss {
      return { total: reconstructionLoss(loss, x, core.logits(encode(x))) };
    },
    codeStats: (x) => ({ nearZero: tf.tidy(() => nearZeroFraction(encode(x))) }),
    dispose() {
      for (const v of core.variables) v.dispose();
    },
  };
}

/**
 * A dense autoencoder 784 → H → … → k → … → H → 784 (depth hidden layers a side, see
 * `hiddenWidths`): hidden layers with the chosen activation (ReLU by default), a linear code, a
 * sigmoid output, MSE or BCE. Matmul, bias and a ReLU run as one fused kernel each.
 */
export function createDenseAutoencoder(opts: DenseOptions): Autoencoder {
  return fromCore(createDenseCore(opts), opts.loss ?? 'mse');
}
