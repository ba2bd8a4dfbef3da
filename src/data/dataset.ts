// The decoded MNIST splits as they live in the worker, and the pure helpers that read them.
import { DIGIT_PIXELS } from './sprite';

export interface Dataset {
  /** [trainCount, 784] uint8 */
  trainPixels: Uint8Array;
  trainLabels: Uint8Array;
  trainCount: number;
  /** [testCount, 784] uint8 */
  testPixels: Uint8Array;
  testLabels: Uint8Array;
  testCount: number;
}

const SCALE = new Float32Array(256).map((_, i) => i / 255);

/**
 * Copies the digits at `indices` into `out`, scaled to [0,1].
 * @returns out, [indices.length, 784]
 */
export function gatherDigits(
  pixels: Uint8Array,
  indices: ArrayLike<number>,
  out: Float32Array = new Float32Array(indices.length * DIGIT_PIXELS),
): Float32Array {
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r]! * DIGIT_PIXELS;
    const dst = r * DIGIT_PIXELS;
    for (let p = 0; p < DIGIT_PIXELS; p++) out[dst + p] = SCALE[pixels[src + p]!]!;
  }
  return out;
}

/**
 * The first `perClass` test digits of each class 0 … classes − 1, ordered by class: a fixed
 * showcase. Labels of later classes are left out.
 */
export function pickDisplayIndices(labels: Uint8Array, perClass: number, classes = 10): number[] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const bucket = byClass[labels[i]!];
    if (bucket && bucket.length < perClass) bucket.push(i);
  }
  return byClass.flat();
}
