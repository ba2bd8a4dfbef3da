import type { Page } from '@playwright/test';
import { PCA_FASHION_MNIST, PCA_MNIST } from '../bench/reference';
import { expect, test } from './fixtures';
import { expectStatus, num, waitForStatus } from './helpers';

const SMALL = 'hidden=64&batch=32&valsize=200';

const baseline = (page: Page) => page.getByLabel('PCA baseline');

/** The baseline's test MSE once PCA has answered on `dataset`'s data. */
async function pcaMse(page: Page, dataset: string): Promise<number> {
  await expect(baseline(page)).toHaveAttribute('data-dataset', dataset, { timeout: 150_000 });
  await expect(baseline(page)).toHaveAttribute('data-pca-mse', /.+/, { timeout: 150_000 });
  return Number(await baseline(page).getAttribute('data-pca-mse'));
}

test('Fashion-MNIST from the URL trains with its own PCA baseline at k = 8 and 32 and its class names; switching back to MNIST starts a new run on it', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await page.goto(`/?dataset=fashion&backend=wasm&latent=8&${SMALL}`);
  const select = page.getByRole('combobox', { name: 'Dataset', exact: true });
  await expect(select).toHaveValue('fashion');
  await expectStatus(page, 'dataset', 'fashion', { timeout: 60_000 });
  await expectStatus(page, 'latentSize', '8');
  const first = await waitForStatus(page, 'examples', (e) => e > 0);
  await waitForStatus(page, 'examples', (e) => e > first + 1000);

  // PCA on the 60,000 Fashion-MNIST training images (bench/reference.ts), not MNIST's figure.
  const fashionK8 = await pcaMse(page, 'fashion');
  await expect(baseline(page)).toHaveAttribute('data-k', '8');
  const refFashion = PCA_FASHION_MNIST.mse[8]!;
  const refMnist = PCA_MNIST.mse[8]!;
  expect(Math.abs(fashionK8 - refFashion) / refFashion).toBeLessThan(0.02);
  expect(Math.abs(fashionK8 - refMnist) / refMnist).toBeGreaterThan(0.2);

  // The pad says the model learned something else than digits.
  await expect(page.getByRole('note', { name: 'Trained on other data' })).toContainText(
    'This model learned Fashion-MNIST, not handwritten digits.',
  );
  // And at k = 32 (the latent slider: 24 steps to the right of 8), the reference's k = 32.
  const latent = page.getByRole('slider', { name: 'Latent size' });
  await latent.focus();
  for (let i = 0; i < 24; i++) await page.keyboard.press('ArrowRight');
  await expect(latent).toHaveAttribute('aria-valuetext', '32');
  await expect(baseline(page)).toHaveAttribute('data-k', '32');
  const fashionK32 = Number(await baseline(page).getAttribute('data-pca-mse'));
  const refFashion32 = PCA_FASHION_MNIST.mse[32]!;
  expect(Math.abs(fashionK32 - refFashion32) / refFashion32).toBeLessThan(0.02);
  await expectStatus(page, 'latentSize', '32');
  await waitForStatus(page, 'examples', (e) => e > 1000);

  const legend = page.getByRole('list', { name: 'Class colours' });
  await expect(legend.getByRole('listitem')).toHaveCount(10);
  await expect(legend).toContainText('Trouser');
  await expect(legend).toContainText('Ankle boot');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Back to MNIST: new workers load it, a new run with the same latent size trains on it.
  const atSwitch = await num(page, 'examples');
  await select.selectOption({ label: 'MNIST' });
  await expect(page).not.toHaveURL(/dataset=/);
  await expectStatus(page, 'dataset', 'mnist', { timeout: 60_000 });
  await expectStatus(page, 'latentSize', '32');
  // A fresh run: its count starts again from zero.
  const fresh = await num(page, 'examples');
  expect(fresh).toBeLessThan(atSwitch);
  await waitForStatus(page, 'examples', (e) => e > fresh + 500);
  await expect(page.getByRole('list', { name: 'Digit colours' })).toContainText('7');
  // The run on Fashion-MNIST is in the table, named by its data.
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs).toContainText('Fashion-MNIST');
  await expect(runs).toContainText('MNIST');
  const mnistK32 = await pcaMse(page, 'mnist');
  const refMnist32 = PCA_MNIST.mse[32]!;
  expect(Math.abs(mnistK32 - refMnist32) / refMnist32).toBeLessThan(0.02);
  await expect(page.getByRole('note', { name: 'Trained on other data' })).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
