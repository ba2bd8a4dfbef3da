import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../model/config';
import type { FromInference, FromWorker } from '../train/protocol';
import { fakeWorkers } from './testing/fakeWorkers';
import { Supervisor, TRAVERSAL_HOLD_MS, type LoadRequest, type TrainerReport } from './supervisor';
import { FakeClock } from './testing/fakeTime';

const load: LoadRequest = {
  type: 'load',
  backend: 'cpu',
  dataset: 'mnist',
  baseUrl: 'http://x/data/',
  valSize: 500,
};
const hyper = { lr: 0.001, batch: 64 };

function setup(clock?: FakeClock) {
  const workers = fakeWorkers();
  const trainerMsgs: TrainerReport[] = [];
  const inferenceMsgs: FromInference[] = [];
  const crashes: string[] = [];
  const events: string[] = [];
  let onAnswered = () => {};
  const supervisor = new Supervisor({
    onTrainer: (m) => trainerMsgs.push(m),
    onInference: (m) => {
      events.push(`deliver ${m.type}`);
      inferenceMsgs.push(m);
    },
    onInterpolationAnswered: () => {
      events.push('answered');
      onAnswered();
    },
    onCrash: (m) => crashes.push(m),
    startTrainer: workers.startTrainer,
    startInference: workers.startInference,
    ...(clock ? { clock } : {}),
  });
  const setOnAnswered = (f: () => void) => (onAnswered = f);
  return { workers, supervisor, trainerMsgs, inferenceMsgs, crashes, events, setOnAnswered };
}

const stats = (gen: number): FromWorker => ({
  type: 'stats',
  gen,
  step: 1,
  epoch: 0,
  examples: 10,
  loss: 0.1,
  parts: {},
  examplesPerSecond: 1,
});

const images = new Float32Array(784);

