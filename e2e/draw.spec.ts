import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { canvasDigit, correlation, waitForStatus, expectStatus } from './helpers';

const SMALL = 'hidden=64&batch=32&valsize=200';

/** Draws a "7" with the mouse: a top bar, then a diagonal. */
async function drawSeven(page: Page): Promise<void> {
  const pad = page.getByRole('img', { name: 'Drawing pad' });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 70, box.y + 60);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 70 + i * 14, box.y + 60);
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 210 - i * 7, box.y + 60 + i * 15);
  await page.mouse.up();
}

async function drawDot(page: Page, x: number, y: number): Promise<void> {
  const pad = page.getByRole('img', { name: 'Drawing pad' });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + x, box.y + y);
  await page.mouse.down();
  await page.mouse.move(box.x + x + 20, box.y + y + 5);
  await page.mouse.up();
}

const modelInput = (page: Page) => page.getByRole('img', { name: 'Model input' });
const drawingRecon = (page: Page) => page.getByRole('img', { name: 'Reconstruction of drawing' });

function centreOfMass(px: number[]): { x: number; y: number; mass: number } {
  let m = 0;
  let sx = 0;
  let sy = 0;
  px.forEach((v, i) => {
    m += v;
    sx += v * ((i % 28) + 0.5);
    sy += v * (Math.floor(i / 28) + 0.5);
  });
  return { x: sx / m, y: sy / m, mass: m };
}

test('a drawing is preprocessed like MNIST and reconstructed better after training', async ({
  page,
}) => {
  await page.goto(`/?backend=wasm&autostart=0&${SMALL}&lr=0.003`);
  await expectStatus(page, 'step', '0');
  await drawSeven(page);

  await expect
    .poll(async () => centreOfMass(await canvasDigit(modelInput(page))).mass)
    .toBeGreaterThan(20);
  const input = await canvasDigit(modelInput(page));
  const com = centreOfMass(input);
  expect(Math.abs(com.x - 14)).toBeLessThan(1);
  expect(Math.abs(com.y - 14)).toBeLessThan(1);
  // The ink fits MNIST's 20-pixel box, and its longest side fills it.
  const inked = input.flatMap((v, i) => (v > 0.02 ? [i] : []));
  const xs = inked.map((i) => i % 28);
  const ys = inked.map((i) => Math.floor(i / 28));
  const w = Math.max(...xs) - Math.min(...xs) + 1;
  const h = Math.max(...ys) - Math.min(...ys) + 1;
  expect(Math.max(w, h)).toBeGreaterThanOrEqual(20);
  expect(Math.max(w, h)).toBeLessThanOrEqual(21);
  const latent = page.getByRole('group', { name: 'Latent code' });
  await expect(latent).toHaveAttribute('data-size', '16');

  await expect
    .poll(async () => (await canvasDigit(drawingRecon(page))).some((v) => v > 0.05))
    .toBe(true);
  const untrained = correlation(input, await canvasDigit(drawingRecon(page)));

  await page.getByRole('button', { name: 'Train' }).click();
  await waitForStatus(page, 'step', (s) => s >= 400);
  await page.getByRole('button', { name: 'Pause' }).click();
  // The reconstruction follows the model while it trains, without redrawing.
  await expect
    .poll(async () => correlation(input, await canvasDigit(drawingRecon(page))), {
      timeout: 10_000,
    })
    .toBeGreaterThan(Math.max(0.4, untrained + 0.2));
});

test('Undo removes the last stroke and Clear empties all three views', async ({ page }) => {
  await page.goto(`/?backend=cpu&autostart=0&${SMALL}`);
  await expectStatus(page, 'step', '0');
  await drawSeven(page);
  await expect
    .poll(async () => centreOfMass(await canvasDigit(modelInput(page))).mass)
    .toBeGreaterThan(20);
  const seven = await canvasDigit(modelInput(page));
  await drawDot(page, 40, 240);
  await expect
    .poll(async () => correlation(seven, await canvasDigit(modelInput(page))))
    .toBeLessThan(0.99);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect
    .poll(async () => correlation(seven, await canvasDigit(modelInput(page))))
    .toBeGreaterThan(0.999);

  await expect(page.getByRole('group', { name: 'Latent code' })).toHaveAttribute('data-size', '16');
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect.poll(async () => Math.max(...(await canvasDigit(modelInput(page))))).toBe(0);
  await expect.poll(async () => Math.max(...(await canvasDigit(drawingRecon(page))))).toBe(0);
  await expect(page.getByRole('group', { name: 'Latent code' })).toHaveAttribute('data-size', '0');
});

test('clicking a test digit loads it into the pad, where it can be edited', async ({ page }) => {
  await page.goto(`/?backend=cpu&autostart=0&${SMALL}`);
  const original = page.getByRole('img', { name: 'Original 7', exact: true });
  await expectStatus(page, 'step', '0');
  const digit = await canvasDigit(original);
  await original.click();
  // MNIST digits are already framed this way, so the preprocessed input is nearly the original.
  await expect
    .poll(async () => correlation(digit, await canvasDigit(modelInput(page))))
    .toBeGreaterThan(0.85);
  await expect
    .poll(async () => (await canvasDigit(drawingRecon(page))).some((v) => v > 0.05))
    .toBe(true);
  // Edit it: a new stroke changes the input; Undo brings the digit back.
  const loaded = await canvasDigit(modelInput(page));
  await drawDot(page, 230, 140);
  await expect
    .poll(async () => correlation(loaded, await canvasDigit(modelInput(page))))
    .toBeLessThan(0.98);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect
    .poll(async () => correlation(loaded, await canvasDigit(modelInput(page))))
    .toBeGreaterThan(0.999);
});

test('the drawing follows a rebuild with another latent size', async ({ page }) => {
  await page.goto(`/?backend=cpu&autostart=0&${SMALL}`);
  await expectStatus(page, 'step', '0');
  await drawSeven(page);
  const latent = page.getByRole('group', { name: 'Latent code' });
  await expect(latent).toHaveAttribute('data-size', '16');
  const slider = page.getByRole('slider', { name: 'Latent size' });
  await slider.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
  await expectStatus(page, 'latentSize', '10');
  await expect(latent).toHaveAttribute('data-size', '10');
});
