import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeGrayPng, PngError, unfilter } from './png';

/** A smooth image with edges, so every PNG filter has something to predict. */
function picture(width: number, height: number): Uint8Array {
  const px = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      px[y * width + x] = (x * 7 + y * 13 + ((x ^ y) & 8 ? 90 : 0) + ((x * y) % 29)) & 255;
  return px;
}

function encodeGray(px: Uint8Array, width: number, height: number, filterType: number): Uint8Array {
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = Buffer.from(px);
  return new Uint8Array(
    PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, filterType }),
  );
}

describe('decodeGrayPng', () => {
  // pngjs: -1 picks a filter per row (mixed rows, as in the sprite); 0–4 force one.
  it.each([-1, 0, 1, 2, 3, 4])('decodes grayscale rows written with filter %i', async (f) => {
    const px = picture(53, 41);
    const img = await decodeGrayPng(encodeGray(px, 53, 41, f));
    expect(img?.width).toBe(53);
    expect(img?.height).toBe(41);
    expect(img?.pixels).toEqual(px);
  });

  it('decodes the bundled test sprite exactly as pngjs does', async () => {
    const bytes = new Uint8Array(readFileSync('public/data/mnist_test.png'));
    const img = await decodeGrayPng(bytes);
    const ref = PNG.sync.read(Buffer.from(bytes));
    expect(img?.width).toBe(784);
    expect(img?.height).toBe(10000);
    // (toEqual on 7.8 million bytes takes minutes: find the first difference instead.)
    const px = img!.pixels;
    let firstDiff = -1;
    for (let i = 0; i < px.length && firstDiff < 0; i++)
      if (px[i] !== ref.data[i * 4]) firstDiff = i;
    expect(px.length).toBe(784 * 10000);
    expect(firstDiff).toBe(-1);
  });

  it('answers null for other kinds of PNG, which the caller decodes another way', async () => {
    const png = new PNG({ width: 4, height: 3 });
    png.data = Buffer.alloc(4 * 3 * 4, 200);
    expect(await decodeGrayPng(new Uint8Array(PNG.sync.write(png)))).toBeNull();
  });

  it('answers null where the platform has no DecompressionStream', async () => {
    const png = encodeGray(picture(8, 8), 8, 8, 0);
    const saved = globalThis.DecompressionStream;
    try {
      // @ts-expect-error: removed to stand for an older browser
      delete globalThis.DecompressionStream;
      expect(await decodeGrayPng(png)).toBeNull();
    } finally {
      globalThis.DecompressionStream = saved;
    }
    expect((await decodeGrayPng(png))?.width).toBe(8);
  });

  it('rejects what is not a whole PNG', async () => {
    const good = encodeGray(picture(30, 20), 30, 20, 4);
    await expect(decodeGrayPng(new Uint8Array([1, 2, 3]))).rejects.toThrow(PngError);
    await expect(decodeGrayPng(good.slice(0, good.length - 30))).rejects.toThrow(PngError);
    // Flip bytes inside the compressed data: zlib's checksum or the row count catches it.
    const bad = good.slice();
    for (let i = 60; i < 90; i++) bad[i] = bad[i]! ^ 0x5a;
    await expect(decodeGrayPng(bad)).rejects.toThrow(PngError);
  });

  it('rejects an unknown row filter', () => {
    expect(() => unfilter(new Uint8Array([5, 1, 2]), 2, 1)).toThrow(/unknown row filter 5/);
  });
});
