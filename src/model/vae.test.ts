// The variational autoencoder: its two heads, the ELBO's terms, and sampling.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVariationalAutoencoder } from './vae';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scalar = (f: () => tf.Tensor) => tf.tidy(() => f().dataSync()[0]!);

function uniformBatch(n: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.randomUniform([n, 784], 0, 1, 'float32', seed)) as tf.Tensor2D;
}

const vaeOpts = { hidden: 32, latent: 4, seed: 2, depth: 2, beta: 0.5 };

/** Sets the log-variance head to output `value` everywhere. */
function fixLogVariance(model: ReturnType<typeof createVariationalAutoencoder>, value: number) {
  const head = model.variables.filter((v) => v.name.includes('logvar'));
  expect(head.map((v) => v.shape)).toEqual([[16, 4], [4]]);
  tf.tidy(() => {
    head[0]!.assign(tf.zerosLike(head[0]!));
    head[1]!.assign(tf.fill([4], value));
  });
}

describe('variational autoencoder', () => {
  it('has a mean and a log-variance head, and encodes to the mean', () => {
    const model = createVariationalAutoencoder(vaeOpts);
    expect(model.variables.map((v) => v.shape)).toEqual([
      [784, 32],
      [32],
      [32, 16],
      [16], // encoder
      [16, 4],
      [4],
      [16, 4],
      [4], // mean, log-variance
      [4, 16],
      [16],
      [16, 32],
      [32], // decoder
      [32, 784],
      [784],
    ]);
    expect(model.lossName).toBe('ELBO (MSE + β·KL)');
    const x = uniformBatch(3, 9);
    const a = tf.tidy(() => model.encode(x));
    const b = tf.tidy(() => model.encode(x));
    expect(a.shape).toEqual([3, 4]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b, x]);
    model.dispose();
  });

  it('weights the KL term by β, with the closed form KL for the encoder output', () => {
    const model = createVariationalAutoencoder(vaeOpts);
    // logvar ≡ 0: KL = ½·mean_b Σ_j μ².
    fixLogVariance(model, 0);
    const x = uniformBatch(5, 9);
    const [total, reconstruction, kl] = tf.tidy(() => {
      const l = model.trainLoss(x);
      return [l.total, l.parts!.reconstruction!, l.parts!.kl!].map((t) => t.dataSync()[0]!);
    }) as unknown as number[];
    const expectedKl = scalar(() => tf.mul(0.5, tf.mean(tf.sum(tf.square(model.encode(x)), 1))));
    expect(kl).toBeCloseTo(expectedKl, 5);
    expect(total).toBeCloseTo(reconstruction! + 0.5 * kl!, 3);
    x.dispose();
    model.dispose();
  });

  it('sums the reconstruction error over the pixels of a digit', () => {
    const model = createVariationalAutoencoder({ ...vaeOpts, loss: 'bce' });
    expect(model.lossName).toBe('ELBO (BCE + β·KL)');
    // σ ≈ e^−15: the sample is the mean, so the term is deterministic.
    fixLogVariance(model, -30);
    const x = uniformBatch(5, 9);
    const reconstruction = scalar(() => model.trainLoss(x).parts!.reconstruction!);
    const perPixel = scalar(() => {
      const p = model.decode(model.encode(x));
      return tf.neg(
        tf.mean(tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, p))))),
      );
    });
    expect(reconstruction).toBeCloseTo(784 * perPixel, 2);
    x.dispose();
    model.dispose();
  });

  it('samples its training code, so the loss varies from call to call', () => {
    const model = createVariationalAutoencoder(vaeOpts);
    const x = uniformBatch(4, 9);
    const a = scalar(() => model.trainLoss(x).total);
    const b = scalar(() => model.trainLoss(x).total);
    expect(a).not.toBe(b);
    x.dispose();
    model.dispose();
  });

  it('generates digits from N(0, I) codes, reproducibly per seed', () => {
    const model = createVariationalAutoencoder(vaeOpts);
    const before = tf.memory().numTensors;
    const a = model.sample!(6, 1);
    const b = model.sample!(6, 1);
    const c = model.sample!(6, 2);
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(a.shape).toEqual([6, 784]);
    const values = a.dataSync();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Array.from(b.dataSync())).toEqual(Array.from(values));
    expect(Array.from(c.dataSync())).not.toEqual(Array.from(values));
    tf.dispose([a, b, c]);
    model.dispose();
  });
});
