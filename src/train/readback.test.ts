import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Readbacks } from './readback';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Readbacks', () => {
  it('disposes the tensors of a read when it ends, whether it succeeds or fails', async () => {
    const readbacks = new Readbacks();
    const before = tf.memory().numTensors;
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.scalar(4);
    expect(Array.from(await readbacks.hold([a, b], () => a.data()))).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
    const c = tf.scalar(5);
    await expect(readbacks.hold([c], () => Promise.reject(new Error('lost')))).rejects.toThrow(
      'lost',
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(readbacks.size).toBe(0);
  });

  it('drops the tensors of reads that never end (a lost context), and only those', async () => {
    const readbacks = new Readbacks();
    const before = tf.memory().numTensors;
    const hung = [tf.scalar(1), tf.tensor1d([2, 3])];
    void readbacks.hold(hung, () => new Promise<never>(() => {}));
    const kept = tf.scalar(6);
    let release!: () => void;
    const ending = readbacks.hold([kept], () => new Promise<void>((r) => (release = r)));
    expect(readbacks.size).toBe(3);
    expect(tf.memory().numTensors).toBe(before + 3);
    readbacks.drop();
    expect(readbacks.size).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(hung.every((t) => t.isDisposed)).toBe(true);
    // A read that ends after the drop disposes nothing twice.
    release();
    await ending;
    expect(tf.memory().numTensors).toBe(before);
  });
});
