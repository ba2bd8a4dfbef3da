import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/rng';
import type { LossKind } from './config';
import { applyDense, denseLayer, fromCore, type AutoencoderCore } from './dense';
import { ownedVariable, uniqueName, zeroBias } from './init';
import type { Autoencoder } from './types';

/** How a 3×3 convolution runs; both give the same numbers (see `conv3x3`). */
export type ConvPath = 'auto' | 'native' | 'im2col';

export interface ConvOptions {
  /** Sets the channel counts: hidden/16 and hidden/8, each clamped to [8, 64]. */
  hidden: number;
  latent: number;
  seed: number;
  loss?: LossKind;
  /** For tests; 'auto' (the default) picks per backend. */
  convPath?: ConvPath;
}

interface ConvLayer {
  /** [3, 3, in, out] */
  w: tf.Variable<tf.Rank.R4>;
  b: tf.Variable<tf.Rank.R1>;
}

const SIDE = 28;

/** Channel counts [after the first conv (14×14), after the second (7×7)]. */
export function convChannels(hidden: number): [number, number] {
  const clamp = (c: number) => Math.min(64, Math.max(8, Math.round(c)));
  return [clamp(hidden / 16), clamp(hidden / 8)];
}

function convLayer(inC: number, outC: number, rng: () => number, name: string): ConvLayer {
  const id = uniqueName(name);
  const limit = Math.sqrt(6 / (9 * (inC + outC)));
  const values = new Float32Array(9 * inC * outC);
  for (let i = 0; i < values.length; i++) values[i] = (rng() * 2 - 1) * limit;
  return {
    w: ownedVariable(tf.tensor4d(values, [3, 3, inC, outC]), `${id}_w`),
    b: zeroBias(outC, `${id}_b`),
  };
}

const PAD1: [number, number][] = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

const nativeConvGrad = new Map<string, boolean>();
/** Whether the active backend can train tf.conv2d (wasm lacks Conv2DBackpropFilter). */
function backendTrainsConv(): boolean {
  const name = tf.getBackend();
  let ok = nativeConvGrad.get(name);
  if (ok === undefined) {
    ok =
      tf.getKernel('Conv2DBackpropFilter', name) !== undefined &&
      tf.getKernel('Conv2DBackpropInput', name) !== undefined;
    nativeConvGrad.set(name, ok);
  }
  return ok;
}

/**
 * A 3×3 convolution with one pixel of zero padding on every side, stride 1 or 2, then bias and
 * activation: out[i,j] = Σ x_pad[s·i+dy, s·j+dx]·w[dy,dx]. On side 28 or 14 with stride 2 it
 * halves the side; with stride 1 it keeps it.
 *
 * 'native' is tf.fused.conv2d. 'im2col' gathers the nine taps with pad/reshape/slice/concat and
 * multiplies once; it needs only ops every backend can differentiate (the wasm backend has no
 * Conv2DBackpropFilter kernel, so tf.conv2d cannot be trained there).
 */
