import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/rng';
import { DEFAULT_MODEL } from './config';
import {
  applyDense,
  applyHiddenStack,
  createDenseDecoder,
  denseLayer,
  fromCore,
  hiddenWidths,
  layerVariables,
  nonNegative,
  type AutoencoderCore,
  type DenseOptions,
} from './dense';
import { lossLabel, reconstructionLoss } from './losses';
import type { Autoencoder, StepLoss } from './types';

/** The code layer's initial weight range, in multiples of Glorot's. */
export const SIGMOID_GAIN = 4;

export interface ContractiveOptions extends DenseOptions {
  /** λ of the penalty λ·‖∂h/∂x‖²_F on the encoder's Jacobian, per digit. */
  contraction: number;
}

/**
 * The squared Frobenius norm of the Jacobian ∂h/∂x of the code h = sigmoid(x·W + b), per digit,
 * averaged over the batch. With W [inputs, k], ∂h_j/∂x_i = h_j(1 − h_j)·W_ij, so
 * ‖J‖²_F = Σ_j (h_j(1 − h_j))² · Σ_i W_ij²: the column norms of W are one reduction for the whole
 * batch, the rest is elementwise on [batch, k].
 * @param h [batch, k] the code, sigmoid outputs
 * @param w [inputs, k] the encoder's kernel
 */
export function jacobianNormSquared(h: tf.Tensor2D, w: tf.Tensor2D): tf.Scalar {
  const slope = tf.mul(h, tf.sub(1, h));
  const columnNorms = tf.sum(tf.square(w), 0);
  return tf.mean(tf.sum(tf.mul(tf.square(slope), columnNorms), 1));
}

/**
 * The contractive autoencoder (Rifai et al., 2011). The encoder is one dense layer with a sigmoid,
 * h = sigmoid(x·W + b), from the pixels straight to the k code units, which makes the penalty's
 * closed form above exact; the decoder is the dense decoder, k → hidden layers → 784, sigmoid
 * output. Variables: code, dec1…decN, out.
 *
 * Loss = reconstruction + λ·‖∂h/∂x‖²_F (per digit, averaged over the batch). Parts:
 * `reconstruction`, and `contraction` = λ·‖J‖²_F, so the parts sum to the total.
 */
export function createContractiveAutoencoder(opts: ContractiveOptions): Autoencoder {
  const loss = opts.loss ?? 'mse';
  const input = opts.inputSize ?? 784;
  const act = opts.activation ?? 'relu';
  const lambda = nonNegative(opts.contraction, DEFAULT_MODEL.contraction);
  const rng = createRng(opts.seed);
  // The sigmoid's slope at 0 is 1/4: four times Glorot's range gives the code units the spread
  // a linear unit would have. Measured on MNIST (latent 16, hidden 256, learning rate 0.001,
  // λ = 0.0001), one epoch ends at a test MSE of 0.042 with it and 0.057 without.
  const code = denseLayer(input, opts.latent, rng, 'code', SIGMOID_GAIN);
  const { decoder, out } = createDenseDecoder(
    opts.latent,
    hiddenWidths(opts.hidden, opts.depth ?? 1),
    input,
    rng,
  );
  const core: AutoencoderCore = {
    latentSize: opts.latent,
    variables: layerVariables([code, ...decoder, out]),
    encode: (x) => applyDense(x, code, 'sigmoid', true),
    logits: (z) => applyDense(applyHiddenStack(z, decoder, act), out),
  };
  const base = fromCore(core, loss);
  return {
    ...base,
    lossName: `${lossLabel(loss)} + λ·‖J‖²`,
    trainLoss(x: tf.Tensor2D): StepLoss {
      const h = core.encode(x);
      const reconstruction = reconstructionLoss(loss, x, core.logits(h));
      const contraction = tf.mul(jacobianNormSquared(h, code.w), lambda) as tf.Scalar;
      return {
        total: tf.add(reconstruction, contraction),
        parts: { reconstruction, contraction },
      };
    },
  };
}
