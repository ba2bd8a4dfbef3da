// What the benchmark records inside the training worker, from before its first line: the WebGL
// contexts it creates (so the benchmark can lose them, as e2e/gpuLoss.spec.ts does) and its
// IndexedDB writes (the autosave, bench/putProbe.ts). A prelude on the built worker script, served
// through Playwright's request interception; only the served script changes, never the build.
import type { Page, Worker } from '@playwright/test';
import {
  APP_DB,
  installPutProbe,
  SaveLog,
  type PutProbeArgs,
  type SaveRecord,
  type ThreadSaves,
} from './putProbe';

const GL_CONTEXTS = `
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

/**
 * Runs before the worker's own code. The put probe goes as source text; where the harness is
 * compiled with esbuild's keepNames its inner functions call a helper `__name`, which the prelude
 * passes in (a no-op) rather than define in the worker's scope.
 */
export const WORKER_PRELUDE =
  GL_CONTEXTS +
  `((__name) => (${installPutProbe.toString()})(${JSON.stringify({ db: APP_DB, thread: 'worker' } satisfies PutProbeArgs)}))((f) => f);\n`;

const TRAINING_WORKER = /\/assets\/worker-[^/]*\.js$/;

/** Serves the training worker with the prelude; call before the page opens the app. */
export async function instrumentTrainingWorker(page: Page): Promise<void> {
  await page.route('**/assets/worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: WORKER_PRELUDE + (await response.text()) });
  });
}

/** The page's training workers now (one, unless one is being replaced). */
export function trainingWorkers(page: Page): Worker[] {
  return page.workers().filter((w) => TRAINING_WORKER.test(w.url()));
}

export function trainingWorker(page: Page): Worker {
  const worker = trainingWorkers(page)[0];
  if (!worker) throw new Error(`no training worker among ${page.workers().map((w) => w.url())}`);
  return worker;
}

/** A thread's records and its clock's origin; null where the probe is not (yet) installed. */
const readThread = (): ThreadSaves | null => {
  const saves = (globalThis as unknown as { __saves?: SaveRecord[] }).__saves;
  return saves ? { timeOrigin: performance.timeOrigin, saves: [...saves] } : null;
};

/**
 * Reads the writes recorded so far by the page and by its training workers into `log`, and
 * returns all of them in the page's clock.
 */
export async function collectSaves(page: Page, log: SaveLog): Promise<SaveRecord[]> {
  const own = await page.evaluate(readThread);
  const workers = await Promise.all(
    // A worker that is going away answers nothing: its last reading stays in the log.
    trainingWorkers(page).map((w) => w.evaluate(readThread).catch(() => null)),
  );
  log.add(
    own ?? { timeOrigin: await page.evaluate(() => performance.timeOrigin), saves: [] },
    workers.filter((w): w is ThreadSaves => w !== null),
  );
  return log.all();
}
