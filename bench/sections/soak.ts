// The soak: a long run of the app as a person might leave it, looking for what grows. It trains
// for the given minutes with a rebuild at the end of every minute (the Latent size slider moved
// with the keyboard, one way then back), draws on the pad in every minute, and loses the
// training worker's WebGL context twice. After each rebuild has settled it samples the worker's
// tf.memory() and the page's JS heap (after a GC): numTensors, GPU bytes and the heap must stay
// where they were after the first minute. Probes in the training worker (which writes the
// autosave) and in the page record every IndexedDB write, so the autosave's schedule is checked
// over the whole run, and the page is seen to write nothing itself.
//
// A context can only be lost where training runs on WebGL. The main phase runs on the backend
// the page chooses by itself (or --page-backend); where that is WebGL the losses happen in it.
// Where it is not (no GPU: the app skips software WebGL), a second, shorter phase trains on
// ?backend=webgl with the same rebuilds and drawings and loses its context there, so the
// recovery path and the GPU bytes are soaked too.
import type { CDPSession } from '@playwright/test';
import { MAX_RUNS } from '../../src/state/runArchive';
import type { BenchContext } from '../context';
import { Drawer } from '../draw';
import { loseWorkerContexts, resumedSteps } from '../gpuLoss';
import { longTasks, PAGE_PROBES, pageNow, runningMarks } from '../pageProbes';
import {
  assertNoPageErrors,
  assertTraining,
  status,
  waitStartupWork,
  waitStatus,
  webglRenderer,
  type BenchPage,
  type PlaygroundWindow,
} from '../probes';
import {
  longTaskCauses,
  saveSchedule,
  trainingIntervals,
  writeStats,
  type Cause,
  type Schedule,
  type WriteStats,
} from '../saves';
import { SaveLog } from '../putProbe';
import { debug, errorMessage, percentile, round, sleep } from '../util';
import { collectSaves, instrumentTrainingWorker } from '../workerProbes';

const MINUTE_MS = 60_000;
/** Drawing at the start of each minute, after the previous rebuild's sample. */
export const DRAW_SECONDS = 20;
const DRAW_MS = DRAW_SECONDS * 1000;
/** Steps the new run trains before it counts as settled. */
const SETTLED_STEPS = 10;
/** The context losses of the run; three within a minute would move training to wasm. */
export const CONTEXT_LOSSES = 2;
/** The WebGL phase's length where the main phase is not on WebGL (odd: see `sameLatent`). */
export const WEBGL_PHASE_MINUTES = 5;

export interface SoakSample {
  /** The minute whose end this sample follows (1: the baseline). */
  minute: number;
  latent: number;
  backend: string | null;
  numTensors: number;
  numBytes: number;
  numBytesInGPU: number | null;
  /** The page's JS heap after a full GC (CDP Runtime.getHeapUsage usedSize). */
  heapBytes: number;
  /**
   * Of the heap, V8's compiled code (bytecode, baseline and optimised machine code and their
   * metadata: the nodes of type `code` in a heap snapshot taken after the GC). It grows as more
   * of the page's code gets hot, which is no data the page keeps.
   */
  codeBytes?: number;
  /** ms from the rebuild's key press to the new run having trained SETTLED_STEPS steps. */
  settleMs: number;
}

export interface ContextLoss {
  minute: number;
  stepAtLoss: number;
  resumedFrom: number | null;
  /** Loss → the page's "training resumed" notice. */
  recoverMs: number | null;
  backendAfter: string | null;
}

export interface SoakPhase {
  label: string;
  query: string;
  minutes: number;
  samples: SoakSample[];
  rebuilds: number;
  strokes: number;
  /** Drawing → reconstruction p95 in the first and in the last minute. */
  drawP95FirstMs: number | null;
  drawP95LastMs: number | null;
  /** Losses the phase was to have; fewer in `losses` where it stopped early. */
  plannedLosses: number;
  losses: ContextLoss[];
  /** Long tasks > 50 ms of the app, those that overlap a forced GC left out. */
  longTasks: number | null;
  longTaskMaxMs: number;
  /** 'action': during a rebuild (until it settled) or a context loss (until training went on). */
  longTaskCauses: Record<Cause, number> | null;
  /** The same long tasks in each minute of the phase (the last one ends with its sample). */
  longTasksByMinute: number[] | null;
  writes: WriteStats;
  schedule: Schedule;
  trainedExamples: number;
  backend: string | null;
  webglRenderer: string | null;
  /** What stopped the phase before its end; the samples until then are kept. */
  error: string | null;
}

