// The report: the result as a table of measures, results, targets and verdicts, for the terminal
// and (with --markdown) for the README.
import type { BenchResult } from './result';
import type { Cause, WriteStats } from './saves';
import { DATASETS } from '../src/data/datasets';
import { MAX_RUNS } from '../src/state/runArchive';
import { DRAW_SECONDS, runsTableFull, sameLatent, type SoakPhase } from './sections/soak';
import { MODELS } from './sections/throughput';
import { CPU_LIMIT_TARGET, type Target } from './targets';
import { LEARN_SECONDS } from './sections/throttled';
import { fmtInt, fmtMs, fmtRatio, verdict } from './util';

/** The names of the bundled datasets, for the rows of data other than MNIST. */
const DATA_NAMES = { mnist: DATASETS.mnist.name, fashion: DATASETS.fashion.name } as const;

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
  const v = r.inside;
  if (v) {
    const at = `${Math.round(v.seconds)} s, ${fmtInt(v.moves)} slider moves while training (${v.backend ?? '?'}, ${fmtInt(v.examplesPerSecond)} ex/s)`;
    rows.push(
      judged(
        `Code slider → traversal p50 / p95, ${at}`,
        v.traversalP95Ms === null ? '—' : `${fmtMs(v.traversalP50Ms)} / ${fmtMs(v.traversalP95Ms)}`,
        find('traversal latency p95'),
      ),
    );
    rows.push(
      judged(
        'Opening the model (Network, features, traversal): share of the inference worker',
        v.inspectionShare === null ? '—' : `${(v.inspectionShare * 100).toFixed(1)}%`,
        find('inspection share of the inference worker'),
      ),
    );
    rows.push(
      judged(
        'Long tasks > 50 ms while moving a code slider',
        v.longTasks === null
          ? '—'
          : `${v.longTasks}${v.longTaskMaxMs ? ` (longest ${fmtMs(v.longTaskMaxMs)})` : ''}`,
        find('long tasks > 50 ms while moving a code slider'),
      ),
    );
  }
  const th = r.throttled;
  if (th) {
    const at = `CPU ${th.rate}× throttled, ${th.screen}, ${th.backend ?? '?'}`;
    rows.push(
      judged(
        `Long tasks > 100 ms, ${at}, ${Math.round(th.seconds)} s training + drawing`,
        th.longTasksOver100 === null
          ? '—'
          : `${th.longTasksOver100} (${th.longTasks} over 50 ms${th.longTaskMaxMs ? `, longest ${fmtMs(th.longTaskMaxMs)}` : ''})`,
        find('throttled CPU: long tasks > 100 ms while drawing'),
      ),
    );
    rows.push(
      judged(
        `Drawing → reconstruction p50 / p95, ${at}`,
        th.drawP95Ms === null ? '—' : `${fmtMs(th.drawP50Ms)} / ${fmtMs(th.drawP95Ms)}`,
        find('throttled CPU: drawing latency p95'),
      ),
    );
    rows.push(
      judged(
        `Validation MSE ${Math.round(th.seconds)} s after the first step (${fmtInt(th.examples)} examples; first step ${(th.firstStepMs / 1000).toFixed(1)} s after opening), ${at}`,
        th.valLoss === null ? '—' : th.valLoss.toFixed(4),
        find(`throttled CPU: validation MSE after ${LEARN_SECONDS} s of training`),
      ),
    );
  }
  const a = r.autosave;
  rows.push(
    judged(
      `Long tasks > 50 ms while autosaving, ${a ? `${Math.round(a.seconds ?? 0)} s training (${a.backend}), ${a.timed} timed writes + ${a.atPause} at ${a.pauses} Pauses` : 'training + Pause'}`,
      a ? longTaskDetail(a.longTasks, a.longTaskMaxMs, a.longTaskCauses, 'at a click') : '—',
      find('long tasks > 50 ms while autosaving'),
    ),
  );
  if (a) {
    rows.push(['Autosave write, put → committed, p50 / max', writeFigures(a), '(info)', '—']);
    rows.push(
      judged(
        "Autosave: put() calls on the page's main thread",
        pagePutFigures(a),
        find('autosave put() on the main thread'),
      ),
    );
  }
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

const fmtMB = (bytes: number | null | undefined): string =>
  bytes == null ? '—' : `${(bytes / 2 ** 20).toFixed(1)} MB`;
const pct = (v: number): string => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;
const fmtS = (ms: number | null | undefined): string =>
  ms == null ? '—' : `${(ms / 1000).toFixed(1)} s`;

function longTaskDetail(
  count: number | null,
  maxMs: number | null,
  c: Record<Cause, number> | null,
  action: string,
): string {
  if (count === null) return '—';
  if (!count) return '0';
  const causes = c
    ? (
        [
          [c.put, 'in a put() on the page'],
          [c.write, 'during a write in the worker'],
          [c.action, action],
          [c.other, 'elsewhere'],
        ] as const
      )
        .filter(([n]) => n)
        .map(([n, what]) => `${n} ${what}`)
        .join(', ')
    : '';
  return `${count} (longest ${fmtMs(maxMs)}${causes ? `; ${causes}` : ''})`;
}

