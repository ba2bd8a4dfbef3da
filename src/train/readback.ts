// Tensors read back from the device. A read from a WebGL context that is lost never finishes, so
// the tensors it holds would never be disposed: the trainer drops them when it rebuilds the run.
import type * as tf from '@tensorflow/tfjs-core';

export class Readbacks {
  private held = new Set<tf.Tensor>();

  /**
   * Runs `read`, holding `tensors` until it settles and disposing them then. If it never settles
   * (a lost context), `drop()` disposes them.
   */
  async hold<T>(tensors: readonly tf.Tensor[], read: () => Promise<T>): Promise<T> {
    for (const t of tensors) this.held.add(t);
    try {
      return await read();
    } finally {
      for (const t of tensors) {
        this.held.delete(t);
        t.dispose();
      }
    }
  }

  /** How many tensors are held by reads under way. */
  get size(): number {
    return this.held.size;
  }

  /** Disposes the tensors of every read under way: on a lost device they will never finish. */
  drop(): void {
    for (const t of this.held) t.dispose();
    this.held.clear();
  }
}
