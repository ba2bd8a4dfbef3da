import { expect, test, type Page, type Worker } from '@playwright/test';
import { num, status, waitForStatus, watchErrors } from './helpers';

const PRELUDE = `
self.__glContexts = [];
{
  const original = OffscreenCanvas.prototype.getContext;
  OffscreenCanvas.prototype.getContext = function (type, ...rest) {
    const ctx = original.call(this, type, ...rest);
    if (ctx && String(type).startsWith('webgl')) self.__glContexts.push(ctx);
    return ctx;
  };
}
`;

async function instrument(page: Page): Promise<void> {
  await page.route('**/assets/worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: PRELUDE + (await response.text()) });
  });
}

function trainingWorker(page: Page): Worker {
  const w = page.workers().find((x) => /\/assets\/worker-[^/]*\.js/.test(x.url()));
  if (!w) throw new Error(`no training worker among ${page.workers().map((x) => x.url())}`);
  return w;
}

async function loseContexts(page: Page): Promise<number> {
  return trainingWorker(page).evaluate(() => {
    const list = (self as unknown as { __glContexts: WebGL2RenderingContext[] }).__glContexts;
    let n = 0;
    for (const gl of list) {
      if (gl.isContextLost()) continue;
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      n++;
    }
    return n;
  });
}

test('explore', async ({ page }) => {
  const errors = watchErrors(page);
  page.on('console', (m) => console.log('page:', m.text()));
  page.on('worker', (w) => w.on('console', (m) => console.log('worker:', m.text())));
  await instrument(page);
  await page.goto('/?backend=webgl&autostart=0&hidden=64&batch=32&valsize=200');
  await expect(status(page)).toHaveAttribute('data-backend', 'webgl');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForStatus(page, 'step', (s) => s >= 100);
  const before = await num(page, 'step');
  console.log('contexts lost:', await loseContexts(page), 'at step', before);
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(1000);
    console.log('step', await num(page, 'step'), 'val', await num(page, 'valLoss'), await status(page).getAttribute('data-backend'));
  }
  console.log(errors);
});
