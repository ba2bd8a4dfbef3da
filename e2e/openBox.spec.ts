// Open the box: the network diagram shows every layer of each model kind and follows a rebuild;
// the first layer's features turn from noise into smooth strokes as the model trains; moving a
// code slider redraws the traversal and Reset code restores it.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { canvasDigit, expectStatus, num, waitForStatus } from './helpers';

const SMALL = 'hidden=64&valsize=200&batch=32';

const network = (page: Page) => page.getByRole('region', { name: 'Network' });
const layerNames = (page: Page) =>
  network(page)
    .locator('[data-layer]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.layer));

const DENSE = ['pixels', 'encoder_1', 'code', 'decoder_1', 'reconstruction'];
const EXPECTED: Record<string, string[]> = {
  dense: DENSE,
  denoising: DENSE,
  sparse: DENSE,
  vae: [...DENSE, 'log_variance', 'sample'],
  contractive: ['pixels', 'code', 'decoder_1', 'reconstruction'],
  conv: [
    'pixels',
    'encoder_conv_1',
    'encoder_conv_2',
    'code',
    'decoder_dense',
    'decoder_deconv',
    'decoder_upsample',
    'decoder_conv',
    'reconstruction',
  ],
};

test('the diagram shows every layer of each model kind, and follows a rebuild', async ({
  page,
}) => {
  test.setTimeout(120_000);
  for (const kind of Object.keys(EXPECTED)) {
    await page.goto(`/?model=${kind}&autostart=0&${SMALL}`);
    await expect.poll(() => layerNames(page), { timeout: 30_000 }).toEqual(EXPECTED[kind]);
    // The layers' parameters add up to the total; for the dense kinds it is the architecture's.
    const perLayer = await network(page)
      .locator('[data-layer] .layer-label .hint')
      .allTextContents();
    const sum = perLayer.reduce((n, t) => n + (Number(t.replace(/[^\d]/g, '')) || 0), 0);
    const heading = (await network(page).getByRole('heading').textContent()) ?? '';
    expect(Number(/\(([\d,]+) parameters\)/.exec(heading)![1]!.replace(/,/g, ''))).toBe(sum);
    const dense = 784 * 64 + 64 + 64 * 16 + 16 + 16 * 64 + 64 + 64 * 784 + 784;
    if (kind === 'dense') expect(sum).toBe(dense);
    if (kind === 'vae') expect(sum).toBe(dense + 64 * 16 + 16);
    await expect(network(page).getByRole('img', { name: 'Network output' })).toBeVisible();
  }
  // A rebuild: more depth adds a layer a side, a new latent size changes the code.
  await page.goto(`/?autostart=0&${SMALL}&latent=8`);
  await expect(network(page).getByRole('img', { name: 'Code', exact: true })).toHaveAttribute(
    'data-units',
    '8',
  );
  const depth = page.getByRole('slider', { name: 'Depth' });
  await depth.focus();
  await depth.press('ArrowRight');
  await expect
    .poll(() => layerNames(page), { timeout: 30_000 })
    .toEqual([
      'pixels',
      'encoder_1',
      'encoder_2',
      'code',
      'decoder_1',
      'decoder_2',
      'reconstruction',
    ]);
  const latent = page.getByRole('slider', { name: 'Latent size' });
  await latent.focus();
  await latent.press('ArrowRight');
  await expectStatus(page, 'latentSize', /^(?!8$)\d+$/);
  const k = await num(page, 'latentSize');
  await expect(network(page).getByRole('img', { name: 'Code', exact: true })).toHaveAttribute(
    'data-units',
    String(k),
  );
});

test('a unit of the first layer shows its incoming weights and activation when focused', async ({
  page,
}) => {
  await page.goto(`/?autostart=0&${SMALL}`);
  const strip = network(page).getByRole('img', { name: 'encoder_1 activations' });
  await strip.focus();
  await strip.press('ArrowRight');
  await strip.press('ArrowRight');
  const detail = network(page).locator('[data-unit]');
  // The first press picks unit 1, the next moves to unit 2.
  await expect(detail).toHaveAttribute('data-unit', '1');
  await expect(network(page).getByRole('img', { name: 'Unit 2 weights' })).toBeVisible();
  const activation = Number(
    await detail.locator('[data-activation]').getAttribute('data-activation'),
  );
  expect(Number.isFinite(activation)).toBe(true);
  // ReLU units: never negative.
  expect(activation).toBeGreaterThanOrEqual(0);
});

test('features turn from noise into smooth strokes as the model trains, seen when in view', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.goto(`/?autostart=0&${SMALL}&lr=0.003`);
  const panel = page.getByRole('region', { name: 'Learned features' });
  await expect(panel.getByRole('img', { name: 'Feature 64' })).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByRole('img', { name: 'Feature 65' })).toHaveCount(0);
  const smoothness = async () => Number(await panel.getAttribute('data-smoothness'));
  const atStart = await smoothness();
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForStatus(page, 'step', (s) => s >= 600, 120_000);
  // Below the first screen, the panel has kept what it drew (nobody could see it change)…
  expect(await panel.evaluate((el) => el.getBoundingClientRect().top > innerHeight + 200)).toBe(
    true,
  );
  expect(await smoothness()).toBe(atStart);
  // …and brought into view, it catches up with the model as it now is.
  await panel.scrollIntoViewIfNeeded();
  await expect.poll(smoothness, { timeout: 20_000 }).toBeGreaterThan(atStart + 0.15);
  const trained = await smoothness();
  test.info().annotations.push({
    type: 'measured',
    description: `neighbour correlation of the 64 features: ${atStart.toFixed(3)} at the start, ${trained.toFixed(3)} after ${await num(page, 'step')} steps`,
  });
  // The decoder's side: one image per code unit.
  await expect(panel.getByRole('img', { name: 'Code unit 16' })).toBeVisible();
});

