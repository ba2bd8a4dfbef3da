// Download and Load model through the worker's handlers: the files are the bytes a browser
// download of the Layers model writes, and reading them back gives the config, the weights bit
// for bit and the run, ready to restore; bad files are refused with a message and touch nothing.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import packageJson from '../../package.json';
import { DEFAULT_MODEL, type ModelConfig } from '../model/config';
import { toLayersArtifacts } from '../model/layersFormat';
import { runMetadata } from '../model/runMetadata';
import { exportModel, importModel } from './modelFiles';
import type { FromWorker, RunLossPoint } from './protocol';
import { Trainer } from './trainer';
import { syntheticData } from './trainer.testkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const HYPER = { lr: 2e-3, batch: 16 };
const HISTORY: RunLossPoint[] = [
  { examples: 16, loss: 0.2, parts: { reconstruction: 0.19, kl: 0.01 } },
  { examples: 64, loss: 0.1, val: 0.11 },
];

function setup() {
  const messages: FromWorker[] = [];
  let t = 0;
  const trainer = new Trainer(
    syntheticData(100, 30),
    {
      post: (m) => messages.push(m),
      now: () => (t += 200),
      yieldToEvents: () => new Promise<void>((r) => setTimeout(r, 0)),
    },
    { valSize: 30, displayIndices: [0] },
  );
  return { trainer, messages };
}

/** The files tf.io's browser download saves for these artifacts, from a stand-in document. */
async function browserDownload(
  artifacts: tf.io.ModelArtifacts,
): Promise<{ name: string; bytes: Uint8Array }[]> {
  const blobs = new Map<string, Blob>();
  const clicks: { download: string; href: string }[] = [];
  vi.stubGlobal('window', {
    URL: {
      createObjectURL: (blob: Blob) => {
        const url = `blob:${blobs.size}`;
        blobs.set(url, blob);
        return url;
      },
    },
  });
  vi.stubGlobal('MouseEvent', class extends Event {});
  vi.stubGlobal('document', {
    createElement: () => ({
      download: '',
      href: '',
      dispatchEvent(this: { download: string; href: string }) {
        clicks.push({ download: this.download, href: this.href });
      },
    }),
  });
  const wasBrowser = tf.env().getBool('IS_BROWSER');
  tf.env().set('IS_BROWSER', true);
  try {
    const [handler] = tf.io.getSaveHandlers('downloads://model');
    await handler!.save!(artifacts);
  } finally {
    tf.env().set('IS_BROWSER', wasBrowser);
  }
  return Promise.all(
    clicks.map(async ({ download, href }) => ({
      name: download,
      bytes: new Uint8Array(await blobs.get(href)!.arrayBuffer()),
    })),
  );
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.slice().buffer));

describe('Download model, then Load model', () => {
  it.each<ModelConfig>([
    { ...DEFAULT_MODEL, hidden: 32, latent: 3, seed: 2 },
    { ...DEFAULT_MODEL, kind: 'vae', hidden: 32, latent: 2, depth: 2, beta: 0.5 },
  ])('$kind: the files a browser saves, read back into the same run', async (config) => {
    const { trainer } = setup();
    await trainer.configure(1, config, HYPER);
    for (let i = 0; i < 4; i++) await trainer.stepOnce();
    const { snapshot } = (await trainer.takeSnapshot())!;

    const { msg } = await exportModel(trainer, { type: 'exportModel', id: 7, history: HISTORY });
    if (msg.type !== 'modelFile')
      throw new Error(`expected a model file, got ${JSON.stringify(msg)}`);
    expect(msg.id).toBe(7);
    expect(msg.name).toBe('model');
    const run = runMetadata(config, {
      appVersion: packageJson.version,
      step: 4,
      examples: 64,
      lossHistory: HISTORY,
    });
    const saved = await browserDownload(toLayersArtifacts(config, snapshot.weights, run));
    expect(saved.map((f) => f.name)).toEqual(['model.json', 'model.weights.bin']);
    expect(msg.json).toBe(new TextDecoder().decode(saved[0]!.bytes));
    expect(Array.from(new Uint8Array(msg.weights))).toEqual(Array.from(saved[1]!.bytes));

    const files = [
      { name: 'model.json', bytes: new TextEncoder().encode(msg.json) },
      { name: 'model.weights.bin', bytes: new Uint8Array(msg.weights) },
    ];
    const before = tf.memory().numTensors;
    const answer = importModel({ type: 'importModel', id: 8, files }, HYPER).msg;
    expect(tf.memory().numTensors).toBe(before);
    if (answer.type !== 'imported') throw new Error(`expected imported, got ${answer.type}`);
    expect(answer.id).toBe(8);
    expect(answer.model).toEqual(config);
    expect(answer.metadata).toEqual(run);
    expect(answer.snapshot).toMatchObject({ step: 4, examples: 64, optimizer: null, hyper: HYPER });
    expect(answer.snapshot.weights.map(bits)).toEqual(snapshot.weights.map(bits));

    // The page sends the snapshot back with configure: the run goes on from the file's weights.
    const restored = setup();
    await restored.trainer.configure(2, answer.model, HYPER, answer.snapshot);
    expect(restored.messages.filter((m) => m.type === 'error')).toEqual([]);
    const weights = restored.messages.find((m) => m.type === 'weights');
    if (weights?.type !== 'weights') throw new Error('no weights');
    expect(weights.values.map(bits)).toEqual(snapshot.weights.map(bits));
    expect(restored.trainer.progress.step).toBe(4);
    await restored.trainer.stepOnce();
    expect(restored.trainer.progress.step).toBe(5);
    trainer.dispose();
    restored.trainer.dispose();
  });
});

describe('Load model refuses', () => {
  it('files that are not a model of this app, with the reason', () => {
    const answer = importModel(
      {
        type: 'importModel',
        id: 3,
        files: [{ name: 'model.json', bytes: new TextEncoder().encode('{"modelTopology": {}}') }],
      },
      HYPER,
    ).msg;
    expect(answer).toEqual({
      type: 'importFailed',
      id: 3,
      message: 'This file is not a model from the autoencoder playground.',
    });
  });

  it('anything else with a generic message', () => {
    const answer = importModel(
      { type: 'importModel', id: 4, files: null as unknown as [] },
      HYPER,
    ).msg;
    expect(answer.type).toBe('importFailed');
    expect(answer.type === 'importFailed' && answer.message).toMatch(
      /^These files could not be read as a model \(/,
    );
  });
});

describe('Download model', () => {
  it('before any model: says so', async () => {
    const { trainer } = setup();
    const { msg } = await exportModel(trainer, { type: 'exportModel', id: 1, history: [] });
    expect(msg).toEqual({ type: 'exportFailed', id: 1, message: 'There is no model to save yet.' });
    trainer.dispose();
  });
});
