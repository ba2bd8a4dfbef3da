// The loader against anything a person might choose: whatever the bytes, parseModelFiles either
// reads a model or throws a ModelFileError (the page's alert), never anything else.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './index';
import { toLayersArtifacts } from './layersFormat';
import { sampleRun, TINY_CASES } from './layersFormat.testkit';
import { parseModelFiles, type ModelFile } from './modelFiles';
import { ModelFileError } from './runMetadata';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Only a ModelFileError may escape. */
function readsOrRefuses(files: ModelFile[]): boolean {
  try {
    parseModelFiles(files);
    return true;
  } catch (err) {
    return err instanceof ModelFileError;
  }
}

/** A real export of a tiny model: model.json's text and its weights' bytes. */
function realFiles(): { json: unknown; weights: Uint8Array } {
  const { config } = TINY_CASES[0]!;
  const model = createModel(config);
  const values = model.variables.map((v) => v.dataSync() as Float32Array);
  const artifacts = toLayersArtifacts(config, values, sampleRun(config));
  model.dispose();
  const { weightData, weightSpecs, ...rest } = artifacts;
  const json = {
    ...rest,
    weightsManifest: [{ paths: ['model.weights.bin'], weights: weightSpecs }],
  };
  return { json, weights: new Uint8Array(weightData as ArrayBuffer) };
}

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

// Any JSON value, to put in place of a field; objects whose toString is not a function among them,
// since String() and template literals throw a TypeError on those.
const hostile = [{ toString: {} }, { valueOf: {}, toString: {} }];
const junk = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, -1, 1e308, '', 'model.weights.bin', [], {}, [[1, 2]], { dtype: 'int8' }),
  fc.constantFrom(...hostile, [hostile[0]], [1, hostile[0]]),
);

describe('parseModelFiles on any input', () => {
  it('refuses arbitrary bytes with a ModelFileError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 500 }), (a, b) =>
        readsOrRefuses([
          { name: 'model.json', bytes: a },
          { name: 'model.weights.bin', bytes: b },
        ]),
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a real model.json with any field replaced by junk, or cut short anywhere', () => {
    const { json, weights } = realFiles();
    const text = JSON.stringify(json);
    const paths = (function collect(v: unknown, at: (string | number)[]): (string | number)[][] {
      if (typeof v !== 'object' || v === null) return [at];
      const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
      return [at, ...keys.flatMap((k) => collect((v as Record<string, unknown>)[k], [...at, k]))];
    })(json, []).filter((p) => p.length > 0);
    fc.assert(
      fc.property(
        fc.constantFrom(...paths),
        junk,
        fc.nat({ max: text.length }),
        (path, value, cut) => {
          const copy = structuredClone(json) as Record<string, unknown>;
          let node: Record<string | number, unknown> = copy;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
          node[path.at(-1)!] = value;
          const replaced = readsOrRefuses([
            { name: 'model.json', bytes: encode(copy) },
            { name: 'model.weights.bin', bytes: weights },
          ]);
          const truncated = readsOrRefuses([
            { name: 'model.json', bytes: new TextEncoder().encode(text.slice(0, cut)) },
            { name: 'model.weights.bin', bytes: weights },
          ]);
          return replaced && truncated;
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses every weight shape, dtype and name that will not turn into text', () => {
    const { json, weights } = realFiles();
    const specs = (json as { weightsManifest: { weights: Record<string, unknown>[] }[] })
      .weightsManifest[0]!.weights;
    for (const field of ['shape', 'dtype', 'name'])
      for (const value of [...hostile, [hostile[0]], [784, hostile[0]]]) {
        const copy = structuredClone(json) as typeof json & {
          weightsManifest: { weights: Record<string, unknown>[] }[];
        };
        copy.weightsManifest[0]!.weights[specs.length - 1]![field] = value;
        expect(() =>
          parseModelFiles([
            { name: 'model.json', bytes: encode(copy) },
            { name: 'model.weights.bin', bytes: weights },
          ]),
        ).toThrow(ModelFileError);
      }
  });

  it('reads the real files (the property is not vacuous)', () => {
    const { json, weights } = realFiles();
    const loaded = parseModelFiles([
      { name: 'model.json', bytes: encode(json) },
      { name: 'model.weights.bin', bytes: weights },
    ]);
    expect(loaded.config).toEqual(TINY_CASES[0]!.config);
  });
});
