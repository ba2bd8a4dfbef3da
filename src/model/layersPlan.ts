// Each model kind as a stack of standard Keras layers that computes the same function as our own
// ops, and how our variables map onto those layers' weights. Pure data from the config: the
// factories' variable order and shapes follow from the config alone (see createModel), and a test
// checks every kind's plan against the variables createModel really makes.
import type { ModelConfig } from './config';
import { convChannels } from './conv';
import { hiddenWidths } from './dense';
import {
  conv2dLayer,
  conv2dTransposeLayer,
  denseLayer,
  flattenLayer,
  inputLayer,
  reshapeLayer,
  upSamplingLayer,
  zeroPaddingLayer,
  type LayerJson,
  type PlannedLayer,
} from './layersJson';

export const INPUT_NAME = 'pixels';
/** [null, latent]: the code (the posterior mean for the variational model). */
export const CODE_NAME = 'code';
/** [null, 784]: the decoding of the code, in [0,1]. */
export const RECONSTRUCTION_NAME = 'reconstruction';
/** Variational model only, [null, latent]: log σ² of q(z|x), the head that training samples with. */
export const LOG_VARIANCE_NAME = 'log_variance';

const PIXELS = 784;
const SIDE = 28;

/** One of our variables as a weight of the Layers model. */
export interface PlannedWeight {
  /** `<layer>/kernel` or `<layer>/bias`, as tfjs-layers names its weights. */
  name: string;
  /** Its shape in the Layers model. */
  shape: number[];
  /** Its shape as our variable. */
  ourShape: number[];
  /** Layers keeps this kernel with its last two axes the other way round from ours. */
  swapLastTwo: boolean;
}

export interface LayersPlan {
  modelName: string;
  /** In topological order. */
  layers: LayerJson[];
  input: string;
  /** code, reconstruction, then (variational) log_variance. */
  outputs: string[];
  /** In the order of the model's `variables`. */
  weights: PlannedWeight[];
}

class Stack {
  private readonly ordered: LayerJson[] = [];
  private readonly last: LayerJson[] = [];
  readonly weights: PlannedWeight[] = [];

  /**
   * Adds a layer; its weights follow in our variables' order. `listLast`: the layer goes at the
   * end of the list, where tfjs-layers' own serialiser puts a branch that feeds only an output.
   * @returns the layer's name
   */
  add(planned: PlannedLayer, opts: { kernelSwapped?: boolean; listLast?: boolean } = {}): string {
    const { json, weights } = planned;
    const kernelSwapped = opts.kernelSwapped ?? false;
    (opts.listLast ? this.last : this.ordered).push(json);
    for (const { part, shape } of weights) {
      const swap = kernelSwapped && part === 'kernel';
      this.weights.push({
        name: `${json.name}/${part}`,
        shape,
        ourShape: swap ? swapLastTwo(shape) : shape,
        swapLastTwo: swap,
      });
    }
    return json.name;
  }

  /** In topological order. */
  get layers(): LayerJson[] {
    return [...this.ordered, ...this.last];
  }
}

function swapLastTwo(shape: readonly number[]): number[] {
  const out = [...shape];
  const n = out.length;
  [out[n - 2], out[n - 1]] = [out[n - 1]!, out[n - 2]!];
  return out;
}

/**
 * Dense, denoising, sparse, variational and contractive models (variables enc1…encN, heads,
 * dec1…decN, out; see createDenseNet). The denoiser's corruption is a training detail, so it
 * exports as the plain model; the variational model's log-variance head is a third output, since
 * a Layers model drops any layer that no output depends on, and its weights are part of the run.
 * The contractive model's encoder is its code layer alone, with a sigmoid (createContractive-
 * Autoencoder), and its penalty is a training detail too.
 */
