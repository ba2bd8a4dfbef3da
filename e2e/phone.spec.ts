// The page on a phone held upright: Chromium's mobile emulation (a 390 × 844 screen, touch, a
// layout viewport that widens to fit content the way a phone's does) and the narrowest phone
// width in use, 320 px.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { canvasDigit, expectStatus, status } from './helpers';

const SMALL = 'hidden=64&batch=32&valsize=200';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const pad = (page: Page) => page.getByRole('img', { name: 'Drawing pad' });
const modelInput = (page: Page) => page.getByRole('img', { name: 'Model input' });

/** Opens the page with its data loaded, untrained. */
async function open(page: Page): Promise<void> {
  await page.goto(`/?backend=cpu&autostart=0&${SMALL}`);
  await expectStatus(page, 'step', '0');
  await expect(pad(page)).toBeVisible();
}

/** One training step, which also fills the latent-space and diagnostics panels. */
async function stepAndAnalyse(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expectStatus(page, 'step', '1');
  await expect(page.getByRole('img', { name: 'Latent space' })).not.toHaveAttribute(
    'data-points',
    '0',
  );
}

/**
 * What sticks out past the right edge of the screen: the page's own scroll width, and every
 * element whose box ends past the edge without a sideways-scrolling box around it (a panel clips
 * its content, so a clipped digit would not show in the scroll width).
 */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const scrolls = (el: Element | null): boolean => {
      for (let p = el; p; p = p.parentElement)
        if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    const outside: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > innerWidth + 0.5 && !scrolls(el.parentElement))
        outside.push(`${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? ''}`.trim());
    }
    return {
      innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      outside: [...new Set(outside)],
    };
  });
}

/** A finger draws a "1" down the middle of the pad's box (CDP touch events, as a phone sends). */
async function fingerOne(
  page: Page,
  box: { x: number; y: number; width: number; height: number },
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const at = (fy: number) => ({ x: box.x + box.width * 0.5, y: box.y + box.height * fy });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(0.15)] });
  for (let i = 1; i <= 14; i++)
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: [at(0.15 + i * 0.05)],
    });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** The model input after one finger "1" on a fresh page of this screen density. */
async function oneAtDensity(browser: Browser, deviceScaleFactor: number): Promise<number[]> {
  const context = await browser.newContext({ ...PHONE, deviceScaleFactor });
  try {
    const page = await context.newPage();
    await open(page);
    expect(await page.evaluate(() => devicePixelRatio)).toBe(deviceScaleFactor);
    const box = await pad(page).boundingBox();
    if (!box) throw new Error('no pad');
    await fingerOne(page, box);
    await expect
      .poll(async () => (await canvasDigit(modelInput(page))).reduce((a, b) => a + b, 0))
      .toBeGreaterThan(20);
    // Past the stroke's last frame.
    await page.waitForTimeout(300);
    return await canvasDigit(modelInput(page));
  } finally {
    await context.close();
  }
}

/** Opens every "Why?" explanation, so that the audit reads them too. */
async function openExplanations(page: Page): Promise<void> {
  const whys = page.locator('summary', { hasText: 'Why?' });
  const n = await whys.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const why = whys.nth(i);
    if (await why.isVisible()) await why.click();
  }
}

async function audit(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}

for (const width of [320, 390]) {
  test.describe(`a phone ${width} px wide`, () => {
    test.use({ ...PHONE, viewport: { width, height: 844 } });

    test('nothing scrolls sideways, before and after a training step', async ({ page }) => {
      await open(page);
      expect(await overflow(page)).toEqual({ innerWidth: width, scrollWidth: width, outside: [] });
      await stepAndAnalyse(page);
      await openExplanations(page);
      expect(await overflow(page)).toEqual({ innerWidth: width, scrollWidth: width, outside: [] });
    });
  });
}

