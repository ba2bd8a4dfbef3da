// IDX files, the format of MNIST and of the datasets made like it (Fashion-MNIST, KMNIST, EMNIST):
// a magic number, the sizes, then unsigned bytes. Pure functions, bytes in and typed arrays out,
// for the sprite build (Node) and for the files a person loads in the page (a worker).
import { concatBytes } from './bytes';
import { DIGIT_PIXELS, DIGIT_SIZE } from './sprite';

/** 0x00000803: unsigned bytes in 3 dimensions (images); 0x00000801: in 1 dimension (labels). */
export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

/** A file that is not what it should be; the message names the file and says what is wrong. */
export class IdxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdxError';
  }
}

export interface IdxImages {
  count: number;
  /** [count, 784] */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  labels: Uint8Array;
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

function header(bytes: Uint8Array, size: number, name: string): DataView {
  if (bytes.byteLength < size)
    throw new IdxError(`${name}: ${bytes.byteLength} bytes, too short for an IDX file's header.`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The magic number of an IDX file, or null when it is too short to have one. */
export function idxMagic(bytes: Uint8Array): number | null {
  return bytes.byteLength < 4
    ? null
    : new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
}

/**
 * Reads an IDX file of 28×28 images.
 * @returns pixels [count, 784], a view of `bytes`
 * @throws IdxError for another magic number, another image size, or a length that does not fit
 */
export function parseIdxImages(bytes: Uint8Array, name = 'images'): IdxImages {
  const view = header(bytes, 16, name);
  const magic = view.getUint32(0);
  if (magic !== IDX_IMAGES_MAGIC)
    throw new IdxError(
      `${name}: magic number ${hex(magic)}, not ${hex(IDX_IMAGES_MAGIC)} (IDX images).`,
    );
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  if (rows !== DIGIT_SIZE || cols !== DIGIT_SIZE)
    throw new IdxError(`${name}: the images are ${rows}×${cols}; the playground needs 28×28.`);
  const expected = 16 + count * DIGIT_PIXELS;
  if (bytes.byteLength !== expected)
    throw new IdxError(
      `${name}: ${bytes.byteLength} bytes, but ${count} images take ${expected}` +
        (bytes.byteLength < expected ? ' (the file is cut short).' : '.'),
    );
  return { count, pixels: bytes.subarray(16) };
}

/**
 * Reads an IDX file of labels (one unsigned byte each).
 * @throws IdxError for another magic number or a length that does not fit
 */
export function parseIdxLabels(bytes: Uint8Array, name = 'labels'): IdxLabels {
  const view = header(bytes, 8, name);
  const magic = view.getUint32(0);
  if (magic !== IDX_LABELS_MAGIC)
    throw new IdxError(
      `${name}: magic number ${hex(magic)}, not ${hex(IDX_LABELS_MAGIC)} (IDX labels).`,
    );
  const count = view.getUint32(4);
  if (bytes.byteLength !== 8 + count)
    throw new IdxError(
      `${name}: ${bytes.byteLength} bytes, but ${count} labels take ${8 + count}` +
        (bytes.byteLength < 8 + count ? ' (the file is cut short).' : '.'),
    );
  return { count, labels: bytes.subarray(8) };
}

/** Whether the bytes start as a gzip stream does (RFC 1952: 1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The bytes of a gzipped file unpacked, or the bytes themselves when they are not gzipped. Uses
 * the platform's DecompressionStream (browsers, workers and Node alike), so it does not block.
 * @param limit the most bytes to unpack; beyond it an IdxError, before memory runs out
 */
export async function gunzipIfNeeded(
  bytes: Uint8Array,
  name: string,
  limit: number,
): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel();
        throw new IdxError(`${name}: unpacks to over ${Math.round(limit / 2 ** 20)} MB.`);
      }
      parts.push(value);
    }
  } catch (err) {
    if (err instanceof IdxError) throw err;
    throw new IdxError(`${name}: the gzip data is damaged or cut short.`);
  }
  return concatBytes(parts);
}
