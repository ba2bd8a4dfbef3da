// The app's PCA on the official Fashion-MNIST files against the reference figures. CI installs
// the files (Debian's dataset-fashion-mnist, see .ci/run), so their absence is a failure.
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PCA_FASHION_MNIST } from '../../bench/reference';
import { FASHION_MNIST_HOWTO, fashionMnistDirs } from '../../scripts/build-sprite.mjs';
import { parseIdxImages } from '../data/idx';
import { fitPca, pcaTestMse, type PcaModel } from './pca';

const FILES = ['train-images-idx3-ubyte', 't10k-images-idx3-ubyte'] as const;

function fashionDir(): string {
  const dir = fashionMnistDirs().find((d) =>
    FILES.every((f) => existsSync(join(d, `${f}.gz`)) || existsSync(join(d, f))),
  );
  if (!dir) {
    throw new Error(
      `The Fashion-MNIST IDX files are not here (looked in ${fashionMnistDirs().join(', ')}). ${FASHION_MNIST_HOWTO}`,
    );
  }
  return dir;
}

function readImages(dir: string, name: string): Uint8Array {
  const gz = join(dir, `${name}.gz`);
  const bytes = existsSync(gz) ? gunzipSync(readFileSync(gz)) : readFileSync(join(dir, name));
  return parseIdxImages(new Uint8Array(bytes), name).pixels;
}

describe('PCA on Fashion-MNIST (official split)', () => {
  let model: PcaModel;
  let test: Uint8Array;

  beforeAll(async () => {
    const dir = fashionDir();
    const train = readImages(dir, FILES[0]);
    test = readImages(dir, FILES[1]);
    expect(train.length).toBe(60_000 * 784);
    expect(test.length).toBe(10_000 * 784);
    // The backend the page's PCA worker uses (src/train/pcaWorker.ts).
    await tf.setBackend('wasm');
    model = await fitPca(train, 60_000, 784, 8);
  }, 60_000);

  it('matches the reference test MSE at k = 8 and k = 2, and for the mean image', () => {
    const ref = PCA_FASHION_MNIST;
    expect(pcaTestMse(model, 8, test, 10_000)).toBeCloseTo(ref.mse[8]!, 3);
    expect(pcaTestMse(model, 2, test, 10_000)).toBeCloseTo(ref.mse[2]!, 3);
    expect(pcaTestMse(model, 0, test, 10_000)).toBeCloseTo(ref.meanImageMse, 3);
  });
});
