// Downloads and decodes the sprite inside the worker, reporting progress.
import type { Dataset } from '../data/dataset';
import { DATASETS, type DatasetId } from '../data/datasets';
import { decodeSprite, fetchBytes, SpriteError } from '../data/decodeSprite';
import { checkLabels, checkManifest } from '../data/sprite';
import { getOwnData } from '../persist/dataDb';

export interface LoadResult {
  data: Dataset;
  decodeMs: number;
  /** Labels run 0 … classCount − 1. */
  classCount: number;
}

/** A person's dataset, as the import kept it in the browser. */
async function loadOwnData(
  onProgress: (loaded: number, total: number) => void,
): Promise<LoadResult> {
  const t0 = performance.now();
  let record: Awaited<ReturnType<typeof getOwnData>>;
  try {
    record = await getOwnData();
  } catch (err) {
    throw new SpriteError(err instanceof Error ? err.message : String(err));
  }
  const bytes = record.trainPixels.byteLength + record.testPixels.byteLength;
  onProgress(bytes, bytes);
  const { trainPixels, trainLabels, trainCount, testPixels, testLabels, testCount } = record;
  return {
    data: { trainPixels, trainLabels, trainCount, testPixels, testLabels, testCount },
    decodeMs: performance.now() - t0,
    classCount: record.classCount,
  };
}

/** Loads the sprite of `dataset` from `baseUrl`, its folder. */
export async function loadDataset(
  dataset: DatasetId,
  baseUrl: string,
  onProgress: (loaded: number, total: number) => void,
): Promise<LoadResult> {
  if (dataset === 'own') return loadOwnData(onProgress);
  const { name, howToGet } = DATASETS[dataset];
  let manifestJson: unknown;
  try {
    const res = await fetch(`${baseUrl}manifest.json`);
    if (!res.ok) {
      throw new SpriteError(
        `Could not download the ${name} manifest: HTTP ${res.status}. ${howToGet}`,
      );
    }
    manifestJson = await res.json();
  } catch (err) {
    if (err instanceof SpriteError) throw err;
    // A server that answers every path with the page (a dev server's fallback) lands here.
    throw new SpriteError(`Could not read the ${name} manifest: ${String(err)} ${howToGet}`);
  }
  const manifest = checkManifest(manifestJson);
  const total = manifest.files.reduce((n, f) => n + f.bytes, 0);
  let loaded = 0;
  onProgress(0, total);
  const onBytes = (delta: number) => {
    loaded += delta;
    onProgress(Math.min(loaded, total), total);
  };
  const { train, test } = manifest.splits;
  const [trainPng, trainLab, testPng, testLab] = await Promise.all([
    fetchBytes(`${baseUrl}${train.images}`, onBytes),
    fetchBytes(`${baseUrl}${train.labels}`, onBytes),
    fetchBytes(`${baseUrl}${test.images}`, onBytes),
    fetchBytes(`${baseUrl}${test.labels}`, onBytes),
  ]);
  const t1 = performance.now();
  const [trainPixels, testPixels] = await Promise.all([
    decodeSprite(trainPng, train.count, train.images),
    decodeSprite(testPng, test.count, test.images),
  ]);
  const decodeMs = performance.now() - t1;
  return {
    data: {
      trainPixels,
      trainLabels: checkLabels(trainLab, train.count, train.labels),
      trainCount: train.count,
      testPixels,
      testLabels: checkLabels(testLab, test.count, test.labels),
      testCount: test.count,
    },
    decodeMs,
    classCount: DATASETS[dataset].classNames.length,
  };
}
