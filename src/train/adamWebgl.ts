// Adam on tfjs's WebGL backend as our own fragment programs.
import * as tf from '@tensorflow/tfjs-core';
import type { GPGPUProgram } from '@tensorflow/tfjs-backend-webgl';
import { BiasCorrectedAdam, checkSizes, type AdamState, type StepOptimizer } from './adamBase';

/** The one method of tfjs's WebGL backend that runs a custom fragment program. */
export interface WebglBackend {
  runWebGLProgram(
    program: GPGPUProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    customUniformValues?: number[][],
  ): tf.TensorInfo;
}

/** The packed WebGL programs of one Adam update: two for the moments, one for the weights. */
function momentProgram(shape: number[], squared: boolean): GPGPUProgram {
  return {
    variableNames: ['M', 'G'],
    packedInputs: true,
    packedOutput: true,
    outputShape: shape,
    customUniforms: [{ name: 'beta', type: 'float' }],
    userCode: `
      void main() {
        vec4 g = getGAtOutCoords();
        setOutput(beta * getMAtOutCoords() + (1.0 - beta) * ${squared ? 'g * g' : 'g'});
      }`,
  };
}

function weightProgram(shape: number[]): GPGPUProgram {
  return {
    variableNames: ['P', 'M', 'V'],
    packedInputs: true,
    packedOutput: true,
    outputShape: shape,
    customUniforms: [
      { name: 'lrC1', type: 'float' },
      { name: 'c2', type: 'float' },
      { name: 'eps', type: 'float' },
    ],
    userCode: `
      void main() {
        vec4 m = getMAtOutCoords();
        vec4 v = getVAtOutCoords();
        setOutput(getPAtOutCoords() - lrC1 * m / (sqrt(c2 * v) + eps));
      }`,
  };
}

/**
 * Adam on WebGL as three fragment programs per variable (new m, new v, new weights) instead of
 * tfjs's ~13 kernels. On a GPU the cost of a step is mostly per kernel, and Adam is most of a
 * step's kernels (about 104 of them for the 4-layer model; now 24). The arithmetic is the same
 * bias-corrected update as tf.train.adam's, with the backend's epsilon; the programs are compiled
 * once per shape (their constants are uniforms).
 */
export class WebglAdam extends BiasCorrectedAdam implements StepOptimizer {
  readonly kind = 'webgl-programs';
  private m: tf.Tensor[];
  private v: tf.Tensor[];

  constructor(
    variables: readonly tf.Variable[],
    learningRate: number,
    private readonly backend: WebglBackend,
  ) {
    super(variables, learningRate);
    this.m = variables.map((x) => tf.keep(tf.zerosLike(x)));
    this.v = variables.map((x) => tf.keep(tf.zerosLike(x)));
  }

  private run(program: GPGPUProgram, inputs: tf.Tensor[], uniforms: number[][]): tf.Tensor {
    const info = this.backend.runWebGLProgram(program, inputs, 'float32', uniforms);
    return tf.engine().makeTensorFromTensorInfo(info);
  }

  protected update(k: number, variable: tf.Variable, g: tf.Tensor, lrC1: number, c2: number): void {
    const shape = variable.shape;
    const m = tf.keep(this.run(momentProgram(shape, false), [this.m[k]!, g], [[this.beta1]]));
    const v = tf.keep(this.run(momentProgram(shape, true), [this.v[k]!, g], [[this.beta2]]));
    const p = this.run(weightProgram(shape), [variable, m, v], [[lrC1], [c2], [this.epsilon]]);
    variable.assign(p);
    p.dispose();
    this.m[k]!.dispose();
    this.v[k]!.dispose();
    this.m[k] = m;
    this.v[k] = v;
  }

  async getState(): Promise<AdamState<tf.Tensor>> {
    return { t: this.updates, m: [...this.m], v: [...this.v] };
  }

  async setState(state: AdamState): Promise<void> {
    checkSizes(this.variables, state);
    const upload = (values: Float32Array[]) =>
      this.variables.map((x, k) => tf.keep(tf.tensor(values[k]!.slice(), x.shape, 'float32')));
    const m = upload(state.m);
    const v = upload(state.v);
    for (const t of [...this.m, ...this.v]) t.dispose();
    this.m = m;
    this.v = v;
    this.setUpdates(state.t);
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
