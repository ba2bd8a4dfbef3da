import { describe, expect, it } from 'vitest';
import { IdxError } from './idx';
import { assembleIdxSet, idxSetName, OWN_DATA_LIMITS } from './idxSet';
import { idxImages, idxLabels, numberedImages } from './idx.testkit';

const labels = (n: number, classes: number) => Array.from({ length: n }, (_, i) => i % classes);

/** The four files of a set of `train` and `test` images in `classes` classes. */
function fourFiles(train = 120, test = 30, classes = 3, prefix = '') {
  return {
    trainImages: {
      name: `${prefix}train-images-idx3-ubyte`,
      bytes: idxImages(numberedImages(train)),
    },
    trainLabels: {
      name: `${prefix}train-labels-idx1-ubyte`,
      bytes: idxLabels(labels(train, classes)),
    },
    testImages: {
      name: `${prefix}t10k-images-idx3-ubyte`,
      bytes: idxImages(numberedImages(test, 200)),
    },
    testLabels: {
      name: `${prefix}t10k-labels-idx1-ubyte`,
      bytes: idxLabels(labels(test, classes)),
    },
  };
}

describe('assembleIdxSet', () => {
  it('tells the four files apart in any order, by their magic numbers and names', () => {
    const f = fourFiles();
    const set = assembleIdxSet([f.testLabels, f.trainImages, f.testImages, f.trainLabels]);
    expect(set.classCount).toBe(3);
    expect(set.data.trainCount).toBe(120);
    expect(set.data.testCount).toBe(30);
    expect(set.data.trainPixels[119 * 784]).toBe(119);
    expect(set.data.testPixels[0]).toBe(200);
    expect(Array.from(set.data.testLabels.subarray(0, 4))).toEqual([0, 1, 2, 0]);
  });

  it('without telling names, the larger set trains and labels pair with images by count', () => {
    const f = fourFiles();
    const set = assembleIdxSet([
      { name: 'a', bytes: f.testImages.bytes },
      { name: 'b', bytes: f.trainLabels.bytes },
      { name: 'c', bytes: f.testLabels.bytes },
      { name: 'd', bytes: f.trainImages.bytes },
    ]);
    expect(set.data.trainCount).toBe(120);
    expect(set.data.trainLabels.length).toBe(120);
    expect(set.data.testPixels[0]).toBe(200);
  });

  it('counts classes from the largest label, up to the limit', () => {
    const f = fourFiles(200, 50, 47);
    expect(assembleIdxSet(Object.values(f)).classCount).toBe(47);
    const many = fourFiles(200, 50, OWN_DATA_LIMITS.maxClasses + 1);
    expect(() => assembleIdxSet(Object.values(many))).toThrow(
      `The labels go up to ${OWN_DATA_LIMITS.maxClasses}; the playground takes at most ${OWN_DATA_LIMITS.maxClasses} classes`,
    );
  });

  it('says what is missing or does not match, naming the files', () => {
    const f = fourFiles();
    expect(() => assembleIdxSet([f.trainImages, f.trainLabels, f.testImages])).toThrow(
      'Choose the four IDX files of one dataset together: training images, training labels, ' +
        'test images and test labels (got 2 image files and 1 label file).',
    );
    const other = fourFiles(150, 30);
    expect(() =>
      assembleIdxSet([f.trainImages, other.trainLabels, f.testImages, f.testLabels]),
    ).toThrow(
      'The training images (train-images-idx3-ubyte, 120 images) and labels ' +
        '(train-labels-idx1-ubyte, 150 labels) do not match: choose the files of one dataset.',
    );
    expect(() =>
      assembleIdxSet([{ name: 'photo.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1]) }]),
    ).toThrow(
      'photo.jpg is not an IDX file of images or labels (its first bytes read 0xffd8ffe0).',
    );
    expect(() => assembleIdxSet([{ name: 'empty', bytes: new Uint8Array(0) }])).toThrow(
      'empty is not an IDX file of images or labels (it is nearly empty).',
    );
  });

  it('refuses sets smaller or larger than the page takes', () => {
    const small = fourFiles(OWN_DATA_LIMITS.minTrain - 1, 30);
    expect(() => assembleIdxSet(Object.values(small))).toThrow(IdxError);
    expect(() => assembleIdxSet(Object.values(small))).toThrow(/holds 99 training images/);
    const fewTests = fourFiles(120, OWN_DATA_LIMITS.minTest - 1);
    expect(() => assembleIdxSet(Object.values(fewTests))).toThrow(/holds 9 test images/);
  });
});

describe('idxSetName', () => {
  it('takes what the names share before train or test, or says "Your data"', () => {
    expect(
      idxSetName(Object.values(fourFiles(1, 1, 1, 'emnist-balanced-')).map((f) => f.name)),
    ).toBe('emnist-balanced');
    expect(idxSetName(Object.values(fourFiles()).map((f) => f.name))).toBe('Your data');
    expect(idxSetName(['kmnist/train-images.gz', 'kmnist/t10k-images.gz'])).toBe('Your data');
    expect(idxSetName(['fashion_train_x', 'fashion_test_x'])).toBe('fashion');
  });
});
