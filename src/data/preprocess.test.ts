import { describe, expect, it } from 'vitest';
import { centreOfMass, preprocessDrawing, rgbaToGray, type GrayImage } from './preprocess';

const N = 28;

function blank(width: number, height: number): GrayImage {
  return { data: new Float32Array(width * height), width, height };
}

function fillRect(img: GrayImage, x: number, y: number, w: number, h: number, v = 1): GrayImage {
  for (let yy = y; yy < y + h; yy++) img.data.fill(v, yy * img.width + x, yy * img.width + x + w);
  return img;
}

function fillDisc(img: GrayImage, cx: number, cy: number, r: number): GrayImage {
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) img.data[y * img.width + x] = 1;
    }
  }
  return img;
}

/** Pixel-replicates an image `k` times in each direction, like a devicePixelRatio-k canvas. */
function upscale(img: GrayImage, k: number): GrayImage {
  const out = blank(img.width * k, img.height * k);
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      out.data[y * out.width + x] = img.data[Math.floor(y / k) * img.width + Math.floor(x / k)]!;
    }
  }
  return out;
}

function sum(a: Float32Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

/** Inclusive bounding box of pixels > 0 in a 28x28 output. */
function inkBox(px: Float32Array) {
  let minX = N;
  let maxX = -1;
  let minY = N;
  let maxY = -1;
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      if (px[y * N + x]! > 0) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
  }
  return { minX, maxX, minY, maxY, w: maxX - minX + 1, h: maxY - minY + 1 };
}

function column(px: Float32Array, x: number): number[] {
  return Array.from({ length: N }, (_, y) => px[y * N + x]!);
}

function preprocess(img: GrayImage, threshold?: number): Float32Array {
  const out = preprocessDrawing(img, threshold);
  if (!out) throw new Error('expected ink');
  return out;
}

