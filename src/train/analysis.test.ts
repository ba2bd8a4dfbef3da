// The copy test in the analysis: a model that copies its input scores zero on every probe; one
// that always draws the mean digit scores each probe's distance from it.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeInputs } from '../model/probes';
import type { Autoencoder } from '../model/types';
import { analyse, stackProbes } from './analysis';
import { BLOCK_ROWS } from './blocks';
import { Readbacks } from './readback';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function standIn(decode: (z: tf.Tensor2D) => tf.Tensor2D): Autoencoder {
  return {
    latentSize: 784,
    lossName: 'MSE',
    variables: [],
    encode: (x) => x.clone(),
    decode,
    trainLoss: () => ({ total: tf.scalar(0) }),
    dispose: () => {},
  };
}

const N = 20;
const digits = Float32Array.from({ length: N * 784 }, (_, i) => ((i * 37) % 11 === 0 ? 1 : 0));
const labels = Uint8Array.from({ length: N }, (_, i) => i % 10);

async function copyTestOf(model: Autoencoder) {
  const x = tf.tensor2d(digits, [N, 784]);
  const probes = stackProbes(probeInputs(digits), N);
  const before = tf.memory().numTensors;
  const a = await analyse(model, x, labels, 1, new Readbacks(), probes);
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
  probes.dispose();
  return a!.copyTest;
}

describe('the copy test', () => {
  it('is zero on every input for a model that copies', async () => {
    const t = await copyTestOf(standIn((z) => z.clone()));
    expect(t).toEqual({ digits: 0, noise: 0, inverted: 0, shifted: 0 });
  });

  it('measures each probe against what a model that ignores its input draws', async () => {
    // Always 0: the MSE is the mean square of each input.
    const t = await copyTestOf(standIn((z) => tf.zerosLike(z)));
    const meanSquare = (a: Float32Array) => a.reduce((s, v) => s + v * v, 0) / a.length;
    const p = probeInputs(digits);
    expect(t.digits).toBeCloseTo(meanSquare(digits), 5);
    expect(t.noise).toBeCloseTo(meanSquare(p.noise), 5);
    expect(t.noise).toBeCloseTo(1 / 3, 1);
    expect(t.inverted).toBeCloseTo(meanSquare(p.inverted), 5);
    expect(t.shifted).toBeCloseTo(meanSquare(p.shifted), 5);
  });
});

describe('the analysis in blocks', () => {
  it('averages over every digit when there are more digits than one block holds', async () => {
    const n = 2 * BLOCK_ROWS + 30;
    const many = Float32Array.from({ length: n * 784 }, (_, i) => ((i * 13) % 17) / 16);
    const x = tf.tensor2d(many, [n, 784]);
    const probes = stackProbes(probeInputs(many.subarray(0, 20 * 784)), 20);
    const manyLabels = Uint8Array.from({ length: n }, (_, i) => i % 10);
    const zero = standIn((z) => tf.zerosLike(z));
    const a = await analyse(zero, x, manyLabels, 1, new Readbacks(), probes);
    const meanSquare = many.reduce((s, v) => s + v * v, 0) / many.length;
    expect(a!.copyTest.digits).toBeCloseTo(meanSquare, 5);
    expect(a!.points).toHaveLength(2 * n);
    x.dispose();
    probes.dispose();
  });

  it('reports nothing once the model is no longer the run’s', async () => {
    const x = tf.tensor2d(digits, [N, 784]);
    const probes = stackProbes(probeInputs(digits), N);
    const before = tf.memory().numTensors;
    const a = await analyse(
      standIn((z) => z.clone()),
      x,
      labels,
      1,
      new Readbacks(),
      probes,
      () => false,
    );
    expect(a).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    probes.dispose();
  });
});
