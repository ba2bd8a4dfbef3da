// Shared by the trainer's tests (Node only): a small synthetic dataset a tiny model can learn.
import type { Dataset } from '../data/dataset';

/** Synthetic digits: stripes by class plus noise. */
export function syntheticData(train: number, test: number): Dataset {
  const make = (n: number, seed: number) => {
    const pixels = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    let s = seed;
    for (let i = 0; i < n; i++) {
      labels[i] = i % 10;
      for (let p = 0; p < 784; p++) {
        s = (s * 1103515245 + 12345) >>> 0;
        const on = (p % 28) % 10 === labels[i] || Math.floor(p / 28) === labels[i]! * 2;
        pixels[i * 784 + p] = on ? 200 + (s % 56) : s % 20;
      }
    }
    return { pixels, labels };
  };
  const a = make(train, 1);
  const b = make(test, 2);
  return {
    trainPixels: a.pixels,
    trainLabels: a.labels,
    trainCount: train,
    testPixels: b.pixels,
    testLabels: b.labels,
    testCount: test,
  };
}
