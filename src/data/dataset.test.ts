import { describe, expect, it } from 'vitest';
import { pickDisplayIndices } from './dataset';
import { datasetInfo, DATASETS } from './datasets';

describe('pickDisplayIndices', () => {
  it('takes the first of each class in class order, leaving later classes out', () => {
    const labels = new Uint8Array([3, 0, 1, 0, 2, 1, 3, 11, 2]);
    expect(pickDisplayIndices(labels, 2, 4)).toEqual([1, 3, 2, 5, 4, 8, 0, 6]);
    expect(pickDisplayIndices(labels, 1, 2)).toEqual([1, 2]);
    expect(pickDisplayIndices(labels, 1, 12)).toEqual([1, 2, 4, 0, 7]);
  });
});

describe('datasetInfo', () => {
  it('numbers the classes of a person’s data and takes its name; the bundled sets are as declared', () => {
    const own = datasetInfo('own', 3, { name: 'kmnist', trainCount: 500 });
    expect(own.classNames).toEqual(['0', '1', '2']);
    expect(own.name).toBe('kmnist');
    expect(own.trainCount).toBe(500);
    expect(datasetInfo('own', 2).name).toBe('Your data');
    expect(datasetInfo('fashion', 3)).toBe(DATASETS.fashion);
  });
});