function writeFigures(w: WriteStats): string {
  if (!w.count) return 'no writes';
  const failed = w.failed ? ` · ${w.failed} failed` : '';
  const inWorker =
    w.workerPutMsMax === null ? '' : ` · put() in the worker ≤ ${fmtMs(w.workerPutMsMax)}`;
  return `${fmtMs(w.writeMsP50)} / ${fmtMs(w.writeMsMax)} (${w.count} writes of ${fmtMB(w.bytesMax)})${inWorker}${failed}`;
}

/** The page's own put() calls: none while it trains, since the training worker writes the run. */
function pagePutFigures(w: WriteStats): string {
  return w.pagePuts ? `${w.pagePuts} (longest ${fmtMs(w.pagePutMsMax)})` : '0';
}

/** One soak phase: what it did, then each verdict with the figures behind it. */
function soakRows(ph: SoakPhase, rows: Row[], find: Find): void {
  const t = (what: string) => find(`soak ${ph.label}: ${what}`);
  const first = ph.samples[0];
  const last = ph.samples.at(-1);
  const head = `Soak ${ph.label === ph.backend ? ph.label : `${ph.label} (→ ${ph.backend ?? '?'})`}`;
  rows.push([
    `${head}: ${ph.minutes} min, a rebuild a minute, drawing ${Math.round(DRAW_SECONDS)} s a minute`,
    `${fmtInt(ph.trainedExamples)} examples · ${ph.rebuilds} rebuilds · ${fmtInt(ph.strokes)} strokes` +
      (ph.error ? ` · stopped: ${ph.error}` : ''),
    '(info)',
    '—',
  ]);
  const tensors = ph.samples.map((s) => s.numTensors);
  rows.push(
    judged(
      `${head}: numTensors after each rebuild, minute 1 → ${last?.minute ?? '?'}`,
      first && last
        ? `${first.numTensors} → ${last.numTensors} (range ${Math.min(...tensors)}–${Math.max(...tensors)})`
        : '—',
      t('numTensors flat'),
    ),
  );
  const gpu = t('GPU bytes flat');
  if (gpu) {
    const same = sameLatent(ph.samples);
    rows.push(
      judged(
        `${head}: GPU bytes (numBytesInGPU), minute 1 → ${same?.minute ?? '?'} (latent ${same?.latent ?? '?'})`,
        typeof gpu.value === 'string' ? gpu.value : '—',
        gpu,
      ),
    );
  }
  const heap = t('JS heap');
  rows.push(
    judged(
      `${head}: page JS heap after GC, minute 1 → ${last?.minute ?? '?'}`,
      first && last && typeof heap?.value === 'number'
        ? `${fmtMB(first.heapBytes)} → ${fmtMB(last.heapBytes)} (${pct(heap.value)})`
        : '—',
      heap,
    ),
  );
  const noCode = t('JS heap without compiled code');
  if (first?.codeBytes !== undefined && last?.codeBytes !== undefined && noCode) {
    rows.push(
      judged(
        `${head}: page JS heap after GC less V8's compiled code, minute 1 → ${last.minute}`,
        `${fmtMB(first.heapBytes - first.codeBytes)} → ${fmtMB(last.heapBytes - last.codeBytes)} ` +
          `(${pct(noCode.value as number)}) · compiled code ${fmtMB(first.codeBytes)} → ${fmtMB(last.codeBytes)}`,
        noCode,
      ),
    );
  }
  const full = runsTableFull(ph.samples);
  if (full && last) {
    const since = ph.samples.filter((x) => x.minute >= full.minute).map((x) => x.heapBytes);
    rows.push(
      judged(
        `${head}: page JS heap after GC with the Runs table full (${MAX_RUNS} runs), minute ${full.minute} → ${last.minute}`,
        `${fmtMB(full.heapBytes)} → ${fmtMB(last.heapBytes)} (${pct(last.heapBytes / full.heapBytes - 1)}) · ` +
          `range ${fmtMB(Math.min(...since))}–${fmtMB(Math.max(...since))}`,
        t('JS heap, Runs table full'),
      ),
    );
  }
  const s = ph.schedule;
  const over = s.gapsOver
    ? ` · ${s.gapsOver} gap(s) > 15 s${s.gapsOverWithRebuild ? `, ${s.gapsOverWithRebuild} across a rebuild` : ''}`
    : '';
  rows.push(
    judged(
      `${head}: autosaves while training`,
      `${s.count} writes in ${fmtInt(s.trainingSeconds)} s (expected ${s.expected}) · longest gap ${fmtS(s.maxGapMs)}${over}`,
      t('autosaves on schedule'),
    ),
  );
  rows.push([
    `${head}: autosave write, put → committed, p50 / max`,
    writeFigures(ph.writes),
    '(info)',
    '—',
  ]);
  rows.push(
    judged(
      `${head}: put() calls on the page's main thread`,
      pagePutFigures(ph.writes),
      t('no put() on the main thread'),
    ),
  );
  const lossT = t('context losses survived');
  if (lossT) {
    const each = ph.losses
      .map(
        (l) =>
          `step ${fmtInt(l.stepAtLoss)} → resumed from ${fmtInt(l.resumedFrom)} in ${fmtS(l.recoverMs)} (${l.backendAfter ?? '?'})`,
      )
      .join('; ');
    rows.push(
      judged(
        `${head}: WebGL context losses (minutes ${lossMinutesOf(ph)})`,
        `${String(lossT.value)}${each ? `: ${each}` : ''}`,
        lossT,
      ),
    );
  }
  const perMinute = ph.longTasksByMinute;
  rows.push([
    `${head}: long tasks > 50 ms (not the forced GCs)`,
    longTaskDetail(ph.longTasks, ph.longTaskMaxMs, ph.longTaskCauses, 'in a rebuild or recovery') +
      (perMinute?.length ? ` · by minute ${perMinute.join(' ')}` : ''),
    '(info)',
    '—',
  ]);
  rows.push([
    `${head}: drawing → reconstruction p95, first / last minute`,
    `${fmtMs(ph.drawP95FirstMs)} / ${fmtMs(ph.drawP95LastMs)}`,
    '(info)',
    '—',
  ]);
}

