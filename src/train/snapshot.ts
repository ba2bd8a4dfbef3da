// What taking and resuming a snapshot needs besides the trainer: one readback for many tensors,
// the checks a snapshot from elsewhere must pass, and a model whose random draws continue where
// the snapshotted run's stood.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config';
import type { AdamState } from './adam';
import { orderMisfit } from './dataOrder';
import type { TrainerSnapshot } from './protocol';
import type { Readbacks } from './readback';

/**
 * Copies of the values of float32 tensors of any shapes, in order. One concatenation on the
 * backend and one readback: reading each tensor would wait for the backend once per tensor. The
 * concatenation is queued before this returns, so the values are those the tensors hold now,
 * whatever runs meanwhile.
 */
export function readValues(
  tensors: readonly tf.Tensor[],
  readbacks: Readbacks,
): Promise<Float32Array[]> {
  if (tensors.length === 0) return Promise.resolve([]);
  const flat = tf.tidy(() => tf.concat(tensors.map((t) => tf.reshape(t, [-1]))));
  return readbacks.hold([flat], async () => {
    const data = (await flat.data()) as Float32Array;
    let at = 0;
    return tensors.map((t) => {
      const part = data.slice(at, at + t.size);
      at += t.size;
      return part;
    });
  });
}

/**
 * Adam's state with every moment as an array: tensors are read in the same readback as `extra`
 * (the weights), arrays pass through. Queued at once, like readValues.
 * @returns the extra tensors' values, then the state
 */
export async function readWithState(
  extra: readonly tf.Tensor[],
  state: AdamState<tf.Tensor | Float32Array>,
  readbacks: Readbacks,
): Promise<{ values: Float32Array[]; state: AdamState }> {
  const moments = [...state.m, ...state.v];
  const tensors = moments.filter((x): x is tf.Tensor => x instanceof tf.Tensor);
  const read = await readValues([...extra, ...tensors], readbacks);
  const values = read.slice(0, extra.length);
  let next = extra.length;
  const arrays = moments.map((x) => (x instanceof tf.Tensor ? read[next++]! : x));
  const n = state.m.length;
  return { values, state: { t: state.t, m: arrays.slice(0, n), v: arrays.slice(n) } };
}

// The noisy models (denoising, variational) draw their noise seeds from a sequence the model's
// seed starts (seedSequence in src/model/denoising.ts: mulberry32 from seed ^ 0x5bd1e995), one
// draw per training step. Mulberry32's state after n draws is its start plus n·0x6d2b79f5
// (mod 2³²), so a model built from the seed whose sequence starts there draws, from its first
// step on, what the snapshotted model would have drawn at its next step. The weights it starts
// from do not matter: the snapshot's replace them. (A test checks this against seedSequence.)
const SEQUENCE_MIX = 0x5bd1e995;
const MULBERRY_STEP = 0x6d2b79f5;

/** The seed whose noise sequence is `seed`'s after `draws` draws. */
export function noiseSeedAfter(seed: number, draws: number): number {
  const start = (seed ^ SEQUENCE_MIX) >>> 0;
  const state = (start + Math.imul(draws >>> 0, MULBERRY_STEP)) >>> 0;
  return (state ^ SEQUENCE_MIX) >>> 0;
}

/** The config to build a model from that continues a run at `step` (see noiseSeedAfter). */
export function configAtStep(config: ModelConfig, step: number): ModelConfig {
  return step === 0 ? config : { ...config, seed: noiseSeedAfter(config.seed, step) };
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function finite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}

/**
 * Why a snapshot cannot be resumed into a model of these variables over `trainCount` digits,
 * in words for a person; null when it can. Checks the counts, every array's size and values (no
 * NaN or infinity), Adam's state and the counters.
 */
export function snapshotMisfit(
  snapshot: TrainerSnapshot,
  variables: readonly tf.Variable[],
  trainCount: number,
): string | null {
  const { weights, optimizer, order, report } = snapshot;
  if (!Array.isArray(weights) || weights.length !== variables.length)
    return `it holds ${Array.isArray(weights) ? weights.length : 'no'} weight arrays, but this model has ${variables.length}`;
  const sizes = (arrays: unknown[], what: string): string | null => {
    for (let i = 0; i < variables.length; i++) {
      const a = arrays[i];
      const want = variables[i]!.size;
      if (!(a instanceof Float32Array)) return `${what} ${i + 1} is not a list of numbers`;
      if (a.length !== want) return `${what} ${i + 1} has ${a.length} values, not ${want}`;
      if (!finite(a)) return `${what} ${i + 1} holds values that are not numbers (NaN or infinity)`;
    }
    return null;
  };
  const w = sizes(weights, 'weight array');
  if (w) return w;
  if (!isCount(snapshot.step) || !isCount(snapshot.examples))
    return 'its step or example count is not a count';
  if (optimizer !== null) {
    if (typeof optimizer !== 'object' || !isCount(optimizer.t))
      return "the optimizer's update count is not a count";
    if (!Array.isArray(optimizer.m) || optimizer.m.length !== variables.length)
      return "the optimizer's first moments do not match the weights";
    if (!Array.isArray(optimizer.v) || optimizer.v.length !== variables.length)
      return "the optimizer's second moments do not match the weights";
    const m = sizes(optimizer.m, "the optimizer's first moment");
    if (m) return m;
    const v = sizes(optimizer.v, "the optimizer's second moment");
    if (v) return v;
    if (optimizer.v.some((a) => a.some((x) => x < 0)))
      return "the optimizer's second moments are negative";
  }
  if (order !== undefined) {
    const o = orderMisfit(order, trainCount);
    if (o) return o;
  }
  if (report !== undefined) {
    const { nextValAt, lossSum, lossCount, parts } = report;
    if (!isCount(nextValAt) || !isCount(lossCount) || !Number.isFinite(lossSum))
      return 'its report counters are not numbers';
    if (typeof parts !== 'object' || parts === null || !Object.values(parts).every(Number.isFinite))
      return 'its report counters are not numbers';
  }
  return null;
}
