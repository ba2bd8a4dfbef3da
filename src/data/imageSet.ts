// A person's images, each already turned into 28×28 bytes, made into a dataset: labels from their
// folders, classes too small to split left out with a message, the limits checked, and the seeded
// 85/15 split. Pure: the decoding of the files happens in the import worker.
import type { Dataset } from './dataset';
import { labelsFromFolders, splitTrainTest } from './images';
import { DIGIT_PIXELS } from './sprite';

/** What the playground takes of a person's images; the page states these. */
export const IMAGE_LIMITS = { minImages: 100, maxImages: 60_000, maxClasses: 20 } as const;

/** The share of the images kept for testing. */
export const TEST_FRACTION = 0.15;

/** One image as the model will see it, with the path its label comes from. */
export interface PreparedImage {
  path: string;
  /** [784] bytes, 0 = background, 255 = ink */
  pixels: Uint8Array;
}

export interface ImageSet {
  data: Dataset;
  classNames: string[];
  /** Messages about files left out, each naming the file. */
  skipped: string[];
}

/** A set that cannot be made: what is wrong with it, for a person. */
export class ImageSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageSetError';
  }
}

const n = (v: number) => v.toLocaleString('en-US');
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Makes the dataset. Classes of a single image are left out (an image cannot be in both the
 * training and the test set), each with a message naming its file.
 * @param skipped messages about files the decoding already left out, kept in front
 * @throws ImageSetError when too few images, too many, or too many classes remain
 */
export function assembleImageSet(
  images: readonly PreparedImage[],
  seed: number,
  skipped: readonly string[] = [],
): ImageSet {
  const L = IMAGE_LIMITS;
  if (images.length > L.maxImages)
    throw new ImageSetError(
      `That is ${n(images.length)} images; the playground takes at most ${n(L.maxImages)}.`,
    );
  const all = labelsFromFolders(images.map((im) => im.path));
  const perClass = new Array<number>(all.classNames.length).fill(0);
  for (const l of all.labels) perClass[l]! += 1;
  const messages = [...skipped];
  const kept: number[] = [];
  all.labels.forEach((l, i) => {
    if (perClass[l]! >= 2) kept.push(i);
    else
      messages.push(
        `${baseName(images[i]!.path)} is the only image of “${all.classNames[l]}”, so it is left out ` +
          '(a class needs images to train on and to test with).',
      );
  });
  if (kept.length < L.minImages) {
    const shown = messages.slice(0, 3).join(' ');
    const more = messages.length > 3 ? ` (and ${messages.length - 3} more left out)` : '';
    throw new ImageSetError(
      `${kept.length === 0 ? 'No image' : `Only ${n(kept.length)} image${kept.length === 1 ? '' : 's'}`} ` +
        `could be used; the playground needs at least ${n(L.minImages)}.` +
        (shown ? ` ${shown}${more}` : ''),
    );
  }
  // Renumber the classes that remain, in their order.
  const used = [...new Set(kept.map((i) => all.labels[i]!))].sort((a, b) => a - b);
  if (used.length > L.maxClasses)
    throw new ImageSetError(
      `The images are in ${used.length} folders (classes); the playground takes at most ${L.maxClasses}.`,
    );
  const renumber = new Map(used.map((c, i) => [c, i]));
  const { train, test } = splitTrainTest(kept.length, seed, TEST_FRACTION);
  const gather = (rows: number[]) => {
    const pixels = new Uint8Array(rows.length * DIGIT_PIXELS);
    const labels = new Uint8Array(rows.length);
    rows.forEach((r, j) => {
      const i = kept[r]!;
      pixels.set(images[i]!.pixels, j * DIGIT_PIXELS);
      labels[j] = renumber.get(all.labels[i]!)!;
    });
    return { pixels, labels };
  };
  const tr = gather(train);
  const te = gather(test);
  return {
    data: {
      trainPixels: tr.pixels,
      trainLabels: tr.labels,
      trainCount: train.length,
      testPixels: te.pixels,
      testLabels: te.labels,
      testCount: test.length,
    },
    classNames: used.map((c) => all.classNames[c]!),
    skipped: messages,
  };
}

/** A name for the set: the folder its files share, or "Your images". */
export function imageSetName(paths: readonly string[]): string {
  const first = paths[0]?.split('/') ?? [];
  const root = first.length > 1 ? first[0]! : '';
  return root !== '' && paths.every((p) => p.startsWith(`${root}/`)) ? root : 'Your images';
}
