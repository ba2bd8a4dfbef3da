// A Store on fake workers and fake time (used by the unit tests), and the worker's side of the
// common exchanges. In Node there is no document, so its frames are 100 ms timeouts (the
// hidden-tab path), as before the frame source was injected.
import { DEFAULT_MODEL } from '../../model/config';
import type { FromWorker, ModelConfig } from '../../train/protocol';
import { Store, type StoreOptions } from '../store';
import { FakeClock, FakeFrames } from './fakeTime';
import { fakeWorkers } from './fakeWorkers';

export const FRAME_MS = 100;

export function storeHarness(
  search = '',
  openRunStore: StoreOptions['openRunStore'] = null,
  ownData: StoreOptions['ownData'] = null,
) {
  const clock = new FakeClock();
  const frames = new FakeFrames();
  frames.hidden = true;
  const workers = fakeWorkers();
  const store = new Store(search, {
    clock,
    frames,
    startTrainer: workers.startTrainer,
    startInference: workers.startInference,
    dataUrl: () => 'http://test/data/',
    openRunStore,
    ownData,
    wallNow: () => 1_000_000,
  });
  /** The training worker says this. */
  const feed = (msg: FromWorker) => workers.trainer.reply(msg);
  /** The current run's number: how many configure messages the page sent. */
  const gen = () => workers.trainers.flatMap((w) => w.sentOf('configure')).length;
  const dataReady = () =>
    feed({
      type: 'dataReady',
      decodeMs: 20,
      display: { pixels: new Float32Array(784 * 2), labels: [1, 2] },
      analysisLabels: new Uint8Array([1, 2]),
      classCount: 3,
    });
  const modelReady = (model: ModelConfig = DEFAULT_MODEL, lossName = 'MSE') =>
    feed({ type: 'modelReady', gen: gen(), model, params: 1000, lossName });
  const stats = (examples: number, g = gen()): FromWorker => ({
    type: 'stats',
    gen: g,
    step: examples / 10,
    epoch: examples / 60000,
    examples,
    loss: 0.05,
    parts: {},
    examplesPerSecond: 1000,
  });
  /** The inference worker answers the latest drawing it was sent. */
  const answerDrawing = (recon = new Float32Array(784)) => {
    const request = workers.inference.sentOf('encodeDrawing').at(-1);
    if (!request) throw new Error('no drawing sent');
    workers.inference.reply({
      type: 'drawingResult',
      id: request.id,
      gen: gen(),
      recon,
      code: new Float32Array([0.1, 0.2]),
    });
  };
  /** Time passes with the training worker alive: a heartbeat every second, as it sends. */
  const alive = (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      clock.advance(Math.min(1000, ms - t));
      feed({ type: 'heartbeat' });
    }
  };
  return {
    store,
    clock,
    frames,
    workers,
    feed,
    gen,
    dataReady,
    modelReady,
    stats,
    answerDrawing,
    alive,
  };
}
