import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpuAccessOf, createAdam, type AdamState } from './adam';
import { createAdamKernel } from './adamKernel';
import { compareWithTfAdam, gradsAt, makeVariables } from './adamCheck';

setWasmPaths(
  fileURLToPath(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)),
);

describe('createAdam', () => {
  it.each(['cpu', 'wasm'])(
    'on %s, updates the variables as tf.train.adam does',
    async (backend) => {
      expect(await tf.setBackend(backend)).toBe(true);
      expect(cpuAccessOf(backend)).not.toBeNull();
      const { maxDiff, moved, kind, tensorsAfterFirst, tensorsAtEnd } = compareWithTfAdam(backend);
      expect(kind).toBe('wasm-simd');
      expect(tensorsAtEnd).toBe(tensorsAfterFirst);
      // The weights really moved (12 steps at 0.05 and 0.01), and ours follow tfjs's closely.
      expect(moved).toBeGreaterThan(0.1);
      expect(maxDiff).toBeLessThan(1e-5);
    },
  );

  it.each(['cpu', 'wasm'])(
    'on %s, leaves no tensor behind (its moments are plain arrays)',
    async (backend) => {
      expect(await tf.setBackend(backend)).toBe(true);
      const vars = makeVariables(`leak_${backend}`);
      const opt = createAdam(vars, 0.05, backend);
      const step = (k: number) => tf.tidy(() => opt.apply(gradsAt(vars, k)));
      step(0);
      const before = tf.memory().numTensors;
      for (let k = 1; k < 5; k++) step(k);
      expect(tf.memory().numTensors).toBe(before);
      for (const v of vars) v.dispose();
    },
  );

  it('leaves a variable without a gradient as it was', async () => {
    await tf.setBackend('cpu');
    const vars = makeVariables('skip');
    const b0 = vars[1]!.dataSync().slice();
    const w0 = vars[0]!.dataSync().slice();
    const opt = createAdam(vars, 0.1, 'cpu');
    tf.tidy(() => opt.apply([gradsAt(vars, 0)[0]!, undefined]));
    expect(Array.from(vars[1]!.dataSync())).toEqual(Array.from(b0));
    expect(Array.from(vars[0]!.dataSync())).not.toEqual(Array.from(w0));
    for (const v of vars) v.dispose();
  });

  it('has a SIMD kernel that computes one Adam update by the formula, a ragged tail included', () => {
    const kernel = createAdamKernel();
    expect(kernel).not.toBeNull();
    // 7 weights (padded to 8 in the kernel), at 16-byte-aligned p, g, m, v regions.
    const [p, g, m, v] = [0, 32, 64, 96];
    kernel!.reserve(128);
    const init = {
      p: [0.5, -1, 2, 0, 3, -0.25, 1e-3],
      g: [0.1, -0.2, 0.3, 0, -4, 5e-4, 1],
      m: [0.01, 0, -0.02, 0.5, 0, 0.1, 0],
      v: [1e-4, 0, 4e-4, 0.25, 1, 2e-3, 0],
    };
    kernel!.floats(p, 7).set(init.p);
    kernel!.floats(g, 7).set(init.g);
    kernel!.floats(m, 7).set(init.m);
    kernel!.floats(v, 7).set(init.v);
    const [b1, b2, lr, t, eps] = [0.9, 0.999, 0.01, 3, 1e-7];
    const c1 = 1 / (1 - b1 ** t);
    const c2 = 1 / (1 - b2 ** t);
    kernel!.run(p, g, m, v, 8, b1, b2, lr * c1, c2, eps);
    init.p.forEach((p0, i) => {
      const mi = b1 * init.m[i]! + (1 - b1) * init.g[i]!;
      const vi = b2 * init.v[i]! + (1 - b2) * init.g[i]! ** 2;
      expect(kernel!.floats(m, 7)[i]).toBeCloseTo(mi, 6);
      expect(kernel!.floats(v, 7)[i]).toBeCloseTo(vi, 6);
      expect(kernel!.floats(p, 7)[i]).toBeCloseTo(
        p0 - (lr * c1 * mi) / (Math.sqrt(c2 * vi) + eps),
        5,
      );
    });
  });
});

// Node has no WebGL, so a cpu backend stands in under the name 'webgl'. It holds its tensors in
// exactly the storage cpuAccessOf reads on cpu, so only the name can keep the SIMD Adam off it:
// on a real GPU that read would find no weights to update.
describe('createAdam on the webgl backend', () => {
  const standIn = (extra: object = {}) =>
    tf.registerBackend('webgl', () => Object.assign(new MathBackendCPU(), extra), -1);
  afterEach(() => {
    tf.removeBackend('webgl');
  });

  it('never reads its tensors as CPU memory: without WebGL programs, tfjs Adam steps', async () => {
    await tf.setBackend('cpu');
    expect(standIn()).toBe(true);
    expect(tf.engine().findBackend('webgl')).not.toBeNull();
    expect(cpuAccessOf('webgl')).toBeNull();
    const vars = makeVariables('standIn');
    const w0 = vars[0]!.dataSync().slice();
    const opt = createAdam(vars, 0.1, 'webgl');
    expect(opt.kind).toBe('tfjs');
    tf.tidy(() => opt.apply(gradsAt(vars, 0)));
    expect(Array.from(vars[0]!.dataSync())).not.toEqual(Array.from(w0));
    opt.dispose();
    for (const v of vars) v.dispose();
  });

  it('runs our WebGL programs where the backend can run them', async () => {
    await tf.setBackend('cpu');
    expect(standIn({ runWebGLProgram: () => undefined })).toBe(true);
    const vars = makeVariables('programs');
    const opt = createAdam(vars, 0.1, 'webgl');
    expect(opt.kind).toBe('webgl-programs');
    opt.dispose();
    for (const v of vars) v.dispose();
  });
});

