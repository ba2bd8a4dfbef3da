import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { encodeSprite } from '../../scripts/build-sprite.mjs';
import { checkLabels, checkManifest, grayFromRgba } from './sprite';

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
