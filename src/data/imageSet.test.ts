import { describe, expect, it } from 'vitest';
import { assembleImageSet, IMAGE_LIMITS, imageSetName, type PreparedImage } from './imageSet';

/** `count` images in folder `cls`, each filled with `value` so it can be found again. */
const images = (cls: string, count: number, value = 1): PreparedImage[] =>
  Array.from({ length: count }, (_, i) => ({
    path: `set/${cls}/${i}.png`,
    pixels: new Uint8Array(784).fill(value),
  }));

describe('assembleImageSet', () => {
  it('labels by folder, splits 85/15 with the seed, and keeps each image with its label', () => {
    const set = assembleImageSet([...images('b', 80, 2), ...images('a', 120, 1)], 7);
    expect(set.classNames).toEqual(['a', 'b']);
    expect(set.data.trainCount + set.data.testCount).toBe(200);
    expect(set.data.testCount).toBe(30);
    for (const [pixels, labels, count] of [
      [set.data.trainPixels, set.data.trainLabels, set.data.trainCount],
      [set.data.testPixels, set.data.testLabels, set.data.testCount],
    ] as const)
      for (let i = 0; i < count; i++) expect(pixels[i * 784]).toBe(labels[i] === 0 ? 1 : 2);
    expect(assembleImageSet([...images('b', 80, 2), ...images('a', 120, 1)], 7)).toEqual(set);
    expect(set.skipped).toEqual([]);
  });

  it('leaves out a class of one image with a message naming the file; the rest loads', () => {
    const set = assembleImageSet(
      [...images('a', 150), { path: 'set/lonely/x.png', pixels: new Uint8Array(784) }],
      1,
      ['notes.txt is not a PNG, JPEG or WebP image, so it is left out.'],
    );
    expect(set.classNames).toEqual(['a']);
    expect(set.data.trainCount + set.data.testCount).toBe(150);
    expect(set.skipped).toEqual([
      'notes.txt is not a PNG, JPEG or WebP image, so it is left out.',
      'x.png is the only image of “lonely”, so it is left out (a class needs images to train on and to test with).',
    ]);
  });

  it('refuses too few images, too many, and too many classes', () => {
    expect(() => assembleImageSet(images('a', 99), 1)).toThrow(
      'Only 99 images could be used; the playground needs at least 100.',
    );
    expect(() => assembleImageSet([], 1)).toThrow('No image could be used');
    const notes = [
      'a.txt is not an image.',
      'b.txt is not an image.',
      'c.txt is not an image.',
      'd.txt is not an image.',
    ];
    expect(() => assembleImageSet([], 1, notes)).toThrow(
      'No image could be used; the playground needs at least 100. a.txt is not an image. ' +
        'b.txt is not an image. c.txt is not an image. (and 1 more left out)',
    );
    const many = Array.from({ length: IMAGE_LIMITS.maxImages + 1 }, (_, i) => ({
      path: `${i}.png`,
      pixels: new Uint8Array(0),
    }));
    expect(() => assembleImageSet(many, 1)).toThrow('the playground takes at most 60,000');
    const classes = Array.from({ length: 21 }, (_, c) => images(`c${c}`, 5)).flat();
    expect(() => assembleImageSet(classes, 1)).toThrow(
      'in 21 folders (classes); the playground takes at most 20',
    );
  });
});

describe('imageSetName', () => {
  it('is the folder the files share, or "Your images"', () => {
    expect(imageSetName(['pets/cats/a.png', 'pets/dogs/b.png'])).toBe('pets');
    expect(imageSetName(['a.png', 'b.png'])).toBe('Your images');
    expect(imageSetName(['x/a.png', 'y/b.png'])).toBe('Your images');
  });
});