export interface SoakResult {
  minutes: number;
  phases: SoakPhase[];
  webglRenderer: string | null;
}

/** The minutes (1-based) in which the context is lost: early, and late in the phase. */
export function lossMinutes(minutes: number): number[] {
  return minutes >= 3 ? [2, minutes] : [minutes, minutes];
}

/**
 * The first sample with the Runs table full (it keeps MAX_RUNS runs; each rebuild archives one),
 * from where what the page holds no longer grows by design; null in a shorter phase.
 */
export function runsTableFull(samples: readonly SoakSample[]): SoakSample | null {
  const s = samples.find((x) => x.minute >= MAX_RUNS);
  return s && s !== samples.at(-1) ? s : null;
}

/** The latest sample of the baseline's model (the slider alternates, so its latent recurs). */
export function sameLatent(samples: readonly SoakSample[]): SoakSample | null {
  const base = samples[0];
  if (!base) return null;
  return samples.filter((s) => s.latent === base.latent).at(-1) ?? null;
}

/**
 * The drawing latencies recorded since the previous read: the page keeps the newest few
 * thousand, so they are found after the tail of the previous read rather than by index.
 */
export function newSince(previousTail: readonly number[], list: readonly number[]): number[] {
  const k = previousTail.length;
  if (!k) return [...list];
  for (let i = list.length; i >= k; i--) {
    let match = true;
    for (let j = 0; j < k && match; j++) match = list[i - k + j] === previousTail[j];
    if (match) return list.slice(i);
  }
  return [...list];
}

/**
 * The heap after a full GC, the smaller of two a second apart (a message being handled holds
 * its data for a moment), and when (page clock) the GCs held the main thread.
 */
async function heapAfterGc(
  page: BenchPage,
  cdp: CDPSession,
): Promise<{ bytes: number; gc: [number, number] }> {
  const from = await pageNow(page);
  const once = async (): Promise<number> => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const first = await once();
  await sleep(1000);
  const bytes = Math.min(first, await once());
  return { bytes, gc: [from, await pageNow(page)] };
}

/** The self sizes of a heap snapshot's nodes of type `code` (see SoakSample.codeBytes). */
export function codeBytesOf(snapshot: {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
}): number {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0] as string[];
  const step = fields.length;
  const type = fields.indexOf('type');
  const size = fields.indexOf('self_size');
  const code = types.indexOf('code');
  if (type < 0 || size < 0 || code < 0) throw new Error('a heap snapshot without code nodes');
  let bytes = 0;
  for (let i = 0; i < snapshot.nodes.length; i += step)
    if (snapshot.nodes[i + type] === code) bytes += snapshot.nodes[i + size]!;
  return bytes;
}

/** V8's compiled code in the page's heap now (a heap snapshot; it collects garbage first). */
async function codeBytes(cdp: CDPSession): Promise<number> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return codeBytesOf(JSON.parse(chunks.join('')));
}

async function stableMemory(page: BenchPage) {
  const memory = () =>
    page.evaluate(() => (window as unknown as PlaygroundWindow).playground.memory());
  // What the run holds: of each reading's tensors, those not held by a read under way (the
  // losses queued for the next readback, a validation's, a reconstruction's or an analysis's
  // tensors, which the worker counts). The fewest over 4 s, and a reading with none in flight
  // for the GPU bytes where there is one. A leak raises that floor; a read under way does not.
  const settled = (m: Awaited<ReturnType<typeof memory>>) => m.numTensors - (m.inFlight ?? 0);
  let fewest = await memory();
  for (let i = 0; i < 13; i++) {
    await sleep(300);
    const m = await memory();
    if (
      settled(m) < settled(fewest) ||
      (settled(m) === settled(fewest) && (m.inFlight ?? 0) <= (fewest.inFlight ?? 0))
    )
      fewest = m;
  }
  return { ...fewest, numTensors: settled(fewest) };
}

