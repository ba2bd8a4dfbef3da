// What the benchmark reads off a page: the Training status element (src/ui/statusContract.ts),
// waits for its values, and the app's one-off startup work.
import type { Page } from '@playwright/test';
import {
  STATUS_DATA,
  STATUS_SELECTOR,
  type StatusField,
  type StatusValues,
} from '../src/ui/statusContract';
import type { RunningMark } from './pageProbes';
import type { SaveRecord } from './putProbe';
import { sleep } from './util';

/** A page of the benchmark's own context, with the uncaught errors it has thrown. */
export type BenchPage = Page & { pageErrors: string[]; closeAll: () => Promise<void> };

/** A long task the page's PerformanceObserver saw (its clock). */
export interface LongTask {
  start: number;
  duration: number;
}

/** What the app's page offers the benchmark (src/main.tsx), and what its init scripts add. */
export interface PlaygroundWindow {
  playground: {
    firstReconstructionMs: () => number | null;
    drawLatencies: () => number[];
    memory: () => Promise<{
      numTensors: number;
      numBytes: number;
      numBytesInGPU?: number;
      inFlight?: number;
    }>;
  };
  __longTasks?: LongTask[] | null;
  /** The page's own put() calls (bench/putProbe.ts). */
  __saves?: SaveRecord[];
  __running?: RunningMark[];
}

export type StatusSnapshot = StatusValues & { text: string };

/** The status element's fields and its text, or null when the page has none (yet). */
export async function statusData(page: Page): Promise<StatusSnapshot | null> {
  return page.evaluate(
    ([sel, fields]) => {
      const el = document.querySelector<HTMLElement>(sel);
      if (!el) return null;
      const out: Record<string, string> = { text: el.textContent ?? '' };
      for (const k of fields) {
        const v = el.dataset[k];
        if (v !== undefined) out[k] = v;
      }
      return out as StatusSnapshot;
    },
    [STATUS_SELECTOR, Object.keys(STATUS_DATA)] as const,
  );
}

/** The status data, which must be there. */
export async function status(page: Page): Promise<StatusSnapshot> {
  const d = await statusData(page);
  if (!d) throw new Error('the page has no Training status element');
  return d;
}

/** What a status field must show: a value, any non-empty value, or a number at least/above. */
export type Want = { is: string } | { set: true } | { atLeast: number } | { above: number };

/** Waits until the status field satisfies `want`. */
export async function waitStatus(
  page: Page,
  field: StatusField,
  want: Want,
  timeout = 60_000,
): Promise<void> {
  await page.waitForFunction(
    ([sel, key, w]) => {
      const v = document.querySelector<HTMLElement>(sel)?.dataset[key];
      if (v === undefined) return false;
      if ('is' in w) return v === w.is;
      if ('set' in w) return v !== '';
      if ('atLeast' in w) return v !== '' && Number(v) >= w.atLeast;
      return v !== '' && Number(v) > w.above;
    },
    [STATUS_SELECTOR, field, want] as const,
    { timeout, polling: 100 },
  );
}

/** Resolves at the next change of the examples count, with the count and the page's clock. */
export async function nextExamples(
  page: Page,
  timeoutMs = 15_000,
): Promise<{ examples: number; t: number; changed: boolean }> {
  return page.evaluate(
    ([sel, attr, ms]) =>
      new Promise((resolve) => {
        const el = document.querySelector<HTMLElement>(sel)!;
        const read = (): string | null => el.getAttribute(attr);
        const start = read();
        let timer = 0;
        const mo = new MutationObserver(() => {
          if (read() !== start) done(true);
        });
        const done = (changed: boolean): void => {
          mo.disconnect();
          clearTimeout(timer);
          resolve({ examples: Number(read()), t: performance.now(), changed });
        };
        mo.observe(el, { attributes: true, attributeFilter: [attr] });
        timer = window.setTimeout(() => done(false), ms);
      }),
    [STATUS_SELECTOR, STATUS_DATA.examples, timeoutMs] as const,
  );
}

/** The WebGL 2 renderer a page of this browser gets (SwiftShader without a GPU), or null. */
export async function webglRenderer(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  });
}

/** The renderer the status text names after "GPU:". */
export function rendererFromText(text: string | undefined): string | null {
  const m = /GPU:\s*(.+)$/.exec(text ?? '');
  return m?.[1] ? m[1].trim() : null;
}

/** The wasm thread count the status text names. */
export function threadsFromText(text: string | undefined): number | null {
  const m = /\((\d+) threads?\)/.exec(text ?? '');
  return m ? Number(m[1]) : null;
}

/** True while the app's one-off startup PCA runs (its own worker), null when the page has none. */
export async function startupWorkPending(page: Page): Promise<boolean | null> {
  return page.evaluate(() => {
    const pca = document.querySelector('[aria-label="PCA baseline"]');
    return pca ? !pca.hasAttribute('data-pca-mse') : null;
  });
}

/**
 * Waits, at most maxMs, for the app's one-off startup work that competes with training for the
 * CPU: today the PCA baseline, computed in its own worker after the data loads. Steady state
 * starts after it. Returns the milliseconds waited.
 */
export async function waitStartupWork(page: Page, maxMs: number): Promise<number> {
  const t0 = Date.now();
  while ((await startupWorkPending(page)) && Date.now() - t0 < maxMs) await sleep(250);
  return Date.now() - t0;
}

/** Throws when the app stopped training by itself (halted, crashed, or paused without being asked). */
export async function assertTraining(page: BenchPage): Promise<StatusSnapshot> {
  const d = await statusData(page);
  if (d?.running === 'true') return d;
  // Alerts, and the notices (a model that failed to build says so in one).
  const alerts = [
    ...(await page
      .getByRole('alert')
      .allTextContents()
      .catch(() => [])),
    ...(await page
      .getByRole('list', { name: 'Notices' })
      .getByRole('listitem')
      .allTextContents()
      .catch(() => [])),
  ];
  throw new Error(
    `the app stopped training by itself at step ${d?.step ?? '?'} on ${d?.backend ?? '?'}` +
      (alerts.length ? `: ${alerts.join(' / ')}` : ' (no message on the page)') +
      (page.pageErrors.length ? `; page error: ${page.pageErrors[0]}` : ''),
  );
}

/** Throws the first uncaught error of the page, if any. */
export function assertNoPageErrors(page: BenchPage): void {
  if (page.pageErrors.length) throw new Error(`page error: ${page.pageErrors[0]}`);
}