test.describe('a phone in the hand', () => {
  test.use(PHONE);

  test('the pad comes first, within a screen and a half, then the chart, grid and controls', async ({
    page,
  }) => {
    await open(page);
    const top = (name: string) =>
      page
        .getByLabel(name, { exact: true })
        .first()
        .evaluate((el) => el.getBoundingClientRect().top + scrollY);
    const padTop = await top('Drawing pad');
    const screen = await page.evaluate(() => innerHeight);
    expect(screen).toBe(844);
    expect(padTop).toBeLessThan(1.5 * screen);
    const statusBottom = await status(page).evaluate(
      (el) => el.getBoundingClientRect().bottom + scrollY,
    );
    expect(statusBottom).toBeLessThan(padTop);
    const order = [
      padTop,
      await top('Loss chart'),
      await top('Reconstructions'),
      await top('Controls'),
      await top('Latent space panel'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The document has that order too, so a screen reader and the Tab key meet the panels as
    // they show.
    const inDocument = await page
      .locator('.layout > *')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(inDocument.slice(0, 4)).toEqual([
      'Draw a digit',
      'Loss chart',
      'Reconstructions',
      'Controls',
    ]);
    // One digit of each class, in two rows of five.
    const grid = page.getByRole('region', { name: 'Reconstructions' });
    await expect(
      grid.getByRole('img', { name: /^Original \d+$/ }).filter({ visible: true }),
    ).toHaveCount(10);
  });

  test('buttons, selects and sliders are at least 44 px tall', async ({ page }) => {
    await open(page);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, select, input[type="range"], summary, .file-button')]
        .map((el) => ({
          name: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName,
          box: el.getBoundingClientRect(),
        }))
        .filter(({ box }) => box.width > 0 && box.height < 44)
        .map(({ name, box }) => `${name}: ${Math.round(box.height)} px`),
    );
    expect(small).toEqual([]);
    // The settings are folded under their summary; opened, their controls are as tall.
    await page.locator('summary', { hasText: 'Settings' }).click();
    await expect(page.getByRole('slider', { name: 'Latent size' })).toBeVisible();
    expect(
      await page
        .locator('.settings select, .settings input[type="range"], .settings button')
        .evaluateAll(
          (els) =>
            els.map((el) => el.getBoundingClientRect()).filter((b) => b.width > 0 && b.height < 44)
              .length,
        ),
    ).toBe(0);
    // A thumb moves a slider, and so do the arrow keys still.
    const slider = page.getByRole('slider', { name: 'Latent size' });
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expectStatus(page, 'latentSize', '15');
  });

  test('a finger stroke on the pad reaches the model and does not scroll the page', async ({
    page,
  }) => {
    await open(page);
    expect(Math.max(...(await canvasDigit(modelInput(page))))).toBe(0);
    // Scrolled a little, so the page could move either way under a swipe.
    const box = await pad(page).evaluate((el) => {
      window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 120);
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    });
    const before = await page.evaluate(() => ({ x: scrollX, y: scrollY }));
    expect(before.y).toBeGreaterThan(0);
    expect(box.width).toBeGreaterThan(200);

    // A "1", drawn top to bottom: the gesture that scrolls a page where touch is not taken.
    await fingerOne(page, box);

    await expect
      .poll(async () => (await canvasDigit(modelInput(page))).reduce((a, b) => a + b, 0))
      .toBeGreaterThan(20);
    // The stroke is upright in the model's input: tall and thin, as a 1 is.
    const input = await canvasDigit(modelInput(page));
    const inked = input.flatMap((v, i) => (v > 0.1 ? [i] : []));
    const xs = inked.map((i) => i % 28);
    const ys = inked.map((i) => Math.floor(i / 28));
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(
      2 * (Math.max(...xs) - Math.min(...xs)),
    );
    expect(await page.evaluate(() => ({ x: scrollX, y: scrollY }))).toEqual(before);
  });
  test('a 2× screen gives the model the same input as a 1× one for the same stroke', async ({
    browser,
  }) => {
    const [one, two] = [await oneAtDensity(browser, 1), await oneAtDensity(browser, 2)];
    expect(one.length).toBe(784);
    expect(two).toEqual(one);
  });
});

test.describe('the controls on a phone', () => {
  test.use(PHONE);

  test('the settings fold under a summary of them, and open from the keyboard', async ({
    page,
  }) => {
    await open(page);
    const controls = page.getByRole('region', { name: 'Controls' });
    // Folded: the buttons that train stay, the sliders wait.
    await expect(controls.getByRole('button', { name: 'Train' })).toBeVisible();
    await expect(controls.getByRole('slider', { name: 'Latent size' })).toBeHidden();
    const summary = controls.locator('summary', { hasText: 'Settings' });
    await expect(summary).toContainText('Dense, latent 16, MNIST');
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(controls.getByRole('slider', { name: 'Latent size' })).toBeVisible();
    await expect(controls.getByRole('combobox', { name: 'Model' })).toBeVisible();
    // The summary follows the settings.
    await controls.getByRole('slider', { name: 'Latent size' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(summary).toContainText('latent 17');
  });
});

test('a desktop screen shows every setting, with nothing to unfold', async ({ page }) => {
  await open(page);
  const controls = page.getByRole('region', { name: 'Controls' });
  await expect(controls.getByRole('slider', { name: 'Latent size' })).toBeVisible();
  await expect(controls.locator('summary', { hasText: 'Settings' })).toHaveCount(0);
});

test.describe('the accessibility audit', () => {
  test('the desktop layout has no violation', async ({ page }) => {
    await open(page);
    expect(await audit(page)).toEqual([]);
    await stepAndAnalyse(page);
    await openExplanations(page);
    expect(await audit(page)).toEqual([]);
  });

  test.describe('on a phone', () => {
    test.use(PHONE);

    test('the phone layout has no violation', async ({ page }) => {
      await open(page);
      expect(await audit(page)).toEqual([]);
      await stepAndAnalyse(page);
      await openExplanations(page);
      expect(await audit(page)).toEqual([]);
    });
  });
});
