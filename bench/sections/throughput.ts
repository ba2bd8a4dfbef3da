// Throughput: our worker's steady-state examples/s against the stock tfjs Layers loop on the
// main thread of bench/peer.html (the peer), on each backend, for two models.
import type { PeerApi, PeerOptions } from '../peer';
import type { BenchContext } from '../context';
import type { Backend } from '../options';
import {
  assertNoPageErrors,
  assertTraining,
  nextExamples,
  rendererFromText,
  startupWorkPending,
  threadsFromText,
  waitStartupWork,
  waitStatus,
} from '../probes';
import { log, round, ratio, sleep } from '../util';

export interface ModelSpec {
  label: string;
  hidden: number;
  latent: number;
  batch: number;
}

export const MODELS = {
  default: {
    label: '784-256-16-256-784, batch 128 (app default)',
    hidden: 256,
    latent: 16,
    batch: 128,
  },
  reference: {
    label: '784-256-32-256-784, batch 256 (reference model)',
    hidden: 256,
    latent: 32,
    batch: 256,
  },
} satisfies Record<string, ModelSpec>;
export type ModelKey = keyof typeof MODELS;

export interface OursResult {
  examplesPerSecond: number | null;
  backend: string | null;
  wasmThreads: number | null;
  renderer: string | null;
  appReported: number;
  windowMs: number;
  examples: number;
  startupWaitMs: number;
  startupWorkDuringWindow: boolean;
}

export type PeerResult = Awaited<ReturnType<PeerApi['start']>> & {
  examplesPerSecond: number | null;
  windowMs: number;
};

/** One backend's figures for one model, as the result JSON has them. */
export interface ThroughputRow {
  ours: number | null;
  peer: number | null;
  ratio: number | null;
  oursWasmThreads: number | null;
  peerWasmThreads: number | null;
  oursAppReported: number | null;
  oursDuringStartupWork: boolean | null;
}
export type ThroughputTable = Partial<Record<Backend, ThroughputRow>>;

/** The page's `window.peer` (written out in each page function: they run in the page). */
type PeerWindow = { peer: PeerApi };

/** Our steady-state examples/s: Δexamples/Δtime over a window after warm-up. */
export async function ours(
  ctx: BenchContext,
  backend: Backend | 'auto',
  model: ModelSpec,
): Promise<OursResult> {
  const page = await ctx.page();
  try {
    const q = `backend=${backend}&latent=${model.latent}&hidden=${model.hidden}&batch=${model.batch}`;
    await page.goto(`${ctx.base}/?${q}&autostart=1`);
    await waitStatus(page, 'examples', { above: 0 }, 90_000);
    const startupWaitMs = await waitStartupWork(page, ctx.p.startupWait * 1000);
    await sleep(ctx.p.warmup * 1000);
    await assertTraining(page);
    // Pending now means the startup PCA overlaps the window (it does not start again).
    const startupWorkDuringWindow = (await startupWorkPending(page)) === true;
    const s0 = await nextExamples(page);
    await sleep(ctx.p.window * 1000);
    let s1 = await nextExamples(page);
    // A slow backend may not report inside a short window: wait a little for one more report.
    const patience = Date.now() + Math.max(10_000, 2 * ctx.p.window * 1000);
    while (s1.examples <= s0.examples && Date.now() < patience) {
      await assertTraining(page);
      s1 = await nextExamples(page, 5_000);
    }
    const d = await assertTraining(page);
    if (s1.examples <= s0.examples)
      throw new Error(`no training progress on ${backend} in the window`);
    const rate = ((s1.examples - s0.examples) / (s1.t - s0.t)) * 1000;
    assertNoPageErrors(page);
    return {
      examplesPerSecond: rate > 0 ? rate : null,
      backend: d.backend ?? null,
      wasmThreads: threadsFromText(d.text),
      renderer: rendererFromText(d.text),
      appReported: Number(d.examplesPerSecond),
      windowMs: s1.t - s0.t,
      examples: s1.examples - s0.examples,
      startupWaitMs,
      startupWorkDuringWindow,
    };
  } finally {
    await page.closeAll();
  }
}

