// Startup, on a first visit with the defaults a person gets: the sprite's download, its decode
// in the worker, and the time from navigation to the first reconstruction.
import type { BenchContext } from '../context';
import { PAGE_PROBES } from '../pageProbes';
import {
  status,
  threadsFromText,
  waitStatus,
  webglRenderer,
  type BenchPage,
  type PlaygroundWindow,
} from '../probes';
import { instrumentTrainingWorker } from '../workerProbes';

export interface FirstVisit {
  page: BenchPage;
  /** The data files' fetches by URL, in the page's clock. */
  fetches: Map<string, { start: number; end: number }>;
}

export interface StartupResult {
  downloadMs: number | null;
  downloadFiles: number;
  decodeMs: number;
  firstReconstructionMs: number | null;
  /** The backend the app chose by itself, when the page ran with the defaults. */
  autoBackend: string | null;
  autoWasmThreads: number | null;
  webglRenderer: string | null;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
  pageBackend: string | null;
}

/**
 * Opens `/` (or `/?backend=…`), recording from the start the long tasks, the writes of the
 * autosave (in the page and in the training worker, which the page then gets with its prelude)
 * and the data fetches.
 */
export async function openFirstVisit(ctx: BenchContext): Promise<FirstVisit> {
  const page = await ctx.page(PAGE_PROBES);
  await instrumentTrainingWorker(page);
  const fetches: FirstVisit['fetches'] = new Map();
  page.on('requestfinished', (req) => {
    const url = req.url();
    if (/\/data\/(manifest\.json|mnist_[a-z_]+\.(png|bin))$/.test(url)) {
      const timing = req.timing();
      fetches.set(url, { start: timing.startTime, end: timing.startTime + timing.responseEnd });
    }
  });
  await page.goto(`${ctx.base}/${ctx.pageQuery}`);
  return { page, fetches };
}

export async function measureStartup(
  ctx: BenchContext,
  { page, fetches }: FirstVisit,
): Promise<StartupResult> {
  await page.waitForFunction(
    () => (window as unknown as PlaygroundWindow).playground?.firstReconstructionMs() != null,
    null,
    { timeout: 60_000, polling: 50 },
  );
  const firstReconstructionMs = await page.evaluate(() =>
    (window as unknown as PlaygroundWindow).playground.firstReconstructionMs(),
  );
  await waitStatus(page, 'decodeMs', { set: true });
  await waitStatus(page, 'backend', { set: true });
  const d = await status(page);
  const renderer = await webglRenderer(page);
  const hardwareConcurrency = await page.evaluate(() => navigator.hardwareConcurrency);
  const crossOriginIsolated = await page.evaluate(() => window.crossOriginIsolated);
  const spans = [...fetches.values()];
  const downloadMs = spans.length
    ? Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start))
    : null;
  return {
    downloadMs,
    downloadFiles: spans.length,
    decodeMs: Number(d.decodeMs),
    firstReconstructionMs,
    autoBackend: ctx.opts.pageBackend === 'auto' ? (d.backend ?? null) : null,
    autoWasmThreads: threadsFromText(d.text),
    webglRenderer: renderer,
    hardwareConcurrency,
    crossOriginIsolated,
    pageBackend: d.backend ?? null,
  };
}
