// Work over many rows, a block at a time, with the worker's event loop turning between blocks.
// On wasm and cpu every op runs as it is called, so encoding thousands of digits through a wide
// model in one go would keep the heartbeat (and every message) waiting for seconds, and on a slow
// or busy CPU the page would take the worker for dead.
import * as tf from '@tensorflow/tfjs-core';
import type { Readbacks } from './readback';

/** Rows per block: about a tenth of a second of wasm work for the widest dense model. */
export const BLOCK_ROWS = 250;

/** Resolves in a later task, once the timers and messages already waiting have run. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs `f` on each block of rows of `x` (inside a tidy), reads back the tensors it returns, and
 * gives each output's values with the blocks end to end. Gives null as soon as `alive()` turns
 * false between blocks (the model was rebuilt or its device lost): nothing more is computed.
 */
export async function inBlocks(
  x: tf.Tensor2D,
  f: (block: tf.Tensor2D) => tf.Tensor[],
  readbacks: Readbacks,
  alive: () => boolean,
  rows = BLOCK_ROWS,
): Promise<Float32Array[] | null> {
  const n = x.shape[0];
  const parts: Float32Array[][] = [];
  for (let start = 0; start < n; start += rows) {
    if (!alive()) return null;
    const size = Math.min(rows, n - start);
    const outs = tf.tidy(() => f(tf.slice(x, [start, 0], [size, x.shape[1]])));
    const values = (await readbacks.hold(outs, () =>
      Promise.all(outs.map((t) => t.data())),
    )) as Float32Array[];
    values.forEach((v, i) => (parts[i] ??= []).push(v));
    if (start + size < n) await nextTask();
  }
  if (!alive()) return null;
  return parts.map(concat);
}

function concat(blocks: Float32Array[]): Float32Array {
  const out = new Float32Array(blocks.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
