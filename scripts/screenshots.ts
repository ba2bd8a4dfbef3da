#!/usr/bin/env -S npx tsx
// Regenerates the README screenshots in docs/ from a running preview server:
//   npm run build && npx vite preview --port 5199 &  npm run screenshots [-- baseURL]
// The browser is the e2e suite's (e2e/browser.ts), and the status is read through its contract.
import { chromium } from '@playwright/test';
import { launchOptions } from '../e2e/browser';
import { STATUS_DATA, STATUS_NAME } from '../src/ui/statusContract';

const base = process.argv[2] ?? 'http://127.0.0.1:5199';
const browser = await chromium.launch(launchOptions());
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const status = page.getByRole('status', { name: STATUS_NAME });
const steps = async (n: number): Promise<void> => {
  for (;;) {
    const s = Number(await status.getAttribute(STATUS_DATA.step));
    if (s >= n) return;
    await page.waitForTimeout(500);
  }
};

await page.goto(`${base}/?backend=wasm&latent=2`);
await steps(700);
await page
  .getByLabel('PCA baseline')
  .locator('[data-vs-pca]')
  .waitFor({ timeout: 120_000 })
  .catch(() => {});
await page.screenshot({ path: 'docs/screenshot.png' });

const pad = page.getByRole('img', { name: 'Drawing pad' });
await pad.scrollIntoViewIfNeeded();
const box = await pad.boundingBox();
if (!box) throw new Error('The drawing pad is not visible');
await page.mouse.move(box.x + 90, box.y + 70);
await page.mouse.down();
for (let i = 1; i <= 12; i++)
  await page.mouse.move(box.x + 90 + i * 10, box.y + 70 + Math.sin(i / 4) * 6);
for (let i = 1; i <= 14; i++) await page.mouse.move(box.x + 210 - i * 6, box.y + 70 + i * 12);
await page.mouse.up();
await page.waitForTimeout(1500);
await page.getByRole('region', { name: 'Draw a digit' }).screenshot({ path: 'docs/drawing.png' });
await page
  .getByRole('region', { name: 'Latent space panel' })
  .screenshot({ path: 'docs/latent.png' });
await page.getByRole('region', { name: 'Network' }).screenshot({ path: 'docs/network.png' });
await page
  .getByRole('region', { name: 'Learned features' })
  .screenshot({ path: 'docs/features.png' });

// The traversal of a variational model: the sliders and a row per unit from −3σ to +3σ.
await page.goto(`${base}/?backend=wasm&model=vae&latent=6`);
await steps(800);
await page
  .getByRole('region', { name: 'Latent traversal' })
  .screenshot({ path: 'docs/traversal.png' });

// A lesson as a teacher's link opens it: the identity trap, its note and its explanation.
await page.goto(`${base}/?backend=wasm&lesson=identity`);
await steps(300);
await page.screenshot({ path: 'docs/lesson.png' });
await browser.close();
console.log(
  'Wrote docs/screenshot.png, drawing.png, latent.png, network.png, features.png, traversal.png, lesson.png',
);
