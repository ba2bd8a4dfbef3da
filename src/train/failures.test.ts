// A model too large for the device: told apart from other failures by the words each backend
// fails in, reported as scope 'model' with what to do, and nothing of it left behind.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MODEL, type ModelConfig } from '../model/config';
import { isOutOfMemory } from './failures';
import type { FromWorker } from './protocol';
import { Trainer } from './trainer';
import { syntheticData } from './trainer.testkit';

// Models of 48 hidden units fail as a device out of memory does: in their first forward pass
// (while the model is shown), or, at 40, at their fifth training step.
vi.mock('../model', async (importOriginal) => {
  const original = await importOriginal<typeof import('../model')>();
  return {
    ...original,
    createModel: (config: ModelConfig) => {
      const model = original.createModel(config);
      if (config.hidden === 48)
        model.decode = () => {
          throw new Error('Failed to compile fragment shader.');
        };
      if (config.hidden === 40) {
        const trainLoss = model.trainLoss.bind(model);
        let calls = 0;
        model.trainLoss = (x) => {
          calls += 1;
          if (calls === 5) throw new RangeError('Array buffer allocation failed');
          return trainLoss(x);
        };
      }
      return model;
    },
  };
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CONFIG: ModelConfig = { ...DEFAULT_MODEL, hidden: 16, latent: 3 };
const HYPER = { lr: 1e-3, batch: 16 };

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

const of = <T extends FromWorker['type']>(msgs: FromWorker[], type: T) =>
  msgs.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);

describe('isOutOfMemory', () => {
  it.each([
    'Failed to compile fragment shader.',
    'Unable to create WebGLTexture.',
    'Requested texture size [70000x784] greater than WebGL maximum on this browser / GPU [16384x16384].',
    'Aborted(OOM)',
    'Out of memory',
    'Cannot enlarge memory arrays to size 2147549184 bytes',
    'WebAssembly.Memory.grow(): Maximum memory size exceeded',
  ])('knows %j', (message) => {
    expect(isOutOfMemory(new Error(message))).toBe(true);
  });

  it('knows a failed allocation of the cpu backend (RangeError)', () => {
    expect(isOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isOutOfMemory(new RangeError('Invalid typed array length: 4294967296'))).toBe(true);
  });

  it('takes a context lost meanwhile for the GPU giving up', () => {
    expect(isOutOfMemory(new Error('anything'), true)).toBe(true);
  });

  it.each([
    'Unknown model kind: mlp',
    "Cannot read properties of undefined (reading 'shape')",
    'Error in matMul: inner shapes (784) and (16) of Tensors with shapes 1,784 and 16,3 must match',
  ])('does not take %j for it', (message) => {
    expect(isOutOfMemory(new Error(message))).toBe(false);
  });
});

describe('a model too large for the device', () => {
  it('fails to build: reported as scope model, disposed, and the next model builds', async () => {
    const { trainer, messages } = setup();
    const digitsOnly = tf.memory().numTensors;
    await trainer.configure(1, CONFIG, HYPER);
    await trainer.stepOnce();
    const baseline = tf.memory().numTensors;
    await trainer.configure(2, { ...CONFIG, hidden: 48 }, HYPER);
    const errors = of(messages, 'error');
    expect(errors.map((e) => e.scope)).toEqual(['model']);
    expect(errors[0]!.message).toMatch(
      /^This model is too large for this device: building it \(\d[\d,]* weights\) ran out of memory on cpu\. Choose fewer hidden units/,
    );
    // Nothing of either model is left: the trainer keeps only its digits.
    expect(tf.memory().numTensors).toBe(digitsOnly);
    expect(trainer.progress.model).toBeNull();
    await trainer.stepOnce();
    expect(trainer.progress.step).toBe(0);

    await trainer.configure(3, CONFIG, HYPER);
    await trainer.stepOnce();
    expect(trainer.progress.step).toBe(1);
    expect(tf.memory().numTensors).toBe(baseline);
    trainer.dispose();
  });

  it('fails while training: training stops, reported as scope model, nothing left', async () => {
    const { trainer, messages } = setup();
    const digitsOnly = tf.memory().numTensors;
    await trainer.configure(1, { ...CONFIG, hidden: 40 }, HYPER);
    trainer.run();
    const end = Date.now() + 5000;
    while (of(messages, 'error').length === 0 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 5));
    const errors = of(messages, 'error');
    expect(errors.map((e) => e.scope)).toEqual(['model']);
    expect(errors[0]!.message).toMatch(/too large for this device: training it/);
    expect(trainer.isRunning).toBe(false);
    expect(of(messages, 'running').at(-1)!.running).toBe(false);
    expect(trainer.progress.step).toBe(4);
    expect(tf.memory().numTensors).toBe(digitsOnly);
    trainer.dispose();
  });

  it('is not claimed for other failures', async () => {
    const { trainer } = setup();
    await expect(
      trainer.configure(1, { ...CONFIG, kind: 'mlp' as ModelConfig['kind'] }, HYPER),
    ).rejects.toThrow(/Unknown model kind/);
    trainer.dispose();
  });
});
