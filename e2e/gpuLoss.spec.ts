// A lost WebGL context, as it really happens: the training worker's own context is lost through
// the WEBGL_lose_context extension while it trains. The worker keeps a checkpoint of the run off
// the GPU about once a second, so it must rebuild the run on a fresh context (or on wasm after
// repeated losses) and train on, having lost at most about a second of training.
import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectStatus, num, status, statusData, waitForStatus } from './helpers';

// Prepended to the built training worker: records every WebGL context the worker creates, so the
// test can lose the very context tfjs computes on.
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

const BATCH = 32;
/** Steps after which the validation loss is that of a model that has learned something. */
const TRAINED = 60;
const SMALL = `hidden=64&batch=${BATCH}&valsize=200`;
const TRAINING_WORKER = /\/assets\/worker-[^/]*\.js$/;

/**
 * Opens the app on WebGL with the training worker instrumented. The worker must live through
 * every loss: the page replacing a crashed or silent worker would hide a failed recovery, so the
 * returned check says whether that worker is still the one training.
 */
async function openInstrumented(page: Page): Promise<() => void> {
  await page.route('**/assets/worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: PRELUDE + (await response.text()) });
  });
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`console error: ${m.text()}`);
  });
  await page.goto(`/?backend=webgl&autostart=0&${SMALL}&lr=0.003`);
  await expectStatus(page, 'backend', 'webgl');
  const worker = trainingWorker(page);
  let closed = false;
  worker.on('close', () => (closed = true));
  return () => {
    expect(closed, 'the training worker was closed').toBe(false);
    expect(page.workers().filter((w) => TRAINING_WORKER.test(w.url()))).toEqual([worker]);
  };
}

function trainingWorker(page: Page): Worker {
  const worker = page.workers().find((w) => TRAINING_WORKER.test(w.url()));
  if (!worker) throw new Error(`no training worker among ${page.workers().map((w) => w.url())}`);
  return worker;
}

/** Loses every WebGL context of the training worker that is not lost yet; how many it lost. */
async function loseContexts(page: Page): Promise<number> {
  return trainingWorker(page).evaluate(() => {
    const contexts = (self as unknown as { __glContexts: WebGL2RenderingContext[] }).__glContexts;
    let lost = 0;
    for (const gl of contexts) {
      const extension = gl.isContextLost() ? null : gl.getExtension('WEBGL_lose_context');
      if (!extension) continue;
      extension.loseContext();
      lost += 1;
    }
    return lost;
  });
}

/** Training steps per second over `ms` of training now. */
async function stepRate(page: Page, ms: number): Promise<number> {
  const s0 = await num(page, 'step');
  const t0 = Date.now();
  await page.waitForTimeout(ms);
  return ((await num(page, 'step')) - s0) / ((Date.now() - t0) / 1000);
}

/**
 * The fewest tensors the training worker holds over 4 s of readings: a paused run's own, without
 * the ones a reconstruction or an analysis holds while it reads back (on SwiftShader a read of
 * the analysis can take over a second). A leak raises that floor; a transient read does not.
 */
async function settledTensors(page: Page): Promise<number> {
  const read = () =>
    page.evaluate(async () => {
      const playground = (
        window as unknown as {
          playground: { memory: () => Promise<{ numTensors: number }> };
        }
      ).playground;
      return (await playground.memory()).numTensors;
    });
  let fewest = await read();
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(400);
    fewest = Math.min(fewest, await read());
  }
  return fewest;
}

const notices = (page: Page) => page.getByRole('list', { name: 'Notices' });

/** The step the page was told training resumed from, in the latest recovery notice. */
async function resumedFrom(page: Page, nth: number): Promise<number> {
  const item = notices(page)
    .getByText(/training resumed from step/)
    .nth(nth);
  await expect(item).toBeVisible({ timeout: 20_000 });
  const text = (await item.textContent()) ?? '';
  return Number(/from step ([\d,]+)/.exec(text)![1]!.replace(/,/g, ''));
}

