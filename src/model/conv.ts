import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/rng';
import { activate, isFused } from './activation';
import type { ActivationKind, LossKind } from './config';
import { applyDense, denseLayer, fromCore, linear, type AutoencoderCore } from './dense';
import { ownedVariable, uniqueName, zeroBias } from './init';
import { col2im, im2col, type WindowSpec } from './im2col';
import type { Autoencoder } from './types';

/**
 * How the convolutions are computed; both give the same numbers (see the tests).
 * 'native': tfjs's conv2d / conv2dTranspose kernels and their gradients, fast on webgl/webgpu.
 * 'portable': im2col, i.e. windows gathered by pad/slice/concat and one matrix product per layer.
 * The wasm backend has no Conv2DBackpropFilter kernel and its other conv kernels are slow, while
 * its matrix product is XNNPACK: im2col trains there many times faster. 'auto' (the default)
 * picks 'native' on webgl/webgpu and 'portable' elsewhere.
 */
export type ConvPath = 'auto' | 'native' | 'portable';

export interface ConvOptions {
  /** Sets the channel counts: hidden/16 and hidden/8, each clamped to [8, 64]. */
  hidden: number;
  latent: number;
  seed: number;
  loss?: LossKind;
  /** The hidden layers' activation, the convolutions' included (default 'relu'). */
  activation?: ActivationKind;
  /** For tests; 'auto' (the default) picks per backend. */
  convPath?: ConvPath;
}

interface ConvLayer {
  /** [3, 3, in, out] */
  w: tf.Variable<tf.Rank.R4>;
  b: tf.Variable<tf.Rank.R1>;
}

type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

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

/** One pixel of zero padding on every side. */
const PAD1: Pad4 = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

/** Backends whose own conv kernels and gradients are fast; elsewhere im2col is used. */
const NATIVE_CONV_BACKENDS = new Set(['webgl', 'webgpu']);

function nativeConvs(path: ConvPath): boolean {
  return path === 'native' || (path === 'auto' && NATIVE_CONV_BACKENDS.has(tf.getBackend()));
}

/**
 * Windows of x as one tensor (see im2col.ts), as a single op with its own gradient: built from
 * tfjs slices and a concat, the gather and its SplitV gradient cost several times the matrix
 * products on wasm. It reads x synchronously, so it is only for the cpu and wasm backends.
 */
export function gatherWindows(
  x: tf.Tensor4D,
  k: number,
  stride: number,
  pad: number,
  oh: number,
  ow: number,
): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const spec: WindowSpec = { n, h, w, c, k, stride, pad, oh, ow };
  const op = tf.customGrad((xi) => {
    const xt = xi as tf.Tensor4D;
    return {
      value: tf.tensor4d(im2col(xt.dataSync() as Float32Array, spec), [n, oh, ow, k * k * c]),
      gradFunc: (dy: tf.Tensor) =>
        tf.tensor4d(col2im(dy.dataSync() as Float32Array, spec), [n, h, w, c]),
    };
  });
  return op(x) as tf.Tensor4D;
}

/** Every 3×3 window of x zero-padded by one pixel, at stride 1 or 2: [n, h, w, c] → [n, h/s, w/s, 9c]. */
export function windows3x3(x: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  const [, h, w] = x.shape;
  return gatherWindows(x, 3, stride, 1, h / stride, w / stride);
}

/** [n, h, w, k] windows times a [k, out] matrix, plus bias, then the activation. */
function windowProduct(
  win: tf.Tensor4D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  activation: ActivationKind,
): tf.Tensor4D {
  const [n, h, wd, k] = win.shape;
  const y = linear(tf.reshape(win, [n * h * wd, k]), w, b, activation);
  return tf.reshape(y, [n, h, wd, w.shape[1]]);
}

/**
 * A 3×3 convolution with one pixel of zero padding on every side, stride 1 or 2, then bias and
 * activation: out[i,j] = Σ x_pad[s·i+dy, s·j+dx]·w[dy,dx].
 */
export function conv3x3(
  x: tf.Tensor4D,
  l: ConvLayer,
  stride: 1 | 2,
  activation: ActivationKind,
  path: ConvPath = 'auto',
): tf.Tensor4D {
  if (nativeConvs(path)) {
    if (!isFused(activation)) return activate(conv3x3(x, l, stride, 'linear', path), activation);
    return tf.fused.conv2d({ x, filter: l.w, strides: stride, pad: PAD1, bias: l.b, activation });
  }
  const [, , cin, cout] = l.w.shape;
  return windowProduct(windows3x3(x, stride), tf.reshape(l.w, [9 * cin, cout]), l.b, activation);
}

/**
 * Layers that double the side compute each output pixel from a small window of the input; which
 * filter taps meet which window cell depends on the output pixel's parity. taps[a][r] lists the
 * filter rows (0–2) that connect window row r to output rows of parity a (columns alike).
 */
type TapTable = readonly (readonly (readonly number[])[])[];

/**
 * tf.conv2dTranspose with a 3×3 filter, stride 2 and 'same' padding: output row o = 2i + k gets
 * input row i through filter row k. Window rows are input rows m−1 and m for output rows 2m, 2m+1.
 */
const TRANSPOSED_TAPS: TapTable = [
  [[2], [0]],
  [[], [1]],
];

/**
 * Nearest-neighbour 2× upsampling then a 3×3 convolution (padding 1). Upsampled row 2m+a−1+k is
 * input row m + ⌊(a+k−1)/2⌋; window rows are input rows m−1, m, m+1.
 */
const UPSAMPLE_CONV_TAPS: TapTable = [
  [[0], [1, 2], []],
  [[], [0, 1], [2]],
];

