// Small helpers of the benchmark: formatting, statistics and progress lines.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A finite number rounded to `digits`, else null (JSON has no NaN). */
export function round(v: number | null | undefined, digits = 0): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(digits));
}

export const fmtInt = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US');
export const fmtRatio = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${v.toFixed(2)}×`;
export const fmtMs = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${fmtInt(v)} ms`;

/** a / b when both are positive, else null. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a != null && b != null && a > 0 && b > 0 ? a / b : null;
}

export const verdict = (ok: boolean | null | undefined): string =>
  ok === null || ok === undefined ? '—' : ok ? 'PASS' : 'FAIL';

/** The nearest-rank percentile p (0–100) of the values, null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i] ?? null;
}

export function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

const DEBUG_T0 = Date.now();
/** BENCH_DEBUG=1 prints timestamped progress inside the sections. */
export function debug(line: string): void {
  if (process.env.BENCH_DEBUG)
    log(`    [${((Date.now() - DEBUG_T0) / 1000).toFixed(1)} s] ${line}`);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}
