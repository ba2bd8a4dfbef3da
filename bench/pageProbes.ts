// What the benchmark records inside the app's page from before its first script: main-thread
// long tasks, when the run was training, and the page's own IndexedDB writes (bench/putProbe.ts;
// the autosave is written by the training worker, whose probes are in bench/workerProbes.ts).
// Instrumentation of the harness: the product knows nothing of it.
import type { Page } from '@playwright/test';
import { STATUS_DATA, STATUS_SELECTOR } from '../src/ui/statusContract';
import type { PlaygroundWindow } from './probes';
import { APP_DB, installPutProbe, type PutProbeArgs } from './putProbe';

/** A change of the status element's `running` field, in the page's clock. */
export interface RunningMark {
  t: number;
  running: boolean;
}

export interface ProbeArgs {
  selector: string;
  runningKey: string;
}

/** The init script: runs in the page before the app, so nothing it watches is missed. */
export function installPageProbes({ selector, runningKey }: ProbeArgs): void {
  const w = window as unknown as PlaygroundWindow;
  w.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longTasks?.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    w.__longTasks = null;
  }

  // Polled rather than observed: the status element is created by React long after this runs.
  const marks: RunningMark[] = [];
  w.__running = marks;
  let last: string | undefined;
  setInterval(() => {
    const v = document.querySelector<HTMLElement>(selector)?.dataset[runningKey];
    if (v === undefined || v === last) return;
    last = v;
    marks.push({ t: performance.now(), running: v === 'true' });
  }, 200);
}

export const PROBE_ARGS: ProbeArgs = {
  selector: STATUS_SELECTOR,
  runningKey: 'running' satisfies keyof typeof STATUS_DATA,
};

/** The page's init script (source text): the probes above and the put probe. */
export const PAGE_PROBES =
  `(${installPageProbes.toString()})(${JSON.stringify(PROBE_ARGS)});\n` +
  `(${installPutProbe.toString()})(${JSON.stringify({ db: APP_DB, thread: 'page' } satisfies PutProbeArgs)});\n`;

/** The page's clock now. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/** The training on/off changes so far. */
export const runningMarks = (page: Page): Promise<RunningMark[]> =>
  page.evaluate(() => [...((window as unknown as PlaygroundWindow).__running ?? [])]);

/** The long tasks so far; null where the browser has no long-task timing. */
export const longTasks = (page: Page) =>
  page.evaluate(() => {
    const t = (window as unknown as PlaygroundWindow).__longTasks;
    return t ? [...t] : null;
  });