/** The stock Layers loop of bench/peer.html, each backend and model in turn, in one page. */
export async function peer(
  ctx: BenchContext,
  backends: readonly Backend[],
  models: readonly (readonly [ModelKey, ModelSpec])[],
): Promise<Partial<Record<Backend, Partial<Record<ModelKey, PeerResult | null>>>>> {
  const page = await ctx.page();
  const out: Partial<Record<Backend, Partial<Record<ModelKey, PeerResult | null>>>> = {};
  try {
    await page.goto(`${ctx.pagesBase}/bench/peer.html`);
    await page.waitForFunction(() => 'peer' in window, null, { timeout: 30_000 });
    for (const backend of backends) {
      const row: Partial<Record<ModelKey, PeerResult | null>> = {};
      out[backend] = row;
      for (const [key, model] of models) {
        log(`Throughput: peer (tfjs Layers, main thread) on ${backend}, ${key} model…`);
        row[key] = await ctx.section(`peer ${backend} ${key}`, async () => {
          const { hidden, latent, batch } = model;
          const options: PeerOptions = { backend, hidden, latent, batch, mode: ctx.opts.peerMode };
          const info = await page.evaluate(
            (o) => (window as unknown as PeerWindow).peer.start(o),
            options,
          );
          await page.waitForFunction(
            () => {
              const s = (window as unknown as PeerWindow).peer.stats();
              return s.steps >= 2 || s.error;
            },
            null,
            { timeout: 90_000, polling: 100 },
          );
          await sleep(ctx.p.warmup * 1000);
          const stats = () => page.evaluate(() => (window as unknown as PeerWindow).peer.stats());
          const s0 = await stats();
          await sleep(ctx.p.window * 1000);
          let s1 = await stats();
          for (let i = 0; i < 60 && s1.steps < s0.steps + 2 && !s1.error; i++) {
            await sleep(500);
            s1 = await stats();
          }
          if (s1.error) throw new Error(s1.error);
          const rate = ((s1.examples - s0.examples) / (s1.t - s0.t)) * 1000;
          return { examplesPerSecond: rate > 0 ? rate : null, ...info, windowMs: s1.t - s0.t };
        });
      }
    }
    await page.evaluate(() => (window as unknown as PeerWindow).peer.stop());
    return out;
  } finally {
    await page.closeAll();
  }
}

/** Ours beside the peer for one backend and model; a fallback to another backend is an error. */
export function compare(
  ctx: BenchContext,
  backend: Backend,
  key: ModelKey,
  o: OursResult | null,
  p: PeerResult | null,
): ThroughputRow {
  // Our app falls back when a backend cannot start; a fallback is not that backend's figure.
  const oursRate = o && o.backend === backend ? o.examplesPerSecond : null;
  if (o && o.backend !== backend) {
    ctx.errors.push({
      section: `ours ${backend} ${key}`,
      message: `the app fell back to ${o.backend}`,
    });
  }
  // The ratio of the figures as written, so ours / peer in the JSON gives it back exactly.
  const oursOut = round(oursRate);
  const peerOut = round(p?.examplesPerSecond ?? null);
  return {
    ours: oursOut,
    peer: peerOut,
    ratio: round(ratio(oursOut, peerOut), 3),
    oursWasmThreads: o?.wasmThreads ?? null,
    peerWasmThreads: p?.wasmThreads ?? null,
    oursAppReported: round(o?.appReported ?? null),
    oursDuringStartupWork: o?.startupWorkDuringWindow ?? null,
  };
}

/** The backend with the most examples/s of ours in a table, if any measured. */
export function fastest(table: ThroughputTable): { backend: Backend; ours: number } | null {
  let best: { backend: Backend; ours: number } | null = null;
  for (const [b, row] of Object.entries(table) as [Backend, ThroughputRow][]) {
    if (row.ours !== null && (!best || row.ours > best.ours)) best = { backend: b, ours: row.ours };
  }
  return best;
}
