// The denoising autoencoder: its corruptions, and a loss that scores the noisy input's
// reconstruction against the clean digit.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { corruptBatch, createDenoisingAutoencoder } from './denoising';
import { createDenseAutoencoder } from './dense';
import { reconstructionLoss } from './losses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scalar = (f: () => tf.Tensor) => tf.tidy(() => f().dataSync()[0]!);

describe('denoising autoencoder', () => {
  it('adds Gaussian noise of the set level, unbiased where clipping does not bite', () => {
    const x = tf.fill([200, 784], 0.5) as tf.Tensor2D;
    const [mean, std] = tf.tidy(() => {
      const d = tf.sub(corruptBatch(x, 'gaussian', 0.1, 7), x);
      const m = tf.mean(d);
      return [m, tf.sqrt(tf.mean(tf.square(tf.sub(d, m))))];
    });
    // 156,800 samples: the standard error of the mean is 0.1/396 ≈ 0.00025.
    expect(Math.abs(mean!.dataSync()[0]!)).toBeLessThan(0.0015);
    expect(std!.dataSync()[0]!).toBeGreaterThan(0.098);
    expect(std!.dataSync()[0]!).toBeLessThan(0.102);
    tf.dispose([mean!, std!, x]);
  });

  it('keeps Gaussian-corrupted pixels in [0, 1]', () => {
    const x = tf.tidy(() =>
      tf.cast(tf.greater(tf.randomUniform([20, 784], 0, 1, 'float32', 3), 0.5), 'float32'),
    ) as tf.Tensor2D;
    const [lo, hi] = tf.tidy(() => {
      const c = corruptBatch(x, 'gaussian', 0.5, 1);
      return [tf.min(c).dataSync()[0]!, tf.max(c).dataSync()[0]!];
    }) as unknown as [number, number];
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    x.dispose();
  });

  it('masks each pixel with the set probability and leaves the rest alone', () => {
    // Every pixel nonzero, so a zero in the output is a masked pixel.
    const x = tf.randomUniform([200, 784], 0.1, 1, 'float32', 11) as tf.Tensor2D;
    const [zeroed, changedKept] = tf.tidy(() => {
      const c = corruptBatch(x, 'masking', 0.3, 5);
      const masked = tf.cast(tf.equal(c, 0), 'float32');
      const kept = tf.sub(1, masked);
      return [
        tf.mean(masked).dataSync()[0]!,
        tf.max(tf.mul(kept, tf.abs(tf.sub(c, x)))).dataSync()[0]!,
      ];
    }) as unknown as [number, number];
    // The standard error of the fraction is sqrt(0.21/156800) ≈ 0.0012.
    expect(Math.abs(zeroed - 0.3)).toBeLessThan(0.006);
    expect(changedKept).toBe(0);
    x.dispose();
  });

  it('wraps the dense model: the same variables, and draws fresh noise at every call', () => {
    const opts = { hidden: 32, latent: 4, seed: 8, depth: 2 };
    const dense = createDenseAutoencoder(opts);
    const model = createDenoisingAutoencoder({ ...opts, noise: 'gaussian', noiseLevel: 0.2 });
    expect(model.variables.map((v) => v.shape)).toEqual(dense.variables.map((v) => v.shape));
    model.variables.forEach((v, i) =>
      expect(Array.from(v.dataSync())).toEqual(Array.from(dense.variables[i]!.dataSync())),
    );
    const x = tf.fill([4, 784], 0.5) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const a = scalar(() => tf.sum(model.corrupt!(x)));
    const b = scalar(() => tf.sum(model.corrupt!(x)));
    const c = scalar(() => tf.sum(model.corrupt!(x, 42)));
    const d = scalar(() => tf.sum(model.corrupt!(x, 42)));
    expect(a).not.toBe(b);
    expect(c).toBe(d);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    dense.dispose();
    model.dispose();
  });

  it('scores the reconstruction of the noisy input against the clean one', () => {
    const opts = { hidden: 32, latent: 4, seed: 8, loss: 'bce' as const };
    const x = tf.tidy(() => tf.randomUniform([6, 784], 0.2, 1, 'float32', 2)) as tf.Tensor2D;
    // No noise: exactly the dense model's loss.
    const dense = createDenseAutoencoder(opts);
    const clean = createDenoisingAutoencoder({ ...opts, noise: 'gaussian', noiseLevel: 0 });
    expect(scalar(() => clean.trainLoss(x).total)).toBeCloseTo(
      scalar(() => dense.trainLoss(x).total),
      6,
    );
    // Everything masked: the input is blank, yet the target is still x.
    const blank = createDenoisingAutoencoder({ ...opts, noise: 'masking', noiseLevel: 1 });
    const expected = scalar(() =>
      reconstructionLoss(
        'bce',
        x,
        tf.log(
          tf.div(
            blank.decode(blank.encode(tf.zerosLike(x))),
            tf.sub(1, blank.decode(blank.encode(tf.zerosLike(x)))),
          ),
        ) as tf.Tensor2D,
      ),
    );
    expect(scalar(() => blank.trainLoss(x).total)).toBeCloseTo(expected, 3);
    [dense, clean, blank].forEach((m) => m.dispose());
    x.dispose();
  });
});
