import { expect, test } from './fixtures';
import {
  canvasDigit,
  meanReconCorrelation,
  num,
  pauseAndSettle,
  spread,
  status,
  statusData,
  waitForStatus,
  expectStatus,
} from './helpers';

// Small models and batches keep software WebGL quick; the behaviour is the same at any size.
const SMALL = 'hidden=64&batch=32&valsize=200';

test('loads MNIST, shows digits and the untrained reconstruction at step 0', async ({ page }) => {
  await page.goto(`/?backend=cpu&autostart=0&${SMALL}`);
  await expect(page.getByRole('heading', { name: 'Autoencoder playground' })).toBeVisible();
  await expectStatus(page, 'latentSize', '16');
  await expectStatus(page, 'step', '0');
  const grid = page.getByRole('region', { name: 'Reconstructions' });
  await expect(grid.getByRole('img', { name: /^Original \d+$/ })).toHaveCount(20);
  await expect(grid.getByRole('img', { name: /^Reconstruction \d+$/ })).toHaveCount(20);
  // The original is a real MNIST digit: mostly black with bright strokes.
  const original = await canvasDigit(page.getByRole('img', { name: 'Original 1', exact: true }));
  expect(original).toHaveLength(784);
  expect(Math.max(...original)).toBeGreaterThan(0.9);
  expect(original.filter((v) => v < 0.05).length).toBeGreaterThan(400);
  // The untrained reconstruction is shown already (grey noise, not an empty black square).
  await expect
    .poll(async () =>
      spread(await canvasDigit(page.getByRole('img', { name: 'Reconstruction 1', exact: true }))),
    )
    .toBeGreaterThan(0.01);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('trains on WebGL: the loss falls and reconstructions come to resemble the digits', async ({
  page,
}) => {
  await page.goto(`/?backend=webgl&autostart=0&${SMALL}&lr=0.003`);
  await expectStatus(page, 'backend', 'webgl');
  await expectStatus(page, 'step', '0');
  await expect(status(page)).toContainText('GPU:');
  const before = await meanReconCorrelation(page);

  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  const firstLoss = await waitForStatus(page, 'loss', Number.isFinite);
  await waitForStatus(page, 'step', (s) => s >= 150);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Train' })).toBeVisible();

  const d = await statusData(page);
  expect(d.backend).toBe('webgl');
  expect(Number(d.loss)).toBeLessThan(firstLoss * 0.8);
  expect(Number(d.examples)).toBe(Number(d.step) * 32);
  expect(Number(d.examplesPerSecond)).toBeGreaterThan(0);
  expect(Number(d.valLoss)).toBeGreaterThan(0);

  // Reconstructions refresh while training; after it they track their originals far better.
  await expect
    .poll(() => meanReconCorrelation(page), { timeout: 10_000 })
    .toBeGreaterThan(before + 0.2);
  // The chart has drawn the curve.
  await expect(
    page.getByRole('figure', { name: 'Loss chart' }).locator('.recharts-line path').first(),
  ).toBeVisible();
});

test('the Latent size slider rebuilds the model and starts a new run', async ({ page }) => {
  await page.goto(`/?backend=cpu&autostart=0&${SMALL}`);
  await expectStatus(page, 'latentSize', '16');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expectStatus(page, 'step', '1');
  const slider = page.getByRole('slider', { name: 'Latent size' });
  // The slider steps through sizes (every one up to 64): its value text is the size.
  await expect(slider).toHaveAttribute('aria-valuetext', '16');
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveAttribute('aria-valuetext', '14');
  await expectStatus(page, 'latentSize', '14');
  await expect(status(page)).toContainText('latent size 14');
  await expectStatus(page, 'step', '0');
  await expect(page).toHaveURL(/latent=14/);

  const hidden = page.getByRole('slider', { name: 'Hidden units' });
  await expect(hidden).toHaveValue('64');
  await hidden.focus();
  await page.keyboard.press('ArrowRight');
  await expect(hidden).toHaveValue('96');
  await expect(page).toHaveURL(/hidden=96/);
});

test('Pause stops the step counter, Step advances one batch, Reset clears the chart', async ({
  page,
}) => {
  await page.goto(`/?backend=cpu&${SMALL}`);
  await waitForStatus(page, 'step', (s) => s >= 5);
  const paused = await pauseAndSettle(page);
  await page.waitForTimeout(1500);
  expect(await num(page, 'step')).toBe(paused);

  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expectStatus(page, 'step', String(paused + 1));

  const chart = page.getByRole('figure', { name: 'Loss chart' });
  await expect(chart.locator('.current-train')).toHaveCount(1);
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expectStatus(page, 'step', '0');
  // The current run's curve is gone; the run just ended stays only as a faint earlier run.
  await expect(chart.locator('.current-train path.recharts-curve')).toHaveCount(0);
  await expect(chart.locator('.earlier-run')).toHaveCount(1);
  await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(2);
});

test('trains on wasm', async ({ page }) => {
  await page.goto(`/?backend=wasm&${SMALL}`);
  await expectStatus(page, 'backend', 'wasm');
  const first = await waitForStatus(page, 'loss', Number.isFinite);
  // Counted from the step of that first loss: on a fast machine it may come after step 100.
  const at = await num(page, 'step');
  await waitForStatus(page, 'step', (s) => s >= at + 100);
  await expect.poll(() => num(page, 'loss')).toBeLessThan(first);
});

test('a learning-rate change applies live, and URL values out of range are clamped with a notice', async ({
  page,
}) => {
  await page.goto(`/?backend=cpu&autostart=0&latent=5000&lr=abc&batch=3`);
  const notices = page.getByRole('list', { name: 'Notices' });
  await expect(notices).toContainText('latent size 5000 is out of range');
  await expect(notices).toContainText('Malformed learning rate');
  await expect(notices).toContainText('batch size 3 is out of range');
  await expectStatus(page, 'latentSize', '1024');
  await expect(page.getByRole('slider', { name: 'Latent size' })).toHaveAttribute(
    'aria-valuetext',
    '1024 · overcomplete',
  );
  await expect(page.getByRole('slider', { name: 'Batch size' })).toHaveValue('16');
  const lr = page.getByRole('slider', { name: 'Learning rate' });
  await lr.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/lr=0\.00112/);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a corrupt sprite shows an alert with Retry, and Retry recovers', async ({ page }) => {
  let corrupt = true;
  await page.route('**/data/mnist_train.png', async (route) => {
    if (!corrupt) return route.continue();
    const res = await route.fetch();
    const body = await res.body();
    // Truncated: a real PNG header, then nothing.
    await route.fulfill({ response: res, body: body.subarray(0, 5000) });
  });
  await page.goto(`/?backend=cpu&autostart=0&${SMALL}`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('could not be loaded');
  await expect(alert).toContainText('mnist_train.png');
  corrupt = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectStatus(page, 'step', '0');
  await expectStatus(page, 'latentSize', '16');
});

test('a missing sprite (404) explains itself', async ({ page }) => {
  await page.route('**/data/mnist_test_labels.bin', (route) =>
    route.fulfill({ status: 404, body: 'nope' }),
  );
  await page.goto(`/?backend=cpu&autostart=0`);
  await expect(page.getByRole('alert')).toContainText('HTTP 404');
  await expect(page.getByRole('alert').getByRole('button', { name: 'Retry' })).toBeVisible();
});
