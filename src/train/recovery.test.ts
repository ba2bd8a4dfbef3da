// A device lost under the trainer (a lost WebGL context, here a stand-in on the cpu backend):
// the run is rebuilt from its last checkpoint and trains on; at most the steps since that
// checkpoint are lost; nothing leaks. The real thing runs in e2e/gpuLoss.spec.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ModelConfig } from '../model/config';
import type { BackendName, FromWorker, TrainerSnapshot } from './protocol';
import { syntheticData } from './trainer.testkit';
import { CHECKPOINT_MS, Trainer, type DeviceGuard } from './trainer';
import { fallbackWhy, LossHistory } from './lossHistory';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const DATA = syntheticData(100, 30);
const HYPER = { lr: 3e-3, batch: 16 };
const CONFIG: ModelConfig = { ...DEFAULT_MODEL, hidden: 16, latent: 3, seed: 4 };

/** A device that is lost when the test says so and restarts on the same cpu backend. */
class StandInDevice implements DeviceGuard {
  isLost = false;
  restarts = 0;
  constructor(private readonly after: BackendName = 'cpu') {}
  canLose = () => true;
  lost = () => this.isLost;
  restart = async () => {
    this.restarts += 1;
    this.isLost = false;
    return { info: { backend: this.after }, fellBack: this.after !== 'cpu' };
  };
}

function setup(device = new StandInDevice(), onPost: (m: FromWorker) => void = () => {}) {
  const messages: FromWorker[] = [];
  let t = 0;
  const trainer = new Trainer(
    DATA,
    {
      post: (m) => {
        messages.push(m);
        onPost(m);
      },
      // 50 ms a reading: a checkpoint falls due every few bursts.
      now: () => (t += 50),
      yieldToEvents: () => new Promise<void>((r) => setTimeout(r, 0)),
      device,
    },
    { valSize: 30, displayIndices: [0] },
  );
  return { trainer, messages, device };
}

const of = <T extends FromWorker['type']>(msgs: FromWorker[], type: T) =>
  msgs.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

async function snapshotOf(trainer: Trainer): Promise<TrainerSnapshot> {
  const taken = await trainer.takeSnapshot();
  if (!taken) throw new Error('no snapshot');
  return taken.snapshot;
}

