// The four IDX files of an MNIST-format dataset (training and test images, training and test
// labels), picked by a person in any order and with any names, turned into a Dataset. Which file
// is which comes from the file itself (its magic number and count) and its name.
import type { Dataset } from './dataset';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, IdxError, idxMagic } from './idx';
import { parseIdxImages, parseIdxLabels, type IdxImages, type IdxLabels } from './idx';

/** What the playground takes from a person's files; beyond it a message, not a frozen tab. */
export const OWN_DATA_LIMITS = {
  minTrain: 100,
  maxTrain: 120_000,
  minTest: 10,
  maxTest: 30_000,
  /** EMNIST's balanced split has 47. */
  maxClasses: 64,
} as const;

/** An IDX file, unpacked. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export interface IdxSet {
  data: Dataset;
  /** 1 + the largest label. */
  classCount: number;
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

type Role = 'train' | 'test';
function roleOf(name: string): Role | null {
  const n = baseName(name).toLowerCase();
  if (n.includes('train')) return 'train';
  if (n.includes('t10k') || n.includes('test')) return 'test';
  return null;
}

/**
 * Orders two files of one kind as [training, test]: by their names where those say it ("train",
 * "t10k" or "test"), else the larger one trains.
 */
function trainThenTest<T extends { count: number; name: string }>(pair: [T, T]): [T, T] {
  const [a, b] = pair;
  const ra = roleOf(a.name);
  const rb = roleOf(b.name);
  if (ra !== null && rb !== null && ra !== rb) return ra === 'train' ? [a, b] : [b, a];
  return b.count > a.count ? [b, a] : [a, b];
}

const plural = (n: number, word: string) =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Makes a Dataset of the four IDX files of an MNIST-format dataset. The files are unpacked
 * already (see gunzipIfNeeded); their order and names are free.
 * @returns the dataset (views of the files' bytes) and its number of classes
 * @throws IdxError naming the file and what is wrong with it, or what is missing
 */
export function assembleIdxSet(files: readonly NamedBytes[]): IdxSet {
  const images: (IdxImages & { name: string })[] = [];
  const labels: (IdxLabels & { name: string })[] = [];
  for (const f of files) {
    const name = baseName(f.name);
    const magic = idxMagic(f.bytes);
    if (magic === IDX_IMAGES_MAGIC) images.push({ ...parseIdxImages(f.bytes, name), name });
    else if (magic === IDX_LABELS_MAGIC) labels.push({ ...parseIdxLabels(f.bytes, name), name });
    else
      throw new IdxError(
        `${name} is not an IDX file of images or labels` +
          (magic === null
            ? ' (it is nearly empty).'
            : ` (its first bytes read 0x${magic.toString(16)}).`),
      );
  }
  if (images.length !== 2 || labels.length !== 2)
    throw new IdxError(
      'Choose the four IDX files of one dataset together: training images, training labels, ' +
        `test images and test labels (got ${plural(images.length, 'image file')} and ` +
        `${plural(labels.length, 'label file')}).`,
    );
  const [trainImages, testImages] = trainThenTest(
    images as [IdxImages & { name: string }, IdxImages & { name: string }],
  );
  let [trainLabels, testLabels] = trainThenTest(
    labels as [IdxLabels & { name: string }, IdxLabels & { name: string }],
  );
  // Names may say nothing; the counts then pair each labels file with its images.
  if (trainLabels.count !== trainImages.count && testLabels.count === trainImages.count)
    [trainLabels, testLabels] = [testLabels, trainLabels];
  for (const [img, lab, split] of [
    [trainImages, trainLabels, 'training'],
    [testImages, testLabels, 'test'],
  ] as const)
    if (img.count !== lab.count)
      throw new IdxError(
        `The ${split} images (${img.name}, ${plural(img.count, 'image')}) and labels ` +
          `(${lab.name}, ${plural(lab.count, 'label')}) do not match: choose the files of one dataset.`,
      );
  const L = OWN_DATA_LIMITS;
  if (trainImages.count < L.minTrain || trainImages.count > L.maxTrain)
    throw new IdxError(
      `${trainImages.name} holds ${plural(trainImages.count, 'training image')}; the playground ` +
        `takes ${L.minTrain.toLocaleString('en-US')} to ${L.maxTrain.toLocaleString('en-US')}.`,
    );
  if (testImages.count < L.minTest || testImages.count > L.maxTest)
    throw new IdxError(
      `${testImages.name} holds ${plural(testImages.count, 'test image')}; the playground takes ` +
        `${L.minTest.toLocaleString('en-US')} to ${L.maxTest.toLocaleString('en-US')}.`,
    );
  let top = 0;
  for (const l of [trainLabels.labels, testLabels.labels]) for (const v of l) if (v > top) top = v;
  if (top >= L.maxClasses)
    throw new IdxError(
      `The labels go up to ${top}; the playground takes at most ${L.maxClasses} classes (0–${L.maxClasses - 1}).`,
    );
  return {
    data: {
      trainPixels: trainImages.pixels,
      trainLabels: trainLabels.labels,
      trainCount: trainImages.count,
      testPixels: testImages.pixels,
      testLabels: testLabels.labels,
      testCount: testImages.count,
    },
    classCount: top + 1,
  };
}

/**
 * A name for a dataset made of these files: what their names share before the parts that say
 * train or test ("emnist-balanced" of emnist-balanced-train-images-idx3-ubyte.gz and the rest),
 * or `fallback` when they share nothing that reads as a name (MNIST's own file names).
 */
export function idxSetName(names: readonly string[], fallback = 'Your data'): string {
  const words = names.map((n) => baseName(n).split(/[-_.\s]+/));
  if (words.length === 0) return fallback;
  const shared: string[] = [];
  for (const [i, w] of words[0]!.entries()) {
    if (!words.every((ws) => ws[i] === w) || /^(train|t10k|test|images?|labels?|idx\d*)$/i.test(w))
      break;
    shared.push(w);
  }
  const name = shared.join('-');
  return name.length >= 2 ? name : fallback;
}
