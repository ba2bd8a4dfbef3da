import { describe, expect, it } from 'vitest';
import {
  imageToDigit,
  labelsFromFolders,
  resizeAndPad,
  rgbaToInk,
  splitTrainTest,
  toBytes,
} from './images';

/** RGBA bytes of a w×h image from a function of (x, y) → [r, g, b, a]. */
function rgba(w: number, h: number, px: (x: number, y: number) => number[]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set(px(x, y), 4 * (y * w + x));
  return out;
}

describe('rgbaToInk', () => {
  it('takes the luminance, white ink on black as it is, and inverts dark ink on paper', () => {
    const img = rgba(
      4,
      1,
      (x) =>
        [
          [255, 255, 255, 255],
          [0, 0, 0, 255],
          [255, 0, 0, 255],
          [9, 9, 9, 0],
        ][x]!,
    );
    expect(Array.from(rgbaToInk(img, 4, 1, false).data)).toEqual([1, 0, Math.fround(0.299), 0]);
    const inv = Array.from(rgbaToInk(img, 4, 1, true).data);
    expect(inv[0]).toBeCloseTo(0, 6);
    expect(inv[1]).toBe(1);
    expect(inv[2]).toBeCloseTo(0.701, 6);
    // Transparent: background either way.
    expect(inv[3]).toBeCloseTo(0, 6);
  });
});

describe('resizeAndPad', () => {
  it('scales a 56×28 white image to 28×14, centred between two bands of 7 rows of 0', () => {
    const out = resizeAndPad({ data: new Float32Array(56 * 28).fill(1), width: 56, height: 28 });
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) expect(out[y * 28 + x]).toBeCloseTo(y >= 7 && y < 21 ? 1 : 0, 6);
  });

  it('averages the area each output pixel covers: a 56×56 checkerboard is grey 0.5', () => {
    const data = Float32Array.from(
      { length: 56 * 56 },
      (_, i) => ((i % 56) + Math.floor(i / 56)) % 2,
    );
    const out = resizeAndPad({ data, width: 56, height: 56 });
    for (const v of out) expect(v).toBeCloseTo(0.5, 6);
  });

  it('scales a small image up with its ink conserved: a 14×7 image fills 28×14', () => {
    const data = new Float32Array(14 * 7);
    data[0] = 1; // the top-left source pixel becomes a 2×2 block at row 7
    const out = resizeAndPad({ data, width: 14, height: 7 });
    const sum = out.reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(4, 5);
    for (const [x, y] of [
      [0, 7],
      [1, 7],
      [0, 8],
      [1, 8],
    ])
      expect(out[y! * 28 + x!]).toBeCloseTo(1, 6);
  });
});

describe('imageToDigit and toBytes', () => {
  it('fits a mark like MNIST (20 px box, centred) or pads the whole picture', () => {
    const data = new Float32Array(100 * 100);
    for (let y = 10; y < 30; y++) for (let x = 60; x < 70; x++) data[y * 100 + x] = 1;
    const fit = imageToDigit({ data, width: 100, height: 100 }, 'fit')!;
    const cols = (d: Float32Array) =>
      [...Array(28).keys()].filter((x) => [...Array(28).keys()].some((y) => d[y * 28 + x]! > 0.01));
    // The 10×20 mark becomes 10×20 in the middle: columns 9–18.
    expect(cols(fit)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    const pad = imageToDigit({ data, width: 100, height: 100 }, 'pad')!;
    // Padded, it keeps its place: x 60–70 of 100 is 16.8–19.6 of 28.
    expect(cols(pad)).toEqual([16, 17, 18, 19]);
    expect(imageToDigit({ data: new Float32Array(4), width: 2, height: 2 }, 'fit')).toBeNull();
    expect(
      imageToDigit({ data: new Float32Array(4).fill(0.5), width: 2, height: 2 }, 'fit'),
    ).toBeNull();
    // On grey paper (0.1, with grain up to 0.25 of the way) the mark is fitted as on black.
    const grey = data.map((v, i) => (v === 1 ? 0.9 : 0.1 + (((i * 7919) % 13) / 13) * 0.15));
    const onGrey = imageToDigit({ data: grey, width: 100, height: 100 }, 'fit')!;
    expect(cols(onGrey)).toEqual(cols(fit));
    for (let i = 0; i < 784; i++) expect(onGrey[i]).toBeCloseTo(fit[i]!, 5);
    expect(Array.from(toBytes(Float32Array.from([0, 0.5, 1, 1.2, -1])))).toEqual([
      0, 128, 255, 255, 0,
    ]);
  });
});

describe('labelsFromFolders', () => {
  it('names the classes after the folders below the shared root, in alphabetical order', () => {
    const r = labelsFromFolders(['pets/dogs/a.png', 'pets/cats/b.png', 'pets/dogs/c/d.png']);
    expect(r.classNames).toEqual(['cats', 'dogs']);
    expect(Array.from(r.labels)).toEqual([1, 0, 1]);
  });

  it('makes one class of files without folders, named after their folder if they share one', () => {
    expect(labelsFromFolders(['a.png', 'b.png']).classNames).toEqual(['images']);
    const one = labelsFromFolders(['marks/a.png', 'marks/b.png']);
    expect(one.classNames).toEqual(['marks']);
    expect(Array.from(one.labels)).toEqual([0, 0]);
  });
});

describe('splitTrainTest', () => {
  it('puts 15% in the test set, the same for the same seed, another for another seed', () => {
    const a = splitTrainTest(200, 1);
    expect(a.test).toHaveLength(30);
    expect(a.train).toHaveLength(170);
    expect([...a.train, ...a.test].sort((x, y) => x - y)).toEqual([...Array(200).keys()]);
    expect(splitTrainTest(200, 1)).toEqual(a);
    expect(splitTrainTest(200, 2).test).not.toEqual(a.test);
    expect(splitTrainTest(3, 1).test).toHaveLength(1);
    expect(splitTrainTest(1, 1)).toEqual({ train: [0], test: [] });
  });
});