describe('preprocessDrawing', () => {
  it('returns 784 values in [0,1] with the centre of mass at (14,14)', () => {
    // A deterministic scribble: overlapping discs along a curve, with out-of-range values mixed in.
    const img = blank(280, 280);
    for (let t = 0; t < 60; t++) fillDisc(img, 90 + t * 2, 60 + 80 * Math.sin(t / 9) + t, 9);
    img.data[5] = 3;
    img.data[6] = -2;
    const out = preprocess(img);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out).toHaveLength(784);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
    const com = centreOfMass(out)!;
    expect(Math.abs(com.x - 14)).toBeLessThan(0.02);
    expect(Math.abs(com.y - 14)).toBeLessThan(0.02);
  });

  it('scales a thin vertical bar to exactly 20 rows, split evenly about x = 14', () => {
    // 4x200 -> 0.4x20 px. Uniform mass centred at y=14 fills rows 4..23 exactly; a 0.4 px column
    // can only have its centre of mass at x=14 by straddling the 13|14 boundary, 0.2 on each side.
    const out = preprocess(fillRect(blank(280, 280), 100, 40, 4, 200));
    expect(inkBox(out)).toEqual({ minX: 13, maxX: 14, minY: 4, maxY: 23, w: 2, h: 20 });
    for (let y = 4; y <= 23; y++) {
      expect(out[y * N + 13]).toBeCloseTo(0.2, 6);
      expect(out[y * N + 14]).toBeCloseTo(0.2, 6);
    }
    const com = centreOfMass(out)!;
    expect(Math.abs(com.x - 14)).toBeLessThan(0.5);
    expect(com.x).toBeCloseTo(14, 4);
    expect(com.y).toBeCloseTo(14, 4);
  });

  it('keeps the interior of a solid stroke at full intensity', () => {
    // 40x200 -> exactly 4x20 px at columns 12..15, rows 4..23, all fully covered.
    const out = preprocess(fillRect(blank(280, 280), 120, 40, 40, 200));
    expect(inkBox(out)).toEqual({ minX: 12, maxX: 15, minY: 4, maxY: 23, w: 4, h: 20 });
    for (let y = 4; y <= 23; y++) {
      for (let x = 12; x <= 15; x++) expect(out[y * N + x]).toBe(1);
    }
  });

  it('moves an off-centre disc so its centre of mass is at (14,14), conserving ink', () => {
    const img = fillDisc(blank(280, 280), 40, 40, 30);
    const out = preprocess(img);
    const com = centreOfMass(out)!;
    expect(Math.abs(com.x - 14)).toBeLessThan(0.02);
    expect(Math.abs(com.y - 14)).toBeLessThan(0.02);
    // 60 px across -> 20 px: ink scales by (20/60)^2.
    expect(sum(out)).toBeCloseTo(sum(img.data) * (20 / 60) ** 2, 3);
    expect(inkBox(out).w).toBeLessThanOrEqual(21);
  });

  it('centres on the centre of mass, not on the bounding box', () => {
    // An L: the stem pulls the mass left of the bounding box centre and the foot pulls it down, so
    // centring the mass leaves the box right of and above the frame centre.
    const img = blank(280, 280);
    fillRect(img, 60, 40, 30, 200);
    fillRect(img, 60, 210, 140, 30);
    const out = preprocess(img);
    const com = centreOfMass(out)!;
    expect(Math.abs(com.x - 14)).toBeLessThan(0.02);
    expect(Math.abs(com.y - 14)).toBeLessThan(0.02);
    const box = inkBox(out);
    expect((box.minX + box.maxX + 1) / 2).toBeGreaterThan(15);
    expect((box.minY + box.maxY + 1) / 2).toBeLessThan(13);
  });

  it('clamps the offset so nothing is cut off when centring would leave the frame', () => {
    // Heavy square at the left end of a 280 px hairline: mass centre 2.7 px into a 20 px box, so
    // centring would need the box at x=11.3..31.3. It is clamped to 8..28 instead.
    const img = blank(280, 280);
    fillRect(img, 0, 120, 40, 40);
    fillRect(img, 40, 140, 240, 1);
    const out = preprocess(img);
    expect(sum(out)).toBeCloseTo(sum(img.data) / 14 ** 2, 3);
    const box = inkBox(out);
    expect(box.minX).toBe(8);
    expect(box.maxX).toBe(27);
    const com = centreOfMass(out)!;
    expect(com.x).toBeLessThan(14);
    expect(Math.abs(com.y - 14)).toBeLessThan(0.02);
  });

  it('returns null without throwing for empty, sub-threshold and 0x0 input', () => {
    expect(preprocessDrawing(blank(280, 280))).toBeNull();
    expect(preprocessDrawing(blank(0, 0))).toBeNull();
    expect(preprocessDrawing(blank(0, 5))).toBeNull();
    expect(preprocessDrawing(fillRect(blank(10, 10), 2, 2, 3, 3, 0.005))).toBeNull();
    expect(preprocessDrawing(fillRect(blank(10, 10), 2, 2, 3, 3, 0.3), 0.5)).toBeNull();
    expect(preprocessDrawing(fillRect(blank(10, 10), 2, 2, 3, 3, 0.3), 0.2)).not.toBeNull();
  });

  it('ignores sub-threshold noise: it neither extends the crop nor adds grey', () => {
    const clean = fillDisc(blank(280, 280), 150, 140, 40);
    const noisy = fillDisc(blank(280, 280), 150, 140, 40);
    fillRect(noisy, 0, 0, 20, 20, 0.008);
    fillRect(noisy, 250, 260, 30, 20, 0.01);
    expect(preprocess(noisy)).toEqual(preprocess(clean));
  });

  it('rejects inconsistent dimensions', () => {
    expect(() => preprocessDrawing({ data: new Float32Array(3), width: 2, height: 2 })).toThrow(
      RangeError,
    );
    expect(() => preprocessDrawing({ data: new Float32Array(4), width: -2, height: -2 })).toThrow(
      RangeError,
    );
  });

  it('scales up a single-pixel drawing to a solid 20x20 block', () => {
    const out = preprocess(fillRect(blank(1, 1), 0, 0, 1, 1));
    expect(inkBox(out)).toEqual({ minX: 4, maxX: 23, minY: 4, maxY: 23, w: 20, h: 20 });
    expect(sum(out)).toBe(400);
  });

  it('fits a 1 px tall wide line and a very wide drawing into the 20 px box', () => {
    const line = preprocess(fillRect(blank(280, 280), 10, 150, 260, 1));
    const lineBox = inkBox(line);
    expect(lineBox.w).toBe(20);
    expect(lineBox.h).toBeGreaterThanOrEqual(1);
    expect(lineBox.h).toBeLessThanOrEqual(2);
    // A 1/13 px tall hairline keeps its ink as a faint grey rather than vanishing or saturating.
    expect(sum(line)).toBeCloseTo(260 * (20 / 260) ** 2, 4);

    const wide = preprocess(fillRect(blank(560, 100), 0, 20, 560, 30));
    const wideBox = inkBox(wide);
    expect(wideBox.w).toBe(20);
    expect(wideBox.h).toBeGreaterThanOrEqual(1);
    expect(wideBox.h).toBeLessThanOrEqual(3); // 30 * 20/560 = 1.07 px, straddling at most 3 rows
  });

  it('area-averages: a 1 px checkerboard becomes uniform 0.5 grey, not 0/1 samples', () => {
    const img = blank(280, 280);
    for (let y = 0; y < 280; y++) {
      for (let x = 0; x < 280; x++) img.data[y * 280 + x] = (x + y) % 2;
    }
    const out = preprocess(img);
    // Each output pixel covers exactly 14x14 source pixels, half of them ink.
    for (let y = 0; y < N; y++) {
      for (let x = 0; x < N; x++) {
        const inside = x >= 4 && x <= 23 && y >= 4 && y <= 23;
        expect(out[y * N + x]).toBeCloseTo(inside ? 0.5 : 0, 6);
      }
    }
  });

  it('gives partial coverage at stroke edges that do not land on pixel boundaries', () => {
    // 50x200 -> 5x20 px, centred at x=14: columns 11.5..16.5, so both edge columns are half grey.
    const out = preprocess(fillRect(blank(280, 280), 100, 40, 50, 200));
    expect(column(out, 11)[10]).toBeCloseTo(0.5, 6);
    expect(column(out, 12)[10]).toBeCloseTo(1, 6);
    expect(column(out, 16)[10]).toBeCloseTo(0.5, 6);
    expect(inkBox(out).w).toBe(6);
  });

  it('is invariant to where the digit is drawn and to canvas pixel ratio', () => {
    const a = fillDisc(blank(280, 280), 100, 120, 25);
    fillRect(a, 100, 60, 12, 120);
    const b = fillDisc(blank(280, 280), 210, 190, 25);
    fillRect(b, 210, 130, 12, 120);
    const outA = preprocess(a);
    const outB = preprocess(b);
    const outHiDpi = preprocess(upscale(a, 2));
    for (let i = 0; i < 784; i++) {
      expect(outB[i]).toBeCloseTo(outA[i]!, 5);
      expect(outHiDpi[i]).toBeCloseTo(outA[i]!, 5);
    }
  });

  it('gives the same answer whatever size of image came before (scratch reuse)', () => {
    const small = fillDisc(blank(40, 30), 12, 15, 8);
    const first = preprocess(small);
    preprocess(fillRect(blank(560, 560), 10, 10, 500, 300));
    preprocess(fillRect(blank(3, 700), 1, 0, 1, 700));
    expect(preprocess(small)).toEqual(first);
  });
});

