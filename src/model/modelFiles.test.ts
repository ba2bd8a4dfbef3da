// Saving and loading model files: the round trip, through the very bytes a browser download
// writes, and every way a chosen file can be wrong.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRng } from '../data/rng';
import { createModel } from './index';
import { fromLayersArtifacts, toLayersArtifacts } from './layersFormat';
import { perturbWeights, sampleRun, TINY_CASES } from './layersFormat.testkit';
import {
  MAX_MODEL_JSON_BYTES,
  MAX_WEIGHTS_BYTES,
  parseModelFiles,
  type ModelFile,
} from './modelFiles';
import { ModelFileError, NOT_OURS } from './runMetadata';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The files a browser download of the model saves (tf.io's browserDownloads), captured from a stand-in for the page's document. */
async function browserDownload(artifacts: tf.io.ModelArtifacts): Promise<ModelFile[]> {
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
    // tfjs-core 4.22 keeps browserDownloads out of tf.io; the 'downloads://' scheme reaches it.
    const [handler] = tf.io.getSaveHandlers('downloads://model');
    if (handler?.save === undefined) throw new Error('no browser download handler');
    await handler.save(artifacts);
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

/** A saved tiny model of each kind: its config, weights, run and artifacts. */
function exported(index: number) {
  const { config } = TINY_CASES[index]!;
  const model = createModel(config);
  const values = perturbWeights(model, 100 + index);
  model.dispose();
  const run = sampleRun(config);
  return { config, values, run, artifacts: toLayersArtifacts(config, values, run) };
}

/** Where two lists of arrays first differ in a bit ('' if nowhere); toEqual is slow on 100 kB. */
function bitDifference(a: Float32Array[], b: Float32Array[]): string {
  if (a.length !== b.length) return `${a.length} arrays, not ${b.length}`;
  const i = a.findIndex((v, k) => {
    const w = b[k]!;
    const bits = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    return !bits(v).equals(bits(w));
  });
  return i < 0 ? '' : `array ${i}`;
}
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The ModelFileError message of f, failing if f does not throw one. */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFileError);
    return (e as Error).message;
  }
  throw new Error('expected a ModelFileError');
}

describe('a saved model loads back as it was', () => {
  it.each(TINY_CASES.map((c, i) => ({ ...c, i })))('$label', async ({ i }) => {
    const { config, values, run, artifacts } = exported(i);
    const before = tf.memory().numTensors;
    const direct = fromLayersArtifacts(toLayersArtifacts(config, values, run));
    expect(tf.memory().numTensors).toBe(before);
    expect(direct.config).toEqual(config);
    expect(direct.metadata).toEqual(run);
    expect(bitDifference(direct.values, values)).toBe('');

    const files = await browserDownload(artifacts);
    expect(files.map((f) => f.name)).toEqual(['model.json', 'model.weights.bin']);
    const loaded = parseModelFiles(files);
    expect(loaded.config).toEqual(config);
    expect(loaded.metadata).toEqual(run);
    expect(bitDifference(loaded.values, values)).toBe('');
  });

  it('reads weights split over several files, in the order model.json lists them', async () => {
    const { values, artifacts } = exported(0);
    const [json, bin] = await browserDownload(artifacts);
    const manifest = JSON.parse(new TextDecoder().decode(json!.bytes));
    manifest.weightsManifest[0].paths = ['./shard1of2.bin', 'weights/shard2of2.bin'];
    const cut = 1000;
    const loaded = parseModelFiles([
      { name: 'shard2of2.bin', bytes: bin!.bytes.slice(cut) },
      { name: 'notes.txt', bytes: text('ignored') },
      { name: 'model.json', bytes: text(JSON.stringify(manifest)) },
      { name: 'shard1of2.bin', bytes: bin!.bytes.slice(0, cut) },
    ]);
    expect(bitDifference(loaded.values, values)).toBe('');
    // The same parts as a list of buffers in the artifacts.
    const buffer = artifacts.weightData as ArrayBuffer;
    const parts = { ...artifacts, weightData: [buffer.slice(0, cut), buffer.slice(cut)] };
    expect(bitDifference(fromLayersArtifacts(parts).values, values)).toBe('');
  });

  it('matches weights by name, as tfjs-layers does: any order of specs and data', async () => {
    const { values, artifacts } = exported(6); // vae, depth 1: six layers with weights
    const specs = artifacts.weightSpecs!;
    const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
    const chunks = specs.map((s, k) => {
      const start = specs.slice(0, k).reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
      return data.slice(start * 4, (start + s.shape.reduce((a, b) => a * b, 1)) * 4);
    });
    const order = specs.map((_, k) => k).reverse();
    const reordered = new Uint8Array(data.length);
    let at = 0;
    for (const k of order) {
      reordered.set(chunks[k]!, at);
      at += chunks[k]!.length;
    }
    const loaded = fromLayersArtifacts({
      ...artifacts,
      weightSpecs: order.map((k) => specs[k]!),
      weightData: reordered.buffer,
    });
    expect(bitDifference(loaded.values, values)).toBe('');
  });

  it('refuses to save what it could not load, with a plain Error', () => {
    const { config, values, run } = exported(0);
    const save =
      (v: Float32Array[], r = run) =>
      () =>
        toLayersArtifacts(config, v, r);
    expect(save(values.slice(1))).toThrow('Cannot save this model: 7 arrays for 8 variables.');
    expect(save([values[0]!.slice(1), ...values.slice(1)])).toThrow(
      'encoder_1/kernel has 25087 values, not [784, 32]',
    );
    const nan = values.map((v, i) => (i === 1 ? Float32Array.from(v, () => NaN) : v));
    expect(save(nan)).toThrow('encoder_1/bias holds NaN or infinite values');
    expect(save(values, { ...run, config: { ...config, latent: 4 } })).toThrow(
      'the metadata holds another config',
    );
    expect(save(values, { ...run, step: -1 })).toThrow('its step or example count is missing');
    expect(save(values, { ...run, step: -1 })).not.toThrow(ModelFileError);
  });
});