test('moving Code 1 redraws the traversal, and Reset code puts the digit’s own code back', async ({
  page,
}) => {
  await page.goto(`/?autostart=0&${SMALL}`);
  // A little training, then paused, so the model holds still.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitForStatus(page, 'step', (s) => s >= 1);
  const panel = page.getByRole('region', { name: 'Latent traversal' });
  const picture = panel.getByRole('img', { name: 'Traversal' });
  await expect(panel.getByRole('slider', { name: 'Code 16', exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await expect(panel.getByRole('slider', { name: 'Code 17', exact: true })).toHaveCount(0);
  // The analysis gives each slider its range.
  await expect
    .poll(async () =>
      Number(await panel.getByRole('slider', { name: 'Code 1', exact: true }).getAttribute('max')),
    )
    .not.toBe(3);
  // Unedited, the traversal shows the model's own output for the digit: the diagram's output,
  // from the same inspection (which a newer weight snapshot may replace at any time). The diagram
  // is read in view: off screen it keeps the picture of an older inspection.
  const output = network(page).getByRole('img', { name: 'Network output' });
  const fromOwnCode = async () => {
    await output.scrollIntoViewIfNeeded();
    return diff(await canvasDigit(picture), await canvasDigit(output));
  };
  await expect.poll(fromOwnCode).toBeLessThan(1e-6);
  const slider = panel.getByRole('slider', { name: 'Code 1', exact: true });
  await slider.focus();
  await slider.press('End');
  await expect(panel).toHaveAttribute('data-edited', 'true');
  await expect.poll(fromOwnCode).toBeGreaterThan(0.01);
  await panel.getByRole('button', { name: 'Reset code' }).click();
  await expect(panel).toHaveAttribute('data-edited', 'false');
  await expect.poll(fromOwnCode).toBeLessThan(1e-6);
});

function diff(a: number[], b: number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
