import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { createDenseAutoencoder, hiddenWidths } from './dense';
import { countParams } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tinyBatch(n: number): tf.Tensor2D {
  // Deterministic strokes: each row lights a different band, so there is structure to learn.
  const data = new Float32Array(n * 784);
  for (let r = 0; r < n; r++)
    for (let p = 0; p < 784; p++) data[r * 784 + p] = (p + r * 97) % 7 < 2 ? 1 : 0;
  return tf.tensor2d(data, [n, 784]);
}

describe('dense autoencoder', () => {
  it.each([1, 2, 16, 64])('has the right shapes at latent size %i', (latent) => {
    const model = createDenseAutoencoder({ hidden: 32, latent, seed: 3 });
    const x = tinyBatch(5);
    const z = model.encode(x);
    const y = model.decode(z);
    expect(z.shape).toEqual([5, latent]);
    expect(y.shape).toEqual([5, 784]);
    expect(countParams(model)).toBe(
      784 * 32 + 32 + 32 * latent + latent + latent * 32 + 32 + 32 * 784 + 784,
    );
    const values = y.dataSync();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    tf.dispose([x, z, y]);
    model.dispose();
  });

  it.each(['relu', 'sigmoid', 'tanh', 'linear'] as const)(
    'applies %s to every hidden layer, and nothing to the code',
    (activation) => {
      const model = createDenseAutoencoder({
        hidden: 32,
        latent: 3,
        seed: 5,
        depth: 2,
        activation,
      });
      const x = tinyBatch(4);
      const f = { relu: tf.relu, sigmoid: tf.sigmoid, tanh: tf.tanh, linear: (t: tf.Tensor) => t };
      const diff = tf.tidy(() => {
        const v = model.variables;
        const layer = (h: tf.Tensor, i: number) => tf.add(tf.matMul(h, v[2 * i]!), v[2 * i + 1]!);
        const code = layer(f[activation](layer(f[activation](layer(x, 0)), 1)), 2);
        return tf.max(tf.abs(tf.sub(model.encode(x), code))).dataSync()[0]!;
      });
      expect(diff).toBeLessThan(1e-5);
      tf.dispose(x);
      model.dispose();
    },
  );

  it('is reproducible from its seed', () => {
    const a = createDenseAutoencoder({ hidden: 16, latent: 4, seed: 9 });
    const b = createDenseAutoencoder({ hidden: 16, latent: 4, seed: 9 });
    const c = createDenseAutoencoder({ hidden: 16, latent: 4, seed: 10 });
    expect(Array.from(a.variables[0]!.dataSync())).toEqual(Array.from(b.variables[0]!.dataSync()));
    expect(Array.from(a.variables[0]!.dataSync())).not.toEqual(
      Array.from(c.variables[0]!.dataSync()),
    );
    [a, b, c].forEach((m) => m.dispose());
  });

  it('lowers its loss on a fixed tiny batch without leaking tensors', () => {
    const model = createDenseAutoencoder({ hidden: 32, latent: 8, seed: 1 });
    const opt = tf.train.adam(3e-3);
    const x = tinyBatch(8);
    const losses: number[] = [];
    // Warm up once so Adam's slots exist before counting.
    opt.minimize(() => model.trainLoss(x).total, false, model.variables);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 40; i++) {
      const loss = tf.tidy(
        () => opt.minimize(() => model.trainLoss(x).total, true, model.variables) as tf.Scalar,
      );
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.7);
    x.dispose();
    opt.dispose();
    model.dispose();
  });

  it('keeps the depth-1 model weight for weight: same variables, order and seeded init', () => {
    const model = createDenseAutoencoder({ hidden: 32, latent: 4, seed: 3, depth: 1 });
    const rng = createRng(3);
    const dims: [number, number][] = [
      [784, 32],
      [32, 4],
      [4, 32],
      [32, 784],
    ];
    expect(model.variables.map((v) => v.shape)).toEqual(dims.flatMap(([i, o]) => [[i, o], [o]]));
    dims.forEach(([fanIn, fanOut], k) => {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const expected = Float32Array.from({ length: fanIn * fanOut }, () => (rng() * 2 - 1) * limit);
      expect(Array.from(model.variables[2 * k]!.dataSync())).toEqual(Array.from(expected));
      expect(Array.from(model.variables[2 * k + 1]!.dataSync()).every((b) => b === 0)).toBe(true);
    });
    expect(model.lossName).toBe('MSE');
    model.dispose();
  });

  it('narrows its hidden layers with depth, mirrored on the way out', () => {
    expect(hiddenWidths(256, 1)).toEqual([256]);
    expect(hiddenWidths(256, 2)).toEqual([256, 128]);
    expect(hiddenWidths(256, 3)).toEqual([256, 128, 64]);
    expect(hiddenWidths(32, 3)).toEqual([32, 16, 16]);
    expect(hiddenWidths(8, 3)).toEqual([8, 8, 8]);
    // Out-of-range depths (from a URL, say) are clamped.
    expect(hiddenWidths(64, 0)).toEqual([64]);
    expect(hiddenWidths(64, 7)).toEqual([64, 32, 16]);

    const model = createDenseAutoencoder({ hidden: 256, latent: 32, seed: 1, depth: 3 });
    const layers = [784, 256, 128, 64, 32, 64, 128, 256, 784];
    expect(model.variables.map((v) => v.shape)).toEqual(
      layers.slice(1).flatMap((o, i) => [[layers[i]!, o], [o]]),
    );
    expect(countParams(model)).toBe(
      784 * 256 +
        256 +
        256 * 128 +
        128 +
        128 * 64 +
        64 +
        64 * 32 +
        32 +
        32 * 64 +
        64 +
        64 * 128 +
        128 +
        128 * 256 +
        256 +
        256 * 784 +
        784,
    );
    expect(countParams(model)).toBe(489_136);
    const x = tinyBatch(2);
    const y = model.decode(model.encode(x));
    expect(y.shape).toEqual([2, 784]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('trains with binary cross-entropy from logits', () => {
    const model = createDenseAutoencoder({ hidden: 16, latent: 4, seed: 2, loss: 'bce' });
    expect(model.lossName).toBe('BCE');
    const x = tinyBatch(4);
    const loss = tf.tidy(() => model.trainLoss(x).total.dataSync()[0]!);
    // Untrained logits are near 0, so the BCE is near log 2.
    expect(loss).toBeGreaterThan(0.6);
    expect(loss).toBeLessThan(0.8);
    x.dispose();
    model.dispose();
  });
});
