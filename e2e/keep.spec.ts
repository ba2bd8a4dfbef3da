// Nothing a person trains is lost: a reload keeps the model (the browser's real IndexedDB), a
// downloaded model loads in another profile and in a plain TensorFlow.js page, a file that is
// not a model is refused with the model kept, and a training worker that ends is replaced.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { expect, test, watchPageErrors } from './fixtures';
import { canvasDigit, expectStatus, num, pauseAndSettle, waitForStatus } from './helpers';
import { PAGES_URL } from './servers';

const SMALL = 'backend=wasm&hidden=64&batch=32&valsize=200';

const recon1 = (page: Page) =>
  canvasDigit(page.getByRole('img', { name: 'Reconstruction 1', exact: true }));

/** The largest difference between two digits' pixels. */
const maxDiff = (a: number[], b: number[]) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? NaN))), 0);

test('a reload keeps the model: the same step and reconstructions, and Start over begins afresh', async ({
  page,
}) => {
  await page.goto(`/?${SMALL}`);
  await waitForStatus(page, 'step', (s) => s >= 30);
  const step = await pauseAndSettle(page);
  const before = await recon1(page);
  // Pause saved it; give the write a moment to land before the page goes.
  await page.waitForTimeout(500);

  await page.reload();
  const saved = page.getByRole('region', { name: 'Saved model' });
  await expect(saved).toContainText(
    `Restored your model from just now: step ${step.toLocaleString('en-US')}.`,
  );
  await expectStatus(page, 'step', String(step));
  await expectStatus(page, 'running', 'false');
  await expect.poll(async () => maxDiff(await recon1(page), before)).toBeLessThanOrEqual(1 / 255);

  await saved.getByRole('button', { name: 'Start over' }).click();
  await expect(saved).toHaveCount(0);
  await expect.poll(() => num(page, 'step')).toBeLessThan(step);
});

interface Downloaded {
  jsonPath: string;
  binPath: string;
  json: string;
}

/** Clicks Download model and saves both files under their own names, as a Downloads folder would. */
async function downloadModel(page: Page): Promise<Downloaded> {
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect.poll(() => downloads.length).toBe(2);
  const byName = new Map(downloads.map((d) => [d.suggestedFilename(), d]));
  expect([...byName.keys()].sort()).toEqual(['model.json', 'model.weights.bin']);
  // Saved under their own names, as a person's Downloads folder holds them.
  const folder = await mkdtemp(join(tmpdir(), 'model-'));
  const jsonPath = join(folder, 'model.json');
  const binPath = join(folder, 'model.weights.bin');
  await byName.get('model.json')!.saveAs(jsonPath);
  await byName.get('model.weights.bin')!.saveAs(binPath);
  return { jsonPath, binPath, json: await readFile(jsonPath, 'utf8') };
}

/** What stock tf.loadLayersModel in a page without the app's code makes of the files. */
async function predictInPlainPage(
  page: Page,
  { json, binPath }: Downloaded,
  pixels: number[],
): Promise<{ outputs: string[]; code: number[]; reconstruction: number[] }> {
  const plain = await page.context().newPage();
  await plain.goto(`${PAGES_URL}/e2e/pages/layers.html`);
  await plain.waitForFunction(() => 'predict' in window);
  const weights = Array.from(await readFile(binPath));
  const predicted = await plain.evaluate(
    ([j, w, x]) =>
      (
        window as unknown as {
          predict(
            j: string,
            w: number[],
            x: number[],
          ): Promise<{ outputs: string[]; code: number[]; reconstruction: number[] }>;
        }
      ).predict(j, w, x),
    [json, weights, pixels] as const,
  );
  await plain.close();
  return predicted;
}

test('a downloaded model loads in a fresh profile and in a plain TensorFlow.js page', async ({
  page,
  browser,
}) => {
  await page.goto(`/?${SMALL}`);
  await waitForStatus(page, 'step', (s) => s >= 30);
  const step = await pauseAndSettle(page);
  const original = await canvasDigit(page.getByRole('img', { name: 'Original 1', exact: true }));
  const recon = await recon1(page);

  const files = await downloadModel(page);
  const { jsonPath, binPath, json } = files;
  const manifest = JSON.parse(json) as {
    format: string;
    userDefinedMetadata: { step: number; config: { latent: number } };
  };
  expect(manifest.format).toBe('layers-model');
  expect(manifest.userDefinedMetadata.step).toBe(step);

  // Any page: stock tf.loadLayersModel gives the app's reconstruction (to the canvas's 1/255).
  const predicted = await predictInPlainPage(page, files, original);
  expect(predicted.outputs.slice(0, 2)).toEqual(['code', 'reconstruction']);
  expect(predicted.code).toHaveLength(16);
  expect(maxDiff(predicted.reconstruction, recon)).toBeLessThanOrEqual(1 / 255 + 1e-6);

  // Another browser profile: empty storage, the model loads from the two files with its run.
  const fresh = await browser.newContext();
  const errors = watchPageErrors(fresh);
  const other = await fresh.newPage();
  await other.goto(`/?${SMALL}&autostart=0`);
  await expectStatus(other, 'step', '0');
  await other.getByLabel('Load model').setInputFiles([jsonPath, binPath]);
  await expect(other.getByRole('list', { name: 'Notices' })).toContainText(
    `Loaded a dense model, latent size 16, at step ${step.toLocaleString('en-US')}.`,
  );
  await expectStatus(other, 'step', String(step));
  await expectStatus(other, 'latentSize', '16');
  await expect.poll(async () => maxDiff(await recon1(other), recon)).toBeLessThanOrEqual(1 / 255);
  // Training goes on from there.
  await other.getByRole('button', { name: 'Train' }).click();
  await waitForStatus(other, 'step', (s) => s > step);
  await fresh.close();
  expect(errors).toEqual([]);
});

