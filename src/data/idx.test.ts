import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipIfNeeded, IdxError, idxMagic, isGzip, parseIdxImages, parseIdxLabels } from './idx';
import { idxImages, idxLabels } from './idx.testkit';

describe('IDX parsing', () => {
  it('reads images and labels exactly', () => {
    const pixels = new Uint8Array(3 * 784).map((_, i) => (i * 7) % 256);
    const img = parseIdxImages(idxImages(pixels));
    expect(img.count).toBe(3);
    expect(Array.from(img.pixels)).toEqual(Array.from(pixels));
    const labels = parseIdxLabels(idxLabels([7, 1, 46]));
    expect(labels.count).toBe(3);
    expect(Array.from(labels.labels)).toEqual([7, 1, 46]);
    expect(idxMagic(idxLabels([1]))).toBe(0x801);
    expect(idxMagic(new Uint8Array(3))).toBeNull();
  });

  it('refuses a wrong magic number, another image size, a file cut short or too long', () => {
    const one = new Uint8Array(784);
    expect(() => parseIdxImages(idxImages(one, { magic: 0x801 }), 'x')).toThrow(
      'x: magic number 0x00000801, not 0x00000803 (IDX images).',
    );
    expect(() => parseIdxImages(idxImages(one, { rows: 32, cols: 32 }), 'x')).toThrow(
      'x: the images are 32×32; the playground needs 28×28.',
    );
    expect(() => parseIdxImages(idxImages(one, { count: 2 }), 'x')).toThrow(
      'x: 800 bytes, but 2 images take 1584 (the file is cut short).',
    );
    expect(() => parseIdxImages(new Uint8Array(4), 'x')).toThrow(/too short for an IDX/);
    const extra = new Uint8Array([...idxLabels([1, 2]), 0]);
    expect(() => parseIdxLabels(extra, 'y')).toThrow('y: 11 bytes, but 2 labels take 10.');
    expect(() => parseIdxLabels(idxImages(one), 'y')).toThrow(IdxError);
  });

  it('unpacks gzipped files and passes plain ones through', async () => {
    const file = idxLabels([3, 1, 4, 1, 5]);
    const gz = new Uint8Array(gzipSync(file));
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(file)).toBe(false);
    expect(Array.from(await gunzipIfNeeded(gz, 'l.gz', 1000))).toEqual(Array.from(file));
    expect(await gunzipIfNeeded(file, 'l', 1000)).toBe(file);
  });

  it('refuses damaged gzip data and data that unpacks beyond the limit', async () => {
    const gz = new Uint8Array(gzipSync(idxImages(new Uint8Array(784 * 20))));
    await expect(gunzipIfNeeded(gz.subarray(0, gz.length >> 1), 'cut.gz', 1e6)).rejects.toThrow(
      'cut.gz: the gzip data is damaged or cut short.',
    );
    const damaged = gz.slice();
    damaged.fill(0xff, 10, 30);
    await expect(gunzipIfNeeded(damaged, 'bad.gz', 1e6)).rejects.toThrow(IdxError);
    await expect(gunzipIfNeeded(gz, 'big.gz', 1000)).rejects.toThrow(
      'big.gz: unpacks to over 0 MB.',
    );
  });
});
