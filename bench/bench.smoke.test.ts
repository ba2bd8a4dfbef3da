// Keeps the benchmark harness from rotting: runs `bench/run.mjs --smoke` (a few seconds of each
// measurement, one backend; it builds the app first when dist/ is missing) and checks that the
// JSON it writes is well-formed. The figures themselves are not judged here.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runHarness(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'run.mjs'), ...args], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => done({ code, output }));
  });
}

type Json = Record<string, unknown>;

function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    expect(cur, `${path}: parent of "${key}" is not an object`).toBeTypeOf('object');
    expect(cur, `${path}: parent of "${key}" is null`).not.toBeNull();
    expect(Object.keys(cur as Json), `missing key ${path}`).toContain(key);
    cur = (cur as Json)[key];
  }
  return cur;
}

/** Present, and either null (not measured) or a finite number. */
function numberOrNull(obj: unknown, path: string): number | null {
  const v = at(obj, path);
  if (v === null) return null;
  expect(typeof v, `${path} should be a number or null`).toBe('number');
  expect(Number.isFinite(v), `${path} should be finite`).toBe(true);
  return v as number;
}

test(
  'the benchmark harness runs briefly and writes well-formed JSON',
  async () => {
    const out = join(dir, 'result.json');
    // --no-build reuses dist/; the harness still builds when dist/ (or the peer page) is missing.
    const { code, output } = await runHarness(['--smoke', '--no-build', '--out', out]);
    expect(code, output).toBe(0);
    expect(existsSync(out), output).toBe(true);
    const r = JSON.parse(readFileSync(out, 'utf8')) as Json;

    expect(at(r, 'errors')).toEqual([]);
    expect(Number.isNaN(Date.parse(String(at(r, 'date'))))).toBe(false);
    expect(String(at(r, 'machine.browser'))).toMatch(/^Chromium \d+/);
    expect(numberOrNull(r, 'machine.cpuCount')).toBeGreaterThan(0);
    at(r, 'machine.webglRenderer');

    const backends = at(r, 'options.backends') as string[];
    expect(backends).toHaveLength(1);
    for (const b of backends) {
      const ours = numberOrNull(r, `throughput.${b}.ours`);
      const peer = numberOrNull(r, `throughput.${b}.peer`);
      const ratio = numberOrNull(r, `throughput.${b}.ratio`);
      // Smoke measures its one backend for real, on both sides.
      expect(ours).toBeGreaterThan(0);
      expect(peer).toBeGreaterThan(0);
      expect(ratio).toBeCloseTo(ours! / peer!, 2);
    }

    const longTasks = numberOrNull(r, 'longTasks');
    expect(Number.isInteger(longTasks) && longTasks! >= 0).toBe(true);
    const count = numberOrNull(r, 'drawLatencyMs.count');
    const p50 = numberOrNull(r, 'drawLatencyMs.p50');
    const p95 = numberOrNull(r, 'drawLatencyMs.p95');
    if (count) expect(p95!).toBeGreaterThanOrEqual(p50!);
    expect(numberOrNull(r, 'decodeMs')).toBeGreaterThan(0);
    expect(numberOrNull(r, 'firstReconstructionMs')).toBeGreaterThan(0);
    const before = numberOrNull(r, 'numTensors.before');
    const after = numberOrNull(r, 'numTensors.after');
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(0);
    expect(at(r, 'numTensors.flat')).toBe(before === after);
    expect(Array.isArray(at(r, 'quality'))).toBe(true);
    expect(Array.isArray(at(r, 'targets'))).toBe(true);
  },
  // About 40 s with dist/ built; a build first adds about 30 s on a 2-core machine.
  240_000,
);