test('a contractive model with tanh layers loads in a plain TensorFlow.js page as it trained', async ({
  page,
}) => {
  await page.goto(`/?${SMALL}&model=contractive&activation=tanh&latent=8`);
  await waitForStatus(page, 'step', (s) => s >= 30);
  await pauseAndSettle(page);
  const original = await canvasDigit(page.getByRole('img', { name: 'Original 1', exact: true }));
  const recon = await recon1(page);
  const files = await downloadModel(page);
  const config = (JSON.parse(files.json) as { userDefinedMetadata: { config: object } })
    .userDefinedMetadata.config;
  expect(config).toMatchObject({ kind: 'contractive', activation: 'tanh', latent: 8 });
  const predicted = await predictInPlainPage(page, files, original);
  expect(predicted.outputs.slice(0, 2)).toEqual(['code', 'reconstruction']);
  // The code is the sigmoid layer's: eight numbers in (0, 1).
  expect(predicted.code).toHaveLength(8);
  expect(predicted.code.every((v) => v > 0 && v < 1)).toBe(true);
  expect(maxDiff(predicted.reconstruction, recon)).toBeLessThanOrEqual(1 / 255 + 1e-6);
});

test('three files that are not a model give three alerts, and the model stays', async ({
  page,
}) => {
  await page.goto(`/?${SMALL}`);
  await waitForStatus(page, 'step', (s) => s >= 10);
  const step = await pauseAndSettle(page);
  const input = page.getByLabel('Load model');
  const random = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
  const foreign = JSON.stringify({
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
    modelTopology: { class_name: 'Sequential', config: { name: 'other', layers: [] } },
    weightsManifest: [{ paths: ['other.bin'], weights: [] }],
  });
  const cases = [
    { name: 'model.json', mimeType: 'application/json', buffer: random },
    {
      name: 'model.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"modelTopology": {"class_na'),
    },
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(foreign) },
  ];
  const messages: string[] = [];
  for (const file of cases) {
    await input.setInputFiles(file);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('That model could not be loaded.');
    messages.push((await alert.textContent()) ?? '');
    await alert.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expectStatus(page, 'step', String(step));
    await expectStatus(page, 'latentSize', '16');
  }
  expect(new Set(messages).size).toBe(3);
  expect(messages[2]).toMatch(/not a model from the autoencoder playground/);
});

test('a training worker that ends is replaced, and training resumes from its snapshot', async ({
  page,
}) => {
  await page.goto(`/?${SMALL}`);
  await waitForStatus(page, 'step', (s) => s >= 20);
  // A pause takes a snapshot; training goes on after it.
  const step = await pauseAndSettle(page);
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForStatus(page, 'step', (s) => s > step + 10);
  const trainer = page.workers().find((w) => /\/worker-[^/]*\.js/.test(w.url()));
  expect(trainer, 'the training worker').toBeDefined();
  await trainer!.evaluate(() => (self as unknown as { close(): void }).close());
  const notices = page.getByRole('list', { name: 'Notices' });
  await expect(notices).toContainText(
    /The training worker stopped .*; a new one resumed from step/,
    {
      timeout: 30_000,
    },
  );
  await expectStatus(page, 'running', 'true');
  const resumedAt = Number(
    /resumed from step ([\d,]+)/.exec((await notices.textContent()) ?? '')?.[1]?.replace(/,/g, ''),
  );
  expect(resumedAt).toBeGreaterThanOrEqual(step);
  await waitForStatus(page, 'step', (s) => s > resumedAt + 10);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a saved record this version cannot read is set aside with a notice, and training goes on', async ({
  page,
}) => {
  await page.goto(`/?${SMALL}&autostart=0`);
  await expectStatus(page, 'step', '0');
  // What an older version of the app might have left in the browser's storage.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('autoencoder-playground', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('runs');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('runs', 'readwrite');
          tx.objectStore('runs').put({ version: 0, weights: 'old' }, 'current');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.goto(`/?${SMALL}`);
  await expect(page.getByRole('list', { name: 'Notices' })).toContainText(
    'A saved model from another version of the app could not be read; it was set aside.',
  );
  await expect(page.getByRole('region', { name: 'Saved model' })).toHaveCount(0);
  await waitForStatus(page, 'step', (s) => s >= 5);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
