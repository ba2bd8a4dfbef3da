// The native CPU limit: reading bench/native_step.py's output, and the rows that say "not
// measured" when python3 or numpy is missing (never a constant in its place).
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { measureNative, nativeEnv, parseNativeOutput } from './sections/native';

const good = {
  examplesPerSecond: 12345.6,
  steps: 48,
  seconds: 1.0,
  batch: 256,
  firstLoss: 0.133,
  lastLoss: 0.09,
  cpuCount: 2,
  threads: '2',
  numpy: '2.4.6',
  blas: 'scipy-openblas 0.3.31',
  python: '3.11.7',
};

describe('parseNativeOutput', () => {
  test('reads the rate and the library versions from the last line', () => {
    const stdout = `some warning a library printed\n${JSON.stringify(good)}\n`;
    const r = parseNativeOutput(stdout, '', 0);
    expect(r).toEqual({
      ok: true,
      output: {
        examplesPerSecond: 12345.6,
        steps: 48,
        seconds: 1.0,
        batch: 256,
        firstLoss: 0.133,
        lastLoss: 0.09,
        numpy: '2.4.6',
        blas: 'scipy-openblas 0.3.31',
        python: '3.11.7',
      },
    });
  });

  test('numpy missing: the reason the script gives', () => {
    const stdout = JSON.stringify({ error: "numpy is not installed (No module named 'numpy')" });
    expect(parseNativeOutput(stdout, '', 3)).toEqual({
      ok: false,
      reason: "numpy is not installed (No module named 'numpy')",
    });
  });

  test('a crash: the exit status and the last line of stderr', () => {
    const r = parseNativeOutput('', 'Traceback …\nMemoryError: out of memory\n', 1);
    expect(r).toEqual({
      ok: false,
      reason: 'the numpy step exited with status 1: MemoryError: out of memory',
    });
  });

  test('no result, or one without a usable rate, is not a measurement', () => {
    expect(parseNativeOutput('', '', 0)).toEqual({
      ok: false,
      reason: 'the numpy step printed no result',
    });
    expect(parseNativeOutput('not json', '', 0).ok).toBe(false);
    for (const examplesPerSecond of [0, -1, null, 'fast']) {
      const line = JSON.stringify({ ...good, examplesPerSecond });
      const r = parseNativeOutput(line, '', 0);
      expect(r.ok, `examplesPerSecond ${String(examplesPerSecond)}`).toBe(false);
    }
  });

  test('a step whose loss does not fall is not the training step', () => {
    const r = parseNativeOutput(JSON.stringify({ ...good, lastLoss: 0.2 }), '', 0);
    expect(r).toEqual({ ok: false, reason: 'the numpy step did not train (loss 0.133 → 0.2)' });
  });
});

test('the step runs on every core, without OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE', () => {
  const env = nativeEnv(16, {
    PATH: '/usr/bin',
    OPENBLAS_CORETYPE: 'Haswell',
    OPENBLAS_L2_SIZE: '1048576',
    OMP_NUM_THREADS: '1',
  });
  expect(env).toEqual({
    PATH: '/usr/bin',
    OPENBLAS_NUM_THREADS: '16',
    OMP_NUM_THREADS: '16',
    MKL_NUM_THREADS: '16',
  });
});

describe('measureNative', () => {
  const brief = { warmupSeconds: 0.2, seconds: 0.5 };

  test('without the interpreter: not measured, and why', async () => {
    const r = await measureNative({ ...brief, python: 'no-such-python-3' });
    expect(r.examplesPerSecond).toBeNull();
    expect(r.notMeasured).toBe('no-such-python-3 not found');
    expect(r.cpuCount).toBeGreaterThan(0);
  });

  test('without numpy (python3 -S leaves out site-packages): not measured, and why', async () => {
    const r = await measureNative({ ...brief, pythonArgs: ['-S'] });
    expect(r.examplesPerSecond).toBeNull();
    expect(r.notMeasured).toMatch(/numpy is not installed|python3 not found/);
  });

  test('with python3 and numpy: a rate, beside the CPU model', async () => {
    const r = await measureNative(brief);
    const python = process.env.PYTHON ?? 'python3';
    const hasNumpy = spawnSync(python, ['-c', 'import numpy']).status === 0;
    if (hasNumpy) {
      expect(r.notMeasured).toBeNull();
      expect(r.examplesPerSecond).toBeGreaterThan(0);
      expect(r.steps).toBeGreaterThanOrEqual(3);
      expect(r.numpy).toMatch(/^\d+\./);
    } else {
      expect(r.examplesPerSecond).toBeNull();
      expect(r.notMeasured).toMatch(/numpy|not found/);
    }
    expect(r.threads).toBe(r.cpuCount);
    expect(r.cpuModel).toBeTruthy();
  });
});
