// The figures the benchmark and the e2e suite compare the app with, each beside where it comes
// from. Data only. The native CPU limit is not here: it depends on the machine, so each run
// measures it (bench/native_step.py).

export interface Source {
  /** What was measured, and how. */
  what: string;
  /** Who measured it, on what. */
  where: string;
  /** When, as far as it was recorded. */
  when: string;
}

/** Test MSE of a model by code size k. */
export type ByLatent = Readonly<Record<number, number>>;

export interface PcaFigures {
  source: Source;
  mse: ByLatent;
  /** Predicting the mean training image for every test image. */
  meanImageMse: number;
}

const MSE_MEANING =
  'mean squared error per pixel on the 10,000 test images of the original split, pixels scaled to [0, 1]';

/** PCA fitted on the 60,000 MNIST training digits, reconstructions clipped to [0, 1]. */
export const PCA_MNIST: PcaFigures = {
  source: {
    what: `PCA fitted on the 60,000 MNIST training digits, reconstructions clipped to [0, 1]; ${MSE_MEANING}`,
    where:
      "the project's reference figures, measured on the team's 2-core development machine (no GPU)",
    when: 'not recorded',
  },
  mse: { 2: 0.0555, 8: 0.0364, 32: 0.0152, 64: 0.0078 },
  meanImageMse: 0.0675,
};

/** The same PCA on Fashion-MNIST. */
export const PCA_FASHION_MNIST: PcaFigures = {
  source: {
    what: `PCA fitted on the 60,000 Fashion-MNIST training images (the official files), clipped to [0, 1]; ${MSE_MEANING}`,
    where:
      "the project's reference figures, on the files of Debian's dataset-fashion-mnist (the npm package fashion-mnist mixes the training and test images, so it is not these files)",
    when: '2026-12-02',
  },
  mse: { 2: 0.0456, 8: 0.026, 32: 0.0145, 64: 0.0098 },
  meanImageMse: 0.0866,
};

/** The PCA figures of a bundled dataset. */
export const pcaReference = (dataset: 'mnist' | 'fashion'): PcaFigures =>
  dataset === 'fashion' ? PCA_FASHION_MNIST : PCA_MNIST;

/**
 * A dense autoencoder written directly in numpy: its MNIST test MSE by code size and epoch. The
 * benchmark's quality runs train the app with the same model and settings (QUALITY_MODEL).
 */
export const NUMPY_DENSE = {
  source: {
    what: `dense autoencoder 784-512-256-k-256-512-784 (ReLU, linear code, sigmoid output, MSE loss, Adam at 1e-3, batch 128) in numpy, trained on the 60,000 MNIST training digits; ${MSE_MEANING}`,
    where:
      "the project's reference figures, measured on the team's 2-core development machine (no GPU)",
    when: 'not recorded',
  } satisfies Source,
  /** mse[k][epochs] */
  mse: {
    2: { 1: 0.0464, 5: 0.0387, 10: 0.0368 },
    8: { 1: 0.0237, 5: 0.0173, 10: 0.0156 },
    32: { 1: 0.0121, 5: 0.0075, 10: 0.0062 },
  } as Readonly<Record<number, Readonly<Record<number, number>>>>,
};

/** What the family runs' target (FAMILY_TARGET_MSE in bench/targets.ts) is set against. */
export const PYTORCH_CONV = {
  source: {
    what: "PyTorch sweep of the app's convolutional model at latent 32 with the family runs' settings (hidden 512 → 32/64 channels, batch 64, lr 0.002), MNIST test MSE after 4 epochs",
    where: 'the team, while choosing the family settings',
    when: 'not recorded',
  } satisfies Source,
  mseAfter4Epochs: 0.0041,
};

/** Hinton and Salakhutdinov, the published deep autoencoder, for scale (information only). */
export const HINTON_2006 = {
  source: {
    what: 'deep autoencoder 784-1000-500-250-30: 3.00 summed squared error per MNIST test image (30-dimensional PCA: 13.87)',
    where:
      'Hinton and Salakhutdinov, "Reducing the dimensionality of data with neural networks", Science 313 (2006)',
    when: '2006',
  } satisfies Source,
  msePerPixel: 3.0 / 784,
  pca30MsePerPixel: 13.87 / 784,
};

/** The figures and their sources, for the result JSON. */
export const REFERENCE = {
  pcaMnist: PCA_MNIST,
  pcaFashionMnist: PCA_FASHION_MNIST,
  numpyDense: NUMPY_DENSE,
  pytorchConv: PYTORCH_CONV,
  hinton2006: HINTON_2006,
};
