import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, MODEL_RANGES } from './config';
import {
  APP_ID,
  FORMAT_VERSION,
  ModelFileError,
  NOT_OURS,
  readModelConfig,
  readRunMetadata,
  runMetadata,
} from './runMetadata';

const run = runMetadata(
  { ...DEFAULT_MODEL, kind: 'vae' },
  {
    appVersion: '0.1.0',
    step: 3,
    examples: 384,
    lossHistory: [
      { examples: 128, loss: 0.2, parts: { kl: 0.1 } },
      { examples: 384, val: 0.1 },
    ],
  },
);

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

describe('model config from a file', () => {
  it('accepts every default and both ends of every range, dropping unknown fields', () => {
    expect(readModelConfig({ ...DEFAULT_MODEL, extra: 1 })).toEqual(DEFAULT_MODEL);
    for (const [key, { min, max }] of Object.entries(MODEL_RANGES)) {
      expect(readModelConfig({ ...DEFAULT_MODEL, [key]: min })).toMatchObject({ [key]: min });
      expect(readModelConfig({ ...DEFAULT_MODEL, [key]: max })).toMatchObject({ [key]: max });
    }
  });

  it.each([
    [{ latent: 1025 }, 'the latent size 1025 is outside 1–1024'],
    [{ hidden: 31 }, 'the hidden units 31 is outside 32–1024'],
    [{ depth: 1.5 }, 'the depth 1.5 is not an integer'],
    [{ noiseLevel: -0.1 }, 'the noise level -0.1 is outside 0–1'],
    [{ sparsity: 0.5 }, 'the sparsity 0.5 is outside 0.00001–0.1'],
    [{ beta: '1' }, 'the β "1" is not a number'],
    [{ seed: -1 }, 'the seed -1 is outside 0–2147483647'],
    [
      { kind: 'gan' },
      'the model kind "gan" is not one of dense, conv, denoising, sparse, vae, contractive',
    ],
    [{ loss: undefined }, 'the loss undefined is not one of mse, bce'],
    [{ noise: 'salt' }, 'the noise type "salt" is not one of gaussian, masking'],
    [{ contraction: 2 }, 'the contraction 2 is outside 0.0001–1'],
    [{ activation: 'swish' }, 'the activation "swish" is not one of relu, sigmoid, tanh, linear'],
    [{ activation: null }, 'the activation null is not one of relu, sigmoid, tanh, linear'],
  ])('refuses %j', (change, detail) => {
    const message = messageOf(() => readModelConfig({ ...DEFAULT_MODEL, ...change }));
    expect(message).toBe(`The model's settings in this file are invalid: ${detail}.`);
  });
});

describe('a file written before the activation choice', () => {
  it('reads as ReLU hidden layers, and every activation survives the round trip', () => {
    const { activation: _a, ...older } = { ...DEFAULT_MODEL, kind: 'conv' as const };
    expect(readModelConfig(older)).toEqual({ ...DEFAULT_MODEL, kind: 'conv', activation: 'relu' });
    const { contraction: _c, ...v1Config } = older;
    const v1 = { ...run, formatVersion: 1, config: v1Config };
    expect(readRunMetadata(v1).config).toMatchObject({
      activation: 'relu',
      contraction: DEFAULT_MODEL.contraction,
    });
    for (const activation of ['sigmoid', 'tanh', 'linear'] as const)
      expect(readModelConfig({ ...DEFAULT_MODEL, activation }).activation).toBe(activation);
  });
});

describe('run metadata from a file', () => {
  it('reads back what runMetadata makes', () => {
    expect(run.app).toBe(APP_ID);
    expect(run.formatVersion).toBe(FORMAT_VERSION);
    expect(readRunMetadata(JSON.parse(JSON.stringify(run)))).toEqual(run);
  });

  it('names a file of another app, or none, as such', () => {
    for (const value of [
      undefined,
      null,
      'x',
      [],
      {},
      { app: 'other' },
      { ...run, app: 'Autoencoder' },
    ])
      expect(messageOf(() => readRunMetadata(value))).toBe(NOT_OURS);
  });

  it('refuses a newer format, and damaged fields', () => {
    expect(messageOf(() => readRunMetadata({ ...run, formatVersion: FORMAT_VERSION + 1 }))).toBe(
      'This model file comes from a newer version of the autoencoder playground (file format 3; ' +
        'this page reads format 2).',
    );
    const cases: [Record<string, unknown>, string][] = [
      [{ formatVersion: '1' }, 'its format version is missing'],
      [{ appVersion: 1 }, 'the app version is missing'],
      [{ step: -1 }, 'its step or example count is missing'],
      [{ examples: 1.5 }, 'its step or example count is missing'],
      [{ lossHistory: {} }, 'its loss history is missing'],
      [{ lossHistory: [{ examples: 1, loss: null }] }, 'point 1 of its loss history is malformed'],
      [
        { lossHistory: [{ examples: 1 }, { examples: 2, parts: { kl: 'x' } }] },
        'point 2 of its loss history is malformed',
      ],
    ];
    for (const [change, detail] of cases)
      expect(messageOf(() => readRunMetadata({ ...run, ...change }))).toBe(
        `This model file is damaged: ${detail}.`,
      );
    expect(messageOf(() => readRunMetadata({ ...run, config: { ...run.config, depth: 4 } }))).toBe(
      "The model's settings in this file are invalid: the depth 4 is outside 1–3.",
    );
  });
});
