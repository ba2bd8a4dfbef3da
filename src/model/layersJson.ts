// Standard Keras layers as the TensorFlow.js Layers JSON spells them, written by hand so that the
// model code never loads tfjs-layers. Every field is the one tfjs-layers 4.22 writes itself (a test
// loads our topology with tf.loadLayersModel and checks that its own serialiser gives it back
// unchanged), which is also what the tensorflowjs converter reads to build the Keras model.

/** The dialect of the Layers JSON written here, as tfjs-layers names it in `keras_version`. */
export const LAYERS_JSON_VERSION = 'tfjs-layers 4.22.0';

/** One entry of `modelTopology.config.layers`. */
export interface LayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  /** One node, fed by one tensor: [[[layer, nodeIndex, tensorIndex, kwargs]]]. */
  inbound_nodes: [string, number, number, Record<string, never>][][];
}

export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/** A kernel or bias the layer owns, in the order the layer creates them. */
export interface LayerWeight {
  /** 'kernel' or 'bias'; the file names it `<layer>/<part>`. */
  part: 'kernel' | 'bias';
  /** Its shape in the Layers model. */
  shape: number[];
}

/** A layer and the weights it owns. */
export interface PlannedLayer {
  json: LayerJson;
  weights: LayerWeight[];
}

// We initialise with Glorot-uniform weights and zero biases, so say so; the values are replaced
// by the file's weights on loading anyway.
const GLOROT_UNIFORM = {
  class_name: 'VarianceScaling',
  config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null },
};
const ZEROS = { class_name: 'Zeros', config: {} };

function layer(
  className: string,
  name: string,
  from: string | null,
  config: Record<string, unknown>,
  weights: LayerWeight[] = [],
): PlannedLayer {
  return {
    json: {
      name,
      class_name: className,
      config: { ...config, name, trainable: true },
      inbound_nodes: from === null ? [] : [[[from, 0, 0, {}]]],
    },
    weights,
  };
}

/** The model's input: [null, size] float32. */
export function inputLayer(name: string, size: number): PlannedLayer {
  return {
    json: {
      name,
      class_name: 'InputLayer',
      config: { batch_input_shape: [null, size], dtype: 'float32', sparse: false, name },
      inbound_nodes: [],
    },
    weights: [],
  };
}

/** x·kernel + bias, then the activation; kernel [inputs, units]. */
export function denseLayer(
  name: string,
  from: string,
  inputs: number,
  units: number,
  activation: Activation,
): PlannedLayer {
  return layer(
    'Dense',
    name,
    from,
    {
      units,
      activation,
      use_bias: true,
      kernel_initializer: GLOROT_UNIFORM,
      bias_initializer: ZEROS,
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    },
    [
      { part: 'kernel', shape: [inputs, units] },
      { part: 'bias', shape: [units] },
    ],
  );
}

/** [null, …] → [null, ...targetShape], row-major (C order), as tf.reshape. */
export function reshapeLayer(name: string, from: string, targetShape: number[]): PlannedLayer {
  return layer('Reshape', name, from, { target_shape: targetShape });
}

/** [null, h, w, c] → [null, h·w·c], row-major: in channels_last, a plain reshape. */
export function flattenLayer(name: string, from: string): PlannedLayer {
  return layer('Flatten', name, from, {});
}

/** Zeros around the image: padding [[top, bottom], [left, right]]. */
export function zeroPaddingLayer(
  name: string,
  from: string,
  padding: [[number, number], [number, number]],
): PlannedLayer {
  return layer('ZeroPadding2D', name, from, { padding, data_format: 'channels_last' });
}

/** Conv layers' fields in the order tfjs-layers writes them. */
function convFields(filters: number, kernel: number, stride: number): Record<string, unknown> {
  return {
    filters,
    kernel_initializer: GLOROT_UNIFORM,
    kernel_regularizer: null,
    kernel_constraint: null,
    kernel_size: [kernel, kernel],
    strides: [stride, stride],
  };
}

const BIAS_FIELDS = {
  use_bias: true,
  bias_initializer: ZEROS,
  bias_regularizer: null,
  activity_regularizer: null,
  bias_constraint: null,
};

/**
 * A k×k convolution (cross-correlation, as tf.conv2d), NHWC; kernel [k, k, in, filters]. 'same'
 * pads as TensorFlow does, which for stride 2 puts the extra row at the bottom only.
 */
export function conv2dLayer(
  name: string,
  from: string,
  opts: {
    inChannels: number;
    filters: number;
    kernel: number;
    stride: number;
    padding: 'valid' | 'same';
    activation: Activation;
  },
): PlannedLayer {
  const { inChannels, filters, kernel, stride, padding, activation } = opts;
  return layer(
    'Conv2D',
    name,
    from,
    {
      ...convFields(filters, kernel, stride),
      padding,
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation,
      ...BIAS_FIELDS,
    },
    [
      { part: 'kernel', shape: [kernel, kernel, inChannels, filters] },
      { part: 'bias', shape: [filters] },
    ],
  );
}

/**
 * tf.conv2dTranspose with 'same' padding (output side = input side × stride), NHWC. Keras keeps
 * this kernel as [k, k, filters, in]: outputs before inputs, unlike Conv2D.
 */
export function conv2dTransposeLayer(
  name: string,
  from: string,
  opts: {
    inChannels: number;
    filters: number;
    kernel: number;
    stride: number;
    activation: Activation;
  },
): PlannedLayer {
  const { inChannels, filters, kernel, stride, activation } = opts;
  return layer(
    'Conv2DTranspose',
    name,
    from,
    {
      ...convFields(filters, kernel, stride),
      padding: 'same',
      data_format: 'channels_last',
      activation,
      ...BIAS_FIELDS,
    },
    [
      { part: 'kernel', shape: [kernel, kernel, filters, inChannels] },
      { part: 'bias', shape: [filters] },
    ],
  );
}

/** Nearest-neighbour upsampling: each pixel repeated size×size times. */
export function upSamplingLayer(name: string, from: string, size: number): PlannedLayer {
  return layer('UpSampling2D', name, from, {
    size: [size, size],
    data_format: 'channels_last',
    interpolation: 'nearest',
  });
}
