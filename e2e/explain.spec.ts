import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { canvasDigit, expectStatus, num, spread, waitForStatus } from './helpers';

// Small models and batches keep software WebGL quick; the behaviour is the same at any size.
const SMALL = 'hidden=64&batch=32&valsize=200';
/** The dense model at depth 1: encoder_1, code, decoder_1, reconstruction. */
const LAYERS = ['encoder_1', 'code', 'decoder_1', 'reconstruction'];

const panelOf = (page: Page) => page.getByRole('region', { name: 'One training step' });

async function explainedStep(page: Page): Promise<number> {
  const panel = panelOf(page);
  await expect(panel).toHaveAttribute('data-step', /^\d+$/);
  return Number(await panel.getAttribute('data-step'));
}

async function expectStage(panel: Locator, n: number, title: string): Promise<void> {
  await expect(panel).toContainText(`Stage ${n} of 6`);
  await expect(panel.getByRole('heading', { level: 3 })).toHaveText(`${n}. ${title}`);
}

const numbers = (items: Locator, attribute: string) =>
  items.evaluateAll((els, name) => els.map((el) => Number(el.getAttribute(name))), attribute);

test('Explain a step pauses training, walks one batch through six stages, and Train resumes', async ({
  page,
}) => {
  await page.goto(`/?backend=webgl&${SMALL}`);
  await waitForStatus(page, 'step', (s) => s >= 20);
  await page.getByRole('button', { name: 'Explain a step' }).click();
  const panel = panelOf(page);
  await expect(panel).toBeVisible();
  await expectStatus(page, 'running', 'false');
  const step = await explainedStep(page);
  // The explained step is the run's latest: counted, and nothing trains after it.
  await expectStatus(page, 'step', String(step));
  await expect(panel.getByRole('heading', { level: 2 })).toBeFocused();
  await page.waitForTimeout(1000);
  expect(await num(page, 'step')).toBe(step);

  const back = panel.getByRole('button', { name: 'Back' });
  const next = panel.getByRole('button', { name: 'Next' });
  const checks: [string, () => Promise<void>][] = [
    [
      'The batch',
      async () => {
        await expect(back).toBeDisabled();
        await expect(panel).toContainText('next 32 digits');
        await expect(panel.getByRole('img', { name: /^Input \d+$/ })).toHaveCount(8);
        const input = await canvasDigit(panel.getByRole('img', { name: 'Input 1', exact: true }));
        expect(Math.max(...input)).toBeGreaterThan(0.9);
      },
    ],
    [
      'The codes',
      async () => {
        await expect(panel.getByRole('img', { name: /^Code \d+$/ })).toHaveCount(8);
        const code = panel.getByRole('img', { name: 'Code 1', exact: true });
        await expect(code).toHaveAttribute('data-size', '16');
        const values = (await code.getAttribute('data-values'))!.split(',').map(Number);
        expect(values).toHaveLength(16);
        expect(values.every(Number.isFinite)).toBe(true);
        expect(spread(values)).toBeGreaterThan(0);
      },
    ],
    [
      'The reconstructions',
      async () => {
        await expect(panel.getByRole('img', { name: /^Reconstruction \d+$/ })).toHaveCount(8);
        await expect(panel.getByRole('img', { name: /^Target \d+$/ })).toHaveCount(8);
        const recon = panel.getByRole('img', { name: 'Reconstruction 1', exact: true });
        await expect.poll(async () => spread(await canvasDigit(recon))).toBeGreaterThan(0.05);
      },
    ],
    [
      'The loss',
      async () => {
        const loss = Number(await panel.locator('[data-loss]').getAttribute('data-loss'));
        expect(loss).toBeGreaterThan(0);
        expect(loss).toBeLessThan(1);
        await expect(panel.locator('[data-loss]')).toContainText('MSE');
        // The status line reports this same step's loss.
        expect(await num(page, 'loss')).toBeCloseTo(loss, 6);
      },
    ],
    [
      'The gradient',
      async () => {
        const rows = panel
          .getByRole('list', { name: 'Gradient size per layer' })
          .getByRole('listitem');
        await expect(rows).toHaveCount(LAYERS.length);
        const names = await rows.evaluateAll((els) => els.map((el) => el.dataset.layer));
        expect(names).toEqual(LAYERS);
        const grads = await numbers(rows, 'data-grad');
        expect(grads.every((g) => g > 0 && Number.isFinite(g))).toBe(true);
      },
    ],
    [
      'The update',
      async () => {
        const rows = panel
          .getByRole('list', { name: 'Update size per layer' })
          .getByRole('listitem');
        await expect(rows).toHaveCount(LAYERS.length);
        const ratios = await numbers(rows, 'data-ratio');
        expect(ratios.every((r) => r > 0 && r < 1)).toBe(true);
        await expect(next).toHaveCount(0);
        await expect(panel.getByRole('button', { name: 'Train' })).toBeVisible();
      },
    ],
  ];

  // Forward with Next, back with Back, forward again from the keyboard.
  for (const [i, [title, check]] of checks.entries()) {
    await expectStage(panel, i + 1, title);
    await check();
    if (i < checks.length - 1) await next.click();
  }
  for (let i = checks.length - 1; i > 0; i--) {
    await back.click();
    const [title, check] = checks[i - 1]!;
    await expectStage(panel, i, title);
    await check();
  }
  await next.focus();
  for (let i = 1; i < checks.length; i++) {
    await page.keyboard.press('Enter');
    await expectStage(panel, i + 1, checks[i]![0]);
  }
  // The focus stays on the button that moved on, Train on the last stage.
  const train = panel.getByRole('button', { name: 'Train' });
  await expect(train).toBeFocused();
  expect(await num(page, 'step')).toBe(step);

  await page.keyboard.press('Enter');
  await expect(panel).toHaveCount(0);
  await expectStatus(page, 'running', 'true');
  await waitForStatus(page, 'step', (s) => s >= step + 10);
});

