// The model as its layers, run on one digit layer by layer: what each layer of the exported plan
// (layersPlan.ts) outputs, for the network diagram and the learned-features views. It runs the
// plan with tfjs ops on the weights as the Layers model holds them, so it computes exactly the
// exported model (a test checks its code and reconstruction against the model's own encode and
// decode for every kind).
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activation';
import { ACTIVATION_KINDS, type ActivationKind } from './config';
import type { LayerJson } from './layersJson';
import type { LayersPlan } from './layersPlan';

/** One layer's output for the digit, without the batch axis. */
export interface LayerTrace {
  name: string;
  /** The Keras class: Dense, Conv2D, Conv2DTranspose, UpSampling2D, … */
  className: string;
  /** 'relu', 'sigmoid', 'tanh', 'linear'; null for a layer without one. */
  activation: string | null;
  /** [units] for a dense layer, [height, width, channels] for an image layer. */
  shape: number[];
  values: Float32Array;
  /** Trainable values the layer owns (kernel and bias). */
  params: number;
}

/** Our variable values as the Layers model's weights, by weight name (`<layer>/kernel`). */
export function layersWeights(
  plan: LayersPlan,
  values: readonly Float32Array[],
): Map<string, tf.Tensor> {
  if (values.length !== plan.weights.length)
    throw new Error(`${values.length} weight arrays for a plan of ${plan.weights.length}`);
  const out = new Map<string, tf.Tensor>();
  plan.weights.forEach((w, i) => {
    const ours = tf.tensor(values[i]!, w.ourShape, 'float32');
    if (!w.swapLastTwo) {
      out.set(w.name, ours);
      return;
    }
    const n = w.ourShape.length;
    const perm = [...Array(n).keys()];
    [perm[n - 2], perm[n - 1]] = [perm[n - 1]!, perm[n - 2]!];
    out.set(w.name, tf.transpose(ours, perm));
  });
  return out;
}

/** A Layers JSON activation (absent: linear) through the model's own activate. */
function activateNamed(x: tf.Tensor, activation: unknown): tf.Tensor {
  if (activation === undefined) return x;
  if (!(ACTIVATION_KINDS as readonly unknown[]).includes(activation))
    throw new Error(`activation ${String(activation)} is not known here`);
  return activate(x, activation as ActivationKind);
}

const pair = (v: unknown): [number, number] => {
  const a = v as number[];
  return [a[0]!, a[1]!];
};

/** One layer on its input (with a batch axis of 1). */
function runLayer(layer: LayerJson, x: tf.Tensor, weights: Map<string, tf.Tensor>): tf.Tensor {
  const c = layer.config;
  const kernel = () => weights.get(`${layer.name}/kernel`)!;
  const bias = () => weights.get(`${layer.name}/bias`)!;
  switch (layer.class_name) {
    case 'Dense':
      return activateNamed(
        tf.add(tf.matMul(x as tf.Tensor2D, kernel() as tf.Tensor2D), bias()),
        c.activation,
      );
    case 'Reshape':
      return tf.reshape(x, [1, ...(c.target_shape as number[])]);
    case 'Flatten':
      return tf.reshape(x, [1, -1]);
    case 'ZeroPadding2D': {
      const [[t, b], [l, r]] = c.padding as [[number, number], [number, number]];
      return tf.pad(x as tf.Tensor4D, [
        [0, 0],
        [t, b],
        [l, r],
        [0, 0],
      ]);
    }
    case 'Conv2D': {
      const y = tf.conv2d(
        x as tf.Tensor4D,
        kernel() as tf.Tensor4D,
        pair(c.strides),
        c.padding as 'valid' | 'same',
      );
      return activateNamed(tf.add(y, bias()), c.activation);
    }
    case 'Conv2DTranspose': {
      const [, h, w] = x.shape as number[];
      const [sh, sw] = pair(c.strides);
      const filters = c.filters as number;
      const y = tf.conv2dTranspose(
        x as tf.Tensor4D,
        kernel() as tf.Tensor4D,
        [1, h! * sh, w! * sw, filters],
        [sh, sw],
        'same',
      );
      return activateNamed(tf.add(y, bias()), c.activation);
    }
    case 'UpSampling2D': {
      const [, h, w] = x.shape as number[];
      const [sh, sw] = pair(c.size);
      return tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [h! * sh, w! * sw]);
    }
    default:
      throw new Error(`layer ${layer.class_name} is not known here`);
  }
}

/**
 * Every layer's output for one digit, in the plan's order (the input layer first). The plan's
 * layers each take one input, so the outputs are kept by name as the graph is walked.
 * @param values the model's variables, in the order of its `variables`
 * @param input [784] pixel values in [0,1]
 */
export function traceLayers(
  plan: LayersPlan,
  values: readonly Float32Array[],
  input: Float32Array,
): LayerTrace[] {
  const params = new Map<string, number>();
  for (const w of plan.weights) {
    const layer = w.name.slice(0, w.name.lastIndexOf('/'));
    params.set(layer, (params.get(layer) ?? 0) + w.shape.reduce((a, b) => a * b, 1));
  }
  const traces: LayerTrace[] = [];
  tf.tidy(() => {
    const weights = layersWeights(plan, values);
    const outputs = new Map<string, tf.Tensor>();
    for (const layer of plan.layers) {
      const from = layer.inbound_nodes[0]?.[0]?.[0];
      const y =
        from === undefined
          ? tf.tensor2d(input, [1, input.length])
          : runLayer(layer, outputs.get(from)!, weights);
      outputs.set(layer.name, y);
      const activation = layer.config.activation;
      traces.push({
        name: layer.name,
        className: layer.class_name,
        activation: typeof activation === 'string' ? activation : null,
        shape: y.shape.slice(1),
        values: (y.dataSync() as Float32Array).slice(),
        params: params.get(layer.name) ?? 0,
      });
    }
  });
  return traces;
}
