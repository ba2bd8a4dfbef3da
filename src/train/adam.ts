import * as tf from '@tensorflow/tfjs-core';
import type { GPGPUProgram } from '@tensorflow/tfjs-backend-webgl';
import { createAdamKernel, type AdamKernel } from './adamKernel';

/** The one method of tfjs's WebGL backend that runs a custom fragment program. */
interface WebglBackend {
  runWebGLProgram(
    program: GPGPUProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    customUniformValues?: number[][],
  ): tf.TensorInfo;
}

/**
 * Adam's state: its update count t and, for each variable it was made for (in that order, each of
 * the variable's shape), the first and second moment estimates m and v.
 */
export interface AdamState<T = Float32Array> {
  t: number;
  m: T[];
  v: T[];
}

/** What the trainer needs of an optimizer: one update from gradients in the variables' order. */
export interface StepOptimizer {
  /** Which implementation runs (for tests and diagnostics). */
  readonly kind: 'webgl-programs' | 'wasm-simd' | 'tfjs';
  learningRate: number;
  /** Updates applied so far (Adam's t). */
  readonly updates: number;
  /** Applies one update. `grads[i]` belongs to the i-th variable the optimizer was made for. */
  apply(grads: readonly (tf.Tensor | undefined)[]): void;
  /**
   * The state after the last update. Moments that live in tfjs come as the optimizer's own
   * tensors (not to be disposed), good only while `updates` still equals the returned t: the
   * caller reads them (or copies them) before the next `apply`. Moments kept elsewhere (the SIMD
   * kernel's memory) come as copies.
   */
  getState(): Promise<AdamState<tf.Tensor | Float32Array>>;
  /**
   * Replaces the state with a snapshot's (copied), so that the next updates are the ones the
   * snapshotted optimizer would have made. The sizes must match the variables'.
   */
  setState(state: AdamState): Promise<void>;
  dispose(): void;
}

const BETA1 = 0.9;
const BETA2 = 0.999;

/** beta^(t+1) as tf.train.adam's accBeta reaches it: t float32 products, not one pow. */
function float32Power(beta: number, t: number): number {
  const b = Math.fround(beta);
  let acc = b;
  for (let i = 0; i < t; i++) acc = Math.fround(acc * b);
  return acc;
}

function checkSizes(variables: readonly tf.Variable[], state: AdamState): void {
  const fits = (arrays: Float32Array[]) =>
    arrays.length === variables.length && arrays.every((a, i) => a.length === variables[i]!.size);
  if (!Number.isInteger(state.t) || state.t < 0 || !fits(state.m) || !fits(state.v))
    throw new Error("The optimizer state does not fit the model's variables.");
}

/** tfjs's own Adam: the fallback (another backend, or a browser without WebAssembly SIMD). */
class TfAdam implements StepOptimizer {
  readonly kind = 'tfjs';
  private readonly opt: tf.AdamOptimizer;
  constructor(
    private readonly variables: readonly tf.Variable[],
    lr: number,
  ) {
    this.opt = tf.train.adam(lr, BETA1, BETA2);
  }
  get updates(): number {
    return this.opt.iterations;
  }
  get learningRate(): number {
    return (this.opt as unknown as { learningRate: number }).learningRate;
  }
  set learningRate(lr: number) {
    // Adam reads its rate at every update, so a live change keeps the moment estimates.
    (this.opt as unknown as { learningRate: number }).learningRate = lr;
  }
  apply(grads: readonly (tf.Tensor | undefined)[]): void {
    // Every variable, in order, a missing gradient included (tfjs skips it): tfjs keeps its
    // moments by position in this list, so they stay the variable's own and a state set in the
    // variables' order lands where it belongs.
    const named = this.variables.map((v, i) => ({ name: v.name, tensor: grads[i] as tf.Tensor }));
    this.opt.applyGradients(named);
  }

  async getState(): Promise<AdamState<tf.Tensor | Float32Array>> {
    const t = this.updates;
    const [iter, ...moments] = await this.opt.getWeights();
    iter?.tensor.dispose();
    // tfjs names them `${variable}/m` and `/v` and makes them at the first update.
    const byName = new Map(moments.map((w) => [w.name, w.tensor]));
    const moment = (suffix: string) =>
      this.variables.map((v) => byName.get(`${v.name}/${suffix}`) ?? new Float32Array(v.size));
    return { t, m: moment('m'), v: moment('v') };
  }

