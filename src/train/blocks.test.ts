import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { inBlocks } from './blocks';
import { Readbacks } from './readback';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rowsOf = (n: number, width: number) =>
  tf.tensor2d(
    Float32Array.from({ length: n * width }, (_, i) => (i % 7) - 3),
    [n, width],
  );

describe('work in blocks', () => {
  it('gives what one pass over all the rows gives, blocks end to end, leaking no tensor', async () => {
    const x = rowsOf(23, 4);
    const before = tf.memory().numTensors;
    const out = await inBlocks(
      x,
      (b) => [tf.mul(b, 2), tf.sum(b, 1), tf.sum(b)],
      new Readbacks(),
      () => true,
      5,
    );
    expect(tf.memory().numTensors).toBe(before);
    const whole = x.dataSync();
    expect(Array.from(out![0]!)).toEqual(Array.from(whole, (v) => v * 2));
    expect(Array.from(out![1]!)).toEqual(Array.from(tf.sum(x, 1).dataSync()));
    // One sum per block: 5 blocks of 5, 5, 5, 5, 3 rows.
    expect(out![2]!).toHaveLength(5);
    expect(out![2]!.reduce((a, b) => a + b, 0)).toBeCloseTo(tf.sum(x).dataSync()[0]!, 4);
    x.dispose();
  });

  it('lets waiting timers run between blocks', async () => {
    const x = rowsOf(12, 2);
    const seen: string[] = [];
    setTimeout(() => seen.push('timer'), 0);
    await inBlocks(
      x,
      (b) => {
        seen.push('block');
        return [tf.sum(b)];
      },
      new Readbacks(),
      () => true,
      4,
    );
    expect(seen).toEqual(['block', 'timer', 'block', 'block']);
    x.dispose();
  });

  it('stops with null once the work is stale, computing no more blocks', async () => {
    const x = rowsOf(12, 2);
    let blocks = 0;
    const before = tf.memory().numTensors;
    const out = await inBlocks(
      x,
      (b) => {
        blocks += 1;
        return [tf.sum(b)];
      },
      new Readbacks(),
      () => blocks < 2,
      4,
    );
    expect(out).toBeNull();
    expect(blocks).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
