// Answers drawings from a snapshot of the weights. It runs in its own worker on the cpu backend,
// so a drawing never waits behind a training step (a step can take 100+ ms on a slow machine).
import * as tf from '@tensorflow/tfjs-core';
import { DIGIT_PIXELS } from '../data/sprite';
import { createModel } from '../model';
import { interpolateCodes } from '../model/pca';
import type { Autoencoder } from '../model/types';
import { decodeOne, inspect } from './inspector';
import type { FromInference, InspectRequest, ModelConfig, ToInference } from './protocol';

function sameModel(a: ModelConfig, b: ModelConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An inspection that new weights ask for waits this many times the last one's cost. */
const REFRESH_FACTOR = 20;

export class InferenceEngine {
  private model: Autoencoder | null = null;
  private config: ModelConfig | null = null;
  private gen = -1;
  private pending: { id: number; pixels: Float32Array } | null = null;
  /** The snapshot the model was assigned, for the layer-by-layer views. */
  private values: Float32Array[] = [];
  /** Bumped by every request to look inside: an inspection under way for an older one stops. */
  private inspectTicket = 0;
  /** The latest request to look inside: new weights answer it again, so the views stay live. */
  private lastInspect: { id: number; req: InspectRequest } | null = null;
  /** When the last inspection ended and what it cost, which space the ones new weights ask for. */
  private inspectedAt = -Infinity;
  private inspectCost = 0;

  /**
   * @param later runs a function after the messages already queued (the worker's event loop), so
   *   an inspection in slices never holds up a drawing
   */
  constructor(
    private readonly post: (msg: FromInference, transfer?: Transferable[]) => void,
    private readonly later: (fn: () => void) => void = (fn) => setTimeout(fn, 0),
  ) {}

  handle(msg: ToInference): void {
    switch (msg.type) {
      case 'weights':
        this.setWeights(msg.gen, msg.model, msg.values);
        if (this.pending) {
          const p = this.pending;
          this.pending = null;
          this.answer(p.id, p.pixels);
        }
        // Refreshed by new weights at most once per REFRESH_FACTOR times its cost: a share of
        // the worker of about 5%, like the training worker's own look inside.
        if (
          this.lastInspect &&
          performance.now() - this.inspectedAt >= REFRESH_FACTOR * this.inspectCost
        )
          this.inspect(this.lastInspect.id, this.lastInspect.req);
        return;
      case 'encodeDrawing':
        if (!this.model) this.pending = msg;
        else this.answer(msg.id, msg.pixels);
        return;
      case 'decode':
        return this.decode(msg.id, msg.codes, msg.count);
      case 'interpolate':
        return this.interpolate(msg.id, msg.a, msg.b, msg.steps);
      case 'sample':
        return this.sample(msg.id, msg.count, msg.seed);
      case 'inspect':
        return this.inspect(msg.id, msg);
      case 'traverse':
        return this.traverse(msg.id, msg.code);
    }
  }

  /** Opens the model at a digit, in slices; a newer request or new weights end an older one. */
  private inspect(id: number, req: InspectRequest): void {
    this.lastInspect = { id, req };
    const model = this.model;
    const config = this.config;
    if (!model || !config) return;
    const ticket = ++this.inspectTicket;
    const gen = this.gen;
    const job = inspect(model, config, this.values, req);
    let ms = 0;
    const slice = () => {
      if (ticket !== this.inspectTicket || model !== this.model || gen !== this.gen) return;
      const t0 = performance.now();
      const r = job.next();
      ms += performance.now() - t0;
      if (!r.done) return this.later(slice);
      this.inspectedAt = performance.now();
      this.inspectCost = ms;
      const a = r.value;
      const transfer: ArrayBuffer[] = [
        ...a.layers.map((l) => l.values.buffer as ArrayBuffer),
        a.features.weights.buffer as ArrayBuffer,
      ];
      if (a.sample) transfer.push(a.sample.buffer as ArrayBuffer);
      if (a.unit) transfer.push(a.unit.weights.buffer as ArrayBuffer);
      if (a.contributions) transfer.push(a.contributions.images.buffer as ArrayBuffer);
      if (a.traversalRows) transfer.push(a.traversalRows.images.buffer as ArrayBuffer);
      this.post({ type: 'inspected', id, gen, ms, ...a }, transfer);
    };
    slice();
  }

  private traverse(id: number, code: Float32Array): void {
    const model = this.model;
    if (!model) return;
    const image = decodeOne(model, code);
    if (image) this.post({ type: 'traversed', id, gen: this.gen, image }, [image.buffer]);
  }

  private decode(id: number, codes: Float32Array, count: number): void {
    const model = this.model;
    if (!model || codes.length !== count * model.latentSize) return;
    const images = tf.tidy(
      () => model.decode(tf.tensor2d(codes, [count, model.latentSize])).dataSync() as Float32Array,
    );
    const out = images.slice();
    this.post({ type: 'decoded', id, gen: this.gen, images: out }, [out.buffer]);
  }

  /** New digits: the model's own sampler if it has one, else decoded N(0, I) codes. */
  private sample(id: number, count: number, seed: number): void {
    const model = this.model;
    if (!model) return;
    const images = tf.tidy(() => {
      const out = model.sample
        ? model.sample(count, seed)
        : model.decode(tf.randomNormal([count, model.latentSize], 0, 1, 'float32', seed));
      return out.dataSync() as Float32Array;
    });
    const copy = images.slice();
    this.post({ type: 'sampled', id, gen: this.gen, images: copy }, [copy.buffer]);
  }

  /** Encodes both digits, then decodes `steps` codes evenly spaced on the line between them. */
  private interpolate(id: number, a: Float32Array, b: Float32Array, steps: number): void {
    const model = this.model;
    if (!model) return;
    const k = model.latentSize;
    const z = tf.tidy(
      () => model.encode(tf.tensor2d([...a, ...b], [2, DIGIT_PIXELS])).dataSync() as Float32Array,
    );
    const path = interpolateCodes(z.subarray(0, k), z.subarray(k, 2 * k), steps);
    const flat = new Float32Array(steps * k);
    path.forEach((c, i) => flat.set(c, i * k));
    const images = tf.tidy(
      () => model.decode(tf.tensor2d(flat, [steps, k])).dataSync() as Float32Array,
    );
    const out = images.slice();
    this.post({ type: 'interpolated', id, gen: this.gen, images: out }, [out.buffer]);
  }

  private setWeights(gen: number, config: ModelConfig, values: Float32Array[]): void {
    if (!this.model || !this.config || !sameModel(this.config, config)) {
      this.model?.dispose();
      this.model = createModel(config);
      this.config = config;
    }
    const vars = this.model.variables;
    if (vars.length !== values.length) throw new Error('Weight snapshot does not match the model.');
    tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(values[i]!, v.shape))));
    this.values = values;
    this.gen = gen;
  }

  private answer(id: number, pixels: Float32Array): void {
    const model = this.model;
    if (!model) return;
    const [code, recon] = tf.tidy(() => {
      const z = model.encode(tf.tensor2d(pixels, [1, DIGIT_PIXELS]));
      return [z.dataSync() as Float32Array, model.decode(z).dataSync() as Float32Array];
    });
    // cpu-backend data is already on this thread; dataSync here is a copy, not a GPU stall.
    const c = code.slice();
    const r = recon.slice();
    this.post({ type: 'drawingResult', id, gen: this.gen, code: c, recon: r }, [
      c.buffer,
      r.buffer,
    ]);
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }
}
