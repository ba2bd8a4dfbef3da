// A person's own images turned into 28×28 grey levels the model can learn, and the set made of
// them: labels from folder names, a seeded split into training and test. Pure functions, no DOM:
// the pixels come in as RGBA (what ImageData and OffscreenCanvas give), so they run in a worker
// and in Node alike.
import { preprocessDrawing, type GrayImage } from './preprocess';
import { createRng, shuffleInPlace } from './rng';
import { DIGIT_PIXELS, DIGIT_SIZE } from './sprite';

/**
 * "Fit and centre like MNIST" (marks drawn or written: crop to the ink, 20 px box, centre of
 * mass in the middle), or "Resize and pad" (photos: the whole picture, its longer side 28 px).
 */
export type ImageFit = 'fit' | 'pad';

/**
 * RGBA pixels as ink in [0, 1], MNIST's way round (1 = ink, 0 = background): the luminance
 * (ITU-R BT.601 weights), transparent parts counting as background. With `invert`, dark ink on
 * light paper becomes light ink on dark.
 * @param rgba [height, width, 4] bytes
 * @returns [height, width] grey levels
 */
export function rgbaToInk(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  invert: boolean,
): GrayImage {
  const n = width * height;
  if (rgba.length < n * 4) throw new RangeError(`${width}×${height} needs ${n * 4} RGBA bytes`);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const y = (0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!) / 255;
    const alpha = rgba[4 * i + 3]! / 255;
    // Over the background: black for light ink, white paper for dark ink.
    const over = invert ? y * alpha + (1 - alpha) : y * alpha;
    data[i] = invert ? 1 - over : over;
  }
  return { data, width, height };
}

/**
 * The whole image with its longer side scaled to 28 px (each output pixel the mean of the area
 * it covers) and centred, the rest 0.
 * @returns [784] in [0, 1]
 */
export function resizeAndPad(img: GrayImage): Float32Array {
  const { data, width, height } = img;
  const out = new Float32Array(DIGIT_PIXELS);
  if (width === 0 || height === 0) return out;
  const scale = DIGIT_SIZE / Math.max(width, height);
  const w = width * scale;
  const h = height * scale;
  const x0 = (DIGIT_SIZE - w) / 2;
  const y0 = (DIGIT_SIZE - h) / 2;
  // Separable area weights: how much of output pixel [p, p+1) source cell s covers.
  const overlap = (s: number, p: number, origin: number) =>
    Math.max(0, Math.min(origin + (s + 1) * scale, p + 1) - Math.max(origin + s * scale, p));
  for (let py = 0; py < DIGIT_SIZE; py++) {
    const sy0 = Math.max(0, Math.floor((py - y0) / scale));
    const sy1 = Math.min(height, Math.ceil((py + 1 - y0) / scale));
    for (let px = 0; px < DIGIT_SIZE; px++) {
      const sx0 = Math.max(0, Math.floor((px - x0) / scale));
      const sx1 = Math.min(width, Math.ceil((px + 1 - x0) / scale));
      let sum = 0;
      for (let sy = sy0; sy < sy1; sy++) {
        const wy = overlap(sy, py, y0);
        if (wy === 0) continue;
        for (let sx = sx0; sx < sx1; sx++) sum += wy * overlap(sx, px, x0) * data[sy * width + sx]!;
      }
      out[py * DIGIT_SIZE + px] = Math.min(1, Math.max(0, sum));
    }
  }
  return out;
}

/** Below this share of the way from the darkest to the lightest level, a pixel is background. */
const BACKGROUND_SHARE = 0.2;

/**
 * One image as the model's input. To fit, the levels are first stretched from the image's darkest
 * (0) to its lightest (1), and what lies below BACKGROUND_SHARE of the way counts as background: a
 * scanned or photographed mark has no pure black around it, and its paper's grain would otherwise
 * count as ink and keep the crop from closing in on the mark.
 * @returns [784] in [0, 1]; for 'fit', null when the image is one flat level (no mark)
 */
export function imageToDigit(img: GrayImage, fit: ImageFit): Float32Array | null {
  if (fit === 'pad') return resizeAndPad(img);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of img.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi - lo > 1e-3)) return null;
  const data = img.data.map((v) => (v - lo) / (hi - lo));
  return preprocessDrawing({ ...img, data }, BACKGROUND_SHARE);
}

/** Bytes for the dataset, as the sprite holds MNIST: 0–255. */
export function toBytes(digit: Float32Array): Uint8Array {
  const out = new Uint8Array(digit.length);
  for (let i = 0; i < digit.length; i++)
    out[i] = Math.round(Math.min(1, Math.max(0, digit[i]!)) * 255);
  return out;
}

/**
 * Labels from folder names, as Keras's `image_dataset_from_directory` gives them: the classes
 * are the folders right below the folder the files share, in alphabetical order; files with no
 * folder of their own make one class.
 * @param paths the files' paths ("pets/cats/a.png", or a bare name)
 * @returns the class names, and a label per path
 */
export function labelsFromFolders(paths: readonly string[]): {
  classNames: string[];
  labels: Uint8Array;
} {
  const parts = paths.map((p) => p.split('/').filter((s) => s !== ''));
  // The folders every path shares are the root, not a class.
  let root = 0;
  const first = parts[0] ?? [];
  while (
    root < first.length - 1 &&
    parts.every((ps) => ps.length - 1 > root && ps[root] === first[root])
  )
    root++;
  const classOf = parts.map((ps) => (ps.length - 1 > root ? ps[root]! : ''));
  const classNames = [...new Set(classOf)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(classNames.map((c, i) => [c, i]));
  // Files with no folder of their own: named after the folder they share, if any.
  const shared = root > 0 ? first[root - 1]! : 'images';
  return {
    classNames: classNames.map((c) => (c === '' ? shared : c)),
    labels: Uint8Array.from(classOf, (c) => index.get(c)!),
  };
}

/**
 * A seeded split: `testFraction` of the images (at least one) for testing, the rest training,
 * the same for the same seed and count.
 * @returns indices, each list ascending
 */
export function splitTrainTest(
  count: number,
  seed: number,
  testFraction = 0.15,
): { train: number[]; test: number[] } {
  const order = shuffleInPlace(
    Uint32Array.from({ length: count }, (_, i) => i),
    createRng(seed),
  );
  const nTest = count < 2 ? 0 : Math.max(1, Math.round(count * testFraction));
  const asc = (a: number, b: number) => a - b;
  return {
    test: Array.from(order.subarray(0, nTest)).sort(asc),
    train: Array.from(order.subarray(nTest)).sort(asc),
  };
}