  async setState(state: AdamState): Promise<void> {
    checkSizes(this.variables, state);
    const internals = this.opt as unknown as {
      accumulatedFirstMoment: { variable: tf.Variable }[];
      accumulatedSecondMoment: { variable: tf.Variable }[];
      accBeta1: tf.Variable;
      accBeta2: tf.Variable;
    };
    // setWeights replaces the moments without disposing the ones there.
    for (const w of [...internals.accumulatedFirstMoment, ...internals.accumulatedSecondMoment])
      w.variable.dispose();
    const named = (suffix: string, values: Float32Array[]) =>
      this.variables.map((v, i) => ({
        name: `${v.name}/${suffix}`,
        tensor: tf.tensor(values[i]!.slice(), v.shape, 'float32'),
      }));
    const weights = [
      { name: 'iter', tensor: tf.scalar(state.t, 'int32') },
      ...named('m', state.m),
      ...named('v', state.v),
    ];
    try {
      await this.opt.setWeights(weights);
    } finally {
      // setWeights keeps its own variables made from these.
      for (const w of weights) w.tensor.dispose();
    }
    // setWeights sets accBeta to pow(beta, t + 1), which differs in the last bits from the t
    // float32 products a run that was never interrupted has reached.
    tf.tidy(() => {
      internals.accBeta1.assign(tf.scalar(float32Power(BETA1, state.t)));
      internals.accBeta2.assign(tf.scalar(float32Power(BETA2, state.t)));
    });
  }

  dispose(): void {
    this.opt.dispose();
  }
}

/** Read access to a tensor's float32 storage where the backend keeps it in CPU memory. */
interface CpuAccess {
  /** The storage itself, not a copy (wasm: a fresh view of the heap, which may have grown). */
  view(t: tf.Tensor): Float32Array;
  /** Whether tf.tensor(values) copies `values` (wasm), so one scratch array can be reused. */
  tensorCopies: boolean;
}

/** Read access for wasm and cpu; null for backends whose tensors live on a GPU. */
export function cpuAccessOf(backendName: string): CpuAccess | null {
  const backend = tf.engine().findBackend(backendName) as unknown;
  if (!backend) return null;
  if (backendName === 'wasm') {
    const wasm = backend as { typedArrayFromHeap(info: tf.TensorInfo): Float32Array };
    return {
      view: (t) => wasm.typedArrayFromHeap({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }),
      tensorCopies: true,
    };
  }
  if (backendName === 'cpu') {
    const cpu = backend as { data: { get(id: object): { values: Float32Array } } };
    return { view: (t) => cpu.data.get(t.dataId).values, tensorCopies: false };
  }
  return null;
}

/**
 * What our two Adams share: the bias-corrected step, tf.train.adam's form with the corrections
 * folded into two constants (lr·c1 and c2), and the walk over the variables that have a gradient.
 */
abstract class BiasCorrectedAdam {
  private accBeta1 = 1;
  private accBeta2 = 1;
  private t = 0;
  protected readonly epsilon = tf.backend().epsilon();

  constructor(
    protected readonly variables: readonly tf.Variable[],
    public learningRate: number,
    protected readonly beta1 = BETA1,
    protected readonly beta2 = BETA2,
  ) {}

  get updates(): number {
    return this.t;
  }

  /** Takes the update count of a snapshot; the moments are the subclass's. */
  protected setUpdates(t: number): void {
    // The same double products, in the same order, as t updates make, so lr·c1 and c2 are the
    // numbers the uninterrupted run passes on (as float32, where a 1-ulp double difference would
    // vanish anyway).
    let a1 = 1;
    let a2 = 1;
    for (let i = 0; i < t; i++) {
      a1 *= this.beta1;
      a2 *= this.beta2;
    }
    this.accBeta1 = a1;
    this.accBeta2 = a2;
    this.t = t;
  }

  apply(grads: readonly (tf.Tensor | undefined)[]): void {
    this.t += 1;
    this.accBeta1 *= this.beta1;
    this.accBeta2 *= this.beta2;
    const lrC1 = this.learningRate / (1 - this.accBeta1);
    const c2 = 1 / (1 - this.accBeta2);
    this.variables.forEach((variable, k) => {
      const grad = grads[k];
      // A variable the loss does not reach is left alone (tfjs's Adam skips it too).
      if (grad) this.update(k, variable, grad, lrC1, c2);
    });
  }

  /** One variable's update: m, v and the weights, with c1 = 1/(1−β1ᵗ), c2 = 1/(1−β2ᵗ). */
  protected abstract update(
    k: number,
    variable: tf.Variable,
    grad: tf.Tensor,
    lrC1: number,
    c2: number,
  ): void;
}