/** The constant [win·win·4, 9] matrix that maps the 9 filter taps to (window cell, parity). */
function tapMatrix(taps: TapTable): tf.Tensor2D {
  const win = taps[0]!.length;
  const m = new Float32Array(win * win * 4 * 9);
  for (let r = 0; r < win; r++)
    for (let c = 0; c < win; c++)
      for (let a = 0; a < 2; a++)
        for (let b = 0; b < 2; b++)
          for (const ky of taps[a]![r]!)
            for (const kx of taps[b]![c]!)
              m[((r * win + c) * 4 + a * 2 + b) * 9 + ky * 3 + kx]! += 1;
  return tf.tensor2d(m, [win * win * 4, 9]);
}

/**
 * A layer that doubles the side, by im2col: windows of the input times a [win²·in, 4·out] matrix
 * built from the 3×3 filter, one column block per output parity, then depth-to-space.
 */
function doubleBySubpixel(
  x: tf.Tensor4D,
  l: ConvLayer,
  taps: TapTable,
  activation: ActivationKind,
): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const [, , cin, cout] = l.w.shape;
  const win = taps[0]!.length;
  // Window 3: rows m−1, m, m+1. Window 2: rows m−1 and m.
  const windows = gatherWindows(x, win, 1, 1, h, w);
  const cells = tf.matMul(tapMatrix(taps), tf.reshape(l.w, [9, cin * cout]));
  const byCell = tf.transpose(tf.reshape(cells, [win * win, 4, cin, cout]), [0, 2, 1, 3]);
  const matrix = tf.reshape<tf.Rank.R2>(byCell, [win * win * cin, 4 * cout]);
  const y = windowProduct(windows, matrix, tf.tile(l.b, [4]), activation);
  // [n, h, w, (a, b, out)] → [n, 2h, 2w, out]
  const rows = tf.reshape<tf.Rank.R4>(y, [n * h, w, 2, 2 * cout]);
  return tf.reshape(tf.transpose(rows, [0, 2, 1, 3]), [n, 2 * h, 2 * w, cout]);
}

/** tf.conv2dTranspose (3×3, stride 2, 'same'), w as [3, 3, in, out], plus bias, activation. */
export function convTranspose3x3(
  x: tf.Tensor4D,
  l: ConvLayer,
  activation: ActivationKind,
  path: ConvPath = 'auto',
): tf.Tensor4D {
  if (!nativeConvs(path)) return doubleBySubpixel(x, l, TRANSPOSED_TAPS, activation);
  const [n, h, w] = x.shape;
  const cout = l.w.shape[3];
  const filter = tf.transpose(l.w, [0, 1, 3, 2]);
  const y = tf.add<tf.Tensor4D>(
    tf.conv2dTranspose(x, filter, [n, 2 * h, 2 * w, cout], 2, 'same'),
    l.b,
  );
  return activate(y, activation);
}

/** Nearest-neighbour 2× upsampling then conv3x3 (stride 1), plus bias, activation. */
export function upsampleConv3x3(
  x: tf.Tensor4D,
  l: ConvLayer,
  activation: ActivationKind,
  path: ConvPath = 'auto',
): tf.Tensor4D {
  if (!nativeConvs(path)) return doubleBySubpixel(x, l, UPSAMPLE_CONV_TAPS, activation);
  return conv3x3(upsample2(x), l, 1, activation, path);
}

/**
 * Doubles the side by repeating each pixel 2×2 (nearest-neighbour upsampling), as broadcasts
 * against ones at rank 4. Not tf.image.resizeNearestNeighbor: the cpu backend's gradient of it
 * (tfjs 4.22) is wrong for batches of more than one image.
 */
export function upsample2(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const cols = tf.mul(tf.reshape(x, [n * h, w, 1, c]), tf.ones([1, 1, 2, 1]));
  const rows = tf.mul(tf.reshape(cols, [n, h, 1, 2 * w * c]), tf.ones([1, 1, 2, 1]));
  return tf.reshape(rows, [n, 2 * h, 2 * w, c]);
}

/**
 * A convolutional autoencoder. Encoder: 28×28×1 → conv 3×3/2 → 14×14×C1 → conv 3×3/2 → 7×7×C2
 * → flatten → dense → k (linear). Decoder: dense → 7×7×C2 → transposed conv 3×3/2 → 14×14×C1
 * → nearest 2× → conv 3×3 → 28×28×1 logits → sigmoid. The four hidden layers (both encoder
 * convolutions, the decoder's dense layer and its transposed convolution) take the hidden
 * activation, ReLU by default. x stays [batch, 784] at the interface. (Chosen from a sweep at
 * latent 32: this decoder reached a test MSE of 0.0045 in about half the arithmetic of one with
 * two upsample+conv stages.)
 */
export function createConvAutoencoder(opts: ConvOptions): Autoencoder {
  const [c1, c2] = convChannels(opts.hidden);
  const flat = 7 * 7 * c2;
  const path = opts.convPath ?? 'auto';
  const act = opts.activation ?? 'relu';
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
      const h1 = conv3x3(img, enc1, 2, act, path);
      const h2 = conv3x3(h1, enc2, 2, act, path);
      return applyDense(tf.reshape(h2, [n, flat]), code);
    },
    logits(z) {
      const n = z.shape[0];
      const h = tf.reshape<tf.Rank.R4>(applyDense(z, dec, act), [n, 7, 7, c2]);
      const h2 = convTranspose3x3(h, dec2, act, path);
      const out = upsampleConv3x3(h2, dec1, 'linear', path);
      return tf.reshape(out, [n, SIDE * SIDE]);
    },
  };
  return fromCore(core, opts.loss ?? 'mse');
}
