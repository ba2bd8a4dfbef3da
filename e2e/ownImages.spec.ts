// A person's own pictures as the dataset: a folder (one subfolder per class) or a zip, read in a
// worker into 28×28 images shown before training, then kept in IndexedDB and trained on. The
// pictures are generated here (pngjs): light discs and bars on dark, or dark on light paper.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { canvasDigit, expectStatus, waitForStatus } from './helpers';
import { picture, shapesFolder } from './shapes';

const SMALL = 'backend=wasm&hidden=64&batch=32&latent=8';

/** A folder `pets` with `per` pictures in each of discs/ and bars/, a damaged PNG and a note. */
function folder(per: number): string {
  const root = shapesFolder('pets', ['disc', 'bar'], per);
  writeFileSync(join(root, 'bars', 'broken.png'), picture('bar', 0).subarray(0, 60));
  writeFileSync(join(root, 'notes.txt'), 'discs and bars');
  return root;
}

const panel = (page: Page) => page.getByRole('region', { name: 'Your images' });

test('a folder of pictures in two classes: previewed, trained on, kept over a reload', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto(`/?${SMALL}`);
  await expectStatus(page, 'dataset', 'mnist', { timeout: 60_000 });
  await page.getByLabel('Use an image folder', { exact: true }).setInputFiles(folder(150));

  const set = panel(page).getByLabel('Image set');
  await expect(set).toHaveAttribute('data-classes', '2', { timeout: 60_000 });
  await expect(set).toContainText(
    'pets: 300 images in 2 classes (bars, discs): 255 to train on, 45 to test with.',
  );
  // The damaged file and the note are named; the other 300 pictures load.
  await panel(page).getByText('2 files left out').click();
  const left = panel(page).getByRole('list', { name: 'Files left out' });
  await expect(left).toContainText('broken.png could not be read as an image');
  await expect(left).toContainText('notes.txt is not a PNG, JPEG or WebP image');
  await expect(panel(page).getByRole('img', { name: /^Preview \d+$/ })).toHaveCount(8);

  // What the model will see: the first bar, light on dark, fitted into the middle.
  const preview1 = () => canvasDigit(panel(page).getByRole('img', { name: 'Preview 1' }));
  const first = await preview1();
  expect(first[14 * 28 + 14]).toBeGreaterThan(0.5);
  expect(first[0]).toBeLessThan(0.1);
  // Resized and padded, the whole picture: its background, left of the bar, at row 4, column 1
  // (rows 0–3 are padding), is dark; inverted, that background becomes ink.
  const background = async () => (await preview1())[4 * 28 + 1]!;
  await panel(page).getByRole('combobox', { name: 'Preparation' }).selectOption('pad');
  // Read again: another picture of the same bar.
  await expect
    .poll(async () => (await preview1()).reduce((d, v, k) => d + Math.abs(v - first[k]!), 0), {
      timeout: 60_000,
    })
    .toBeGreaterThan(5);
  expect(await background()).toBeLessThan(0.1);
  await panel(page).getByLabel('Invert (dark ink on light paper)').check();
  await expect.poll(background, { timeout: 60_000 }).toBeGreaterThan(0.5);
  await panel(page).getByLabel('Invert (dark ink on light paper)').uncheck();
  await expect.poll(background, { timeout: 60_000 }).toBeLessThan(0.1);
  // Nothing has changed yet: MNIST still trains.
  await expectStatus(page, 'dataset', 'mnist');

  await panel(page).getByRole('button', { name: 'Train on these' }).click();
  await expect(panel(page)).toHaveCount(0);
  await expectStatus(page, 'dataset', 'own', { timeout: 60_000 });
  await expect(page.getByLabel('Notices')).toContainText(
    'Loaded pets: 255 training and 45 test images in 2 classes, kept in this browser.',
  );
  const start = await waitForStatus(page, 'examples', (e) => e > 0);
  await waitForStatus(page, 'examples', (e) => e > start + 1000);
  const legend = page.getByRole('list', { name: 'Class colours' });
  await expect(legend.getByRole('listitem')).toHaveText(['bars', 'discs']);
  await expect(page.getByLabel('Per-class error').locator('[data-classes]')).toHaveAttribute(
    'data-classes',
    '2',
    { timeout: 120_000 },
  );

  await page.reload();
  await expectStatus(page, 'dataset', 'own', { timeout: 60_000 });
  await expect(legend.getByRole('listitem')).toHaveText(['bars', 'discs'], { timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a zip of pictures loads like a folder; too few pictures, an empty folder or no pictures get an alert and change nothing', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(`/?${SMALL}`);
  await expectStatus(page, 'dataset', 'mnist', { timeout: 60_000 });
  const entries: Record<string, Uint8Array> = {};
  for (let i = 0; i < 60; i++) {
    entries[`dark/${i}.png`] = picture('disc', i, true);
    entries[`dark/${i + 60}.png`] = picture('bar', i, true);
  }
  const input = page.getByLabel('Use your images', { exact: true });
  await input.setInputFiles({
    name: 'marks.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from(zipSync(entries)),
  });
  const set = panel(page).getByLabel('Image set');
  await expect(set).toContainText('marks: 120 images in 1 class (dark)', { timeout: 60_000 });
  // Dark on light paper, resized and padded: without Invert the paper is ink, with it not.
  const paper = async () =>
    (await canvasDigit(panel(page).getByRole('img', { name: 'Preview 1' })))[4 * 28 + 1]!;
  await panel(page).getByRole('combobox', { name: 'Preparation' }).selectOption('pad');
  await expect.poll(paper, { timeout: 60_000 }).toBeGreaterThan(0.5);
  await panel(page).getByLabel('Invert (dark ink on light paper)').check();
  await expect.poll(paper, { timeout: 60_000 }).toBeLessThan(0.1);
  await panel(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(panel(page)).toHaveCount(0);

  await input.setInputFiles(
    Array.from({ length: 20 }, (_, i) => ({
      name: `${i}.png`,
      mimeType: 'image/png',
      buffer: picture('disc', i),
    })),
  );
  await expect(page.getByRole('alert')).toContainText(
    'Only 20 images could be used; the playground needs at least 100.',
    { timeout: 60_000 },
  );
  // An empty folder, and a folder of no pictures, say so too.
  const folderInput = page.getByLabel('Use an image folder', { exact: true });
  await folderInput.setInputFiles(mkdtempSync(join(tmpdir(), 'empty-')));
  await expect(page.getByRole('alert')).toContainText('The folder you chose is empty.');
  const notes = mkdtempSync(join(tmpdir(), 'notes-'));
  writeFileSync(join(notes, 'readme.txt'), 'no pictures here');
  await folderInput.setInputFiles(notes);
  await expect(page.getByRole('alert')).toContainText(
    'No image could be used; the playground needs at least 100. readme.txt is not a PNG, JPEG or WebP image',
    { timeout: 60_000 },
  );
  await expectStatus(page, 'dataset', 'mnist');
  await expectStatus(page, 'running', 'true');
});
