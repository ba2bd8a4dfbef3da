import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bceWithLogits,
  klDivergence,
  lossLabel,
  meanAbs,
  minimizeWithParts,
  nearZeroFraction,
  reconstructionLoss,
} from './losses';
import { createSparseAutoencoder } from './sparse';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scalar = (f: () => tf.Tensor) => tf.tidy(() => f().dataSync()[0]!);

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

  it('steps an optimizer and hands back the parts, leaking nothing', () => {
    const model = createSparseAutoencoder({ hidden: 16, latent: 4, seed: 1, sparsity: 0.1 });
    const opt = tf.train.adam(1e-3);
    const x = tf.tidy(() => tf.randomUniform([4, 784], 0, 1, 'float32', 1)) as tf.Tensor2D;
    const first = tf.tidy(() => minimizeWithParts(opt, model, x));
    tf.dispose([first.total, ...Object.values(first.parts)]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { total, parts } = tf.tidy(() => minimizeWithParts(opt, model, x));
      expect(Object.keys(parts).sort()).toEqual(['reconstruction', 'sparsity']);
      const sum = parts.reconstruction!.dataSync()[0]! + parts.sparsity!.dataSync()[0]!;
      expect(sum).toBeCloseTo(total.dataSync()[0]!, 6);
      tf.dispose([total, ...Object.values(parts)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    opt.dispose();
    model.dispose();
  });
});
