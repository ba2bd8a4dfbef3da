// Quality: the app trains the numpy reference's model (784-512-256-k-256-512-784, Adam 1e-3,
// batch 128) and its test MSE after whole epochs is set beside the reference's and PCA's.
import type { BenchContext } from '../context';
import type { BenchDataset } from '../options';
import { NUMPY_DENSE, pcaReference } from '../reference';
import { trainTo } from './training';

/** The training split of MNIST, and of Fashion-MNIST. */
export const TRAIN_COUNT = 60_000;

/** The URL parameter that picks the data (none for MNIST, the default). */
export const datasetParam = (dataset: BenchDataset): Record<string, string> =>
  dataset === 'mnist' ? {} : { dataset };

/** The numpy reference's architecture and settings, as URL parameters of the app. */
export const QUALITY_MODEL = {
  model: 'dense',
  hidden: '512',
  depth: '2',
  batch: '128',
  lr: '0.001',
};

export interface QualityRow {
  /** The data it trained on (absent in results written before there was a choice: MNIST). */
  dataset?: BenchDataset;
  latent: number;
  epochs: number;
  testMse: number | null;
  pcaMse: number | null;
  numpyMse: number | null;
  backend: string | null;
  atExamples: number | null;
  seconds: number | null;
}

export async function measureQuality(
  ctx: BenchContext,
  backend: string,
  latent: number,
  epochs: readonly number[],
  expectedRate: number | null | undefined,
  dataset: BenchDataset = 'mnist',
): Promise<QualityRow[]> {
  const params = { backend, latent: String(latent), ...QUALITY_MODEL, ...datasetParam(dataset) };
  const rows = await trainTo(
    ctx,
    params,
    epochs.map((e) => e * TRAIN_COUNT),
    expectedRate,
  );
  return rows.map((r, i) => ({
    dataset,
    latent,
    epochs: epochs[i]!,
    testMse: r.testMse,
    pcaMse: pcaReference(dataset).mse[latent] ?? null,
    // The numpy reference trained on MNIST only.
    numpyMse: dataset === 'mnist' ? (NUMPY_DENSE.mse[latent]?.[epochs[i]!] ?? null) : null,
    backend: r.backend,
    atExamples: r.atExamples,
    seconds: r.seconds,
  }));
}
