// Training to a number of examples and reading the test MSE on the way: what the quality and
// family runs share.
import { STATUS_DATA } from '../../src/ui/statusContract';
import type { BenchContext } from '../context';
import { assertTraining, status, waitStatus } from '../probes';
import { round, sleep } from '../util';

/** One reading of the test MSE. */
export interface Reading {
  /** The example count asked for. */
  examples: number;
  testMse: number | null;
  /** The examples seen at the validation that was read (the first at or past the count). */
  atExamples: number | null;
  seconds: number | null;
  backend: string | null;
}

interface Validation {
  val: number;
  examples: number;
  t: number;
}
type ValidationWindow = { __val: Validation[] };

/**
 * Trains the app with the given URL parameters and reads the test MSE (the validation loss with
 * valsize=10000, all test digits) at the first validation at or past each example count. The app
 * validates every whole epoch at least (every tenth when validation is cheap), so whole-epoch
 * counts are read within one batch of the count.
 */
export async function trainTo(
  ctx: BenchContext,
  params: Record<string, string>,
  counts: readonly number[],
  expectedRate: number | null | undefined,
): Promise<Reading[]> {
  const page = await ctx.page(
    ({ loss, examples }) => {
      const w = window as unknown as ValidationWindow;
      w.__val = [];
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target as HTMLElement;
          const v = el.getAttribute(loss);
          if (r.attributeName === loss && v) {
            w.__val.push({
              val: Number(v),
              // The validation's own example count: the page may show it beside a loss report
              // from a step or two earlier, so the examples count can lag behind it.
              examples: Number(el.getAttribute(examples) ?? 0),
              t: performance.now(),
            });
          }
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: [loss] });
    },
    { loss: STATUS_DATA.valLoss, examples: STATUS_DATA.valExamples },
  );
  try {
    const query = new URLSearchParams({ ...params, valsize: '10000', autostart: '1' });
    await page.goto(`${ctx.base}/?${query}`);
    const need = Math.max(...counts);
    const budget = (need / Math.max(20, expectedRate ?? 100)) * 3 * 1000 + 120_000;
    const deadline = Date.now() + budget;
    await waitStatus(page, 'running', { is: 'true' }, 60_000);
    const t0 = await page.evaluate(() => performance.now());
    const reached = (): Promise<boolean> =>
      page.evaluate(
        (n) => (window as unknown as ValidationWindow).__val.some((v) => v.examples >= n),
        need,
      );
    while (!(await reached())) {
      await assertTraining(page);
      if (Date.now() > deadline)
        throw new Error(`no test MSE after ${need} examples within ${Math.round(budget / 1000)} s`);
      await sleep(2000);
    }
    const vals = await page.evaluate(() => (window as unknown as ValidationWindow).__val);
    const backendUsed = (await status(page)).backend ?? null;
    return counts.map((n) => {
      const hit = vals.find((v) => v.examples >= n);
      return {
        examples: n,
        testMse: hit ? round(hit.val, 5) : null,
        atExamples: hit?.examples ?? null,
        seconds: hit ? round((hit.t - t0) / 1000, 1) : null,
        backend: backendUsed,
      };
    });
  } finally {
    await page.closeAll();
  }
}
