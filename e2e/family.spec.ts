import { expect, test } from '@playwright/test';
import { canvasDigit, num, spread, status, waitForStatus, watchErrors } from './helpers';

const SMALL = 'hidden=64&batch=32&valsize=200&lr=0.003';

// `own`: the variant-specific sliders it shows; `steps`: enough to see the loss fall on
// software WebGL (the convolutional model is the slowest there).
const VARIANTS: { kind: string; label: string; own: string[]; steps: number; url?: string }[] = [
  { kind: 'dense', label: 'Dense', own: ['Depth'], steps: 40 },
  {
    kind: 'conv',
    label: 'Convolutional',
    own: [],
    steps: 15,
    url: 'hidden=32&batch=16&valsize=200&lr=0.003',
  },
  { kind: 'denoising', label: 'Denoising', own: ['Depth', 'Noise level'], steps: 40 },
  { kind: 'sparse', label: 'Sparse', own: ['Depth', 'Sparsity'], steps: 40 },
  { kind: 'vae', label: 'Variational', own: ['Depth', 'β'], steps: 40 },
];

const EXTRA_SLIDERS = ['Depth', 'Noise level', 'Sparsity', 'β'];

for (const v of VARIANTS) {
  test(`${v.label} trains on WebGL: the loss falls and reconstructions are not blank`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const errors = watchErrors(page);
    await page.goto(`/?backend=webgl&autostart=0&${v.url ?? SMALL}`);
    await expect(status(page)).toHaveAttribute('data-step', '0');
    const select = page.getByRole('combobox', { name: 'Model' });
    await select.selectOption({ label: v.label });
    await expect(status(page)).toHaveAttribute('data-model', v.kind);
    await expect(status(page)).toHaveAttribute('data-backend', 'webgl');
    await expect(page).toHaveURL(
      v.kind === 'dense' ? /^(?!.*model=)/ : new RegExp(`model=${v.kind}`),
    );
    // Each variant's own control, and no other variant's.
    for (const name of EXTRA_SLIDERS) {
      await expect(page.getByRole('slider', { name, exact: true })).toHaveCount(
        v.own.includes(name) ? 1 : 0,
      );
    }

    await page.getByRole('button', { name: 'Train' }).click();
    const first = await waitForStatus(page, 'loss', Number.isFinite);
    await waitForStatus(page, 'step', (s) => s >= v.steps, 180_000);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await num(page, 'loss')).toBeLessThan(first);
    // Pausing validates the model as it stands. Validation is always plain MSE, so every
    // variant compares on one measure.
    await expect
      .poll(async () => (await num(page, 'valExamples')) === (await num(page, 'examples')))
      .toBe(true);
    const val = await num(page, 'valLoss');
    expect(val).toBeGreaterThan(0);
    expect(val).toBeLessThan(0.2);
    await expect
      .poll(async () =>
        spread(await canvasDigit(page.getByRole('img', { name: 'Reconstruction 1', exact: true }))),
      )
      .toBeGreaterThan(0.2);
    if (v.kind === 'denoising') {
      const noisy = await canvasDigit(
        page.getByRole('img', { name: 'Noisy input 1', exact: true }),
      );
      const clean = await canvasDigit(page.getByRole('img', { name: 'Original 1', exact: true }));
      expect(noisy.some((p, i) => Math.abs(p - clean[i]!) > 0.1)).toBe(true);
    }
    expect(errors).toEqual([]);
  });
}

test('the variational model shows its KL term and generates new digits', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/?backend=wasm&model=vae&${SMALL}`);
  await expect(status(page)).toHaveAttribute('data-model', 'vae');
  await waitForStatus(page, 'step', (s) => s >= 150);
  const chart = page.getByRole('figure', { name: 'Loss chart' });
  await expect(chart).toContainText('train kl');
  await expect(chart).toContainText('train reconstruction');
  await expect(chart.locator('figcaption')).toContainText('ELBO');
  await page.getByRole('button', { name: 'Generate' }).click();
  const generated = page.getByRole('img', { name: /^Generated digit \d+$/ });
  await expect(generated).toHaveCount(32);
  await expect.poll(async () => spread(await canvasDigit(generated.first()))).toBeGreaterThan(0.2);
  expect(errors).toEqual([]);
});

test('the sparse model reports its near-zero code units, and the loss choice names the axis', async ({
  page,
}) => {
  await page.goto(`/?backend=wasm&model=sparse&sparsity=0.05&${SMALL}`);
  const readout = page.getByLabel('Near-zero code units');
  await expect(readout).toContainText('%');
  const frac = Number(await readout.getAttribute('data-near-zero'));
  expect(frac).toBeGreaterThanOrEqual(0);
  expect(frac).toBeLessThanOrEqual(1);
  await page
    .getByRole('combobox', { name: 'Loss' })
    .selectOption({ label: 'Binary cross-entropy' });
  await expect(page).toHaveURL(/loss=bce/);
  await expect(
    page.getByRole('figure', { name: 'Loss chart' }).locator('figcaption'),
  ).toContainText('BCE');
});
