// The native CPU limit, measured in the same run: the reference model's training step in numpy
// on all cores (bench/native_step.py). Our best backend's share of it says how much of this
// machine's CPU the browser gets. Without python3 or numpy it is not measured: a figure from
// another machine would say nothing about this one.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { round, ROOT } from '../util';

export const NATIVE_SCRIPT = join(ROOT, 'bench', 'native_step.py');

/** What native_step.py reports (its one JSON line). */
export interface NativeOutput {
  examplesPerSecond: number;
  steps: number;
  seconds: number;
  batch: number;
  firstLoss: number;
  lastLoss: number;
  numpy: string | null;
  blas: string | null;
  python: string | null;
}

export type Parsed = { ok: true; output: NativeOutput } | { ok: false; reason: string };

export interface NativeResult {
  /** null when not measured; `notMeasured` says why. */
  examplesPerSecond: number | null;
  notMeasured: string | null;
  cpuModel: string | null;
  cpuCount: number;
  /** The BLAS threads asked for: every core. */
  threads: number;
  steps: number | null;
  seconds: number | null;
  numpy: string | null;
  blas: string | null;
  python: string | null;
  loadAverageBefore: number | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads the script's output: its last line is one JSON object, a measurement or an error. */
export function parseNativeOutput(stdout: string, stderr: string, code: number | null): Parsed {
  const last = stdout.trim().split('\n').pop()?.trim() ?? '';
  let json: unknown;
  try {
    json = last ? JSON.parse(last) : null;
  } catch {
    json = null;
  }
  const o = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : null;
  if (o && typeof o.error === 'string') return { ok: false, reason: o.error };
  if (code !== 0 || !o) {
    const why = stderr.trim().split('\n').pop() ?? '';
    return {
      ok: false,
      reason: `the numpy step ${code === 0 ? 'printed no result' : `exited with status ${code}`}${why ? `: ${why}` : ''}`,
    };
  }
  const { examplesPerSecond, steps, seconds, batch, firstLoss, lastLoss } = o;
  if (!finite(examplesPerSecond) || examplesPerSecond <= 0 || !finite(steps) || !finite(seconds))
    return { ok: false, reason: `the numpy step printed no rate: ${last.slice(0, 200)}` };
  // A step that trains lowers the loss; one that does not is measuring something else.
  if (!finite(firstLoss) || !finite(lastLoss) || !(lastLoss < firstLoss))
    return { ok: false, reason: `the numpy step did not train (loss ${firstLoss} → ${lastLoss})` };
  return {
    ok: true,
    output: {
      examplesPerSecond,
      steps,
      seconds,
      batch: finite(batch) ? batch : 256,
      firstLoss,
      lastLoss,
      numpy: str(o.numpy),
      blas: str(o.blas),
      python: str(o.python),
    },
  };
}

export interface NativeOptions {
  warmupSeconds: number;
  seconds: number;
  /** The interpreter (default: $PYTHON, else python3) and arguments before the script. */
  python?: string;
  pythonArgs?: string[];
}

/** The environment of the numpy step: every core, and OpenBLAS left to pick its own kernels. */
export function nativeEnv(threads: number, base = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  // These pin OpenBLAS to a core type and cache size: on a machine unlike the one they were set
  // for, it runs slower kernels than the CPU has.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  for (const k of ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'])
    env[k] = String(threads);
  return env;
}

export async function measureNative(o: NativeOptions): Promise<NativeResult> {
  const cpus = os.cpus();
  const threads = Math.max(1, cpus.length);
  const python = o.python ?? process.env.PYTHON ?? 'python3';
  const base: NativeResult = {
    examplesPerSecond: null,
    notMeasured: null,
    cpuModel: cpus[0]?.model.trim() ?? null,
    cpuCount: cpus.length,
    threads,
    steps: null,
    seconds: null,
    numpy: null,
    blas: null,
    python: null,
    loadAverageBefore: round(os.loadavg()[0], 2),
  };
  const args = [
    ...(o.pythonArgs ?? []),
    NATIVE_SCRIPT,
    '--warmup',
    String(o.warmupSeconds),
    '--seconds',
    String(o.seconds),
  ];
  const run = await new Promise<{ stdout: string; stderr: string; code: number | null } | string>(
    (done) => {
      const child = spawn(python, args, { cwd: ROOT, env: nativeEnv(threads) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const limit = (o.warmupSeconds + o.seconds) * 1000 + 60_000;
      const timer = setTimeout(() => child.kill('SIGKILL'), limit);
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        done(err.code === 'ENOENT' ? `${python} not found` : `${python}: ${err.message}`);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (signal === 'SIGKILL') done(`the numpy step took longer than ${limit / 1000} s`);
        else done({ stdout, stderr, code });
      });
    },
  );
  if (typeof run === 'string') return { ...base, notMeasured: run };
  const parsed = parseNativeOutput(run.stdout, run.stderr, run.code);
  if (!parsed.ok) return { ...base, notMeasured: parsed.reason };
  const out = parsed.output;
  return {
    ...base,
    examplesPerSecond: round(out.examplesPerSecond),
    steps: out.steps,
    seconds: round(out.seconds, 2),
    numpy: out.numpy,
    blas: out.blas,
    python: out.python,
  };
}
