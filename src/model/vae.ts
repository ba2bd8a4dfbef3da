import * as tf from '@tensorflow/tfjs-core';
import {
  applyDense,
  applyHiddenStack,
  createDenseNet,
  denseNetVariables,
  nonNegative,
  type DenseOptions,
} from './dense';
import { DEFAULT_MODEL } from './config';
import { seedSequence } from './denoising';
import { klDivergence, lossLabel, nearZeroFraction, reconstructionLoss } from './losses';
import type { Autoencoder, StepLoss } from './types';

export interface VaeOptions extends DenseOptions {
  /** Weight of the KL term; 1 is the standard ELBO. */
  beta: number;
}

/**
 * A variational autoencoder on the dense layers: the encoder's last hidden layer feeds two
 * linear heads, the mean μ and the log-variance of q(z|x); training decodes the reparameterised
 * sample z = μ + exp(½·logvar)·ε, ε ~ N(0, I). `encode` returns μ.
 *
 * Loss = reconstruction + β·KL, both per digit: the reconstruction error (MSE or BCE) summed over
 * the 784 pixels and averaged over the batch, so β = 1 is the standard (negative) ELBO.
 * Parts: `reconstruction`, and `kl` unweighted (nats per digit).
 */
export function createVariationalAutoencoder(opts: VaeOptions): Autoencoder {
  const loss = opts.loss ?? 'mse';
  const net = createDenseNet(opts, ['mean', 'logvar']);
  const meanHead = net.heads[0]!;
  const logvarHead = net.heads[1]!;
  const variables = denseNetVariables(net);
  const beta = nonNegative(opts.beta, DEFAULT_MODEL.beta);
  const nextSeed = seedSequence(opts.seed);
  const act = opts.activation ?? 'relu';

  const posterior = (x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } => {
    const h = applyHiddenStack(x, net.encoder, act, true);
    return { mu: applyDense(h, meanHead), logvar: applyDense(h, logvarHead) };
  };
  const logits = (z: tf.Tensor2D): tf.Tensor2D =>
    applyDense(applyHiddenStack(z, net.decoder, act), net.out);
  const encode = (x: tf.Tensor2D): tf.Tensor2D => posterior(x).mu;
  const decode = (z: tf.Tensor2D): tf.Tensor2D => tf.sigmoid(logits(z));

  return {
    latentSize: opts.latent,
    lossName: `ELBO (${lossLabel(loss)} + β·KL)`,
    variables,
    encode,
    decode,
    trainLoss(x: tf.Tensor2D): StepLoss {
      const { mu, logvar } = posterior(x);
      const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', nextSeed());
      const z = tf.add<tf.Tensor2D>(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps));
      const reconstruction = reconstructionLoss(loss, x, logits(z), 'sumPerExample');
      const kl = klDivergence(mu, logvar);
      return { total: tf.add(reconstruction, tf.mul(kl, beta)), parts: { reconstruction, kl } };
    },
    sample(n: number, seed: number): tf.Tensor2D {
      return tf.tidy(() => decode(tf.randomNormal([n, opts.latent], 0, 1, 'float32', seed)));
    },
    codeStats: (x) => ({ nearZero: tf.tidy(() => nearZeroFraction(encode(x))) }),
    dispose() {
      for (const v of variables) v.dispose();
    },
  };
}