export function conv3x3(
  x: tf.Tensor4D,
  l: ConvLayer,
  stride: 1 | 2,
  activation: 'relu' | 'linear',
  path: ConvPath = 'auto',
): tf.Tensor4D {
  const usesNative = path === 'native' || (path === 'auto' && backendTrainsConv());
  const xp = tf.pad(x, PAD1);
  if (usesNative) {
    return tf.fused.conv2d({ x: xp, filter: l.w, strides: stride, pad: 'valid', bias: l.b, activation });
  }
  const [n, h, w, c] = x.shape;
  const oh = h / stride;
  const ow = w / stride;
  if (!Number.isInteger(oh) || !Number.isInteger(ow)) throw new Error('conv3x3: odd side with stride 2');
  const taps: tf.Tensor4D[] = [];
  if (stride === 1) {
    for (let dy = 0; dy < 3; dy++)
      for (let dx = 0; dx < 3; dx++) taps.push(tf.slice(xp, [0, dy, dx, 0], [n, h, w, c]));
  } else {
    // Padded row 2i+dy is row-pair i + (dy>>1), member dy&1; likewise for columns. Every view
    // stays 4-D, which all backends slice on their fast path.
    const rows = tf.reshape(xp, [n, (h + 2) / 2, 2, (w + 2) * c]);
    for (let dy = 0; dy < 3; dy++) {
      const row = tf.reshape<tf.Rank.R4>(tf.slice(rows, [0, dy >> 1, dy & 1, 0], [n, oh, 1, (w + 2) * c]), [
        n,
        oh,
        (w + 2) / 2,
        2 * c,
      ]);
      for (let dx = 0; dx < 3; dx++)
        taps.push(tf.slice(row, [0, 0, dx >> 1, (dx & 1) * c], [n, oh, ow, c]));
    }
  }
  const patches = tf.reshape(tf.concat(taps, 3), [n * oh * ow, 9 * c]);
  const outC = l.w.shape[3];
  const y = tf.fused.matMul({
    a: patches,
    b: tf.reshape(l.w, [9 * c, outC]),
    bias: l.b,
    activation,
  });
  return tf.reshape(y, [n, oh, ow, outC]);
}

/** Doubles the side by repeating each pixel 2×2. */
function upsample2(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  return tf.image.resizeNearestNeighbor(x, [h * 2, w * 2]);
}

/**
 * A convolutional autoencoder. Encoder: 28×28×1 → conv 3×3/2 → 14×14×C1 → conv 3×3/2 → 7×7×C2
 * (ReLU) → flatten → dense → k (linear). Decoder: dense → 7×7×C2 (ReLU) → nearest 2× → conv 3×3
 * → 14×14×C1 (ReLU) → nearest 2× → conv 3×3 → 28×28×1 logits → sigmoid. x stays [batch, 784]
 * at the interface.
 */
export function createConvAutoencoder(opts: ConvOptions): Autoencoder {
  const [c1, c2] = convChannels(opts.hidden);
  const flat = 7 * 7 * c2;
  const path = opts.convPath ?? 'auto';
  const rng = createRng(opts.seed);
  const enc1 = convLayer(1, c1, rng, 'conv_enc1');
  const enc2 = convLayer(c1, c2, rng, 'conv_enc2');
  const code = denseLayer(flat, opts.latent, rng, 'conv_code');
  const dec = denseLayer(opts.latent, flat, rng, 'conv_dec');
  const dec2 = convLayer(c2, c1, rng, 'conv_dec2');
  const dec1 = convLayer(c1, 1, rng, 'conv_dec1');
  const variables: tf.Variable[] = [
    enc1.w,
    enc1.b,
    enc2.w,
    enc2.b,
    code.w,
    code.b,
    dec.w,
    dec.b,
    dec2.w,
    dec2.b,
    dec1.w,
    dec1.b,
  ];

  const core: AutoencoderCore = {
    latentSize: opts.latent,
    variables,
    encode(x) {
      const n = x.shape[0];
      const img = tf.reshape<tf.Rank.R4>(x, [n, SIDE, SIDE, 1]);
      const h1 = conv3x3(img, enc1, 2, 'relu', path);
      const h2 = conv3x3(h1, enc2, 2, 'relu', path);
      return applyDense(tf.reshape(h2, [n, flat]), code);
    },
    logits(z) {
      const n = z.shape[0];
      const h = tf.reshape<tf.Rank.R4>(applyDense(z, dec, 'relu'), [n, 7, 7, c2]);
      const h2 = conv3x3(upsample2(h), dec2, 1, 'relu', path);
      const out = conv3x3(upsample2(h2), dec1, 1, 'linear', path);
      return tf.reshape(out, [n, SIDE * SIDE]);
    },
  };
  return fromCore(core, opts.loss ?? 'mse');
}