describe('files that are not a model of ours', () => {
  let model: ReturnType<typeof exported>;
  let downloaded: ModelFile[];
  beforeAll(async () => {
    model = exported(0);
    downloaded = await browserDownload(model.artifacts);
  });
  const files = () => downloaded;
  const parts = () => {
    const [json, bin] = files();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- edited freely below
    return { json: JSON.parse(new TextDecoder().decode(json!.bytes)) as any, bin: bin! };
  };
  const withJson = (json: unknown, bin: ModelFile): ModelFile[] => [
    { name: 'model.json', bytes: text(JSON.stringify(json)) },
    bin,
  ];

  it('random bytes, or truncated JSON', async () => {
    const rng = createRng(5);
    const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(rng() * 256));
    expect(messageOf(() => parseModelFiles([{ name: 'model.json', bytes: noise }]))).toBe(
      '“model.json” is not a text file, so it is not a model.json.',
    );
    const [json, bin] = files();
    const half = json!.bytes.slice(0, json!.bytes.length >> 1);
    expect(messageOf(() => parseModelFiles([{ name: 'model.json', bytes: half }, bin!]))).toBe(
      '“model.json” is not valid JSON: it may be cut short or damaged.',
    );
    expect(messageOf(() => parseModelFiles([{ name: 'm.json', bytes: text('[1, 2]') }]))).toBe(
      '“m.json” is not a TensorFlow.js model.',
    );
  });

  it('the wrong selection of files', async () => {
    const [json, bin] = files();
    expect(messageOf(() => parseModelFiles([]))).toBe(
      'Choose a model.json and its weights file (model.weights.bin).',
    );
    expect(messageOf(() => parseModelFiles([bin!]))).toBe(
      'There is no model.json among the chosen files: choose it and its weights file.',
    );
    expect(messageOf(() => parseModelFiles([json!, { ...json!, name: 'b.json' }, bin!]))).toBe(
      'Choose one model at a time (got “model.json”, “b.json”).',
    );
    expect(messageOf(() => parseModelFiles([json!]))).toBe(
      'The weights file “model.weights.bin” is missing: choose it together with model.json.',
    );
  });

  it("another app's Layers model", async () => {
    const other = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [784] })] });
    let saved: tf.io.ModelArtifacts | undefined;
    await other.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    other.dispose();
    expect(messageOf(() => fromLayersArtifacts(saved!))).toBe(NOT_OURS);
    const otherFiles = await browserDownload(saved!);
    expect(messageOf(() => parseModelFiles(otherFiles))).toBe(NOT_OURS);
    // Named as another app's even without its weights, and whatever metadata it brings.
    expect(messageOf(() => parseModelFiles(otherFiles.slice(0, 1)))).toBe(NOT_OURS);
    const { json, bin } = parts();
    const foreign = { ...json, userDefinedMetadata: { app: 'someone-else', config: {} } };
    expect(messageOf(() => parseModelFiles(withJson(foreign, bin)))).toBe(NOT_OURS);
  });

  it('a manifest that does not fit the model', async () => {
    const { json, bin } = parts();
    const edit = (change: (j: typeof json) => void) => {
      const copy = structuredClone(json);
      change(copy);
      return messageOf(() => parseModelFiles(withJson(copy, bin)));
    };
    const damaged = (detail: string) => `This model file is damaged: ${detail}.`;
    expect(edit((j) => (j.weightsManifest[0].weights[2].shape = [32, 4]))).toBe(
      damaged("the weight “code/kernel” has shape [32, 4], but the model's settings need [32, 3]"),
    );
    expect(edit((j) => (j.userDefinedMetadata.config.latent = 4))).toBe(
      damaged("the weight “code/kernel” has shape [32, 3], but the model's settings need [32, 4]"),
    );
    expect(edit((j) => (j.weightsManifest[0].weights[2].shape = 'x'))).toBe(
      damaged("the weight “code/kernel” has shape none, but the model's settings need [32, 3]"),
    );
    expect(edit((j) => (j.weightsManifest[0].weights[0].name = 'dense/kernel'))).toBe(
      damaged('model.json lists a weight “dense/kernel” this model lacks'),
    );
    expect(edit((j) => j.weightsManifest[0].weights.pop())).toBe(
      damaged('model.json lacks the weight “reconstruction/bias”'),
    );
    expect(edit((j) => (j.weightsManifest[0].weights[0] = j.weightsManifest[0].weights[2]))).toBe(
      damaged('model.json lists the weight “code/kernel” twice'),
    );
    expect(edit((j) => (j.weightsManifest[0].weights[1] = null))).toBe(
      damaged('weight 2 in model.json has no name'),
    );
    expect(edit((j) => (j.weightsManifest[0].weights[1].dtype = 'int32'))).toBe(
      'The weight “encoder_1/bias” is stored as int32 numbers; the playground reads float32 only.',
    );
    expect(edit((j) => (j.weightsManifest[0].weights[1].quantization = { dtype: 'uint8' }))).toBe(
      'The weight “encoder_1/bias” is stored as quantized numbers; the playground reads float32 only.',
    );
    expect(edit((j) => (j.weightsManifest = {}))).toBe(
      'model.json is damaged: its list of weights files is malformed.',
    );
    expect(edit((j) => (j.format = 'graph-model'))).toBe(damaged('it is not a Layers model'));
  });

  it('weights that do not fit model.json', async () => {
    const { json, bin } = parts();
    const expected = bin.bytes.length;
    const load = (bytes: Uint8Array) => () => parseModelFiles(withJson(json, { ...bin, bytes }));
    expect(messageOf(load(bin.bytes.slice(0, 1000)))).toBe(
      `The weights file is shorter than model.json says (1000 of ${expected} bytes).`,
    );
    const longer = new Uint8Array(expected + 8);
    longer.set(bin.bytes);
    expect(messageOf(load(longer))).toBe(
      `The weights file is longer than model.json says (${expected + 8} bytes, not ${expected}).`,
    );
    const withNaN = bin.bytes.slice();
    new DataView(withNaN.buffer).setFloat32(784 * 32 * 4, NaN, true);
    expect(messageOf(load(withNaN))).toBe(
      'This model file is damaged: the weight “encoder_1/bias” holds values that are not numbers ' +
        '(NaN or infinity).',
    );
    expect(
      messageOf(() => fromLayersArtifacts({ ...model.artifacts, weightData: undefined })),
    ).toBe('The model has no weights: choose its weights file (.bin) too.');
  });

  it('files too large to be a model of ours', async () => {
    const [json, bin] = files();
    const hugeJson = new Uint8Array(MAX_MODEL_JSON_BYTES + 1);
    expect(messageOf(() => parseModelFiles([{ name: 'model.json', bytes: hugeJson }, bin!]))).toBe(
      '“model.json” is larger than any model.json the playground writes (over 4 MB), so it is not one.',
    );
    const hugeBin = new Uint8Array(MAX_WEIGHTS_BYTES + 1);
    expect(messageOf(() => parseModelFiles([json!, { ...bin!, bytes: hugeBin }]))).toBe(
      'The weights files are larger than any model the playground writes (over 160 MB), so they are not one.',
    );
  });

  it('any field of model.json replaced by junk: a ModelFileError or the model, nothing else', async () => {
    const { json, bin } = parts();
    const junk: unknown[] = [null, 'x', -1, 1e300, [], {}, true];
    let refused = 0;
    const visit = (path: (string | number)[], value: unknown) => {
      for (const replacement of junk) {
        const copy = structuredClone(json);
        let at = copy;
        for (const key of path.slice(0, -1)) at = at[key];
        at[path[path.length - 1]!] = replacement;
        try {
          parseModelFiles(withJson(copy, bin));
        } catch (e) {
          expect(e, `${path.join('.')} = ${JSON.stringify(replacement)}`).toBeInstanceOf(
            ModelFileError,
          );
          refused++;
        }
      }
      // The topology is tfjs-layers' business: we rebuild the model from its settings.
      if (path[0] !== 'modelTopology' && typeof value === 'object' && value !== null)
        for (const [k, v] of Object.entries(value))
          visit([...path, Array.isArray(value) ? +k : k], v);
    };
    for (const [k, v] of Object.entries(json)) visit([k], v);
    expect(refused).toBeGreaterThan(100);
  });
});
