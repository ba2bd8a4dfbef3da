// Losing the training worker's own WebGL context, as the e2e suite does (e2e/gpuLoss.spec.ts): a
// prelude on the built worker script records the contexts the worker creates, and the benchmark
// loses them through WEBGL_lose_context. Only the served script changes, never the build.
import type { Page, Worker } from '@playwright/test';

// Runs before the worker's own code, so it sees the context tfjs computes on.
const PRELUDE = `
self.__glContexts = [];
{
  const getContext = OffscreenCanvas.prototype.getContext;
  OffscreenCanvas.prototype.getContext = function (type, ...rest) {
    const context = getContext.call(this, type, ...rest);
    if (context && String(type).startsWith('webgl')) self.__glContexts.push(context);
    return context;
  };
}
`;

const TRAINING_WORKER = /\/assets\/worker-[^/]*\.js$/;

/** Serves the training worker with the prelude; call before the page opens the app. */
export async function instrumentTrainingWorker(page: Page): Promise<void> {
  await page.route('**/assets/worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: PRELUDE + (await response.text()) });
  });
}

function trainingWorker(page: Page): Worker {
  const worker = page.workers().find((w) => TRAINING_WORKER.test(w.url()));
  if (!worker) throw new Error(`no training worker among ${page.workers().map((w) => w.url())}`);
  return worker;
}

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
