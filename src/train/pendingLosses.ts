// The losses of the steps since the last readback. Reading a tensor waits for all the work queued
// on the backend, so the trainer reads its losses once per burst: summed on the backend, then one
// readback for the total and every part.
import * as tf from '@tensorflow/tfjs-core';
import type { Readbacks } from './readback';
import type { StepResult } from './step';

/** The losses of the steps read together, each summed over those steps. */
export interface LossSums {
  steps: number;
  total: number;
  /** Per named part of the loss; empty when the model has no parts. */
  parts: Record<string, number>;
}

export class PendingLosses {
  private losses: tf.Scalar[] = [];
  /** Per step, the named parts of its loss. */
  private parts: Record<string, tf.Scalar>[] = [];

  constructor(private readonly readbacks: Readbacks) {}

  /** Queues a step's loss and parts; this queue now owns them. */
  push({ loss, parts }: StepResult): void {
    this.losses.push(loss);
    if (parts) this.parts.push(parts);
  }

  /**
   * Sums the queued losses (scalars) over the steps, reads them back at once and disposes them.
   * Steps queued meanwhile wait for the next read. Null when nothing was queued.
   */
  async read(): Promise<LossSums | null> {
    const losses = this.losses;
    const parts = this.parts;
    this.losses = [];
    this.parts = [];
    if (losses.length === 0) return null;
    const names = parts.length === losses.length ? Object.keys(parts[0] ?? {}) : [];
    // [total, part 1, part 2, …], each summed over the steps.
    const sums = tf.tidy(() =>
      tf.stack([tf.addN(losses), ...names.map((n) => tf.addN(parts.map((p) => p[n]!)))]),
    );
    const held = [sums, ...losses, ...parts.flatMap((p) => Object.values(p))];
    const values = await this.readbacks.hold(held, () => sums.data());
    return {
      steps: losses.length,
      total: values[0]!,
      parts: Object.fromEntries(names.map((n, i) => [n, values[i + 1]!])),
    };
  }

  /** The tensors queued (each step's loss and its parts). */
  get size(): number {
    return this.losses.length + this.parts.reduce((n, p) => n + Object.keys(p).length, 0);
  }

  /** Drops whatever is queued, unread. */
  dispose(): void {
    disposeAll(this.losses, this.parts);
    this.losses = [];
    this.parts = [];
  }
}

function disposeAll(losses: tf.Scalar[], parts: Record<string, tf.Scalar>[]): void {
  for (const l of losses) l.dispose();
  for (const p of parts) for (const t of Object.values(p)) t.dispose();
}
