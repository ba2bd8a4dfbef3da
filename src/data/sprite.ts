// The sprite format: one grayscale PNG per split, 784 pixels (one digit) per row, and a file of
// one label byte per digit. Pure functions here; the browser decoding lives in decodeSprite.ts.

export const DIGIT_SIZE = 28;
export const DIGIT_PIXELS = DIGIT_SIZE * DIGIT_SIZE;

export interface SpriteManifest {
  version: number;
  width: number;
  splits: Record<'train' | 'test', { images: string; labels: string; count: number }>;
  files: { path: string; bytes: number }[];
}

/** Validates a parsed manifest.json, throwing a readable error when it is not what we wrote. */
export function checkManifest(value: unknown): SpriteManifest {
  const m = value as Partial<SpriteManifest> | null;
  const ok =
    !!m &&
    m.width === DIGIT_PIXELS &&
    !!m.splits?.train &&
    !!m.splits.test &&
    Number.isInteger(m.splits.train.count) &&
    Number.isInteger(m.splits.test.count) &&
    Array.isArray(m.files);
  if (!ok) throw new Error('The MNIST manifest is malformed. Rebuild it with `npm run sprite`.');
  return m as SpriteManifest;
}

/**
 * Takes the red channel of RGBA rows (a grayscale PNG decodes to r = g = b).
 * @returns [rows, 784] uint8 pixels
 */
export function grayFromRgba(rgba: Uint8ClampedArray | Uint8Array, out?: Uint8Array): Uint8Array {
  const n = rgba.length >>> 2;
  const gray = out ?? new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) gray[i] = rgba[j]!;
  return gray;
}

/** Checks the labels file: one byte per digit, each 0..9. */
export function checkLabels(bytes: Uint8Array, count: number, name: string): Uint8Array {
  if (bytes.length !== count) {
    throw new Error(`${name} holds ${bytes.length} labels, expected ${count}.`);
  }
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! > 9) throw new Error(`${name} has a label ${bytes[i]} that is not a digit.`);
  }
  return bytes;
}
