// A decoder for the one kind of PNG the sprite is: 8-bit grayscale, not interlaced. The inflate is
// the platform's own zlib (DecompressionStream), so it is native speed; only the per-row filters
// are undone here. The bytes land straight in a [height, width] array, with none of the RGBA
// expansion and copies of createImageBitmap → canvas → getImageData (four times the memory
// traffic). Any other kind of PNG answers null, and the caller decodes it the general way.

export class PngError extends Error {}

export interface GrayImage {
  width: number;
  height: number;
  /** [height, width] 8-bit pixels. */
  pixels: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/**
 * Decodes an 8-bit grayscale, non-interlaced PNG.
 * @returns the image, or null when the PNG is of another kind (colour, alpha, 16-bit, interlaced)
 *   or the platform has no DecompressionStream
 * @throws PngError when the bytes are not a whole, readable PNG
 */
export async function decodeGrayPng(png: Uint8Array): Promise<GrayImage | null> {
  // A browser without DecompressionStream (before Safari 16.4) takes the general path.
  if (typeof DecompressionStream === 'undefined') return null;
  if (png.length < 8 || SIGNATURE.some((v, i) => png[i] !== v)) {
    throw new PngError('not a PNG file');
  }
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  let ended = false;
  for (let at = 8; at < png.length && !ended;) {
    if (at + 8 > png.length) throw new PngError('truncated chunk header');
    const length = u32(png, at);
    const type = String.fromCharCode(png[at + 4]!, png[at + 5]!, png[at + 6]!, png[at + 7]!);
    const data = at + 8;
    if (data + length + 4 > png.length) throw new PngError(`truncated ${type} chunk`);
    if (type === 'IHDR') {
      if (length < 13) throw new PngError('short IHDR chunk');
      width = u32(png, data);
      height = u32(png, data + 4);
      const [bitDepth, colorType, compression, filter, interlace] = png.subarray(
        data + 8,
        data + 13,
      );
      if (compression !== 0 || filter !== 0) throw new PngError('unknown compression or filter');
      if (bitDepth !== 8 || colorType !== 0 || interlace !== 0) return null;
      if (width === 0 || height === 0) throw new PngError('empty image');
    } else if (type === 'IDAT') {
      idat.push(png.subarray(data, data + length));
    } else if (type === 'IEND') {
      ended = true;
    }
    at = data + length + 4;
  }
  if (width === 0) throw new PngError('no IHDR chunk');
  if (!ended || idat.length === 0) throw new PngError('truncated image data');

  const stride = width + 1;
  const raw = new Uint8Array(stride * height);
  let filled = 0;
  try {
    const stream = new Blob(idat as BlobPart[])
      .stream()
      .pipeThrough(new DecompressionStream('deflate'));
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.length > raw.length) throw new PngError('more image data than rows');
      raw.set(value, filled);
      filled += value.length;
    }
  } catch (err) {
    if (err instanceof PngError) throw err;
    throw new PngError(`corrupt image data (${err instanceof Error ? err.message : String(err)})`);
  }
  if (filled !== raw.length) throw new PngError('truncated image data');
  return { width, height, pixels: unfilter(raw, width, height) };
}

/**
 * Undoes the PNG row filters of 1-byte pixels (None, Sub, Up, Average, Paeth).
 * @param raw height rows of [filter type, width bytes]
 * @returns [height, width] pixels
 */
export function unfilter(raw: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const stride = width + 1;
  for (let y = 0; y < height; y++) {
    const src = y * stride + 1;
    const dst = y * width;
    const up = dst - width;
    const type = raw[src - 1];
    if (type === 0 || (type === 2 && y === 0)) {
      out.set(raw.subarray(src, src + width), dst);
    } else if (type === 1) {
      // Each pixel adds the one to its left: carried in a local, not read back from the output.
      let left = 0;
      for (let x = 0; x < width; x++) {
        left = (raw[src + x]! + left) & 255;
        out[dst + x] = left;
      }
    } else if (type === 2) {
      for (let x = 0; x < width; x++) out[dst + x] = raw[src + x]! + out[up + x]!;
    } else if (type === 3) {
      let left = 0;
      for (let x = 0; x < width; x++) {
        const above = y > 0 ? out[up + x]! : 0;
        left = (raw[src + x]! + ((left + above) >> 1)) & 255;
        out[dst + x] = left;
      }
    } else if (type === 4) {
      let a = 0;
      let c = 0;
      for (let x = 0; x < width; x++) {
        const b = y > 0 ? out[up + x]! : 0;
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        a = (raw[src + x]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        out[dst + x] = a;
        c = b;
      }
    } else {
      throw new PngError(`unknown row filter ${type} in row ${y}`);
    }
  }
  return out;
}