describe('Supervisor', () => {
  it('starts both workers and has the data loaded; a restart replaces them', () => {
    const { workers, supervisor } = setup();
    expect(supervisor.started).toBe(false);
    supervisor.start(load);
    expect(supervisor.started).toBe(true);
    expect(workers.trainer.sent).toEqual([load]);
    supervisor.start(load);
    expect(workers.trainers.map((w) => w.terminated)).toEqual([true, false]);
    expect(workers.inferences.map((w) => w.terminated)).toEqual([true, false]);
  });

  it('stops both workers, and sends nothing more', () => {
    const { workers, supervisor } = setup();
    supervisor.start(load);
    supervisor.stop();
    expect(supervisor.started).toBe(false);
    expect(workers.trainer.terminated).toBe(true);
    expect(workers.inference.terminated).toBe(true);
    supervisor.command({ type: 'run' });
    supervisor.encodeDrawing(new Float32Array(784));
    expect(workers.trainer.sent).toEqual([load]);
    expect(workers.inference.sent).toEqual([]);
  });

  it('numbers the runs, and lets through only messages of the current one', () => {
    const { workers, supervisor, trainerMsgs } = setup();
    supervisor.start(load);
    supervisor.newRun(DEFAULT_MODEL, hyper);
    supervisor.newRun(DEFAULT_MODEL, hyper);
    expect(workers.trainer.sentOf('configure').map((m) => m.gen)).toEqual([1, 2]);
    workers.trainer.reply(stats(1));
    workers.trainer.reply(stats(2));
    // Messages of no run (the data, the backend) always pass.
    workers.trainer.reply({ type: 'progress', loaded: 1, total: 2 });
    expect(trainerMsgs.map((m) => ('gen' in m ? m.gen : m.type))).toEqual([2, 'progress']);
  });

  it('hands the current run’s weights to the inference worker, buffers moved, and reports them', () => {
    const { workers, supervisor, trainerMsgs } = setup();
    supervisor.start(load);
    supervisor.newRun(DEFAULT_MODEL, hyper);
    const values = [new Float32Array(4), new Float32Array(2)];
    const weights = (gen: number): FromWorker => ({
      type: 'weights',
      gen,
      model: DEFAULT_MODEL,
      values,
    });
    workers.trainer.reply(weights(0));
    expect(workers.inference.sent).toEqual([]);
    workers.trainer.reply(weights(1));
    expect(workers.inference.sent).toEqual([
      { type: 'weights', gen: 1, model: DEFAULT_MODEL, values },
    ]);
    expect(workers.inference.transfers[0]).toEqual(values.map((v) => v.buffer));
    expect(trainerMsgs.map((m) => m.type)).toEqual(['weights']);
  });

  it('keeps the weights a stroke began with, sends the newest as it ends, and a new run’s at once', () => {
    const { workers, supervisor, trainerMsgs } = setup();
    supervisor.start(load);
    supervisor.newRun(DEFAULT_MODEL, hyper);
    const weights = (gen: number, v: number): FromWorker => ({
      type: 'weights',
      gen,
      model: DEFAULT_MODEL,
      values: [new Float32Array([v])],
    });
    const sentValues = () =>
      workers.inference.sentOf('weights').map((m) => [m.gen, m.values[0]![0]]);
    const hand = () => workers.trainer.sentOf('hand').map((m) => m.busy);
    workers.trainer.reply(weights(1, 1));
    supervisor.setStroking(true);
    // The training worker rests between bursts while the hand is on the pad.
    expect(hand()).toEqual([true]);
    workers.trainer.reply(weights(1, 2));
    workers.trainer.reply(weights(1, 3));
    expect(sentValues()).toEqual([[1, 1]]);
    // The store hears of the weights the inference worker takes, as it takes them.
    const heard = () => trainerMsgs.filter((m) => m.type === 'weights').length;
    expect(heard()).toBe(1);
    supervisor.setStroking(false);
    expect(sentValues()).toEqual([
      [1, 1],
      [1, 3],
    ]);
    expect(heard()).toBe(2);
    expect(hand()).toEqual([true, false]);
    supervisor.setStroking(false);
    expect(sentValues()).toHaveLength(2);
    expect(hand()).toEqual([true, false]);
    // A new run mid-stroke: its first weights go at once, later ones wait; older ones are dropped.
    supervisor.setStroking(true);
    workers.trainer.reply(weights(1, 4));
    supervisor.newRun(DEFAULT_MODEL, hyper);
    workers.trainer.reply(weights(2, 5));
    workers.trainer.reply(weights(2, 6));
    expect(sentValues()).toEqual([
      [1, 1],
      [1, 3],
      [2, 5],
    ]);
    supervisor.setStroking(false);
    expect(sentValues().at(-1)).toEqual([2, 6]);
  });

  it('keeps the weights while a traversal slider moves, and sends the newest once it rests', () => {
    const clock = new FakeClock();
    const { workers, supervisor } = setup(clock);
    supervisor.start(load);
    supervisor.newRun(DEFAULT_MODEL, hyper);
    const weights = (v: number): FromWorker => ({
      type: 'weights',
      gen: 1,
      model: DEFAULT_MODEL,
      values: [new Float32Array([v])],
    });
    const sent = () => workers.inference.sentOf('weights').map((m) => m.values[0]![0]);
    const hand = () => workers.trainer.sentOf('hand').map((m) => m.busy);
    workers.trainer.reply(weights(1));
    supervisor.traverse(new Float32Array(2));
    expect(hand()).toEqual([true]);
    workers.trainer.reply(weights(2));
    clock.advance(TRAVERSAL_HOLD_MS - 100);
    // Another move keeps the hold for a while longer.
    supervisor.traverse(new Float32Array(2));
    workers.trainer.reply(weights(3));
    clock.advance(150);
    expect(sent()).toEqual([1]);
    expect(hand()).toEqual([true]);
    clock.advance(TRAVERSAL_HOLD_MS);
    expect(sent()).toEqual([1, 3]);
    expect(hand()).toEqual([true, false]);
    // At rest, weights go over as they come.
    workers.trainer.reply(weights(4));
    expect(sent()).toEqual([1, 3, 4]);
  });

  it('answers each memory probe by its id, without troubling the store', async () => {
    const { workers, supervisor, trainerMsgs } = setup();
    supervisor.start(load);
    const first = supervisor.probeMemory();
    const second = supervisor.probeMemory();
    expect(workers.trainer.sentOf('probeMemory').map((m) => m.id)).toEqual([1, 2]);
    workers.trainer.reply({ type: 'memory', id: 2, numTensors: 2, numBytes: 20 });
    workers.trainer.reply({ type: 'memory', id: 1, numTensors: 1, numBytes: 10 });
    expect((await first).numTensors).toBe(1);
    expect((await second).numTensors).toBe(2);
    expect(trainerMsgs).toEqual([]);
  });

  it('sends a copy of each drawing, buffer moved, under a new id', () => {
    const { workers, supervisor } = setup();
    supervisor.start(load);
    const input = new Float32Array(784).fill(0.5);
    expect(supervisor.encodeDrawing(input)).toBe(1);
    expect(supervisor.encodeDrawing(input)).toBe(2);
    const [sent] = workers.inference.sentOf('encodeDrawing');
    expect(sent!.id).toBe(1);
    expect(sent!.pixels).not.toBe(input);
    expect(sent!.pixels).toEqual(input);
    expect(workers.inference.transfers[0]).toEqual([sent!.pixels.buffer]);
  });

  it('lets through drawing answers of the current run newer than the one on screen', () => {
    const { workers, supervisor, inferenceMsgs } = setup();
    supervisor.start(load);
    supervisor.newRun(DEFAULT_MODEL, hyper);
    const answer = (id: number, gen = 1): FromInference => ({
      type: 'drawingResult',
      id,
      gen,
      recon: images,
      code: new Float32Array(2),
    });
    workers.inference.reply(answer(1, 0));
    supervisor.drawingShown(2);
    workers.inference.reply(answer(2));
    workers.inference.reply(answer(3));
    expect(inferenceMsgs.map((m) => (m.type === 'drawingResult' ? m.id : -1))).toEqual([3]);
  });

  it('lets through only the answer to the latest pick and the latest samples', () => {
    const { workers, supervisor, inferenceMsgs } = setup();
    supervisor.start(load);
    supervisor.newRun(DEFAULT_MODEL, hyper);
    supervisor.decode(0.5, -1);
    supervisor.decode(1, 2);
    supervisor.sample(8, 42);
    expect(workers.inference.sent).toEqual([
      { type: 'decode', id: 1, codes: new Float32Array([0.5, -1]), count: 1 },
      { type: 'decode', id: 2, codes: new Float32Array([1, 2]), count: 1 },
      { type: 'sample', id: 1, count: 8, seed: 42 },
    ]);
    workers.inference.reply({ type: 'decoded', id: 1, gen: 1, images });
    workers.inference.reply({ type: 'decoded', id: 2, gen: 0, images });
    workers.inference.reply({ type: 'decoded', id: 2, gen: 1, images });
    workers.inference.reply({ type: 'sampled', id: 1, gen: 0, images });
    workers.inference.reply({ type: 'sampled', id: 1, gen: 1, images });
    expect(inferenceMsgs.map((m) => m.type)).toEqual(['decoded', 'sampled']);
  });

  it('tells the pacer of every interpolation answer before judging it current', () => {
    const { workers, supervisor, events, setOnAnswered } = setup();
    supervisor.start(load);
    supervisor.newRun(DEFAULT_MODEL, hyper);
    const line = { a: new Float32Array(2), b: new Float32Array(2), steps: 4 };
    supervisor.interpolate(line);
    workers.inference.reply({ type: 'interpolated', id: 1, gen: 0, images });
    workers.inference.reply({ type: 'interpolated', id: 1, gen: 1, images });
    expect(events).toEqual(['answered', 'answered', 'deliver interpolated']);
    // A request sent on hearing of an answer makes that answer stale.
    supervisor.interpolate(line);
    setOnAnswered(() => supervisor.interpolate(line));
    workers.inference.reply({ type: 'interpolated', id: 2, gen: 1, images });
    expect(events.slice(3)).toEqual(['answered']);
    expect(workers.inference.sentOf('interpolate').map((m) => m.id)).toEqual([1, 2, 3]);
  });

  it('passes inference errors and crashes of either worker on', () => {
    const { workers, supervisor, inferenceMsgs, crashes } = setup();
    supervisor.start(load);
    workers.inference.reply({ type: 'error', message: 'no model' });
    workers.trainer.crash('out of memory');
    workers.inference.crash('gone');
    expect(inferenceMsgs).toEqual([{ type: 'error', message: 'no model' }]);
    expect(crashes).toEqual(['out of memory', 'gone']);
  });

  it('passes the run and pause commands and the live settings to the training worker', () => {
    const { workers, supervisor } = setup();
    supervisor.start(load);
    supervisor.command({ type: 'run' });
    supervisor.command({ type: 'hyper', hyper });
    expect(workers.trainer.sent.slice(1)).toEqual([{ type: 'run' }, { type: 'hyper', hyper }]);
  });
});