function denseStack(config: ModelConfig): LayersPlan {
  const vae = config.kind === 'vae';
  const contractive = config.kind === 'contractive';
  const widths = hiddenWidths(config.hidden, config.depth);
  const s = new Stack();
  let from = s.add(inputLayer(INPUT_NAME, PIXELS));
  let size = PIXELS;
  (contractive ? [] : widths).forEach((w, i) => {
    from = s.add(denseLayer(`encoder_${i + 1}`, from, size, w, config.activation));
    size = w;
  });
  const codeActivation = contractive ? 'sigmoid' : 'linear';
  const code = s.add(denseLayer(CODE_NAME, from, size, config.latent, codeActivation));
  if (vae)
    s.add(denseLayer(LOG_VARIANCE_NAME, from, size, config.latent, 'linear'), { listLast: true });
  from = code;
  size = config.latent;
  [...widths].reverse().forEach((w, i) => {
    from = s.add(denseLayer(`decoder_${i + 1}`, from, size, w, config.activation));
    size = w;
  });
  s.add(denseLayer(RECONSTRUCTION_NAME, from, size, PIXELS, 'sigmoid'));
  return {
    modelName: `autoencoder_${config.kind}`,
    layers: s.layers,
    input: INPUT_NAME,
    outputs: vae
      ? [CODE_NAME, RECONSTRUCTION_NAME, LOG_VARIANCE_NAME]
      : [CODE_NAME, RECONSTRUCTION_NAME],
    weights: s.weights,
  };
}

/**
 * The convolutional model (see createConvAutoencoder; variables enc1, enc2, code, dec, dec2, dec1).
 * Our stride-2 convolutions pad one pixel on every side, so window i covers rows 2i−1…2i+1;
 * Keras's 'same' at stride 2 pads only below and would cover 2i…2i+2. Hence ZeroPadding2D and
 * 'valid'. The transposed convolution is tf.conv2dTranspose 'same' in both, and the last conv
 * (stride 1) pads one pixel all round in both, so 'same' is exact there.
 */
function convStack(config: ModelConfig): LayersPlan {
  const [c1, c2] = convChannels(config.hidden);
  const quarter = SIDE / 4;
  const s = new Stack();
  let from = s.add(inputLayer(INPUT_NAME, PIXELS));
  from = s.add(reshapeLayer('image', from, [SIDE, SIDE, 1]));
  const padOne: [[number, number], [number, number]] = [
    [1, 1],
    [1, 1],
  ];
  from = s.add(zeroPaddingLayer('encoder_pad_1', from, padOne));
  from = s.add(
    conv2dLayer('encoder_conv_1', from, {
      inChannels: 1,
      filters: c1,
      kernel: 3,
      stride: 2,
      padding: 'valid',
      activation: config.activation,
    }),
  );
  from = s.add(zeroPaddingLayer('encoder_pad_2', from, padOne));
  from = s.add(
    conv2dLayer('encoder_conv_2', from, {
      inChannels: c1,
      filters: c2,
      kernel: 3,
      stride: 2,
      padding: 'valid',
      activation: config.activation,
    }),
  );
  from = s.add(flattenLayer('encoder_flatten', from));
  const flat = quarter * quarter * c2;
  from = s.add(denseLayer(CODE_NAME, from, flat, config.latent, 'linear'));
  from = s.add(denseLayer('decoder_dense', from, config.latent, flat, config.activation));
  from = s.add(reshapeLayer('decoder_image', from, [quarter, quarter, c2]));
  from = s.add(
    conv2dTransposeLayer('decoder_deconv', from, {
      inChannels: c2,
      filters: c1,
      kernel: 3,
      stride: 2,
      activation: config.activation,
    }),
    { kernelSwapped: true },
  );
  from = s.add(upSamplingLayer('decoder_upsample', from, 2));
  from = s.add(
    conv2dLayer('decoder_conv', from, {
      inChannels: c1,
      filters: 1,
      kernel: 3,
      stride: 1,
      padding: 'same',
      activation: 'sigmoid',
    }),
  );
  s.add(flattenLayer(RECONSTRUCTION_NAME, from));
  return {
    modelName: 'autoencoder_conv',
    layers: s.layers,
    input: INPUT_NAME,
    outputs: [CODE_NAME, RECONSTRUCTION_NAME],
    weights: s.weights,
  };
}

/** The Layers model a (validated) config exports to. */
export function layersPlan(config: ModelConfig): LayersPlan {
  return config.kind === 'conv' ? convStack(config) : denseStack(config);
}

/** Float32 values the model holds: the size of its weights file is 4× this. */
export function planValueCount(plan: LayersPlan): number {
  return plan.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
}
