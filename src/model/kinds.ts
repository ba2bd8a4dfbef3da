// What each model kind is and offers, in one table. The controls, the panels, the e2e suite and
// the benchmark read it instead of listing kinds by hand; a unit test (kinds.test.ts) checks it
// against what each factory really does.
import type { ModelConfig, ModelKind } from './config';

/** The model fields that only some kinds read. Every kind reads latent, hidden, seed and loss. */
export const KIND_PARAMS = [
  'depth',
  'noise',
  'noiseLevel',
  'sparsity',
  'beta',
  'contraction',
] as const satisfies readonly (keyof ModelConfig)[];
export type KindParam = (typeof KIND_PARAMS)[number];

export interface ModelKindInfo {
  /** The kind's name for people (the Model select's option). */
  label: string;
  /** The kind-specific fields its factory reads: their controls show only for this kind. */
  uses: readonly KindParam[];
  /** Decodes codes drawn from the prior N(0, I): offers Generate. */
  generates: boolean;
  /** Trains on corrupted input: the grid shows the corrupted digits. */
  corrupts: boolean;
  /** Penalises the code's size: the page reports its near-zero units. */
  sparseCode: boolean;
}

export const MODEL_KIND_INFO: { readonly [K in ModelKind]: ModelKindInfo } = {
  dense: { label: 'Dense', uses: ['depth'], generates: false, corrupts: false, sparseCode: false },
  conv: { label: 'Convolutional', uses: [], generates: false, corrupts: false, sparseCode: false },
  denoising: {
    label: 'Denoising',
    uses: ['depth', 'noise', 'noiseLevel'],
    generates: false,
    corrupts: true,
    sparseCode: false,
  },
  sparse: {
    label: 'Sparse',
    uses: ['depth', 'sparsity'],
    generates: false,
    corrupts: false,
    sparseCode: true,
  },
  vae: {
    label: 'Variational',
    uses: ['depth', 'beta'],
    generates: true,
    corrupts: false,
    sparseCode: false,
  },
  contractive: {
    label: 'Contractive',
    uses: ['depth', 'contraction'],
    generates: false,
    corrupts: false,
    sparseCode: false,
  },
};

/** Whether a kind's factory reads a field (the always-read ones included). */
export function kindUses(kind: ModelKind, field: keyof ModelConfig): boolean {
  const own: readonly string[] = MODEL_KIND_INFO[kind].uses;
  return !(KIND_PARAMS as readonly string[]).includes(field) || own.includes(field);
}
