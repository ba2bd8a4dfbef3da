// The result JSON (bench/results/latest.json): its shape, and how a run's measurements make it.
import type { Browser } from '@playwright/test';
import os from 'node:os';
import type { SectionError } from './context';
import type { Options } from './options';
import { REFERENCE } from './reference';
import type { AutosaveResult } from './sections/autosave';
import type { FamilyRow } from './sections/family';
import type { InsideResult } from './sections/inside';
import type { CopyRow, LinearRow } from './sections/teach';
import type { MemoryResult } from './sections/memory';
import type { NativeResult } from './sections/native';
import type { QualityRow } from './sections/quality';
import type { ResponsivenessResult } from './sections/responsiveness';
import type { SoakResult } from './sections/soak';
import type { StartupResult } from './sections/startup';
import type { ThrottledResult } from './sections/throttled';
import type { OursResult, PeerResult, ThroughputTable } from './sections/throughput';
import { TARGETS, type Target } from './targets';
import { percentile, round } from './util';

export interface AutoRow {
  backend: string;
  ours: number | null;
  peerWebgl: number | null;
  ratio: number | null;
  source: string;
}

/** Every measurement of one run, as the sections returned them. */
export interface Measured {
  started: number;
  loadAtStart: number;
  browser: Browser;
  browserPath: string;
  native: NativeResult | null;
  data: Partial<StartupResult>;
  resp: ResponsivenessResult | null;
  autosave: AutosaveResult | null;
  inside: InsideResult | null;
  throttled: ThrottledResult | null;
  soak: SoakResult | null;
  throughput: ThroughputTable;
  throughputReference: ThroughputTable;
  throughputAuto: AutoRow | null;
  mem: MemoryResult | null;
  quality: QualityRow[];
  family: FamilyRow[];
  copyTest: CopyRow[];
  linear: LinearRow[];
  details: Record<string, Record<string, OursResult | PeerResult | null>>;
  errors: SectionError[];
}

export function assemble(opts: Options, m: Measured) {
  const p = opts.profile;
  const { data, resp, mem, autosave } = m;
  const latencies = resp?.drawLatencies ?? [];
  return {
    schema: 3,
    date: new Date().toISOString(),
    mode: p.mode,
    options: {
      backends: opts.backends,
      warmupSeconds: p.warmup,
      windowSeconds: p.window,
      responsivenessSeconds: p.resp,
      startupWaitSeconds: p.startupWait,
      autosaveSeconds: p.autosave,
      soakMinutes: opts.soak,
      peerMode: opts.peerMode,
      headed: opts.headed,
      chromiumArgs: opts.chromiumArgs,
    },
    machine: {
      browser: `Chromium ${m.browser.version()}`,
      browserPath: m.browserPath,
      webglRenderer: data.webglRenderer ?? null,
      cpuCount: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? null,
      hardwareConcurrency: data.hardwareConcurrency ?? null,
      crossOriginIsolated: data.crossOriginIsolated ?? null,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
      totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1),
      loadAverageAtStart: round(m.loadAtStart, 2),
      loadAverageAtEnd: round(os.loadavg()[0], 2),
    },
    /** The reference model's step in numpy on all cores, this run (null in --only-training). */
    native: m.native,
    throughput: m.throughput,
    throughputReference: m.throughputReference,
    throughputAuto: m.throughputAuto,
    autoBackend: data.autoBackend ?? null,
    pageBackend: data.pageBackend ?? null,
    longTasks: resp?.longTasks ?? null,
    drawLatencyMs: {
      p50: round(percentile(latencies, 50), 1),
      p95: round(percentile(latencies, 95), 1),
      count: latencies.length,
    },
    downloadMs: round(data.downloadMs ?? null),
    decodeMs: round(data.decodeMs ?? null),
    firstReconstructionMs: round(data.firstReconstructionMs ?? null),
    numTensors: {
      before: mem?.before ?? null,
      after: mem?.after ?? null,
      flat: mem ? mem.flat : null,
      bytesBefore: mem?.bytesBefore ?? null,
      bytesAfter: mem?.bytesAfter ?? null,
      bytesInGPUBefore: mem?.bytesInGPUBefore ?? null,
      bytesInGPUAfter: mem?.bytesInGPUAfter ?? null,
      steps: mem?.steps ?? null,
      rebuilds: mem?.rebuilds ?? null,
      backend: mem?.backend ?? null,
      model: mem?.model ?? null,
    },
    quality: m.quality,
    family: m.family,
    familyExamples: opts.family ? opts.familyExamples : null,
    responsiveness: resp
      ? {
          seconds: round(resp.seconds, 1),
          backend: resp.backend,
          trainedExamples: resp.trainedExamples,
          strokes: resp.strokes,
          mouseMoves: resp.moves,
          longTaskMaxMs: round(resp.longTaskMaxMs),
          longTaskTotalMs: round(resp.longTaskTotalMs),
          startupWaitMs: round(resp.startupWaitMs),
          startupWorkDuringWindow: resp.startupWorkDuringWindow,
        }
      : null,
    /** Long tasks and write times while the run autosaves (the first visit's page). */
    autosave: autosave
      ? {
          ...autosave,
          seconds: round(autosave.seconds, 1),
          longTaskMaxMs: round(autosave.longTaskMaxMs),
        }
      : null,
    /** The views inside the model while it trains: traversal latency, inspection share. */
    inside: m.inside,
    /** A phone's CPU (4× throttled, a phone's screen): long tasks, drawing, learning in 30 s. */
    throttled: m.throttled,
    /** The lessons' figures (--teach): the copy test by model, the linear AE against PCA. */
    copyTest: m.copyTest,
    copyExamples: opts.teach ? opts.copyExamples : null,
    linear: m.linear,
    soak: m.soak,
    /** The figures compared with, each with its source (bench/reference.ts), and the targets. */
    reference: { figures: REFERENCE, targets: TARGETS },
    details: m.details,
    errors: m.errors,
    targets: [] as Target[],
    wallSeconds: 0 as number | null,
  };
}

export type BenchResult = ReturnType<typeof assemble>;
