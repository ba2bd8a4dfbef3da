// Losing the training worker's own WebGL context, as the e2e suite does (e2e/gpuLoss.spec.ts): the
// worker's prelude (bench/workerProbes.ts) records the contexts it creates, and the benchmark
// loses them through WEBGL_lose_context.
import type { Page } from '@playwright/test';
import { trainingWorker } from './workerProbes';

/** Loses every WebGL context of the training worker not lost yet; how many it lost. */
export function loseWorkerContexts(page: Page): Promise<number> {
  return trainingWorker(page).evaluate(() => {
    const contexts = (self as unknown as { __glContexts?: WebGL2RenderingContext[] }).__glContexts;
    let lost = 0;
    for (const gl of contexts ?? []) {
      const extension = gl.isContextLost() ? null : gl.getExtension('WEBGL_lose_context');
      if (!extension) continue;
      extension.loseContext();
      lost += 1;
    }
    return lost;
  });
}

/** The steps named by the page's "training resumed from step N" notices, oldest first. */
export async function resumedSteps(page: Page): Promise<number[]> {
  const texts = await page
    .getByRole('list', { name: 'Notices' })
    .getByText(/training resumed from step/)
    .allTextContents()
    .catch(() => [] as string[]);
  return texts.map((t) => Number(/from step ([\d,]+)/.exec(t)?.[1]?.replace(/,/g, '') ?? NaN));
}
