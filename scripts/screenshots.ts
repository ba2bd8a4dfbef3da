#!/usr/bin/env -S npx tsx
// Regenerates the README screenshots in docs/ from a running preview server:
//   npm run build && npx vite preview --port 5199 &
//   npm run screenshots [-- [baseURL] [shot …]]
// With no shot named, all of them: main (screenshot, drawing, latent, network, features),
// traversal, lesson, explain, phone, images, fashion. The browser is the e2e suite's (e2e/browser.ts),
// and the status is read through its contract.
import { chromium, type Page } from '@playwright/test';
import { launchOptions } from '../e2e/browser';
import { shapesFolder } from '../e2e/shapes';
import { STATUS_DATA, STATUS_NAME } from '../src/ui/statusContract';

const args = process.argv.slice(2);
const base = args[0]?.startsWith('http') ? args.shift()! : 'http://127.0.0.1:5199';
const browser = await chromium.launch(launchOptions());
const desktop = { viewport: { width: 1280, height: 900 } };
const written: string[] = [];

async function open(query: string, device = desktop): Promise<Page> {
  const page = await browser.newPage(device);
  await page.goto(`${base}/?${query}`);
  return page;
}

async function steps(page: Page, n: number): Promise<void> {
  const status = page.getByRole('status', { name: STATUS_NAME });
  for (;;) {
    const s = Number(await status.getAttribute(STATUS_DATA.step));
    if (s >= n) return;
    await page.waitForTimeout(500);
  }
}

async function shot(page: Page, path: string, region?: string): Promise<void> {
  const file = `docs/${path}`;
  if (region)
    await page.getByRole('region', { name: region, exact: true }).screenshot({ path: file });
  else await page.screenshot({ path: file });
  written.push(path);
}

/** A digit "7" drawn across the pad with the mouse, or with a finger where the page is touch. */
async function drawSeven(page: Page): Promise<void> {
  const pad = page.getByRole('img', { name: 'Drawing pad' });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('The drawing pad is not visible');
  const s = box.width / 280;
  const path: [number, number][] = [];
  for (let i = 0; i <= 12; i++) path.push([90 + i * 10, 70 + Math.sin(i / 4) * 6]);
  for (let i = 1; i <= 14; i++) path.push([210 - i * 6, 70 + i * 12]);
  const at = ([x, y]: [number, number]) => ({ x: box.x + x * s, y: box.y + y * s });
  await page.mouse.move(at(path[0]!).x, at(path[0]!).y);
  await page.mouse.down();
  for (const p of path.slice(1)) await page.mouse.move(at(p).x, at(p).y);
  await page.mouse.up();
  await page.waitForTimeout(1500);
}

const SHOTS: Record<string, () => Promise<void>> = {
  async main() {
    const page = await open('backend=wasm&latent=2');
    await steps(page, 700);
    await page
      .getByLabel('PCA baseline')
      .locator('[data-vs-pca]')
      .waitFor({ timeout: 120_000 })
      .catch(() => {});
    await shot(page, 'screenshot.png');
    await drawSeven(page);
    await shot(page, 'drawing.png', 'Draw a digit');
    await shot(page, 'latent.png', 'Latent space panel');
    await shot(page, 'network.png', 'Network');
    await shot(page, 'features.png', 'Learned features');
    await page.close();
  },
  // The traversal of a variational model: the sliders and a row per unit from −3σ to +3σ.
  async traversal() {
    const page = await open('backend=wasm&model=vae&latent=6');
    await steps(page, 800);
    await shot(page, 'traversal.png', 'Latent traversal');
    await page.close();
  },
  // A lesson as a teacher's link opens it: the identity trap, its note and its explanation.
  async lesson() {
    const page = await open('backend=wasm&lesson=identity');
    await steps(page, 300);
    await shot(page, 'lesson.png');
    await page.close();
  },
  // One training step explained, at its stage of the update's size per layer.
  async explain() {
    const page = await open('backend=wasm');
    await steps(page, 300);
    await page.getByRole('button', { name: 'Explain a step' }).click();
    const panel = page.getByRole('region', { name: 'One training step' });
    await panel
      .locator('[data-step]')
      .first()
      .waitFor()
      .catch(() => {});
    await panel.getByRole('button', { name: 'Next' }).click();
    await panel.getByRole('button', { name: 'Next' }).click();
    await shot(page, 'explain.png', 'One training step');
    await page.close();
  },
  // A phone held upright, a digit drawn with a finger: the first screen.
  async phone() {
    const page = await open('backend=wasm', {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    } as typeof desktop);
    await steps(page, 400);
    await drawSeven(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'phone.png');
    await page.close();
  },
  // A person's own pictures, one folder per class, as the model will see them before training.
  async images() {
    const page = await open('backend=wasm');
    const folder = shapesFolder('shapes', ['disc', 'bar', 'ring', 'cross'], 40);
    await page.getByLabel('Use an image folder', { exact: true }).setInputFiles(folder);
    await page.getByLabel('Image set').waitFor({ timeout: 60_000 });
    await shot(page, 'images.png', 'Your images');
    await page.close();
  },
  // Fashion-MNIST: the reconstructions and the latent space with its class names.
  async fashion() {
    const page = await open('backend=wasm&dataset=fashion');
    await steps(page, 700);
    await shot(page, 'fashion.png', 'Reconstructions');
    await shot(page, 'fashion-latent.png', 'Latent space panel');
    await page.close();
  },
};

const chosen = args.length ? args : Object.keys(SHOTS);
for (const name of chosen) {
  const take = SHOTS[name];
  if (!take) throw new Error(`No shot "${name}": the shots are ${Object.keys(SHOTS).join(', ')}`);
  await take();
}
await browser.close();
console.log(`Wrote ${written.map((w) => `docs/${w}`).join(', ')}`);