describe('a lost device', () => {
  it('while training: the run resumes from its checkpoint on the new backend and trains on', async () => {
    const { trainer, messages, device } = setup();
    await trainer.configure(1, CONFIG, HYPER);
    trainer.run();
    await until(() => trainer.progress.step >= 40);
    const tensorsWhileTraining = tf.memory().numTensors;
    device.isLost = true;
    const stepAtLoss = trainer.progress.step;
    trainer.deviceLost();
    await until(() => of(messages, 'recovered').length === 1);
    const recovered = of(messages, 'recovered')[0]!;
    expect(recovered).toMatchObject({
      gen: 1,
      backend: 'cpu',
      cause: 'context-lost',
      fellBack: false,
    });
    expect(device.restarts).toBe(1);
    // At most the steps since the last checkpoint are lost: a checkpoint is begun every
    // CHECKPOINT_MS (20 clock readings here: a few bursts of one step each).
    expect(recovered.step).toBeGreaterThan(0);
    expect(recovered.step).toBeLessThanOrEqual(stepAtLoss);
    expect(stepAtLoss - recovered.step).toBeLessThanOrEqual(10);
    expect(CHECKPOINT_MS).toBe(1000);
    // The same backend: no backend message.
    expect(of(messages, 'backend')).toEqual([]);
    await until(() => trainer.progress.step > recovered.step + 20);
    expect(trainer.isRunning).toBe(true);
    trainer.pause();
    await new Promise((r) => setTimeout(r, 50));
    expect(of(messages, 'error')).toEqual([]);
    expect(Math.abs(tf.memory().numTensors - tensorsWhileTraining)).toBeLessThanOrEqual(2);
    trainer.dispose();
  });

  it('continues exactly from the checkpoint: the same weights as a restore of it', async () => {
    const { trainer, device } = setup();
    await trainer.configure(1, CONFIG, HYPER);
    for (let i = 0; i < 5; i++) await trainer.stepOnce();
    // A paused run checkpoints after each step: nothing of it is lost.
    await new Promise((r) => setTimeout(r, 20));
    const atLoss = await snapshotOf(trainer);
    device.isLost = true;
    trainer.deviceLost();
    await trainer.stepOnce(); // waits for the recovery, then steps
    const recovered = await snapshotOf(trainer);
    expect(recovered.step).toBe(6);

    const reference = setup();
    await reference.trainer.configure(1, CONFIG, HYPER, atLoss);
    await reference.trainer.stepOnce();
    const expected = await snapshotOf(reference.trainer);
    expect(recovered.weights).toEqual(expected.weights);
    expect(recovered.order).toEqual(expected.order);
    trainer.dispose();
    reference.trainer.dispose();
  });

  it('while paused: rebuilt and shown, not started', async () => {
    const { trainer, messages, device } = setup();
    await trainer.configure(1, CONFIG, HYPER);
    await trainer.stepOnce();
    await new Promise((r) => setTimeout(r, 20));
    const before = messages.length;
    device.isLost = true;
    trainer.deviceLost();
    await until(() => of(messages.slice(before), 'val').length === 1);
    const after = messages.slice(before).map((m) => m.type);
    expect(after).toContain('recovered');
    expect(after).toContain('recon');
    expect(after).not.toContain('running');
    expect(trainer.isRunning).toBe(false);
    expect(trainer.progress.step).toBe(1);
    trainer.dispose();
  });

  it('falls back: the new backend is announced after the recovery', async () => {
    const { trainer, messages, device } = setup(new StandInDevice('wasm'));
    await trainer.configure(1, CONFIG, HYPER);
    await trainer.stepOnce();
    device.isLost = true;
    trainer.deviceLost();
    await until(() => of(messages, 'recovered').length === 1);
    expect(of(messages, 'recovered')[0]!.fellBack).toBe(true);
    expect(of(messages, 'backend').map((m) => m.backend)).toEqual(['wasm']);
    trainer.dispose();
  });

  it('found lost by a request: a snapshot waits for the recovery and is of the rebuilt run', async () => {
    const { trainer, messages, device } = setup();
    await trainer.configure(1, CONFIG, HYPER);
    await trainer.stepOnce();
    await new Promise((r) => setTimeout(r, 20));
    device.isLost = true;
    const snap = await snapshotOf(trainer);
    expect(device.restarts).toBe(1);
    expect(of(messages, 'recovered')).toHaveLength(1);
    expect(snap.step).toBe(1);
    trainer.dispose();
  });

  it('leaves the tensor count as it was, loss after loss', async () => {
    const { trainer, device } = setup();
    await trainer.configure(1, CONFIG, HYPER);
    await trainer.stepOnce();
    await new Promise((r) => setTimeout(r, 20));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) {
      device.isLost = true;
      trainer.deviceLost();
      await trainer.stepOnce();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(device.restarts).toBe(4);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });
});

describe('a device lost while a model is first built and shown', () => {
  it('is the GPU giving up on that model: reported as too large, the backend restarted', async () => {
    const device = new StandInDevice();
    // The context goes while the new model's first reconstructions are computed.
    const { trainer, messages } = setup(device, (m) => {
      if (m.type === 'modelReady' && m.model.hidden === 48) {
        device.isLost = true;
        trainer.deviceLost();
      }
    });
    await trainer.configure(1, CONFIG, HYPER);
    const big = { ...CONFIG, hidden: 48 };
    await trainer.configure(2, big, HYPER);
    await until(() => of(messages, 'error').length > 0);
    expect(device.restarts).toBe(1);
    const errors = of(messages, 'error');
    expect(errors.map((e) => e.scope)).toEqual(['model']);
    expect(errors[0]!.message).toMatch(
      /too large for this device: building it \(dense, 48 hidden units\)/,
    );
    expect(of(messages, 'recovered')).toEqual([]);
    expect(trainer.progress.model).toBeNull();
    // The page goes back to the last model that worked, on the new backend.
    await trainer.configure(3, CONFIG, HYPER);
    await trainer.stepOnce();
    expect(trainer.progress.step).toBe(1);
    trainer.dispose();
  });
});

