// What defines a model. Changing any field rebuilds the model and starts a new run.

export const MODEL_KINDS = ['dense', 'conv', 'denoising', 'sparse', 'vae'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const LOSS_KINDS = ['mse', 'bce'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

export const NOISE_KINDS = ['gaussian', 'masking'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

export interface ModelConfig {
  kind: ModelKind;
  latent: number;
  hidden: number;
  /** Hidden layers on each side of the code (dense-style models), 1–3. */
  depth: number;
  seed: number;
  loss: LossKind;
  /** Denoising: the corruption and its amount (std for Gaussian, drop probability for masking). */
  noise: NoiseKind;
  noiseLevel: number;
  /** Sparse: λ of the L1 penalty λ·mean|z|. */
  sparsity: number;
  /** Variational: weight of the KL term. */
  beta: number;
}

export const DEFAULT_MODEL: ModelConfig = {
  kind: 'dense',
  latent: 16,
  hidden: 256,
  depth: 1,
  seed: 1,
  loss: 'mse',
  noise: 'gaussian',
  noiseLevel: 0.3,
  sparsity: 1e-3,
  beta: 1,
};
