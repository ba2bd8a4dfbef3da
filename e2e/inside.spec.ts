import type { Page } from '@playwright/test';
import { PCA_MNIST } from '../bench/reference';
import { expect, test } from './fixtures';
import { canvasDigit, spread, waitForStatus, expectStatus } from './helpers';

const SMALL = 'hidden=64&batch=32&valsize=200';

const baseline = (page: Page) => page.getByLabel('PCA baseline');

/** Distinct digit colours present on the scatter canvas. */
async function scatterColours(page: Page): Promise<number> {
  return page.getByRole('img', { name: 'Latent space' }).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    const palette = [
      [0x4e, 0x79, 0xa7],
      [0xf2, 0x8e, 0x2b],
      [0xe1, 0x57, 0x59],
      [0x76, 0xb7, 0xb2],
      [0x59, 0xa1, 0x4f],
      [0xed, 0xc9, 0x48],
      [0xb0, 0x7a, 0xa1],
      [0xff, 0x9d, 0xa7],
      [0x9c, 0x75, 0x5f],
      [0xba, 0xb0, 0xac],
    ];
    // Points are drawn at 80% opacity over the dark background: compare against that blend.
    const bg = [0x0b, 0x0e, 0x14];
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      palette.forEach((p, d) => {
        const close = p.every((v, j) => Math.abs(0.8 * v + 0.2 * bg[j]! - data[i + j]!) < 6);
        if (close) seen.add(d);
      });
    }
    return seen.size;
  });
}

test('the PCA baseline matches the reference, sits on the chart, and follows the latent size', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(`/?backend=cpu&autostart=0&latent=2&${SMALL}`);
  await expect(baseline(page)).toHaveAttribute('data-pca-mse', /.+/, { timeout: 150_000 });
  await expect(baseline(page)).toHaveAttribute('data-k', '2');
  // The reference PCA (bench/reference.ts): fitted on the 60,000 training digits, clipped.
  const ref = PCA_MNIST.mse;
  const k2 = Number(await baseline(page).getAttribute('data-pca-mse'));
  expect(Math.abs(k2 - ref[2]!) / ref[2]!).toBeLessThan(0.02);
  await expect(baseline(page)).toContainText(k2.toPrecision(4));
  await expect(
    page.getByRole('figure', { name: 'Loss chart' }).locator('.recharts-reference-line'),
  ).toHaveCount(1);
  await expect(page.getByRole('figure', { name: 'Loss chart' })).toContainText('PCA k=2');

  const slider = page.getByRole('slider', { name: 'Latent size' });
  await slider.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(baseline(page)).toHaveAttribute('data-k', '8');
  const k8 = Number(await baseline(page).getAttribute('data-pca-mse'));
  expect(Math.abs(k8 - ref[8]!) / ref[8]!).toBeLessThan(0.02);
  await expect(page.getByRole('figure', { name: 'Loss chart' })).toContainText('PCA k=8');

  // The readout compares the autoencoder with PCA at this k once there is a validation loss.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(baseline(page)).toContainText(/than PCA/);
});

test('the latent scatter shows ten digit colours; at latent size 2 the manifold renders and a click decodes', async ({
  page,
}) => {
  await page.goto(`/?backend=wasm&latent=2&${SMALL}&lr=0.003`);
  await waitForStatus(page, 'step', (s) => s >= 60);
  const scatter = page.getByRole('img', { name: 'Latent space' });
  await expect(scatter).toHaveAttribute('data-points', '2000');
  await expect.poll(() => scatterColours(page)).toBe(10);
  await expect(page.getByRole('list', { name: 'Digit colours' }).getByRole('listitem')).toHaveCount(
    10,
  );

  const manifold = page.getByRole('figure', { name: 'Manifold' });
  await expect(manifold).toBeVisible();
  const manifoldImage = manifold.getByRole('img', { name: 'Decoded manifold' });
  const contrast = () =>
    manifoldImage.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let max = 0;
      let min = 255;
      for (let i = 0; i < d.length; i += 4) {
        max = Math.max(max, d[i]!);
        min = Math.min(min, d[i]!);
      }
      return { w: c.width, range: max - min };
    });
  expect((await contrast()).w).toBe(15 * 28);
  // The manifold is redrawn at each look inside the model (every few seconds): it sharpens.
  await expect.poll(async () => (await contrast()).range).toBeGreaterThan(100);

  await scatter.scrollIntoViewIfNeeded();
  await scatter.click({ position: { x: 210, y: 210 } });
  const decoded = page.getByRole('img', { name: 'Decoded point' });
  await expect.poll(async () => spread(await canvasDigit(decoded))).toBeGreaterThan(0.2);

  // Hovering a point names its digit.
  const box = (await scatter.boundingBox())!;
  let shown = false;
  for (let y = 20; y < 400 && !shown; y += 12) {
    for (let x = 20; x < 400 && !shown; x += 12) {
      await page.mouse.move(box.x + x, box.y + y);
      shown = (await page.getByRole('tooltip').count()) > 0;
    }
  }
  expect(shown).toBe(true);
  await expect(page.getByRole('tooltip')).toHaveText(/^digit \d$/);
});

test('runs are compared in the table, and diagnostics and interpolation render', async ({
  page,
}) => {
  await page.goto(`/?backend=wasm&${SMALL}`);
  await waitForStatus(page, 'step', (s) => s >= 20);
  const slider = page.getByRole('slider', { name: 'Latent size' });
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expectStatus(page, 'latentSize', '15');
  await waitForStatus(page, 'step', (s) => s >= 20);
  const runs = page.getByRole('table', { name: 'Runs' });
  // Header, the finished run, and the current one.
  await expect(runs.getByRole('row')).toHaveCount(3);
  await expect(runs.getByRole('row').nth(1)).toContainText('16');
  await expect(runs.getByRole('row').nth(2)).toContainText('current');
  await expect(
    page.getByRole('figure', { name: 'Loss chart' }).locator('.earlier-run'),
  ).toHaveCount(1);
  await runs.getByRole('checkbox', { name: 'Show run 1 on the chart' }).uncheck();
  await expect(
    page.getByRole('figure', { name: 'Loss chart' }).locator('.earlier-run'),
  ).toHaveCount(0);

  const perDigit = page.getByRole('figure', { name: 'Per-digit error' });
  await expect(perDigit.locator('.recharts-bar-rectangle')).toHaveCount(10);
  const worst = page.getByRole('region', { name: 'Worst reconstructions' });
  await expect(worst.getByRole('img')).toHaveCount(30);
  expect(
    spread(await canvasDigit(worst.getByRole('img', { name: 'Worst 1 error' }))),
  ).toBeGreaterThan(0.1);

  const interp = page.getByRole('region', { name: 'Interpolation' });
  await expect(interp.getByRole('img', { name: /Interpolation step/ })).toHaveCount(10);
  // The panel asks for its pictures once it is on screen (or near it), as a person scrolls to it.
  await interp.scrollIntoViewIfNeeded();
  await expect
    .poll(async () =>
      spread(await canvasDigit(interp.getByRole('img', { name: 'Interpolation step 5' }))),
    )
    .toBeGreaterThan(0.1);
  await interp.getByLabel('From').selectOption({ label: 'Test digit 3 (a 1)' });
  await expect
    .poll(async () =>
      spread(await canvasDigit(interp.getByRole('img', { name: 'Interpolation start' }))),
    )
    .toBeGreaterThan(0.9);
});
