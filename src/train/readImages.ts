// Decodes a person's image files (PNG, JPEG, WebP, or a zip of them) into the model's 28×28
// input, in the import worker: the browser decodes (createImageBitmap), an OffscreenCanvas gives
// the pixels, src/data/images.ts does the rest. A file that is not an image, or is damaged, is
// left out with a message naming it; the others go on.
import { unzipSync } from 'fflate';
import { imageToDigit, rgbaToInk, toBytes } from '../data/images';
import { IMAGE_LIMITS, ImageSetError, type PreparedImage } from '../data/imageSet';
import type { ImageFile, ImageOptions } from './protocol';

/** Pictures are scaled down to this side before their pixels are read: 28 × 28 is the goal. */
const MAX_SIDE = 224;
/** A zip larger than this is refused before it is unpacked. */
const MAX_ZIP_BYTES = 512 * 2 ** 20;

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const extension = (path: string) => baseName(path).split('.').pop()!.toLowerCase();
/** Files a folder holds that are nobody's images: no message for these. */
const isClutter = (path: string) =>
  baseName(path).startsWith('.') || baseName(path) === 'Thumbs.db' || path.includes('__MACOSX/');

interface Entry {
  path: string;
  blob: Blob;
}

/** The images among the chosen files, zips unpacked (their entries under the zip's name). */
async function entriesOf(files: readonly ImageFile[], skipped: string[]): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const { file, path } of files) {
    if (isClutter(path)) continue;
    const ext = extension(path);
    if (ext === 'zip') {
      if (file.size > MAX_ZIP_BYTES) {
        skipped.push(`${baseName(path)} is larger than 512 MB, so it is left out.`);
        continue;
      }
      let unpacked: Record<string, Uint8Array>;
      try {
        unpacked = unzipSync(new Uint8Array(await file.arrayBuffer()), {
          filter: (f) => !f.name.endsWith('/') && !isClutter(f.name),
        });
      } catch {
        skipped.push(`${baseName(path)} is not a zip archive that can be read, so it is left out.`);
        continue;
      }
      const root = path.slice(0, -'.zip'.length);
      for (const [name, bytes] of Object.entries(unpacked)) {
        const type = IMAGE_TYPES[extension(name)];
        if (type)
          out.push({
            path: `${root}/${name}`,
            blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }),
          });
        else
          skipped.push(
            `${baseName(name)} (in ${baseName(path)}) is not a PNG, JPEG or WebP image.`,
          );
      }
    } else if (IMAGE_TYPES[ext] || file.type.startsWith('image/')) {
      out.push({ path, blob: file });
    } else {
      skipped.push(`${baseName(path)} is not a PNG, JPEG or WebP image, so it is left out.`);
    }
  }
  return out;
}

/** One picture's pixels, scaled so its longer side is at most MAX_SIDE. */
async function pixelsOf(blob: Blob): Promise<{ data: Uint8ClampedArray; w: number; h: number }> {
  const bitmap = await createImageBitmap(blob);
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2-D canvas in this worker');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, w, h);
    return { data: ctx.getImageData(0, 0, w, h).data, w, h };
  } finally {
    bitmap.close();
  }
}

/**
 * Reads the chosen files into images for the model.
 * @param wanted whether the read is still wanted; checked before each picture
 * @returns the images, and messages about the files left out; null when no longer wanted
 * @throws ImageSetError when there are more files than the limit, before any is decoded
 */
export async function readImages(
  files: readonly ImageFile[],
  options: ImageOptions,
  onProgress: (done: number, total: number) => void,
  wanted: () => boolean = () => true,
): Promise<{ images: PreparedImage[]; skipped: string[] } | null> {
  const skipped: string[] = [];
  const entries = await entriesOf(files, skipped);
  if (entries.length > IMAGE_LIMITS.maxImages)
    throw new ImageSetError(
      `That is ${entries.length.toLocaleString('en-US')} images; the playground takes at most ` +
        `${IMAGE_LIMITS.maxImages.toLocaleString('en-US')}.`,
    );
  const images: PreparedImage[] = [];
  let lastReport = 0;
  for (const [i, { path, blob }] of entries.entries()) {
    // A newer choice replaced this one: stop decoding.
    if (!wanted()) return null;
    let decoded: Awaited<ReturnType<typeof pixelsOf>>;
    try {
      decoded = await pixelsOf(blob);
    } catch {
      skipped.push(
        `${baseName(path)} could not be read as an image (damaged?), so it is left out.`,
      );
      continue;
    }
    const digit = imageToDigit(
      rgbaToInk(decoded.data, decoded.w, decoded.h, options.invert),
      options.fit,
    );
    if (digit === null) {
      skipped.push(`${baseName(path)} has no ink to fit (a blank picture?), so it is left out.`);
      continue;
    }
    images.push({ path, pixels: toBytes(digit) });
    const now = performance.now();
    if (now - lastReport > 100 || i === entries.length - 1) {
      lastReport = now;
      onProgress(i + 1, entries.length);
    }
  }
  return { images, skipped };
}
