import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../data/rng';
import { glorotVariable, uniqueName, zeroBias } from './init';
import type { Autoencoder, StepLoss } from './types';

export interface DenseOptions {
  inputSize?: number;
  hidden: number;
  latent: number;
  seed: number;
}

interface Layer {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
}

function layer(fanIn: number, fanOut: number, rng: () => number, name: string): Layer {
  const id = uniqueName(name);
  return { w: glorotVariable(fanIn, fanOut, rng, `${id}_w`), b: zeroBias(fanOut, `${id}_b`) };
}

/**
 * A dense autoencoder 784 → H → k → H → 784: ReLU hidden layers, a linear code, a sigmoid
 * output, mean squared error. Matmul, bias and activation run as one fused kernel each.
 */
export function createDenseAutoencoder(opts: DenseOptions): Autoencoder {
  const input = opts.inputSize ?? 784;
  const rng = createRng(opts.seed);
  const enc1 = layer(input, opts.hidden, rng, 'enc1');
  const code = layer(opts.hidden, opts.latent, rng, 'code');
  const dec1 = layer(opts.latent, opts.hidden, rng, 'dec1');
  const out = layer(opts.hidden, input, rng, 'out');
  const layers = [enc1, code, dec1, out];

  const encode = (x: tf.Tensor2D): tf.Tensor2D => {
    const h = tf.fused.matMul({ a: x, b: enc1.w, bias: enc1.b, activation: 'relu' });
    return tf.fused.matMul({ a: h, b: code.w, bias: code.b }) as tf.Tensor2D;
  };
  const logits = (z: tf.Tensor2D): tf.Tensor2D => {
    const h = tf.fused.matMul({ a: z, b: dec1.w, bias: dec1.b, activation: 'relu' });
    return tf.fused.matMul({ a: h, b: out.w, bias: out.b }) as tf.Tensor2D;
  };
  const decode = (z: tf.Tensor2D): tf.Tensor2D => tf.sigmoid(logits(z));

  return {
    latentSize: opts.latent,
    variables: layers.flatMap((l) => [l.w, l.b]),
    encode,
    decode,
    trainLoss(x: tf.Tensor2D): StepLoss {
      const y = decode(encode(x));
      return { total: tf.mean(tf.squaredDifference(y, x)) as tf.Scalar };
    },
    dispose() {
      for (const l of layers) {
        l.w.dispose();
        l.b.dispose();
      }
    },
  };
}
