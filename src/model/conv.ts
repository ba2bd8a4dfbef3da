import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/rng';
import type { LossKind } from './config';
import { applyDense, denseLayer, fromCore, type AutoencoderCore } from './dense';
import { ownedVariable, uniqueName, zeroBias } from './init';
import type { Autoencoder } from './types';

/**
 * How a 3×3 convolution is differentiated; both give the same numbers (see `conv3x3`).
 * 'auto' (the default) picks 'native' on webgl/webgpu and 'portable' elsewhere.
 */
export type ConvPath = 'auto' | 'native' | 'portable';

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

/** One pixel of zero padding on every side. */
const PAD1: [[number, number], [number, number], [number, number], [number, number]] = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

/** Backends whose own conv2d gradients are fast; elsewhere the portable path is used. */
const NATIVE_CONV_BACKENDS = new Set(['webgl', 'webgpu']);

/**
 * conv2d (3×3 filter, PAD1, the given stride) with a hand-written gradient that uses only the
 * Conv2D and Conv2DBackpropInput kernels. The wasm backend has no Conv2DBackpropFilter kernel,
 * so tf.conv2d cannot be trained there at all, and the cpu backend's is slow (about a second a
 * step at batch 8). The filter gradient is itself a convolution: with the batch as channels,
 *   dW[dy,dx,ci,co] = Σ_{n,i,j} x_pad[n, s·i+dy, s·j+dx, ci] · g[n,i,j,co]
 * is conv2d(xᵀ [ci,H,W,n], gᵀ [oh,ow,n,co]) with PAD1, stride 1 and dilation s, cropped to 3×3.
 */
function portableConv(stride: 1 | 2): (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor4D;
    const w = args[1] as tf.Tensor4D;
    const save = args[2] as tf.GradSaveFunc;
    save([x, w]);
    return {
      value: tf.conv2d(x, w, stride, PAD1),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const sx = saved[0] as tf.Tensor4D;
        const sw = saved[1] as tf.Tensor4D;
        const dx = tf.conv2dTranspose(dy, sw, sx.shape, stride, PAD1);
        const xT = tf.transpose(sx, [3, 1, 2, 0]);
        const dyT = tf.transpose(dy, [1, 2, 0, 3]);
        const full = tf.conv2d(xT, dyT, 1, PAD1, 'NHWC', stride);
        const [ci, , , co] = full.shape;
        const dw = tf.transpose(tf.slice(full, [0, 0, 0, 0], [ci, 3, 3, co]), [1, 2, 0, 3]);
        return [dx, dw];
      },
    };
  });
  return (x, w) => op(x, w) as tf.Tensor4D;
}

const portable = { 1: portableConv(1), 2: portableConv(2) } as const;

/**
 * A 3×3 convolution with one pixel of zero padding on every side, stride 1 or 2, then bias and
 * activation: out[i,j] = Σ x_pad[s·i+dy, s·j+dx]·w[dy,dx]. On side 28 or 14 with stride 2 it
 * halves the side; with stride 1 it keeps it. 'native' is tf.fused.conv2d with tfjs's own
 * gradients; 'portable' is `portableConv`.
 */
export function conv3x3(
  x: tf.Tensor4D,
  l: ConvLayer,
  stride: 1 | 2,
  activation: 'relu' | 'linear',
  path: ConvPath = 'auto',
): tf.Tensor4D {
  const native =
    path === 'native' || (path === 'auto' && NATIVE_CONV_BACKENDS.has(tf.getBackend()));
  if (native) {
    return tf.fused.conv2d({ x, filter: l.w, strides: stride, pad: PAD1, bias: l.b, activation });
  }
  const y = tf.add<tf.Tensor4D>(portable[stride](x, l.w), l.b);
  return activation === 'relu' ? tf.relu(y) : y;
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