async function runPhase(
  ctx: BenchContext,
  label: string,
  query: string,
  minutes: number,
  loseContexts: boolean | 'ifWebgl',
): Promise<SoakPhase> {
  const page = await ctx.page(PAGE_PROBES);
  try {
    await instrumentTrainingWorker(page);
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${ctx.base}/${query}`);
    await waitStatus(page, 'running', { is: 'true' }, 90_000);
    await waitStatus(page, 'examples', { above: 0 }, 120_000);
    // The one-off startup PCA shares the page's heap and the CPU; the soak begins after it.
    await waitStartupWork(page, 120_000);
    const first = await status(page);
    const renderer = await webglRenderer(page);
    const webgl = first.backend === 'webgl';
    const losing = loseContexts === true || (loseContexts === 'ifWebgl' && webgl);
    if (loseContexts === true && !webgl)
      throw new Error(`the ${label} phase trains on ${first.backend ?? '?'}, not on webgl`);
    const losingIn = losing ? lossMinutes(minutes) : [];
    const t0 = Date.now();
    const pageT0 = await pageNow(page);
    const slider = page.getByRole('slider', { name: 'Latent size' });
    const drawer = new Drawer(page);
    const latencies = () =>
      page.evaluate(() => (window as unknown as PlaygroundWindow).playground.drawLatencies());
    let tail = (await latencies()).slice(-20);
    const minuteLatencies: number[][] = [];
    const samples: SoakSample[] = [];
    const losses: ContextLoss[] = [];
    const rebuildsAt: number[] = [];
    // The forced GCs are the benchmark's own long tasks; they are not counted as the app's.
    const gcs: [number, number][] = [];
    // A rebuild until it settled, a context loss until training went on.
    const actions: [number, number][] = [];
    let latent = Number(first.latentSize);
    // Each rebuild starts a run counted from 0: the examples are summed over the runs.
    let trained = 0;
    let runFrom = Number(first.examples);
    let error: string | null = null;
    // Read each minute: a training worker replaced meanwhile keeps the writes it had made.
    const saveLog = new SaveLog();

    // A failure part-way keeps what was measured until then: a long run is not lost to it.
    try {
      for (let minute = 1; minute <= minutes; minute++) {
        const minuteEnd = t0 + minute * MINUTE_MS;
        const drawMs = Math.min(DRAW_MS, minuteEnd - Date.now() - 5_000);
        if (drawMs > 1_000) {
          await drawer.prepare();
          await drawer.drawFor(drawMs);
          const list = await latencies();
          minuteLatencies.push(newSince(tail, list));
          tail = list.slice(-20);
        }
        // Two losses in one minute (a 2-minute phase) stay under the three that mean wasm.
        const lossesNow = losingIn.filter((m) => m === minute).length;
        for (let i = 0; i < lossesNow; i++) {
          await sleep(Math.max(0, Math.min(10_000, minuteEnd - Date.now() - 20_000)));
          const from = await pageNow(page);
          losses.push(await loseOnce(page, minute));
          actions.push([from, await pageNow(page)]);
        }
        await sleep(Math.max(0, minuteEnd - Date.now()));
        trained += Number((await assertTraining(page)).examples) - runFrom;
        runFrom = 0;

        // The rebuild: one step of the slider, the other way at the next minute.
        const up = minute % 2 === 1;
        latent += up ? 1 : -1;
        const pressedAt = await pageNow(page);
        rebuildsAt.push(pressedAt);
        const pressed = Date.now();
        await slider.focus();
        await page.keyboard.press(up ? 'ArrowRight' : 'ArrowLeft');
        await waitStatus(page, 'latentSize', { is: String(latent) }, 60_000);
        await waitStatus(page, 'step', { atLeast: SETTLED_STEPS }, 120_000);
        const settleMs = Date.now() - pressed;
        actions.push([pressedAt, await pageNow(page)]);
        const m = await stableMemory(page);
        const heap = await heapAfterGc(page, cdp);
        const heapBytes = heap.bytes;
        const snapFrom = await pageNow(page);
        const code = await codeBytes(cdp);
        gcs.push(heap.gc, [snapFrom, await pageNow(page)]);
        const d = await status(page);
        await collectSaves(page, saveLog);
        samples.push({
          minute,
          latent,
          backend: d.backend ?? null,
          numTensors: m.numTensors,
          numBytes: m.numBytes,
          numBytesInGPU: m.numBytesInGPU ?? null,
          heapBytes,
          codeBytes: code,
          settleMs,
        });
        debug(
          `soak ${label}: minute ${minute}: ${m.numTensors} tensors, heap ${heapBytes}, ` +
            `GPU ${m.numBytesInGPU ?? '—'}, settled in ${settleMs} ms`,
        );
      }
      await assertTraining(page);
      assertNoPageErrors(page);
    } catch (err) {
      error = errorMessage(err);
    }

    const d = await status(page);
    const pageEnd = await pageNow(page);
    const writes = (await collectSaves(page, saveLog)).filter(
      (s) => s.start >= pageT0 && s.start <= pageEnd,
    );
    const training = trainingIntervals(await runningMarks(page), pageT0, pageEnd);
    const tasks = (await longTasks(page))?.filter(
      (t) =>
        t.start >= pageT0 &&
        t.start <= pageEnd &&
        t.duration > 50 &&
        !gcs.some(([a, b]) => t.start + t.duration >= a && t.start <= b),
    );
    const byMinute = tasks
      ? Array.from(
          { length: Math.ceil((pageEnd - pageT0) / MINUTE_MS) },
          (_, i) => tasks.filter((t) => Math.floor((t.start - pageT0) / MINUTE_MS) === i).length,
        )
      : null;
    return {
      label,
      query,
      minutes,
      samples,
      rebuilds: samples.length,
      strokes: drawer.strokes,
      drawP95FirstMs: round(percentile(minuteLatencies[0] ?? [], 95), 1),
      drawP95LastMs: round(percentile(minuteLatencies.at(-1) ?? [], 95), 1),
      plannedLosses: losingIn.length,
      losses,
      longTasks: tasks ? tasks.length : null,
      longTaskMaxMs: tasks?.length ? Math.max(...tasks.map((t) => t.duration)) : 0,
      longTaskCauses: tasks ? longTaskCauses(tasks, writes, actions) : null,
      longTasksByMinute: byMinute,
      writes: writeStats(writes),
      schedule: saveSchedule(
        writes.map((s) => s.start),
        training,
        rebuildsAt,
      ),
      trainedExamples: trained + Number(d.examples ?? 0) - runFrom,
      backend: d.backend ?? null,
      webglRenderer: renderer,
      error,
    };
  } finally {
    await page.closeAll();
  }
}

/** Loses the worker's context and waits for the run to go on from its checkpoint. */
async function loseOnce(page: BenchPage, minute: number): Promise<ContextLoss> {
  const before = (await resumedSteps(page)).length;
  const stepAtLoss = Number((await status(page)).step);
  const t = Date.now();
  const lost = await loseWorkerContexts(page);
  if (lost === 0) throw new Error('the training worker had no WebGL context to lose');
  let resumedFrom: number | null = null;
  let recoverMs: number | null = null;
  const deadline = t + 60_000;
  while (Date.now() < deadline) {
    const steps = await resumedSteps(page);
    if (steps.length > before) {
      resumedFrom = steps.at(-1) ?? null;
      recoverMs = Date.now() - t;
      break;
    }
    await sleep(200);
  }
  if (resumedFrom === null) throw new Error(`no recovery notice within 60 s of losing the context`);
  // Recovered: the run trains past where it stood when the context went.
  await waitStatus(page, 'step', { above: stepAtLoss }, 60_000);
  return {
    minute,
    stepAtLoss,
    resumedFrom,
    recoverMs,
    backendAfter: (await status(page)).backend ?? null,
  };
}

export async function measureSoak(ctx: BenchContext, minutes: number): Promise<SoakResult> {
  const phases: SoakPhase[] = [];
  const main = await runPhase(ctx, ctx.opts.pageBackend, ctx.pageQuery, minutes, 'ifWebgl');
  phases.push(main);
  if (!main.losses.length) {
    const webglMinutes = Math.min(minutes % 2 ? minutes : minutes - 1, WEBGL_PHASE_MINUTES);
    phases.push(await runPhase(ctx, 'webgl', '?backend=webgl', Math.max(3, webglMinutes), true));
  }
  return { minutes, phases, webglRenderer: main.webglRenderer };
}
