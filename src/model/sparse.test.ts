// The sparse autoencoder: an L1 penalty on the code, reported as a part of the loss.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDenseAutoencoder } from './dense';
import { createSparseAutoencoder } from './sparse';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scalar = (f: () => tf.Tensor) => tf.tidy(() => f().dataSync()[0]!);

function uniformBatch(n: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.randomUniform([n, 784], 0, 1, 'float32', seed)) as tf.Tensor2D;
}

describe('sparse autoencoder', () => {
  it('adds λ·mean|z| to the reconstruction loss and reports both parts', () => {
    const opts = { hidden: 32, latent: 6, seed: 3, depth: 2 };
    const lambda = 0.37;
    const model = createSparseAutoencoder({ ...opts, sparsity: lambda });
    const dense = createDenseAutoencoder(opts);
    expect(model.lossName).toBe('MSE + λ·L1');
    const x = uniformBatch(5, 4);
    const [total, reconstruction, sparsity] = tf.tidy(() => {
      const l = model.trainLoss(x);
      return [l.total, l.parts!.reconstruction!, l.parts!.sparsity!].map((t) => t.dataSync()[0]!);
    }) as unknown as number[];
    const zAbs = scalar(() => tf.mean(tf.abs(model.encode(x))));
    expect(zAbs).toBeGreaterThan(0);
    expect(sparsity).toBeCloseTo(lambda * zAbs, 6);
    expect(reconstruction).toBeCloseTo(
      scalar(() => dense.trainLoss(x).total),
      6,
    );
    expect(total).toBeCloseTo(reconstruction! + sparsity!, 6);
    x.dispose();
    model.dispose();
    dense.dispose();
  });

  it('shrinks the code as λ grows', () => {
    const x = uniformBatch(8, 4);
    const codeSize = (sparsity: number) => {
      const model = createSparseAutoencoder({ hidden: 16, latent: 8, seed: 6, sparsity });
      const opt = tf.train.adam(1e-2);
      for (let i = 0; i < 12; i++)
        tf.tidy(() => {
          opt.minimize(() => model.trainLoss(x).total, false, model.variables);
        });
      const size = scalar(() => tf.mean(tf.abs(model.encode(x))));
      opt.dispose();
      model.dispose();
      return size;
    };
    expect(codeSize(0.5)).toBeLessThan(codeSize(0) * 0.5);
    x.dispose();
  });
});
