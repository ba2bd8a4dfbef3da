// The exported file is a standard Layers model that computes our model's function: loaded with
// stock tf.loadLayersModel (tfjs-layers' own layers, not our ops), it gives our code and
// reconstruction for real digits, for every kind.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate } from './activation';
import { createConvAutoencoder } from './conv';
import { createModel } from './index';
import { toLayersArtifacts } from './layersFormat';
import { mnistDigits, perturbWeights, sampleRun, TINY_CASES } from './layersFormat.testkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOLERANCE = 1e-5;
const BATCH = 8;
const measured: string[] = [];

const maxDiff = (a: tf.Tensor, b: tf.Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

afterAll(() => {
  // The margins each kind keeps, for whoever changes the layers next.
  console.info(`max |Layers − ours| on ${BATCH} MNIST digits:\n${measured.join('\n')}`);
});

describe('the exported Layers model computes our model', () => {
  it.each(TINY_CASES)('$label', async ({ label, config }) => {
    const before = tf.memory().numTensors;
    const model = createModel(config);
    const values = perturbWeights(model);
    const artifacts = toLayersArtifacts(config, values, sampleRun(config));
    const layers = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const vae = config.kind === 'vae';
    expect(layers.outputNames).toEqual(
      vae ? ['code', 'reconstruction', 'log_variance'] : ['code', 'reconstruction'],
    );
    expect(layers.inputs[0]!.shape).toEqual([null, 784]);
    // tfjs-layers' own layers carry the activations: the hidden ones, the code's and the output's.
    const activationOf = (l: tf.layers.Layer) =>
      (l.getConfig() as { activation?: string }).activation;
    const ends = new Set(['code', 'log_variance', 'reconstruction', 'decoder_conv']);
    const hidden = layers.layers.filter((l) => l.weights.length > 0 && !ends.has(l.name));
    expect(hidden.length).toBeGreaterThanOrEqual(config.kind === 'contractive' ? 1 : 2);
    for (const l of hidden) expect(activationOf(l), l.name).toBe(config.activation);
    expect(activationOf(layers.getLayer('code'))).toBe(
      config.kind === 'contractive' ? 'sigmoid' : 'linear',
    );
    const output = layers.getLayer(config.kind === 'conv' ? 'decoder_conv' : 'reconstruction');
    expect(activationOf(output)).toBe('sigmoid');

    const x = tf.tensor2d(mnistDigits(BATCH), [BATCH, 784]);
    const [code, reconstruction, logVariance] = layers.predict(x) as tf.Tensor[];
    const [ourCode, ourRecon] = tf.tidy(() => {
      const z = model.encode(x);
      return [z, model.decode(z)];
    });
    expect(code!.shape).toEqual([BATCH, config.latent]);
    expect(reconstruction!.shape).toEqual([BATCH, 784]);
    const dCode = maxDiff(code!, ourCode);
    const dRecon = maxDiff(reconstruction!, ourRecon);
    // Not a vacuous match: the code varies between digits and the reconstruction is no constant.
    const spread = tf.tidy(
      () => tf.sub(tf.max(ourCode, 0), tf.min(ourCode, 0)).min().dataSync()[0]!,
    );
    const reconSpread = tf.tidy(() => tf.sub(tf.max(ourRecon), tf.min(ourRecon)).dataSync()[0]!);
    expect(spread).toBeGreaterThan(0.05);
    expect(reconSpread).toBeGreaterThan(0.01);
    measured.push(
      `  ${label}: code ${dCode.toExponential(1)}, reconstruction ${dRecon.toExponential(1)}`,
    );
    expect(dCode).toBeLessThan(TOLERANCE);
    expect(dRecon).toBeLessThan(TOLERANCE);

    if (vae) {
      // Our model keeps the head private; the reference is the head applied to the last hidden
      // layer, from the weights we exported: log σ² = hidden-stack(x)·W + b.
      const ref = tf.tidy(() => {
        const v = (i: number) => model.variables[i]! as tf.Tensor;
        let h = x as tf.Tensor;
        for (let i = 0; i < config.depth; i++)
          h = activate(tf.add(tf.matMul(h, v(2 * i)), v(2 * i + 1)), config.activation);
        const head = 2 * config.depth + 2;
        return tf.add(tf.matMul(h, v(head)), v(head + 1));
      });
      expect(maxDiff(logVariance!, ref)).toBeLessThan(TOLERANCE);
      ref.dispose();
    }

    tf.dispose([x, code!, reconstruction!, ourCode, ourRecon]);
    if (logVariance) logVariance.dispose();
    layers.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the conv export matches both of our conv paths', () => {
  // createModel on cpu runs im2col; webgl runs tfjs's conv kernels with explicit padding.
  it("native kernels (the WebGL path) give the Layers model's outputs too", async () => {
    const config = TINY_CASES.find((c) => c.label === 'conv, 10/20 channels')!.config;
    const native = createConvAutoencoder({ ...config, convPath: 'native' });
    const values = perturbWeights(native);
    const layers = await tf.loadLayersModel(
      tf.io.fromMemory(toLayersArtifacts(config, values, sampleRun(config))),
    );
    const x = tf.tensor2d(mnistDigits(BATCH), [BATCH, 784]);
    const [code, reconstruction] = layers.predict(x) as tf.Tensor[];
    const [ourCode, ourRecon] = tf.tidy(() => {
      const z = native.encode(x);
      return [z, native.decode(z)];
    });
    expect(maxDiff(code!, ourCode)).toBeLessThan(TOLERANCE);
    expect(maxDiff(reconstruction!, ourRecon)).toBeLessThan(TOLERANCE);
    tf.dispose([x, code!, reconstruction!, ourCode, ourRecon]);
    layers.dispose();
    native.dispose();
  });
});

describe('the exported topology is in the Layers dialect', () => {
  it.each(TINY_CASES)('tfjs-layers writes back what it read: $label', async ({ config }) => {
    const model = createModel(config);
    const values = model.variables.map((v) => v.dataSync() as Float32Array);
    const artifacts = toLayersArtifacts(config, values, sampleRun(config));
    const layers = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    // Every field, its spelling and its order, as tfjs-layers' serialiser writes them.
    const theirs = layers.toJSON(null, false);
    expect(JSON.stringify(theirs)).toBe(JSON.stringify(artifacts.modelTopology));
    // And the weights it saves are ours, name for name and byte for byte.
    let saved: tf.io.ModelArtifacts | undefined;
    await layers.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const mine = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
    const reSaved = tf.io.decodeWeights(saved!.weightData!, saved!.weightSpecs!);
    expect(Object.keys(reSaved).sort()).toEqual(Object.keys(mine).sort());
    for (const [name, t] of Object.entries(mine)) {
      expect(reSaved[name]!.shape).toEqual(t.shape);
      expect(reSaved[name]!.dataSync()).toEqual(t.dataSync());
    }
    tf.dispose([...Object.values(mine), ...Object.values(reSaved)]);
    layers.dispose();
    model.dispose();
  });
});