test('a lost WebGL context costs at most about a second of training, and training goes on', async ({
  page,
}) => {
  const sameWorker = await openInstrumented(page);
  const train = page.getByRole('button', { name: 'Train' });
  const pause = page.getByRole('button', { name: 'Pause' });
  await train.click();
  await waitForStatus(page, 'step', (s) => s >= 20);
  // The tensors a paused run of this model holds on WebGL: the recovery must leave no more.
  await pause.click();
  await expectStatus(page, 'running', 'false');
  const tensorsBefore = await settledTensors(page);
  await train.click();
  await waitForStatus(page, 'step', (s) => s >= 60);
  const rate = await stepRate(page, 2000);
  expect(rate).toBeGreaterThan(5);

  // The validation loss of the trained model (not the untrained one's) is the mark.
  await waitForStatus(page, 'valExamples', (e) => e >= TRAINED * BATCH);
  const valBefore = await num(page, 'valLoss');
  // The page's step trails the worker's by at most a report (0.2 s), so the worker lost its
  // context at this step or a little later.
  const stepAtLoss = await num(page, 'step');
  expect(await loseContexts(page)).toBe(1);
  const resumed = await resumedFrom(page, 0);
  expect(resumed).toBeLessThanOrEqual(stepAtLoss + rate * 0.5);
  // A checkpoint is begun every second while training; allow its readback and the report lag.
  expect(stepAtLoss - resumed).toBeLessThanOrEqual(rate * 1.5);

  // Training goes on, on a new WebGL context, and the model is the one it was: no validation
  // after the loss climbs back above 1.5 times where it stood (a fresh model's is ~4 times), and
  // at least one is of the rebuilt model.
  let worstVal = 0;
  let validatedAfter = false;
  await expect
    .poll(
      async () => {
        const { valLoss, valExamples, step } = await statusData(page);
        worstVal = Math.max(worstVal, Number(valLoss));
        validatedAfter ||= Number(valExamples) > resumed * BATCH;
        return validatedAfter && Number(step) > stepAtLoss + 3 * rate;
      },
      { timeout: 60_000, intervals: [200] },
    )
    .toBe(true);
  expect(worstVal).toBeLessThanOrEqual(1.5 * valBefore);
  await expectStatus(page, 'backend', 'webgl');
  await expectStatus(page, 'running', 'true');
  expect(await num(page, 'valLoss')).toBeLessThanOrEqual(1.5 * valBefore);
  await expect(page.getByRole('alert')).toHaveCount(0);
  // Nothing of the lost context is left behind: the reads it never finished held tensors too.
  await pause.click();
  await expectStatus(page, 'running', 'false');
  const tensorsAfter = await settledTensors(page);
  expect(tensorsAfter).toBe(tensorsBefore);
  sameWorker();
  test.info().annotations.push({
    type: 'measured',
    description: `${rate.toFixed(1)} steps/s; lost at step ${stepAtLoss}, resumed from ${resumed}; worst val ${worstVal.toFixed(4)} vs ${valBefore.toFixed(4)} before; ${tensorsBefore} → ${tensorsAfter} tensors`,
  });
});

test('ten losses in a row, each after the context trained a few seconds: all survived on WebGL', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const sameWorker = await openInstrumented(page);
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForStatus(page, 'valExamples', (e) => e >= TRAINED * BATCH);
  const valBefore = await num(page, 'valLoss');

  const backends: string[] = [];
  let contextsLost = 0;
  let worstVal = 0;
  for (let round = 0; round < 10; round++) {
    const stepAtLoss = await num(page, 'step');
    contextsLost += await loseContexts(page);
    await resumedFrom(page, round);
    const resumedAt = Date.now();
    // Survived: training goes past where it was when the context went; the context then holds
    // long enough (past FALLBACK_AFTER.quick's 5 s) that the next loss is not a quick one.
    await waitForStatus(page, 'step', (s) => s > stepAtLoss + 10, 60_000);
    await page.waitForTimeout(Math.max(0, 6_000 - (Date.now() - resumedAt)));
    backends.push((await status(page).getAttribute('data-backend')) ?? '');
    worstVal = Math.max(worstVal, await num(page, 'valLoss'));
  }
  expect(contextsLost).toBe(10);
  expect(backends).toEqual(Array<string>(10).fill('webgl'));
  expect(worstVal).toBeLessThanOrEqual(1.5 * valBefore);
  await expectStatus(page, 'running', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
  sameWorker();
  test.info().annotations.push({
    type: 'measured',
    description: `${contextsLost} contexts lost; worst val ${worstVal.toFixed(4)} vs ${valBefore.toFixed(4)} before`,
  });
});

test('a context lost again within seconds of each recovery, three times: training moves to wasm', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const sameWorker = await openInstrumented(page);
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForStatus(page, 'valExamples', (e) => e >= TRAINED * BATCH);
  const valBefore = await num(page, 'valLoss');

  let contextsLost = 0;
  for (let round = 0; round < 3; round++) {
    contextsLost += await loseContexts(page);
    // Lost again as soon as the page hears training resumed.
    await resumedFrom(page, round);
  }
  expect(contextsLost).toBe(3);
  await expectStatus(page, 'backend', 'wasm');
  await expect(notices(page)).toContainText('lost its WebGL context 3 times in a row');
  // wasm has no context to lose, and the run is the one that was training.
  const stepOnWasm = await num(page, 'step');
  await waitForStatus(page, 'step', (s) => s > stepOnWasm + 10, 60_000);
  expect(await loseContexts(page)).toBe(0);
  expect(await num(page, 'valLoss')).toBeLessThanOrEqual(1.5 * valBefore);
  await expectStatus(page, 'running', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
  sameWorker();
});
