// Keeps the benchmark harness from rotting: runs `bench/run.ts --smoke` (a few seconds of each
// measurement, one backend; it builds the app and the peer page first when a build is missing)
// and checks that the JSON it writes is well-formed. The figures themselves are not judged here.
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
    const run = join(ROOT, 'bench', 'run.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', run, ...args], { cwd: ROOT });
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
    // --no-build reuses the builds; the harness still builds when dist/ or dist-pages/ is missing.
    const { code, output } = await runHarness(['--smoke', '--no-build', '--out', out]);
    expect(code, output).toBe(0);
    expect(existsSync(out), output).toBe(true);
    const r = JSON.parse(readFileSync(out, 'utf8')) as Json;

    expect(at(r, 'errors')).toEqual([]);
    expect(at(r, 'schema')).toBe(3);
    expect(at(r, 'mode')).toBe('smoke');
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
    // The autosave window wrote (its timer's writes, and one at each Pause), each write timed.
    expect(numberOrNull(r, 'autosave.count')).toBeGreaterThan(0);
    expect(numberOrNull(r, 'autosave.atPause')).toBeGreaterThan(0);
    expect(numberOrNull(r, 'autosave.writeMsP50')).toBeGreaterThan(0);
    expect(numberOrNull(r, 'autosave.bytesMax')).toBeGreaterThan(0);
    // The training worker writes the record (its probe timed the put()), the page none of it.
    expect(numberOrNull(r, 'autosave.workerPutMsMax')).toBeGreaterThan(0);
    expect(at(r, 'autosave.pagePuts')).toBe(0);
    const saveTasks = numberOrNull(r, 'autosave.longTasks');
    expect(Number.isInteger(saveTasks) && saveTasks! >= 0).toBe(true);
    expect(at(r, 'soak')).toBeNull();
    const before = numberOrNull(r, 'numTensors.before');
    const after = numberOrNull(r, 'numTensors.after');
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(0);
    expect(at(r, 'numTensors.flat')).toBe(before === after);
    expect(Array.isArray(at(r, 'quality'))).toBe(true);
    expect(Array.isArray(at(r, 'family'))).toBe(true);

    // The native limit is measured in the run, or says why not; there is no constant fallback.
    const native = numberOrNull(r, 'native.examplesPerSecond');
    const why = at(r, 'native.notMeasured');
    if (native === null) expect(typeof why, 'native.notMeasured says why').toBe('string');
    else {
      expect(native).toBeGreaterThan(0);
      expect(why).toBeNull();
    }
    expect(String(at(r, 'native.cpuModel'))).not.toBe('');
    expect(numberOrNull(r, 'native.threads')).toBe(numberOrNull(r, 'machine.cpuCount'));
    expect(output).toContain('Native CPU limit');
    expect(JSON.stringify(at(r, 'reference'))).not.toContain('nativeCpuLimit');

    // Each reference figure names its source.
    const figures = at(r, 'reference.figures') as Record<string, { source: Json }>;
    expect(Object.keys(figures).length).toBeGreaterThan(0);
    for (const [name, f] of Object.entries(figures)) {
      for (const k of ['what', 'where', 'when'])
        expect(typeof f.source[k], `${name}.source.${k}`).toBe('string');
    }

    const targets = at(r, 'targets') as Json[];
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) {
      expect(typeof t.name).toBe('string');
      expect(typeof t.target).toBe('string');
      expect([true, false, null]).toContain(t.pass);
    }
    // The report's table has a row for every judged measure.
    expect(output).toMatch(/Measure\s+Result\s+Target\s+Status/);
    expect(output).toContain('Decode 70,000 digits');
  },
  // About 60 s with dist/ built; a build first adds about 30 s on a 2-core machine.
  240_000,
);
