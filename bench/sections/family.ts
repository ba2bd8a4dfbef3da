// The family: each model kind (src/model/config.ts, labels from src/model/kinds.ts) trains at
// latent 32 with one recipe, and its test MSE is read after 1 epoch and after --family-examples.
import type { ModelKind } from '../../src/model/config';
import { MODEL_KIND_INFO } from '../../src/model/kinds';
import type { BenchContext } from '../context';
import type { BenchDataset } from '../options';
import { pcaReference } from '../reference';
import { datasetParam } from './quality';
import { trainTo } from './training';

export const FAMILY_LATENT = 32;

/**
 * One recipe for all, so the variants compare on equal terms. hidden 512 is 512-256 a side for
 * the dense kinds and 32/64 channels for the conv model (see PYTORCH_CONV in bench/reference.ts).
 */
const FAMILY_COMMON = { hidden: '512', depth: '2', batch: '64', lr: '0.002' };

/** Each kind's URL parameters: the common recipe and what the kind itself needs. */
export const FAMILY_SETTINGS: { readonly [K in ModelKind]: Record<string, string> } = {
  dense: { ...FAMILY_COMMON },
  conv: { ...FAMILY_COMMON },
  denoising: { ...FAMILY_COMMON, noise: 'gaussian', noiselevel: '0.3' },
  sparse: { ...FAMILY_COMMON, sparsity: '0.001' },
  vae: { ...FAMILY_COMMON, loss: 'bce', beta: '1' },
  // Its encoder is one sigmoid layer to the code (the closed form of its penalty needs it).
  contractive: { ...FAMILY_COMMON, contraction: '0.001' },
};

export interface FamilyRow {
  /** The data it trained on (absent in results written before there was a choice: MNIST). */
  dataset?: BenchDataset;
  variant: ModelKind;
  label: string;
  latent: number;
  examples: number;
  testMse: number | null;
  pcaMse: number | null;
  backend: string | null;
  atExamples: number | null;
  seconds: number | null;
  settings: Record<string, string>;
}

/** How much slower than a dense step a kind's step is on a CPU backend (for the time budget). */
export const stepCost = (kind: ModelKind): number => (kind === 'conv' ? 10 : 2);

export async function measureFamily(
  ctx: BenchContext,
  backend: string,
  variant: ModelKind,
  counts: readonly number[],
  expectedRate: number,
  dataset: BenchDataset = 'mnist',
): Promise<FamilyRow[]> {
  const settings = FAMILY_SETTINGS[variant];
  const params = {
    backend,
    model: variant,
    latent: String(FAMILY_LATENT),
    ...settings,
    ...datasetParam(dataset),
  };
  const rows = await trainTo(ctx, params, counts, expectedRate);
  return rows.map((r) => ({
    dataset,
    variant,
    label: MODEL_KIND_INFO[variant].label,
    latent: FAMILY_LATENT,
    examples: r.examples,
    testMse: r.testMse,
    pcaMse: pcaReference(dataset).mse[FAMILY_LATENT] ?? null,
    backend: r.backend,
    atExamples: r.atExamples,
    seconds: r.seconds,
    settings,
  }));
}
