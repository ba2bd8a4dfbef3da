// The production build under its Content-Security-Policy: a whole journey (load, train on wasm
// and on WebGL, draw, rebuild, download the model) with no policy violation and no request to
// another origin, from the page or any of its workers.
import { expect, test } from './fixtures';
import { expectStatus, waitForStatus } from './helpers';

test('a journey under the strict CSP: no violation, nothing fetched from another origin', async ({
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) foreign.push(r.url());
  });
  // Violations in workers reach the console; the page's also fire an event, reported here.
  const refused: string[] = [];
  context.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  await page.exposeFunction('cspViolation', (text: string) => refused.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { cspViolation(t: string): void }).cspViolation;
      void report(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });

  const response = await page.goto('/?backend=wasm&hidden=64&batch=32&valsize=200');
  expect(response?.headers()['content-security-policy']).toMatch(
    /script-src 'self' 'wasm-unsafe-eval'/,
  );
  const meta = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(meta).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
  await waitForStatus(page, 'step', (s) => s >= 10);

  // Draw a stroke; the model answers it.
  const pad = page.getByRole('img', { name: /Drawing pad/ }).first();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 10 });
  await page.mouse.up();

  // Rebuild, then the model's files.
  await page.getByRole('slider', { name: 'Latent size' }).press('ArrowRight');
  await expectStatus(page, 'latentSize', '17');
  await page.getByRole('button', { name: 'Pause' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download model' }).click();
  await download;

  // And WebGL, whose shaders are compiled from strings (not eval).
  await page.goto('/?backend=webgl&hidden=64&batch=32&valsize=200');
  await waitForStatus(page, 'step', (s) => s >= 3);

  expect(refused).toEqual([]);
  expect(foreign).toEqual([]);
});
