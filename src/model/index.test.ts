// createModel and the loss terms every variant shares. The contract each variant keeps with the
// trainer and the inference worker, trained by the app's own step, is in src/train/step.test.ts;
// what is particular to a variant is in its own file.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ModelConfig, type ModelKind } from './config';
import { createModel } from './index';
import {
  bceWithLogits,
  klDivergence,
  lossLabel,
  meanAbs,
  nearZeroFraction,
  reconstructionLoss,
} from './losses';
import { countParams } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scalar = (f: () => tf.Tensor) => tf.tidy(() => f().dataSync()[0]!);

describe('createModel', () => {
  it('builds each kind with the parameter count its architecture implies', () => {
    const at = (kind: ModelKind, extra: Partial<ModelConfig> = {}) => {
      const m = createModel({ ...DEFAULT_MODEL, kind, hidden: 256, latent: 32, ...extra });
      const n = countParams(m);
      m.dispose();
      return n;
    };
    const dense1 = 784 * 256 + 256 + 256 * 32 + 32 + 32 * 256 + 256 + 256 * 784 + 784;
    expect(at('dense', { depth: 1 })).toBe(dense1);
    expect(at('denoising', { depth: 1 })).toBe(dense1);
    expect(at('sparse', { depth: 1 })).toBe(dense1);
    // The VAE adds the log-variance head.
    expect(at('vae', { depth: 1 })).toBe(dense1 + 256 * 32 + 32);
    // conv 1→16, 16→32, dense 1568→32, dense 32→1568, conv 32→16, conv 16→1.
    expect(at('conv')).toBe(
      9 * 16 +
        16 +
        9 * 16 * 32 +
        32 +
        1568 * 32 +
        32 +
        32 * 1568 +
        1568 +
        9 * 32 * 16 +
        16 +
        9 * 16 +
        1,
    );
  });

  it('offers corrupt only on the denoising model and sample only on the variational one', () => {
    for (const kind of ['dense', 'conv', 'denoising', 'sparse', 'vae'] as const) {
      const m = createModel({ ...DEFAULT_MODEL, kind, hidden: 16, latent: 4 });
      expect(typeof m.corrupt === 'function').toBe(kind === 'denoising');
      expect(typeof m.sample === 'function').toBe(kind === 'vae');
      m.dispose();
    }
  });
});

describe('losses', () => {
  it('computes binary cross-entropy from logits, stably', () => {
    const logits = [-3, 0, 2.5, -100, 100, 100];
    const x = [0, 0.3, 1, 1, 0, 1];
    const got = tf.tidy(() => bceWithLogits(tf.tensor1d(x), tf.tensor1d(logits)).dataSync());
    const naive = logits.map((l, i) => {
      const p = 1 / (1 + Math.exp(-l));
      const t = x[i]!;
      return -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
    });
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(naive[i]!, 5);
    // Where the naive form overflows (log 0), the stable one gives |l| or ~0.
    expect(got[3]).toBeCloseTo(100, 4);
    expect(got[4]).toBeCloseTo(100, 4);
    expect(got[5]).toBeCloseTo(0, 6);
  });

  it('reduces the reconstruction error by mean or by per-example sum', () => {
    const x = tf.tensor2d([
      [0, 1, 0.5, 0.2],
      [1, 1, 0, 0],
    ]);
    const logits = tf.tensor2d([
      [0, 2, -1, 0.5],
      [1, -1, 3, 0],
    ]);
    const sig = (l: number) => 1 / (1 + Math.exp(-l));
    const xs = x.arraySync().flat();
    const ls = logits.arraySync().flat();
    const sq = xs.map((t, i) => (sig(ls[i]!) - t) ** 2);
    const mse = sq.reduce((a, b) => a + b, 0) / 8;
    expect(scalar(() => reconstructionLoss('mse', x, logits))).toBeCloseTo(mse, 6);
    expect(scalar(() => reconstructionLoss('mse', x, logits, 'sumPerExample'))).toBeCloseTo(
      mse * 4,
      5,
    );
    const bce = scalar(() => tf.mean(bceWithLogits(x, logits)));
    expect(scalar(() => reconstructionLoss('bce', x, logits))).toBeCloseTo(bce, 6);
    expect(scalar(() => reconstructionLoss('bce', x, logits, 'sumPerExample'))).toBeCloseTo(
      bce * 4,
      5,
    );
    tf.dispose([x, logits]);
  });

  it('computes the KL divergence in closed form', () => {
    const mu = tf.tensor2d([
      [0.5, -1],
      [0, 2],
    ]);
    const logvar = tf.tensor2d([
      [0, 0.5],
      [-1, 0],
    ]);
    // Row 1: −½[(1 + 0 − 0.25 − 1) + (1 + 0.5 − 1 − e^0.5)] = 0.699360635…
    // Row 2: −½[(1 − 1 − 0 − e^−1) + (1 + 0 − 4 − 1)] = 2.183939720…
    expect(scalar(() => klDivergence(mu, logvar))).toBeCloseTo(1.441650178, 5);
    // The prior itself has no divergence.
    expect(scalar(() => klDivergence(tf.zeros([3, 4]), tf.zeros([3, 4])))).toBeCloseTo(0, 7);
    tf.dispose([mu, logvar]);
  });

  it('measures mean |z| and the near-zero fraction', () => {
    const z = tf.tensor2d([
      [1, 0.005, -0.5, 0.02],
      [0, 0, 0, 0],
    ]);
    expect(scalar(() => meanAbs(z))).toBeCloseTo(1.525 / 8, 6);
    // Row 1: only 0.005 is within 1% of the row's largest |z|; row 2 is all zero.
    expect(scalar(() => nearZeroFraction(z))).toBeCloseTo(5 / 8, 6);
    // Scale does not matter.
    expect(scalar(() => nearZeroFraction(tf.mul(z, 1000) as tf.Tensor2D))).toBeCloseTo(5 / 8, 6);
    z.dispose();
  });

  it('names the losses', () => {
    expect(lossLabel('mse')).toBe('MSE');
    expect(lossLabel('bce')).toBe('BCE');
  });
});
