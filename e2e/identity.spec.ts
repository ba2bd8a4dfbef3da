// The identity trap: a code as large as the input is marked overcomplete; the copy test reports
// the error on digits and on inputs unlike any digit; the pad's Noise button hands the model
// uniform noise as it is.
import { expect, test } from './fixtures';
import { canvasDigit, waitForStatus } from './helpers';

const SMALL = 'hidden=64&valsize=200&batch=32';

test('a code of 784 or more is marked overcomplete, a smaller one is not', async ({ page }) => {
  await page.goto(`/?latent=1024&autostart=0&${SMALL}`);
  const note = page.getByRole('note', { name: 'Overcomplete' });
  await expect(note).toBeVisible();
  await expect(page.locator('.lede')).toHaveAttribute('data-complete', 'over');
  const latent = page.getByRole('slider', { name: 'Latent size' });
  await expect(latent).toHaveAttribute('aria-valuetext', '1024 · overcomplete');
  // One step down the slider: 896, still overcomplete; then to 768, which is not.
  await latent.focus();
  await latent.press('ArrowLeft');
  await expect(latent).toHaveAttribute('aria-valuetext', '896 · overcomplete');
  await latent.press('ArrowLeft');
  await latent.press('ArrowLeft');
  await expect(latent).toHaveAttribute('aria-valuetext', '768');
  await expect(note).toHaveCount(0);
  await expect(page.locator('.lede')).toHaveAttribute('data-complete', 'under');
});

test('the copy test: an undercomplete model reconstructs noise far worse than digits', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(`/?latent=8&${SMALL}&lr=0.003`);
  await waitForStatus(page, 'step', (s) => s >= 300, 100_000);
  const panel = page.getByRole('region', { name: 'Copy or understand?' });
  await expect(panel).toHaveAttribute('data-noise-mse', /\d/, { timeout: 30_000 });
  const read = async (name: string) => Number(await panel.getAttribute(name));
  await expect.poll(() => read('data-digit-mse'), { timeout: 30_000 }).toBeLessThan(0.06);
  const digits = await read('data-digit-mse');
  const noise = await read('data-noise-mse');
  for (const name of ['data-inverted-mse', 'data-shifted-mse'])
    expect(await read(name)).toBeGreaterThan(digits);
  expect(noise).toBeGreaterThan(2 * digits);
  test.info().annotations.push({
    type: 'measured',
    description: `k = 8 after ${await waitForStatus(page, 'step', () => true)} steps: digits ${digits.toFixed(4)}, noise ${noise.toFixed(4)}`,
  });
});

test('the pad’s Noise button gives the model uniform noise as it is, and it answers', async ({
  page,
}) => {
  await page.goto(`/?autostart=0&${SMALL}`);
  const draw = page.getByRole('region', { name: 'Draw a digit' });
  await draw.getByRole('button', { name: 'Noise' }).click();
  const input = await canvasDigit(draw.getByRole('img', { name: 'Model input' }));
  const mean = input.reduce((s, v) => s + v, 0) / input.length;
  const variance = input.reduce((s, v) => s + (v - mean) ** 2, 0) / input.length;
  // Uniform noise over the whole square, not a drawing fitted into its middle.
  expect(mean).toBeGreaterThan(0.4);
  expect(mean).toBeLessThan(0.6);
  expect(variance).toBeGreaterThan(0.06);
  expect(input.slice(0, 28).some((v) => v > 0.1)).toBe(true);
  const recon = draw.getByRole('img', { name: 'Reconstruction of drawing' });
  await expect.poll(async () => Math.max(...(await canvasDigit(recon)))).toBeGreaterThan(0);
});