/**
 * Adam as one WebAssembly SIMD pass per variable (adamKernel.ts), its moment estimates kept in
 * the kernel's memory. It computes what tf.train.adam computes (the same bias-corrected update,
 * the backend's epsilon), but tfjs runs Adam as about 13 kernels per variable, each a pass over
 * memory plus the engine's bookkeeping: ~100 kernels and ~5–6 ms of a ~45 ms wasm step for the
 * 784-256-32-256-784 model. A plain JavaScript loop was no faster (~5 ms: scalar arithmetic).
 *
 * The new weights go into a new tensor that the variable is assigned, never into its old storage:
 * the wasm backend caches XNNPACK operators, with their packed copy of the weights, by tensor, so
 * weights changed in place would be multiplied stale (the unit test catches exactly that).
 */
class KernelAdam extends BiasCorrectedAdam implements StepOptimizer {
  readonly kind = 'wasm-simd';
  /** Byte offsets of each variable's m and v, then of the scratch weights and gradient. */
  private readonly mAt: number[] = [];
  private readonly vAt: number[] = [];
  private readonly pAt: number;
  private readonly gAt: number;

  constructor(
    variables: readonly tf.Variable[],
    learningRate: number,
    private readonly access: CpuAccess,
    private readonly kernel: AdamKernel,
  ) {
    super(variables, learningRate);
    // Every region a whole number of 16-byte vectors; fresh memory is zero, as Adam's m, v start.
    const bytes = (size: number) => Math.ceil(size / 4) * 16;
    let at = 0;
    for (const x of variables) {
      this.mAt.push(at);
      this.vAt.push(at + bytes(x.size));
      at += 2 * bytes(x.size);
    }
    const largest = Math.max(0, ...variables.map((x) => bytes(x.size)));
    this.pAt = at;
    this.gAt = at + largest;
    kernel.reserve(at + 2 * largest);
  }

  protected update(
    k: number,
    variable: tf.Variable,
    grad: tf.Tensor,
    lrC1: number,
    c2: number,
  ): void {
    const n = variable.size;
    const p = this.kernel.floats(this.pAt, n);
    p.set(this.access.view(variable));
    this.kernel.floats(this.gAt, n).set(this.access.view(grad));
    const n4 = Math.ceil(n / 4) * 4;
    this.kernel.run(
      this.pAt,
      this.gAt,
      this.mAt[k]!,
      this.vAt[k]!,
      n4,
      this.beta1,
      this.beta2,
      lrC1,
      c2,
      this.epsilon,
    );
    // tf.tensor copies on wasm; the cpu backend would keep (and alias) the view, so it gets a copy.
    const values = this.access.tensorCopies ? p : p.slice();
    variable.assign(tf.tensor(values, variable.shape, 'float32'));
  }

  async getState(): Promise<AdamState> {
    const copy = (at: number[]) =>
      this.variables.map((x, k) => this.kernel.floats(at[k]!, x.size).slice());
    return { t: this.updates, m: copy(this.mAt), v: copy(this.vAt) };
  }

  async setState(state: AdamState): Promise<void> {
    checkSizes(this.variables, state);
    this.variables.forEach((x, k) => {
      // The padding lanes too: they are computed alongside, never read.
      const padded = Math.ceil(x.size / 4) * 4;
      this.kernel.floats(this.mAt[k]!, padded).fill(0).set(state.m[k]!);
      this.kernel.floats(this.vAt[k]!, padded).fill(0).set(state.v[k]!);
    });
    this.setUpdates(state.t);
  }

  dispose(): void {}
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
class WebglAdam extends BiasCorrectedAdam implements StepOptimizer {
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

/**
 * Adam for these variables: three fragment programs per variable on WebGL; the SIMD kernel where
 * the backend keeps tensors in CPU memory (wasm, cpu) and WebAssembly SIMD is there; tfjs's Adam
 * elsewhere.
 */
export function createAdam(
  variables: readonly tf.Variable[],
  lr: number,
  backendName = tf.getBackend(),
): StepOptimizer {
  if (backendName === 'webgl') {
    const backend = tf.engine().findBackend('webgl') as unknown as WebglBackend | null;
    if (backend && typeof backend.runWebGLProgram === 'function') {
      return new WebglAdam(variables, lr, backend);
    }
  }
  const access = cpuAccessOf(backendName);
  const kernel = access ? createAdamKernel() : null;
  return access && kernel
    ? new KernelAdam(variables, lr, access, kernel)
    : new TfAdam(variables, lr);
}
