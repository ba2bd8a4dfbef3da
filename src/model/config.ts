// What defines a model. Changing any field rebuilds the model and starts a new run. The URL-state
// table (src/state/config.ts) takes the defaults and ranges of these fields from here.

export const MODEL_KINDS = ['dense', 'conv', 'denoising', 'sparse', 'vae', 'contractive'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const LOSS_KINDS = ['mse', 'bce'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

export const NOISE_KINDS = ['gaussian', 'masking'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

/** The hidden layers' activation; the output layer is always a sigmoid. */
export const ACTIVATION_KINDS = ['relu', 'sigmoid', 'tanh', 'linear'] as const;
export type ActivationKind = (typeof ACTIVATION_KINDS)[number];

export interface ModelConfig {
  kind: ModelKind;
  latent: number;
  hidden: number;
  /** Hidden layers on each side of the code (dense-style models), 1–3. */
  depth: number;
  /** The hidden layers' activation (each kind's code layer keeps its own). */
  activation: ActivationKind;
  seed: number;
  loss: LossKind;
  /** Denoising: the corruption and its amount (std for Gaussian, drop probability for masking). */
  noise: NoiseKind;
  noiseLevel: number;
  /** Sparse: λ of the L1 penalty λ·mean|z|. */
  sparsity: number;
  /** Variational: weight of the KL term. */
  beta: number;
  /** Contractive: λ of the penalty λ·‖∂h/∂x‖²_F on the encoder's Jacobian. */
  contraction: number;
}

export const DEFAULT_MODEL: ModelConfig = {
  kind: 'dense',
  latent: 16,
  hidden: 256,
  depth: 1,
  activation: 'relu',
  seed: 1,
  loss: 'mse',
  noise: 'gaussian',
  noiseLevel: 0.3,
  sparsity: 1e-3,
  beta: 1,
  contraction: 1e-3,
};

/** Pixels of a digit: a code this large or larger is overcomplete. */
export const INPUT_SIZE = 784;

/** Whether a code of `latent` numbers is at least as large as the input (it can copy it). */
export const isOvercomplete = (latent: number): boolean => latent >= INPUT_SIZE;

/** The range each numeric field accepts; the factories clamp to it, the URL and sliders too. */
export const MODEL_RANGES = {
  latent: { min: 1, max: 1024 },
  hidden: { min: 32, max: 1024 },
  depth: { min: 1, max: 3 },
  noiseLevel: { min: 0, max: 1 },
  sparsity: { min: 1e-5, max: 1e-1 },
  beta: { min: 0, max: 4 },
  contraction: { min: 1e-4, max: 1 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const satisfies Partial<Record<keyof ModelConfig, { min: number; max: number }>>;