describe('a device lost once the new model has trained', () => {
  it('is recovered, even while its first pictures are still being made', async () => {
    const device = new StandInDevice();
    let lostAt = -1;
    const { trainer, messages } = setup(device, (m) => {
      // Train is pressed as soon as the model is there (autostart), and the context goes once
      // its first steps have been read back, before configure has shown everything.
      if (m.type === 'modelReady') trainer.run();
      if (m.type === 'stats' && lostAt < 0) {
        lostAt = messages.filter((x) => x.type === 'val').length;
        device.isLost = true;
        trainer.deviceLost();
      }
    });
    await trainer.configure(1, CONFIG, HYPER);
    await until(() => of(messages, 'recovered').length === 1);
    // The loss came before configure's first validation: the case this test is about.
    expect(lostAt).toBe(0);
    expect(of(messages, 'error')).toEqual([]);
    await until(() => trainer.progress.step > 5);
    trainer.pause();
    await new Promise((r) => setTimeout(r, 50));
    trainer.dispose();
  });
});

describe('a device lost before the first checkpoint', () => {
  it('rebuilds the fresh model the run started from', async () => {
    const device = new StandInDevice();
    let checkpoints = false;
    device.canLose = () => checkpoints;
    const { trainer, messages } = setup(device);
    await trainer.configure(1, CONFIG, HYPER);
    const fresh = await snapshotOf(trainer);
    checkpoints = true;
    device.isLost = true;
    trainer.deviceLost();
    await until(() => of(messages, 'recovered').length === 1);
    expect(of(messages, 'recovered')[0]!.step).toBe(0);
    expect((await snapshotOf(trainer)).weights).toEqual(fresh.weights);
    trainer.dispose();
  });
});

describe('LossHistory', () => {
  it('gives WebGL up at the third loss in a row that comes within seconds of a recovery', () => {
    let now = 0;
    const losses = new LossHistory(() => now);
    expect(losses.record()).toBeNull();
    now += 300;
    losses.recovered();
    now += 1_000;
    expect(losses.record()).toBeNull();
    now += 300;
    losses.recovered();
    now += 4_000;
    expect(losses.record()).toEqual({ quick: 3 });
    expect(fallbackWhy({ quick: 3 })).toContain('3 times in a row');
  });

  it('keeps WebGL through losses each after a context held for a while, up to 20 in 10 minutes', () => {
    let now = 0;
    const losses = new LossHistory(() => now);
    const reasons = [];
    for (let i = 0; i < 25; i++) {
      reasons.push(losses.record());
      now += 300;
      losses.recovered();
      // A loss 1 s after a recovery, then one after the context held 6 s: the streak starts again.
      now += i % 2 === 1 ? 6_000 : 1_000;
    }
    // The quick streak never reaches three; the 20th loss within 10 minutes gives WebGL up.
    expect(reasons.slice(0, 19).every((r) => r === null)).toBe(true);
    expect(reasons[19]).toEqual({ many: 20 });
    expect(fallbackWhy({ many: 20 })).toContain('20 times within 10 minutes');
  });

  it('forgets losses older than the window', () => {
    let now = 0;
    const losses = new LossHistory(() => now, {
      quick: { losses: 3, afterRecoveryMs: 5_000 },
      many: { losses: 3, withinMs: 60_000 },
    });
    expect(losses.record()).toBeNull();
    now += 30_000;
    expect(losses.record()).toBeNull();
    now += 31_000; // the first is now over a minute old
    expect(losses.record()).toBeNull();
    now += 1_000;
    expect(losses.record()).toEqual({ many: 3 });
  });
});
