// The report: the result as a table of measures, results, targets and verdicts, for the terminal
// and (with --markdown) for the README.
import type { BenchResult } from './result';
import { MODELS } from './sections/throughput';
import { CPU_LIMIT_TARGET, type Target } from './targets';
import { fmtInt, fmtMs, fmtRatio, verdict } from './util';

export type Row = [string, string, string, string];

export function table(rows: readonly Row[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

export function markdown(rows: readonly Row[]): string[] {
  const [head, ...body] = rows;
  const line = (r: readonly string[]): string => `| ${r.join(' | ')} |`;
  return [line(head!), line(head!.map(() => '---')), ...body.map(line)];
}

type Find = (name: string) => Target | undefined;

/** A row judged by the named target, or an information row when there is none. */
function judged(measure: string, result: string, t: Target | undefined): Row {
  return [measure, result, t ? t.target : '(info)', t ? verdict(t.pass) : '—'];
}

/** The native CPU limit and our best backend's share of it. */
function nativeRows(r: BenchResult, rows: Row[]): void {
  const n = r.native;
  if (n) {
    const cpu = `${n.cpuModel ?? 'unknown CPU'}, ${n.threads} thread${n.threads > 1 ? 's' : ''}`;
    rows.push([
      'Native CPU limit: reference model step in numpy, all cores',
      n.examplesPerSecond === null
        ? `not measured (${n.notMeasured ?? 'no result'})`
        : `${fmtInt(n.examplesPerSecond)} ex/s · ${cpu}`,
      '(info)',
      '—',
    ]);
  }
  const share = r.targets.find((t) => t.name.startsWith(CPU_LIMIT_TARGET));
  if (share) {
    rows.push([
      share.name.replace(CPU_LIMIT_TARGET, 'Best backend'),
      typeof share.value === 'number'
        ? `${(share.value * 100).toFixed(1)}% of ${fmtInt(n?.examplesPerSecond)} ex/s (${n?.cpuModel ?? 'unknown CPU'})`
        : 'not measured',
      share.target,
      verdict(share.pass),
    ]);
  }
}

/** The throughput, data, responsiveness and memory rows. */
function speedRows(r: BenchResult, rows: Row[], find: Find): void {
  for (const [key, group, label] of [
    ['default', r.throughput, MODELS.default.label],
    ['reference', r.throughputReference, MODELS.reference.label],
  ] as const) {
    for (const [b, v] of Object.entries(group)) {
      rows.push(
        judged(
          `Training ${b}, ${label}${v.oursDuringStartupWork ? ' *' : ''}`,
          `ours ${fmtInt(v.ours)} ex/s · peer ${fmtInt(v.peer)} ex/s · ${fmtRatio(v.ratio)}`,
          find(`ours/peer on ${b}, ${key} model`),
        ),
      );
    }
  }
  if (r.throughputAuto) {
    const a = r.throughputAuto;
    rows.push([
      `Training auto (→ ${a.backend}) vs peer on webgl, default model`,
      `ours ${fmtInt(a.ours)} ex/s · peer ${fmtInt(a.peerWebgl)} ex/s · ${fmtRatio(a.ratio)}`,
      '(info)',
      '—',
    ]);
  }
  nativeRows(r, rows);
  rows.push(['Sprite download (4 files)', fmtMs(r.downloadMs), '(info)', '—']);
  rows.push(
    judged('Decode 70,000 digits (worker)', fmtMs(r.decodeMs), find('decode 70,000 digits')),
  );
  rows.push(
    judged(
      `Navigation → first reconstruction (${r.pageBackend ?? '?'})`,
      fmtMs(r.firstReconstructionMs),
      find('first reconstruction'),
    ),
  );
  const rs = r.responsiveness;
  const star = rs?.startupWorkDuringWindow ? ' *' : '';
  const longest = rs?.longTaskMaxMs ? ` (longest ${Math.round(rs.longTaskMaxMs)} ms)` : '';
  rows.push([
    `Long tasks > 50 ms, ${rs ? `${Math.round(rs.seconds ?? 0)} s training (${rs.backend}) + drawing` : 'training + drawing'}${star}`,
    r.longTasks === null ? '—' : `${r.longTasks}${longest}`,
    '0',
    verdict(find('long tasks > 50 ms')?.pass),
  ]);
  const lat = r.drawLatencyMs;
  rows.push(
    judged(
      `Drawing → reconstruction p50 / p95 (${lat.count} updates)${star}`,
      lat.p50 === null ? '—' : `${Math.round(lat.p50)} / ${Math.round(lat.p95 ?? 0)} ms`,
      find('drawing latency p95'),
    ),
  );
  const m = r.numTensors;
  const bytes =
    m.bytesBefore != null ? ` (${fmtInt(m.bytesBefore)} → ${fmtInt(m.bytesAfter)} bytes)` : '';
  rows.push([
    `numTensors, ${m.steps ?? '?'} steps + ${m.rebuilds ?? '?'} rebuilds (${m.backend ?? '?'})`,
    m.before === null ? '—' : `${m.before} → ${m.after}${bytes}`,
    'flat',
    verdict(m.flat),
  ]);
}

export function reportRows(r: BenchResult): Row[] {
  const rows: Row[] = [['Measure', 'Result', 'Target', 'Status']];
  const find: Find = (name) => r.targets.find((t) => t.name === name);
  if (!r.mode.includes('training only')) speedRows(r, rows, find);
  for (const q of r.quality) {
    const t = q.epochs === 5 ? find(`test MSE after 5 epochs, latent ${q.latent}`) : undefined;
    rows.push(
      judged(
        `Test MSE, latent ${q.latent}, ${q.epochs} epoch${q.epochs > 1 ? 's' : ''} (${q.backend})`,
        `${q.testMse === null ? '—' : q.testMse.toFixed(4)} · PCA ${q.pcaMse ?? '—'} · numpy ${q.numpyMse ?? '—'}`,
        t,
      ),
    );
  }
  const bestT = r.targets.find((t) => t.name.startsWith('best variant'));
  for (const f of r.family) {
    const isBest = bestT && f.examples === r.familyExamples && f.variant === bestT.variant;
    const time = f.seconds ? `, ${Math.round(f.seconds)} s` : '';
    rows.push(
      judged(
        `Family: ${f.label} (${f.variant}), latent ${f.latent}, ${fmtInt(f.examples)} examples (${f.backend}${time})`,
        `${f.testMse === null ? '—' : f.testMse.toFixed(4)} · PCA ${f.pcaMse ?? '—'}`,
        isBest ? bestT : undefined,
      ),
    );
  }
  return rows;
}