test('the denoiser shows its corrupted inputs; from a pause one step is taken, and Escape leaves it paused', async ({
  page,
}) => {
  await page.goto(`/?backend=cpu&autostart=0&model=denoising&${SMALL}`);
  await expectStatus(page, 'model', 'denoising');
  await expectStatus(page, 'step', '0');
  const explain = page.getByRole('button', { name: 'Explain a step' });
  await expect(explain).toBeEnabled();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expectStatus(page, 'step', '1');

  await explain.click();
  const panel = panelOf(page);
  expect(await explainedStep(page)).toBe(2);
  await expectStatus(page, 'step', '2');
  await expectStatus(page, 'running', 'false');
  await expect(panel).toContainText('corrupted copies');
  await expect(panel.getByRole('img', { name: /^Input \d+$/ })).toHaveCount(8);
  await expect(panel.getByRole('img', { name: /^Clean \d+$/ })).toHaveCount(8);
  for (let i = 1; i <= 8; i++) {
    const input = await canvasDigit(panel.getByRole('img', { name: `Input ${i}`, exact: true }));
    const clean = await canvasDigit(panel.getByRole('img', { name: `Clean ${i}`, exact: true }));
    const changed = input.filter((v, j) => Math.abs(v - clean[j]!) > 0.05).length;
    expect(changed, `pixels of input ${i} that differ from its clean digit`).toBeGreaterThan(100);
  }

  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(explain).toBeFocused();
  await expectStatus(page, 'running', 'false');
  await page.waitForTimeout(1000);
  await expectStatus(page, 'step', '2');
});

test('the contractive model’s step names its contraction term, and the parts sum to the loss', async ({
  page,
}) => {
  await page.goto(`/?backend=cpu&autostart=0&model=contractive&${SMALL}`);
  await expectStatus(page, 'model', 'contractive');
  await expectStatus(page, 'step', '0');
  const explain = page.getByRole('button', { name: 'Explain a step' });
  await expect(explain).toBeEnabled();
  await explain.click();
  const panel = panelOf(page);
  await explainedStep(page);
  for (let i = 0; i < 3; i++) await panel.getByRole('button', { name: 'Next' }).click();
  await expectStage(panel, 4, 'The loss');
  await expect(panel).toContainText('how strongly the code changes');
  const parts = panel.getByRole('list', { name: 'Parts of the loss' }).getByRole('listitem');
  const names = await parts.evaluateAll((els) => els.map((el) => el.dataset.part));
  expect(names).toEqual(['reconstruction', 'contraction']);
  await expect(parts.nth(1)).toContainText('λ = 1.0e-3');
  const values = await numbers(parts, 'data-value');
  expect(values[1]).toBeGreaterThan(0);
  const loss = Number(await panel.locator('[data-loss]').getAttribute('data-loss'));
  expect(values[0]! + values[1]!).toBeCloseTo(loss, 6);
});