/** The values of moments given as tensors or arrays, as arrays. */
const valuesOf = (xs: (tf.Tensor | Float32Array)[]): Float32Array[] =>
  xs.map((x) => (x instanceof tf.Tensor ? (x.dataSync() as Float32Array) : x).slice());
const bits = (xs: Float32Array[]) => xs.map((x) => Array.from(new Uint32Array(x.slice().buffer)));

async function readState(opt: ReturnType<typeof createAdam>): Promise<AdamState> {
  const s = await opt.getState();
  return { t: s.t, m: valuesOf(s.m), v: valuesOf(s.v) };
}

// 25 updates: far enough that tfjs's own restore of its bias corrections would differ.
describe("Adam's state, set into a fresh optimizer", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each([
    { backend: 'cpu', simd: true, kind: 'wasm-simd' },
    { backend: 'wasm', simd: true, kind: 'wasm-simd' },
    { backend: 'cpu', simd: false, kind: 'tfjs' },
  ])(
    '$kind on $backend: the next updates are the same, bit for bit',
    async ({ backend, simd, kind }) => {
      expect(await tf.setBackend(backend)).toBe(true);
      // Without WebAssembly there is no SIMD kernel: tfjs's Adam, as in such a browser.
      if (!simd) vi.stubGlobal('WebAssembly', undefined);
      const a = makeVariables(`stateA_${kind}_${backend}`);
      const optA = createAdam(a, 0.05, backend);
      expect(optA.kind).toBe(kind);
      const step = (vars: tf.Variable[], opt: typeof optA, k: number) =>
        tf.tidy(() => opt.apply(gradsAt(vars, k)));
      for (let k = 0; k < 25; k++) step(a, optA, k);
      const state = await readState(optA);
      expect(state.t).toBe(25);
      expect(optA.updates).toBe(25);

      const b = makeVariables(`stateB_${kind}_${backend}`);
      b.forEach((v, i) => v.assign(a[i]!.clone()));
      const optB = createAdam(b, 0.05, backend);
      await optB.setState(structuredClone(state));
      expect(optB.updates).toBe(25);
      expect(bits((await readState(optB)).m)).toEqual(bits(state.m));
      const tensors = tf.memory().numTensors;
      // A second restore replaces the first: nothing is left of it.
      await optB.setState(structuredClone(state));
      expect(tf.memory().numTensors).toBe(tensors);
      for (let k = 25; k < 31; k++) {
        step(a, optA, k);
        step(b, optB, k);
      }
      expect(bits(b.map((v) => v.dataSync() as Float32Array))).toEqual(
        bits(a.map((v) => v.dataSync() as Float32Array)),
      );
      expect(bits((await readState(optB)).v)).toEqual(bits((await readState(optA)).v));
      for (const o of [optA, optB]) o.dispose();
      for (const v of [...a, ...b]) v.dispose();
    },
  );

  it('refuses a state of other sizes', async () => {
    await tf.setBackend('cpu');
    const vars = makeVariables('stateSizes');
    const opt = createAdam(vars, 0.05, 'cpu');
    const m = [new Float32Array(30), new Float32Array(4)];
    const v = [new Float32Array(30), new Float32Array(5)];
    await expect(opt.setState({ t: 1, m, v })).rejects.toThrow(/does not fit/);
    for (const x of vars) x.dispose();
  });

  it('on webgl keeps the moments as tensors, replaced by a restore, the old ones disposed', async () => {
    await tf.setBackend('cpu');
    tf.registerBackend(
      'webgl',
      () => Object.assign(new MathBackendCPU(), { runWebGLProgram: () => undefined }),
      -1,
    );
    try {
      const vars = makeVariables('stateWebgl');
      const opt = createAdam(vars, 0.05, 'webgl');
      expect(opt.kind).toBe('webgl-programs');
      const m = vars.map((x) => Float32Array.from({ length: x.size }, (_, i) => i / 10));
      const v = vars.map((x) => Float32Array.from({ length: x.size }, (_, i) => i / 100));
      const before = tf.memory().numTensors;
      await opt.setState({ t: 7, m, v });
      expect(tf.memory().numTensors).toBe(before);
      const state = await opt.getState();
      expect(state.t).toBe(7);
      expect(state.m.every((x) => x instanceof tf.Tensor)).toBe(true);
      expect(bits(valuesOf(state.m))).toEqual(bits(m));
      expect(bits(valuesOf(state.v))).toEqual(bits(v));
      opt.dispose();
      for (const x of vars) x.dispose();
    } finally {
      tf.removeBackend('webgl');
    }
  });
});
