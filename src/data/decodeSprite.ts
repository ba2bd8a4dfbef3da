// Browser-side sprite loading: fetch with progress, decode off the main thread: our grayscale
// PNG decoder on the platform's zlib, or createImageBitmap + OffscreenCanvas for any other kind
// of PNG (no Image or document, so both run in a worker).

import { concatBytes } from './bytes';
import { decodeGrayPng, PngError } from './png';
import { DIGIT_PIXELS, grayFromRgba } from './sprite';

/** Rows copied per getImageData call: large enough to amortise, small enough for the canvas. */
const ROWS_PER_CHUNK = 5000;

export class SpriteError extends Error {}

/** Fetches a URL to bytes, reporting bytes as they arrive. */
export async function fetchBytes(
  url: string,
  onBytes: (delta: number) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (err) {
    throw new SpriteError(`Could not download ${url}: ${String(err)}`);
  }
  if (!res.ok) throw new SpriteError(`Could not download ${url}: HTTP ${res.status}.`);
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onBytes(buf.length);
    return buf;
  }
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    onBytes(value.length);
  }
  return concatBytes(parts);
}

/**
 * Decodes a sprite PNG into digits.
 * @returns [count, 784] uint8 pixels
 */
export async function decodeSprite(
  png: Uint8Array,
  count: number,
  name: string,
): Promise<Uint8Array> {
  let gray;
  try {
    gray = await decodeGrayPng(png);
  } catch (err) {
    const why = err instanceof PngError ? err.message : String(err);
    throw new SpriteError(`${name} is not a readable PNG (${why}).`);
  }
  if (gray) {
    checkSize(name, gray.width, gray.height, count);
    return gray.pixels;
  }
  return decodeViaCanvas(png, count, name);
}

function checkSize(name: string, width: number, height: number, count: number): void {
  if (width !== DIGIT_PIXELS || height !== count) {
    throw new SpriteError(`${name} is ${width}×${height}, expected ${DIGIT_PIXELS}×${count}.`);
  }
}

/** The general path, for a PNG that is not 8-bit grayscale. */
async function decodeViaCanvas(png: Uint8Array, count: number, name: string): Promise<Uint8Array> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([png as BlobPart], { type: 'image/png' }), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
  } catch {
    throw new SpriteError(`${name} is not a readable PNG (corrupt or truncated).`);
  }
  try {
    checkSize(name, bitmap.width, bitmap.height, count);
    const canvas = new OffscreenCanvas(DIGIT_PIXELS, ROWS_PER_CHUNK);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new SpriteError('This browser cannot decode images off the main thread.');
    const out = new Uint8Array(count * DIGIT_PIXELS);
    for (let row = 0; row < count; row += ROWS_PER_CHUNK) {
      const rows = Math.min(ROWS_PER_CHUNK, count - row);
      ctx.clearRect(0, 0, DIGIT_PIXELS, ROWS_PER_CHUNK);
      ctx.drawImage(bitmap, 0, row, DIGIT_PIXELS, rows, 0, 0, DIGIT_PIXELS, rows);
      const rgba = ctx.getImageData(0, 0, DIGIT_PIXELS, rows).data;
      grayFromRgba(rgba, out.subarray(row * DIGIT_PIXELS, (row + rows) * DIGIT_PIXELS));
    }
    return out;
  } finally {
    bitmap.close();
  }
}
