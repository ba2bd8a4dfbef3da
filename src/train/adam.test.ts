import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuAccessOf, createAdam } from './adam';
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
