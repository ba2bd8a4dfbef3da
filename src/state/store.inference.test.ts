// The store's side of the inference worker: drawings and their latency, picks, samples and the
// interpolation, and the memory probe.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../model/config';
import { FRAME_MS, storeHarness } from './testing/storeHarness';

const images = new Float32Array(784);

function ready(search = '?autostart=0') {
  const h = storeHarness(search);
  h.store.start();
  h.dataReady();
  return h;
}

describe('Store drawings', () => {
  it('times a person’s drawing to its answer on screen, and shows the answer at once', () => {
    const { store, clock, answerDrawing } = ready();
    const input = new Float32Array(784).fill(0.5);
    store.setDrawing(input);
    clock.advance(40);
    const recon = new Float32Array(784).fill(0.4);
    answerDrawing(recon);
    expect(store.getDrawing().drawing).toEqual({
      input,
      recon,
      code: new Float32Array([0.1, 0.2]),
    });
    expect(store.drawLatencies).toEqual([40]);
  });

  it('answers the drawing again with new weights, untimed', () => {
    const { store, clock, workers, feed, gen, answerDrawing } = ready();
    store.setDrawing(new Float32Array(784).fill(0.5));
    clock.advance(10);
    answerDrawing();
    feed({ type: 'weights', gen: gen(), model: DEFAULT_MODEL, values: [] });
    expect(workers.inference.sent.slice(-2).map((m) => m.type)).toEqual([
      'weights',
      'encodeDrawing',
    ]);
    clock.advance(30);
    answerDrawing();
    expect(store.drawLatencies).toEqual([10]);
  });

  it('answers the drawing again in a new run, untimed', () => {
    const { store, clock, workers, answerDrawing } = ready();
    store.setDrawing(new Float32Array(784).fill(0.5));
    clock.advance(10);
    answerDrawing();
    store.reset();
    expect(workers.inference.sentOf('encodeDrawing').map((m) => m.id)).toEqual([1, 2]);
    clock.advance(30);
    answerDrawing();
    expect(store.getDrawing().drawing).not.toBeNull();
    expect(store.drawLatencies).toEqual([10]);
  });

  it('keeps the last answer while a stroke goes on, and clears it with the pad', () => {
    const { store, answerDrawing } = ready();
    store.setDrawing(new Float32Array(784).fill(0.5));
    answerDrawing();
    const answer = store.getDrawing().drawing;
    store.setDrawing(new Float32Array(784).fill(0.6));
    expect(store.getDrawing().drawing).toBe(answer);
    store.setDrawing(null);
    expect(store.getDrawing()).toEqual({ drawingInput: null, drawing: null });
    // An answer on its way when the pad was cleared has nowhere to show.
    answerDrawing();
    expect(store.getDrawing().drawing).toBeNull();
  });

  it('never shows an older drawing answer after a newer one', () => {
    const { store, workers, gen } = ready();
    store.setDrawing(new Float32Array(784).fill(0.5));
    store.setDrawing(new Float32Array(784).fill(0.6));
    const answer = (id: number, v: number) =>
      workers.inference.reply({
        type: 'drawingResult',
        id,
        gen: gen(),
        recon: new Float32Array(784).fill(v),
        code: new Float32Array(2),
      });
    answer(2, 0.2);
    answer(1, 0.1);
    expect(store.getDrawing().drawing?.recon[0]).toBeCloseTo(0.2);
  });
});

describe('Store decoding', () => {
  it('decodes a picked point only where the code space is the plane', () => {
    const { store, clock, workers, gen, modelReady } = ready();
    store.pickPoint(1, 1);
    expect(workers.inference.sentOf('decode')).toHaveLength(0);
    modelReady({ ...DEFAULT_MODEL, latent: 2 });
    store.pickPoint(1, -1);
    workers.inference.reply({ type: 'decoded', id: 1, gen: gen(), images });
    clock.advance(FRAME_MS);
    expect(store.getState().picked).toEqual({ x: 1, y: -1, image: images });
  });

  it('generates samples from a random seed and shows the latest', () => {
    const { store, clock, workers, gen } = ready();
    store.generate();
    store.generate(8);
    const sent = workers.inference.sentOf('sample');
    expect(sent.map((m) => [m.id, m.count])).toEqual([
      [1, 32],
      [2, 8],
    ]);
    expect(Number.isInteger(sent[0]!.seed)).toBe(true);
    workers.inference.reply({ type: 'sampled', id: 1, gen: gen(), images: new Float32Array(1) });
    workers.inference.reply({ type: 'sampled', id: 2, gen: gen(), images });
    clock.advance(FRAME_MS);
    expect(store.getState().samples).toBe(images);
  });

  it('holds the interpolation back while a stroke is drawn', () => {
    const { store, clock, workers, gen } = ready();
    store.setStroking(true);
    store.interpolate(images, images, 6);
    expect(workers.inference.sentOf('interpolate')).toHaveLength(0);
    store.setStroking(false);
    expect(workers.inference.sentOf('interpolate').map((m) => m.steps)).toEqual([6]);
    workers.inference.reply({ type: 'interpolated', id: 1, gen: gen(), images });
    clock.advance(FRAME_MS);
    expect(store.getState().interpolation).toBe(images);
  });

  it('forgets an interpolation in flight when the workers restart', () => {
    const { store, workers } = ready();
    store.interpolate(images, images, 6);
    store.start();
    store.interpolate(images, images, 6);
    expect(workers.inference.sentOf('interpolate')).toHaveLength(1);
    expect(workers.inferences[0]!.sentOf('interpolate')).toHaveLength(1);
  });
});

