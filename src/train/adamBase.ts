// What every Adam of the trainer shares: the optimizer's contract, its state, and the
// bias-corrected step of tf.train.adam with the walk over the variables.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Adam's state: its update count t and, for each variable it was made for (in that order, each of
 * the variable's shape), the first and second moment estimates m and v.
 */
export interface AdamState<T = Float32Array> {
  t: number;
  m: T[];
  v: T[];
}

/** What the trainer needs of an optimizer: one update from gradients in the variables' order. */
export interface StepOptimizer {
  /** Which implementation runs (for tests and diagnostics). */
  readonly kind: 'webgl-programs' | 'wasm-simd' | 'tfjs';
  learningRate: number;
  /** Updates applied so far (Adam's t). */
  readonly updates: number;
  /** Applies one update. `grads[i]` belongs to the i-th variable the optimizer was made for. */
  apply(grads: readonly (tf.Tensor | undefined)[]): void;
  /**
   * The state after the last update. Moments that live in tfjs come as the optimizer's own
   * tensors (not to be disposed), good only while `updates` still equals the returned t: the
   * caller reads them (or copies them) before the next `apply`. Moments kept elsewhere (the SIMD
   * kernel's memory) come as copies.
   */
  getState(): Promise<AdamState<tf.Tensor | Float32Array>>;
  /**
   * Replaces the state with a snapshot's (copied), so that the next updates are the ones the
   * snapshotted optimizer would have made. The sizes must match the variables'.
   */
  setState(state: AdamState): Promise<void>;
  dispose(): void;
}

export const BETA1 = 0.9;
export const BETA2 = 0.999;

/** beta^(t+1) as tf.train.adam's accBeta reaches it: t float32 products, not one pow. */
export function float32Power(beta: number, t: number): number {
  const b = Math.fround(beta);
  let acc = b;
  for (let i = 0; i < t; i++) acc = Math.fround(acc * b);
  return acc;
}

export function checkSizes(variables: readonly tf.Variable[], state: AdamState): void {
  const fits = (arrays: Float32Array[]) =>
    arrays.length === variables.length && arrays.every((a, i) => a.length === variables[i]!.size);
  if (!Number.isInteger(state.t) || state.t < 0 || !fits(state.m) || !fits(state.v))
    throw new Error("The optimizer state does not fit the model's variables.");
}

/**
 * What our two Adams share: the bias-corrected step, tf.train.adam's form with the corrections
 * folded into two constants (lr·c1 and c2), and the walk over the variables that have a gradient.
 */
export abstract class BiasCorrectedAdam {
  private accBeta1 = 1;
  private accBeta2 = 1;
  private t = 0;
  protected readonly epsilon = tf.backend().epsilon();

  constructor(
    protected readonly variables: readonly tf.Variable[],
    public learningRate: number,
    protected readonly beta1 = BETA1,
    protected readonly beta2 = BETA2,
  ) {}

  get updates(): number {
    return this.t;
  }

  /** Takes the update count of a snapshot; the moments are the subclass's. */
  protected setUpdates(t: number): void {
    // The same double products, in the same order, as t updates make, so lr·c1 and c2 are the
    // numbers the uninterrupted run passes on (as float32, where a 1-ulp double difference would
    // vanish anyway).
    let a1 = 1;
    let a2 = 1;
    for (let i = 0; i < t; i++) {
      a1 *= this.beta1;
      a2 *= this.beta2;
    }
    this.accBeta1 = a1;
    this.accBeta2 = a2;
    this.t = t;
  }

  apply(grads: readonly (tf.Tensor | undefined)[]): void {
    this.t += 1;
    this.accBeta1 *= this.beta1;
    this.accBeta2 *= this.beta2;
    const lrC1 = this.learningRate / (1 - this.accBeta1);
    const c2 = 1 / (1 - this.accBeta2);
    this.variables.forEach((variable, k) => {
      const grad = grads[k];
      // A variable the loss does not reach is left alone (tfjs's Adam skips it too).
      if (grad) this.update(k, variable, grad, lrC1, c2);
    });
  }

  /** One variable's update: m, v and the weights, with c1 = 1/(1−β1ᵗ), c2 = 1/(1−β2ᵗ). */
  protected abstract update(
    k: number,
    variable: tf.Variable,
    grad: tf.Tensor,
    lrC1: number,
    c2: number,
  ): void;
}
