// Answers drawings from a snapshot of the weights. It runs in its own worker on the cpu backend,
// so a drawing never waits behind a training step (a step can take 100+ ms on a slow machine).
import * as tf from '@tensorflow/tfjs-core';
import { DIGIT_PIXELS } from '../data/sprite';
import { createModel } from '../model';
import type { Autoencoder } from '../model/types';
import type { FromInference, ModelConfig, ToInference } from './protocol';

function sameModel(a: ModelConfig, b: ModelConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class InferenceEngine {
  private model: Autoencoder | null = null;
  private config: ModelConfig | null = null;
  private gen = -1;
  private pending: { id: number; pixels: Float32Array } | null = null;

  constructor(private readonly post: (msg: FromInference, transfer?: Transferable[]) => void) {}

  handle(msg: ToInference): void {
    switch (msg.type) {
      case 'weights':
        this.setWeights(msg.gen, msg.model, msg.values);
        if (this.pending) {
          const p = this.pending;
          this.pending = null;
          this.answer(p.id, p.pixels);
        }
        return;
      case 'encodeDrawing':
        if (!this.model) this.pending = msg;
        else this.answer(msg.id, msg.pixels);
        return;
    }
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
    this.post({ type: 'drawingResult', id, gen: this.gen, code: c, recon: r }, [c.buffer, r.buffer]);
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }
}
