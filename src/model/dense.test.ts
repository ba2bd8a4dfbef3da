import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDenseAutoencoder } from './dense';
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
});
