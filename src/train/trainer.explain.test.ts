// The trainer's explained step: a real step of the run, on the batch training would have taken.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ModelConfig } from '../model/config';
import type { FromWorker } from './protocol';
import { Trainer } from './trainer';
import { syntheticData } from './trainer.testkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MODEL: ModelConfig = { ...DEFAULT_MODEL, latent: 4, hidden: 32, seed: 3 };
const HYPER = { lr: 3e-3, batch: 32 };

async function trainer(model = MODEL) {
  const messages: FromWorker[] = [];
  let t = 0;
  const host = {
    post: (m: FromWorker) => messages.push(m),
    now: () => (t += 200),
    yieldToEvents: () => new Promise<void>((r) => setTimeout(r, 0)),
  };
  const tr = new Trainer(syntheticData(256, 100), host, { valSize: 100, displayIndices: [0, 1] });
  await tr.configure(1, model, HYPER);
  return { tr, messages };
}

const of = <T extends FromWorker['type']>(msgs: FromWorker[], type: T) =>
  msgs.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);

describe('Trainer.explainStep', () => {
  it('takes the step Step would take, counts and reports it, and explains it', async () => {
    const a = await trainer();
    const b = await trainer();
    await a.tr.stepOnce();
    await a.tr.stepOnce();
    for (let i = 0; i < 3; i++) await b.tr.stepOnce();
    a.messages.length = 0;

    const answer = await a.tr.explainStep();
    if ('failure' in answer) throw new Error(answer.failure);
    const e = answer.explanation;
    expect(answer.gen).toBe(1);
    expect(e).toMatchObject({ step: 3, batch: 32, shown: 8, latent: 4 });
    expect(e.layers.map((l) => l.name)).toEqual([
      'encoder_1',
      'code',
      'decoder_1',
      'reconstruction',
    ]);
    expect(a.tr.progress).toMatchObject({ step: 3, examples: 96 });

    // Reported as Step reports: the loss of that step, then its reconstructions.
    const stats = of(a.messages, 'stats');
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ step: 3, examples: 96, loss: e.loss });
    expect(of(a.messages, 'recon').at(-1)?.step).toBe(3);
    // The same batch and the same update as the other trainer's third Step.
    expect(of(b.messages, 'stats').at(-1)!.loss).toBe(e.loss);
    const [sa, sb] = await Promise.all([a.tr.takeSnapshot(), b.tr.takeSnapshot()]);
    expect(sa!.snapshot.weights).toEqual(sb!.snapshot.weights);
    expect(sa!.snapshot.order).toEqual(sb!.snapshot.order);

    // Nothing is left behind by an explained step.
    const tensors = tf.memory().numTensors;
    expect('explanation' in (await a.tr.explainStep())).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    a.tr.dispose();
    b.tr.dispose();
  });

  it('refuses while training runs, and without a model', async () => {
    const { tr } = await trainer();
    tr.run();
    expect(await tr.explainStep()).toEqual({ failure: 'Training is running: pause it first.' });
    tr.pause();
    tr.dispose();
    const bare = new Trainer(
      syntheticData(64, 20),
      { post: () => undefined, now: () => 0, yieldToEvents: () => Promise.resolve() },
      { valSize: 20, displayIndices: [0] },
    );
    expect(await bare.explainStep()).toEqual({ failure: 'There is no model yet.' });
    bare.dispose();
  });
});
