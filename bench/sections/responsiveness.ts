// Responsiveness: long tasks on the main thread and the drawing pad's latency (stroke → its
// reconstruction) while the app trains with its defaults and a person draws.
import type { BenchContext } from '../context';
import {
  assertNoPageErrors,
  assertTraining,
  startupWorkPending,
  status,
  waitStartupWork,
  waitStatus,
  type BenchPage,
  type PlaygroundWindow,
} from '../probes';
import { sleep } from '../util';

export interface ResponsivenessResult {
  seconds: number;
  backend: string | null;
  trainedExamples: number;
  strokes: number;
  moves: number;
  longTasks: number | null;
  longTaskMaxMs: number;
  longTaskTotalMs: number | null;
  drawLatencies: number[];
  startupWaitMs: number;
  startupWorkDuringWindow: boolean;
}

/** Draws on the first-visit page (already training) for the profile's responsiveness time. */
export async function measureResponsiveness(
  ctx: BenchContext,
  page: BenchPage,
): Promise<ResponsivenessResult> {
  await waitStatus(page, 'running', { is: 'true' }, 60_000);
  await waitStatus(page, 'examples', { above: 0 }, 90_000);
  // Steady state, like the throughput rows: the one-off startup PCA finishes first (bounded).
  const startupWaitMs = await waitStartupWork(page, ctx.p.startupWait * 1000);
  const startupWorkDuringWindow = (await startupWorkPending(page)) === true;
  const pad = page.getByRole('img', { name: 'Drawing pad' });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('The drawing pad is not visible');
  const clear = page.getByRole('button', { name: 'Clear' });
  const latencies = (): Promise<number[]> =>
    page.evaluate(() => (window as unknown as PlaygroundWindow).playground.drawLatencies());
  const startIndex = (await latencies()).length;
  const windowStart = await page.evaluate(() => performance.now());
  const ex0 = Number((await status(page)).examples);
  const end = Date.now() + ctx.p.resp * 1000;
  let strokes = 0;
  let moves = 0;
  let rnd = 12345;
  const random = (): number => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  while (Date.now() < end) {
    // One stroke of about a second: an arc or loop across the middle of the pad.
    const cx = box.x + box.width * (0.35 + 0.3 * random());
    const cy = box.y + box.height * (0.35 + 0.3 * random());
    const r = box.width * (0.12 + 0.15 * random());
    const turns = 0.5 + random();
    const n = 45;
    const point = (i: number): [number, number] => {
      const a = (i / n) * turns * 2 * Math.PI;
      return [cx + r * Math.cos(a), cy + r * Math.sin(a) * (0.8 + 0.4 * random())];
    };
    await page.mouse.move(...point(0));
    await page.mouse.down();
    const t0 = Date.now();
    // A move every ~22 ms along the path; the stroke ends after about a second even when a
    // busy page makes each move slow to deliver (then the path is simply sampled coarser).
    for (let i = 1; i <= n; i++) {
      const wait = t0 + i * 22 - Date.now();
      if (wait > 0) await sleep(wait);
      const late = Date.now() - t0 >= n * 22;
      await page.mouse.move(...point(late ? n : i));
      moves++;
      if (late) break;
    }
    await page.mouse.up();
    strokes++;
    if (strokes % 4 === 0 && Date.now() < end) await clear.click();
  }
  const windowEnd = await page.evaluate(() => performance.now());
  await assertTraining(page);
  const tasks = await page.evaluate(() => (window as unknown as PlaygroundWindow).__longTasks);
  const drawLatencies = (await latencies()).slice(startIndex);
  const d = await status(page);
  const inWindow = tasks?.filter(
    (t) => t.start >= windowStart && t.start <= windowEnd && t.duration > 50,
  );
  assertNoPageErrors(page);
  return {
    seconds: (windowEnd - windowStart) / 1000,
    backend: d.backend ?? null,
    trainedExamples: Number(d.examples) - ex0,
    strokes,
    moves,
    longTasks: inWindow ? inWindow.length : null,
    longTaskMaxMs: inWindow?.length ? Math.max(...inWindow.map((t) => t.duration)) : 0,
    longTaskTotalMs: inWindow ? inWindow.reduce((s, t) => s + t.duration, 0) : null,
    drawLatencies,
    startupWaitMs,
    startupWorkDuringWindow,
  };
}
