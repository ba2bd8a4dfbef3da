// The views inside the model while it trains: how fast the latent traversal answers a hand on a
// slider (slider → picture, the store's own timing), what opening the model costs the inference
// worker (its share of the wall time), the training throughput meanwhile, and the page's long
// tasks. Code 1 is moved back and forth with the keyboard about 30 times a second.
import type { BenchContext } from '../context';
import { installPageProbes, longTasks, pageNow, PROBE_ARGS } from '../pageProbes';
import { assertTraining, waitStatus } from '../probes';
import { percentile, round, sleep } from '../util';

export interface InsideResult {
  backend: string | null;
  seconds: number;
  moves: number;
  traversalP50Ms: number | null;
  traversalP95Ms: number | null;
  /** The inference worker's time opening the model, over the wall time (0–1). */
  inspectionShare: number | null;
  examplesPerSecond: number | null;
  longTasks: number | null;
  longTaskMaxMs: number | null;
}

type Handle = {
  playground: { traversalLatencies(): number[]; inspectionMs(): number };
};

export async function measureInside(
  ctx: BenchContext,
  backend: string,
  seconds: number,
): Promise<InsideResult> {
  const page = await ctx.page(installPageProbes, PROBE_ARGS);
  try {
    await page.goto(`${ctx.base}/?backend=${backend}`);
    await waitStatus(page, 'running', { is: 'true' }, 90_000);
    await waitStatus(page, 'examples', { above: 0 }, 120_000);
    const slider = page.getByRole('slider', { name: 'Code 1', exact: true });
    await slider.waitFor({ timeout: 60_000 });
    await slider.scrollIntoViewIfNeeded();
    await slider.focus();
    const read = () =>
      page.evaluate(() => {
        const p = (window as unknown as Handle).playground;
        return { latencies: p.traversalLatencies().length, ms: p.inspectionMs() };
      });
    const start = await read();
    const t0 = await pageNow(page);
    const s0 = await assertTraining(page);
    let moves = 0;
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      // Ten steps one way, ten back: the code stays in its range.
      await slider.press(Math.floor(moves / 10) % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
      moves += 1;
      await sleep(33);
    }
    await sleep(500);
    const t1 = await pageNow(page);
    const s1 = await assertTraining(page);
    const after = await page.evaluate(() => {
      const p = (window as unknown as Handle).playground;
      return { latencies: p.traversalLatencies(), ms: p.inspectionMs() };
    });
    const lat = after.latencies.slice(start.latencies);
    const tasks = (await longTasks(page))?.filter((t) => t.start >= t0 && t.start <= t1) ?? null;
    const wall = t1 - t0;
    const examples = Number(s1.examples ?? 0) - Number(s0.examples ?? 0);
    return {
      backend: s1.backend ?? null,
      seconds: round(wall / 1000, 1)!,
      moves,
      traversalP50Ms: round(percentile(lat, 50), 1),
      traversalP95Ms: round(percentile(lat, 95), 1),
      inspectionShare: wall > 0 ? round((after.ms - start.ms) / wall, 4) : null,
      examplesPerSecond: wall > 0 ? round((examples / wall) * 1000) : null,
      longTasks: tasks ? tasks.length : null,
      longTaskMaxMs:
        tasks && tasks.length ? round(Math.max(...tasks.map((t) => t.duration)), 1) : null,
    };
  } finally {
    await page.closeAll();
  }
}
