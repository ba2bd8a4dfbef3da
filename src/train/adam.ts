import * as tf from '@tensorflow/tfjs-core';
import {
  BETA1,
  BETA2,
  BiasCorrectedAdam,
  checkSizes,
  float32Power,
  type AdamState,
  type StepOptimizer,
} from './adamBase';
import { createAdamKernel, type AdamKernel } from './adamKernel';
import { WebglAdam, type WebglBackend } from './adamWebgl';

export type { AdamState, StepOptimizer };

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