describe('centreOfMass', () => {
  it('uses pixel-centre coordinates', () => {
    const px = new Float32Array(784);
    px[5 * N + 3] = 1;
    expect(centreOfMass(px)).toEqual({ x: 3.5, y: 5.5 });
    px[5 * N + 4] = 3;
    expect(centreOfMass(px)).toEqual({ x: 4.25, y: 5.5 });
  });

  it('handles other sizes and returns null for an empty image', () => {
    expect(centreOfMass(new Float32Array([0, 0, 1, 1]), 2, 2)).toEqual({ x: 1, y: 1.5 });
    expect(centreOfMass(new Float32Array(784))).toBeNull();
    expect(centreOfMass(new Float32Array(0), 0, 0)).toBeNull();
  });
});

describe('rgbaToGray', () => {
  it('takes ink as alpha times BT.601 luminance', () => {
    // prettier-ignore
    const rgba = new Uint8ClampedArray([
      255, 255, 255, 255, /**/ 255, 255, 255, 0, /**/ 255, 255, 255, 51,
      255, 0, 0, 255, /*    */ 0, 0, 0, 255, /*  */ 0, 255, 0, 255,
    ]);
    const gray = rgbaToGray(rgba, 3, 2);
    expect(gray.width).toBe(3);
    expect(gray.height).toBe(2);
    expect(gray.data).toBeInstanceOf(Float32Array);
    expect(Array.from(gray.data)).toEqual([1, 0, 0.2, 0.299, 0, 0.587].map((v) => Math.fround(v)));
  });

  it('accepts Uint8Array, empty input, and rejects a short buffer', () => {
    expect(Array.from(rgbaToGray(new Uint8Array([0, 0, 255, 255]), 1, 1).data)).toEqual([
      Math.fround(0.114),
    ]);
    expect(rgbaToGray(new Uint8Array(0), 0, 0).data).toHaveLength(0);
    expect(() => rgbaToGray(new Uint8Array(7), 1, 2)).toThrow(RangeError);
  });
});
