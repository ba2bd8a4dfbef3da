import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { encodeSprite } from '../../scripts/build-sprite.mjs';
import { parseIdxImages, parseIdxLabels } from '../../scripts/idx.mjs';
import { checkLabels, checkManifest, grayFromRgba } from './sprite';

function idxImages(count: number, pixels: Uint8Array, magic = 0x803): Uint8Array {
  const out = new Uint8Array(16 + pixels.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, magic);
  v.setUint32(4, count);
  v.setUint32(8, 28);
  v.setUint32(12, 28);
  out.set(pixels, 16);
  return out;
}

describe('IDX parsing', () => {
  it('reads images and labels', () => {
    const pixels = new Uint8Array(3 * 784).map((_, i) => i % 256);
    const img = parseIdxImages(idxImages(3, pixels));
    expect(img.count).toBe(3);
    expect(Array.from(img.pixels)).toEqual(Array.from(pixels));
    const labBytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 1, 9]);
    expect(Array.from(parseIdxLabels(labBytes).labels)).toEqual([7, 1, 9]);
  });

  it('rejects a wrong magic number, a wrong size and a bad label', () => {
    expect(() => parseIdxImages(idxImages(1, new Uint8Array(784), 0x801), 'x')).toThrow(
      /magic number 0x00000801/,
    );
    expect(() => parseIdxImages(idxImages(2, new Uint8Array(784)), 'x')).toThrow(/expected 1584/);
    expect(() => parseIdxImages(new Uint8Array(4))).toThrow(/too short/);
    expect(() => parseIdxLabels(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 12]))).toThrow(
      /not a digit/,
    );
    expect(() => parseIdxLabels(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 1]))).toThrow(
      /expected 10/,
    );
  });
});

describe('sprite round trip', () => {
  it('encodes digits to PNG and decodes identical pixels', () => {
    const count = 5;
    const pixels = new Uint8Array(count * 784);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + (i >> 5)) % 256;
    const png = encodeSprite(pixels, count);
    const decoded = PNG.sync.read(Buffer.from(png));
    expect(decoded.width).toBe(784);
    expect(decoded.height).toBe(count);
    const gray = grayFromRgba(new Uint8Array(decoded.data));
    expect(gray).toEqual(pixels);
  });

  it('checks labels and manifests', () => {
    expect(() => checkLabels(new Uint8Array([1, 2]), 3, 'labels')).toThrow(/holds 2 labels/);
    expect(() => checkLabels(new Uint8Array([1, 10]), 2, 'labels')).toThrow(/not a digit/);
    expect(() => checkManifest({ width: 10 })).toThrow(/malformed/);
    expect(() => checkManifest(null)).toThrow(/malformed/);
  });
});