describe('Store probes and notices', () => {
  it('answers a memory probe from the training worker', async () => {
    const { store, workers } = ready();
    const probe = store.probeMemory();
    workers.trainer.reply({ type: 'memory', id: 1, numTensors: 12, numBytes: 3400 });
    expect(await probe).toMatchObject({ numTensors: 12, numBytes: 3400 });
  });

  it('dismisses one notice', () => {
    const { store, clock, feed } = storeHarness('?latent=9999&lr=x');
    store.start();
    feed({ type: 'backend', backend: 'cpu', notice: 'CPU only.' });
    clock.advance(FRAME_MS);
    expect(store.getState().notices).toHaveLength(3);
    store.dismissNotice(1);
    clock.advance(FRAME_MS);
    expect(store.getState().notices).toHaveLength(2);
    expect(store.getState().notices[1]).toBe('CPU only.');
  });
});

describe('Store views inside the model', () => {
  it('times the traversal from a slider to its picture, newest answers only, none after Reset code', () => {
    const { store, clock, workers, gen } = ready();
    clock.advance(FRAME_MS);
    let pageNotices = 0;
    let panelNotices = 0;
    store.subscribe(() => (pageNotices += 1));
    store.subscribeTraversal(() => (panelNotices += 1));
    store.traverse(new Float32Array([1, 2]));
    store.traverse(new Float32Array([1, 3]));
    const asks = workers.inference.sentOf('traverse');
    expect(asks.map((a) => Array.from(a.code))).toEqual([
      [1, 2],
      [1, 3],
    ]);
    clock.advance(12);
    const image = new Float32Array(784).fill(0.3);
    workers.inference.reply({ type: 'traversed', id: asks[1]!.id, gen: gen(), image });
    // Its panel has it at once, like a drawing's answer, and the page at the next frame; the
    // older answer, arriving late, is not shown.
    expect(store.getTraversal()).toEqual({ code: new Float32Array([1, 3]), image });
    workers.inference.reply({ type: 'traversed', id: asks[0]!.id, gen: gen(), image: images });
    expect(store.getTraversal()?.image).toBe(image);
    // The page has nothing to redraw for it: only the traversal's panel was told.
    clock.advance(FRAME_MS);
    expect(pageNotices).toBe(0);
    expect(panelNotices).toBe(3);
    expect(store.traversalLatencies).toEqual([12]);
    store.resetCode();
    store.traverse(new Float32Array([0, 0]));
    store.resetCode();
    const last = workers.inference.sentOf('traverse').at(-1)!;
    workers.inference.reply({ type: 'traversed', id: last.id, gen: gen(), image });
    expect(store.getTraversal()).toBeNull();
  });

  it('paces inspections: one in flight, the latest waiting; their cost is summed', () => {
    const { store, clock, workers, gen } = ready();
    const req = (unit: number) => ({ pixels: images, unit, units: [0], stats: null });
    store.inspect(req(1));
    store.inspect(req(2));
    store.inspect(req(3));
    expect(workers.inference.sentOf('inspect').map((m) => m.unit)).toEqual([1]);
    const answer = (id: number) =>
      workers.inference.reply({
        type: 'inspected',
        id,
        gen: gen(),
        ms: 5,
        model: DEFAULT_MODEL,
        layers: [],
        sample: null,
        features: { count: 0, side: 28, weights: new Float32Array(0) },
        unit: null,
        contributions: null,
        traversalRows: null,
      });
    clock.advance(5);
    answer(workers.inference.sentOf('inspect')[0]!.id);
    // The worker is left to drawings a while (three times the answer's cost), then the latest goes.
    clock.advance(20);
    expect(workers.inference.sentOf('inspect').map((m) => m.unit)).toEqual([1, 3]);
    answer(workers.inference.sentOf('inspect')[1]!.id);
    clock.advance(FRAME_MS);
    expect(store.getState().inspection?.model).toEqual(DEFAULT_MODEL);
    expect(store.inspectionMs).toBe(10);
  });
});
