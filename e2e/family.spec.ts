import { DEFAULT_MODEL, MODEL_KINDS, type ModelKind } from '../src/model/config';
import { KIND_PARAMS, MODEL_KIND_INFO, type KindParam } from '../src/model/kinds';
import { expect, test } from './fixtures';
import { canvasDigit, num, spread, waitForStatus, expectStatus } from './helpers';

const SMALL = 'hidden=64&batch=32&valsize=200&lr=0.003';

/** The control of each kind-specific field, by its role and accessible name. */
const CONTROLS: { [F in KindParam]: { role: 'slider' | 'combobox'; name: string } } = {
  depth: { role: 'slider', name: 'Depth' },
  noise: { role: 'combobox', name: 'Noise' },
  noiseLevel: { role: 'slider', name: 'Noise level' },
  sparsity: { role: 'slider', name: 'Sparsity' },
  beta: { role: 'slider', name: 'β' },
  contraction: { role: 'slider', name: 'Contraction' },
};

// Steps enough to see the loss fall on software WebGL; the convolutional model is the slowest
// there, so it trains a smaller model for fewer steps.
const TUNING: Partial<Record<ModelKind, { steps: number; url: string }>> = {
  conv: { steps: 15, url: 'hidden=32&batch=16&valsize=200&lr=0.003' },
};

for (const kind of MODEL_KINDS) {
  const info = MODEL_KIND_INFO[kind];
  const { steps, url } = { steps: 40, url: SMALL, ...TUNING[kind] };
  test(`${info.label} trains on WebGL: the loss falls and reconstructions are not blank`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.goto(`/?backend=webgl&autostart=0&${url}`);
    await expectStatus(page, 'step', '0');
    const select = page.getByRole('combobox', { name: 'Model' });
    await select.selectOption({ label: info.label });
    await expectStatus(page, 'model', kind);
    await expectStatus(page, 'backend', 'webgl');
    await expect(page).toHaveURL(
      kind === DEFAULT_MODEL.kind ? /^(?!.*model=)/ : new RegExp(`model=${kind}`),
    );
    // The controls of the fields this kind reads, and no other kind's.
    for (const field of KIND_PARAMS) {
      const { role, name } = CONTROLS[field];
      await expect(
        page.getByRole(role, { name, exact: true }),
        `${info.label}: the ${name} ${role}`,
      ).toHaveCount(info.uses.includes(field) ? 1 : 0);
    }

    await page.getByRole('button', { name: 'Train' }).click();
    const first = await waitForStatus(page, 'loss', Number.isFinite);
    await waitForStatus(page, 'step', (s) => s >= steps, 180_000);
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
    if (info.corrupts) {
      const noisy = await canvasDigit(
        page.getByRole('img', { name: 'Noisy input 1', exact: true }),
      );
      const clean = await canvasDigit(page.getByRole('img', { name: 'Original 1', exact: true }));
      expect(noisy.some((p, i) => Math.abs(p - clean[i]!) > 0.1)).toBe(true);
    }
  });
}

test('the variational model shows its KL term and generates new digits', async ({ page }) => {
  await page.goto(`/?backend=wasm&model=vae&${SMALL}`);
  await expectStatus(page, 'model', 'vae');
  await waitForStatus(page, 'step', (s) => s >= 150);
  const chart = page.getByRole('figure', { name: 'Loss chart' });
  await expect(chart).toContainText('train kl');
  await expect(chart).toContainText('train reconstruction');
  await expect(chart.locator('figcaption')).toContainText('ELBO');
  await page.getByRole('button', { name: 'Generate' }).click();
  const generated = page.getByRole('img', { name: /^Generated digit \d+$/ });
  await expect(generated).toHaveCount(32);
  await expect.poll(async () => spread(await canvasDigit(generated.first()))).toBeGreaterThan(0.2);
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

test('the contractive model shows its contraction term, and its code is the sigmoid layer', async ({
  page,
}) => {
  await page.goto(`/?backend=wasm&model=contractive&${SMALL}`);
  await expectStatus(page, 'model', 'contractive');
  await waitForStatus(page, 'step', (s) => s >= 60);
  const chart = page.getByRole('figure', { name: 'Loss chart' });
  await expect(chart).toContainText('train contraction');
  await expect(chart).toContainText('train reconstruction');
  await expect(chart.locator('figcaption')).toContainText('λ·‖J‖²');
  const network = page.getByRole('region', { name: 'Network' });
  await expect(network.locator('[data-layer="code"]')).toContainText('sigmoid');
  await expect(network.locator('[data-layer="encoder_1"]')).toHaveCount(0);
});

test('the Activation choice rebuilds the hidden layers, and linear ones are compared with PCA', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(`/?backend=wasm&autostart=0&${SMALL}`);
  await expectStatus(page, 'step', '0');
  const network = page.getByRole('region', { name: 'Network' });
  await expect(network.locator('[data-layer="encoder_1"]')).toContainText('ReLU');
  const select = page.getByRole('combobox', { name: 'Activation', exact: true });
  await select.selectOption({ label: 'Tanh' });
  await expect(page).toHaveURL(/activation=tanh/);
  await expect(network.locator('[data-layer="encoder_1"]')).toContainText('tanh');
  await expect(network.locator('[data-layer="decoder_1"]')).toContainText('tanh');
  const note = page.getByRole('note', { name: 'Linear layers and PCA' });
  const baseline = page.getByLabel('PCA baseline');
  await expect(baseline).toHaveAttribute('data-pca-mse', /.+/, { timeout: 150_000 });
  await expect(note).toHaveCount(0);
  await select.selectOption({ label: 'Linear' });
  await expect(page).toHaveURL(/activation=linear/);
  await expect(network.locator('[data-layer="encoder_1"]')).toContainText('linear');
  await expect(note).toContainText('PCA line');
  await select.selectOption({ label: 'ReLU' });
  await expect(page).toHaveURL(/^(?!.*activation=)/);
  await expect(note).toHaveCount(0);
});