const lossMinutesOf = (ph: SoakPhase): string =>
  ph.losses.length ? ph.losses.map((l) => l.minute).join(', ') : '—';

export function reportRows(r: BenchResult): Row[] {
  const rows: Row[] = [['Measure', 'Result', 'Target', 'Status']];
  const find: Find = (name) => r.targets.find((t) => t.name === name);
  if (r.soak) {
    for (const ph of r.soak.phases) soakRows(ph, rows, find);
    return rows;
  }
  if (!r.mode.includes('training only')) speedRows(r, rows, find);
  for (const q of r.quality) {
    const mnist = (q.dataset ?? 'mnist') === 'mnist';
    const t =
      q.epochs === 5 && mnist ? find(`test MSE after 5 epochs, latent ${q.latent}`) : undefined;
    rows.push(
      judged(
        `Test MSE${mnist ? '' : ` (${DATA_NAMES[q.dataset!]})`}, latent ${q.latent}, ${q.epochs} epoch${q.epochs > 1 ? 's' : ''} (${q.backend})`,
        `${q.testMse === null ? '—' : q.testMse.toFixed(4)} · PCA ${q.pcaMse ?? '—'} · numpy ${q.numpyMse ?? '—'}`,
        t,
      ),
    );
  }
  const bestT = r.targets.find((t) => t.name.startsWith('best variant'));
  for (const f of r.family) {
    const mnist = (f.dataset ?? 'mnist') === 'mnist';
    const isBest = bestT && mnist && f.examples === r.familyExamples && f.variant === bestT.variant;
    const time = f.seconds ? `, ${Math.round(f.seconds)} s` : '';
    rows.push(
      judged(
        `Family${mnist ? '' : ` (${DATA_NAMES[f.dataset!]})`}: ${f.label} (${f.variant}), latent ${f.latent}, ${fmtInt(f.examples)} examples (${f.backend}${time})`,
        `${f.testMse === null ? '—' : f.testMse.toFixed(4)} · PCA ${f.pcaMse ?? '—'}`,
        isBest ? bestT : undefined,
      ),
    );
  }
  const mse = (x: number | null) => (x === null ? '—' : x.toFixed(4));
  for (const c of r.copyTest) {
    const ratio =
      c.digitMse && c.noiseMse !== null
        ? ` · noise/digits ${(c.noiseMse / c.digitMse).toFixed(1)}×`
        : '';
    rows.push([
      `Copy or understand?: ${c.label}, ${fmtInt(c.examples)} examples (${c.backend ?? '?'})`,
      `digits ${mse(c.digitMse)} · noise ${mse(c.noiseMse)} · inverted ${mse(c.invertedMse)} · shifted ${mse(c.shiftedMse)}${ratio}`,
      '(info)',
      '—',
    ]);
  }
  const linT = r.targets.find((t) => t.name.startsWith('linear autoencoder vs PCA'));
  r.linear.forEach((l, i) => {
    rows.push(
      judged(
        `Linear autoencoder (activation linear), k = ${l.latent}, ${fmtInt(l.examples)} examples (${l.backend ?? '?'})`,
        `${mse(l.testMse)} · PCA ${l.pcaMse}${l.gap === null ? '' : ` (${l.gap >= 0 ? '+' : ''}${(l.gap * 100).toFixed(1)}%)`}`,
        i === r.linear.length - 1 ? linT : undefined,
      ),
    );
  });
  return rows;
}
