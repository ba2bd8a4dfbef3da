// A phone's CPU: the page as a phone opens it (390 × 844, touch, the automatic backend), with
// Chromium's CPU throttling at 4× (CDP Emulation.setCPUThrottlingRate, which slows the page's
// workers as well as its main thread). A person draws from the first training step for 30 s:
// the main thread's long tasks, the drawing's answer times, and whether the model has visibly
// learned by then (its validation error against predicting the mean image).
import type { BenchContext } from '../context';
import { Drawer } from '../draw';
import { longTasks, PAGE_PROBES, pageNow } from '../pageProbes';
import { PCA_MNIST } from '../reference';
import {
  assertNoPageErrors,
  assertTraining,
  status,
  waitStatus,
  type PlaygroundWindow,
} from '../probes';
import { percentile, round, sleep } from '../util';

export const THROTTLE_RATE = 4;
/** Seconds from the first training step to the learning check. */
export const LEARN_SECONDS = 30;
export const PHONE_SCREEN = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

export interface ThrottledResult {
  rate: number;
  screen: string;
  backend: string | null;
  /** Navigation to the first training step, throttled. */
  firstStepMs: number;
  seconds: number;
  examples: number;
  /** The validation MSE the page shows after LEARN_SECONDS, and what predicting the mean gives. */
  valLoss: number | null;
  valExamples: number | null;
  meanImageMse: number;
  strokes: number;
  drawP50Ms: number | null;
  drawP95Ms: number | null;
  /** Main-thread tasks over 50 ms, and over 100 ms, while drawing. */
  longTasks: number | null;
  longTasksOver100: number | null;
  longTaskMaxMs: number | null;
}

export async function measureThrottled(ctx: BenchContext): Promise<ThrottledResult> {
  const page = await ctx.page(PAGE_PROBES, undefined, PHONE_SCREEN);
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE_RATE });
    const t0 = Date.now();
    // The page a phone's visitor gets: defaults and the automatic backend choice.
    await page.goto(`${ctx.base}/`);
    await waitStatus(page, 'examples', { above: 0 }, 240_000);
    const firstStepMs = Date.now() - t0;
    const drawer = new Drawer(page);
    await drawer.prepare();
    const latencies = (): Promise<number[]> =>
      page.evaluate(() => (window as unknown as PlaygroundWindow).playground.drawLatencies());
    const startIndex = (await latencies()).length;
    const windowStart = await pageNow(page);
    const started = Date.now();
    await drawer.drawFor(LEARN_SECONDS * 1000);
    // The stroke under way ends the drawing; the learning is read at LEARN_SECONDS exactly.
    const left = started + LEARN_SECONDS * 1000 - Date.now();
    if (left > 0) await sleep(left);
    const d = await assertTraining(page);
    const windowEnd = await pageNow(page);
    const seconds = (Date.now() - started) / 1000;
    const draws = (await latencies()).slice(startIndex);
    const tasks = (await longTasks(page))?.filter(
      (t) => t.start >= windowStart && t.start <= windowEnd && t.duration > 50,
    );
    assertNoPageErrors(page);
    const s = await status(page);
    return {
      rate: THROTTLE_RATE,
      screen: `${PHONE_SCREEN.viewport.width}×${PHONE_SCREEN.viewport.height}, touch`,
      backend: d.backend ?? null,
      firstStepMs,
      seconds: round(seconds, 1)!,
      examples: Number(s.examples ?? NaN),
      valLoss: s.valLoss ? round(Number(s.valLoss), 5) : null,
      valExamples: s.valExamples ? Number(s.valExamples) : null,
      meanImageMse: PCA_MNIST.meanImageMse,
      strokes: drawer.strokes,
      drawP50Ms: round(percentile(draws, 50), 1),
      drawP95Ms: round(percentile(draws, 95), 1),
      longTasks: tasks ? tasks.length : null,
      longTasksOver100: tasks ? tasks.filter((t) => t.duration > 100).length : null,
      longTaskMaxMs: tasks?.length ? round(Math.max(...tasks.map((t) => t.duration)), 0) : null,
    };
  } finally {
    await page.closeAll();
  }
}
