// Teaching: the lessons a teacher links to (each loads, trains and opens its explanation), the
// Lessons menu, hide= for a focused embed, the Embed snippet, and every "Why?" opened from the
// keyboard.
import type { Locator, Page } from '@playwright/test';
import { defaultConfig } from '../src/state/config';
import {
  LESSONS,
  lessonConfig,
  lessonOffered,
  offeredLessons,
  pageSearch,
} from '../src/state/lessons';
import { expect, test } from './fixtures';
import { expectStatus, num, waitForStatus } from './helpers';

// Keys no lesson sets, so they leave its own settings alone: a smaller validation set and batch
// keep training on the CPU quick.
const QUICK = 'valsize=200&batch=32';

const why = (page: Page, topic: string) => page.locator(`details.why[data-topic="${topic}"]`);

/** Waits until a disclosure is open and its text shows. */
async function expectOpen(details: Locator): Promise<void> {
  await expect(details).toHaveAttribute('open', '');
  await expect(details.locator('.why-text')).toBeVisible();
}

for (const lesson of offeredLessons()) {
  test(`the lesson "${lesson.title}" loads, trains and opens its explanation`, async ({ page }) => {
    const config = lessonConfig(lesson, defaultConfig());
    await page.goto(`/${pageSearch(config, lesson.id)}&${QUICK}`);
    await expectStatus(page, 'model', config.model);
    await expectStatus(page, 'latentSize', String(config.latent));
    const first = await waitForStatus(page, 'step', (s) => s >= 1);
    await waitForStatus(page, 'step', (s) => s > first);
    await expectStatus(page, 'running', 'true');
    const details = why(page, lesson.topic);
    await expectOpen(details);
    await expect(details).toBeInViewport();
    await expect(page.getByRole('status', { name: 'Lesson' })).toContainText(lesson.title);
    await expect(page.getByRole('status', { name: 'Lesson' })).toContainText(lesson.note);
    // The one explanation open is the lesson's.
    await expect(page.locator('details.why[open]')).toHaveCount(1);
    expect(new URL(page.url()).searchParams.get('lesson')).toBe(lesson.id);
  });
}

test('the Lessons menu offers the lessons this build reads and opens one in the page', async ({
  page,
}) => {
  await page.goto(`/?autostart=0&${QUICK}`);
  await expectStatus(page, 'step', '0');
  const menu = page.locator('details.lessons');
  const summary = menu.locator('summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  const nav = page.getByRole('navigation', { name: 'Lessons' });
  const links = nav.getByRole('link');
  await expect(links).toHaveText(offeredLessons().map((l) => l.title));
  for (const hidden of LESSONS.filter((l) => !lessonOffered(l)))
    await expect(nav.getByRole('link', { name: hidden.title })).toHaveCount(0);
  // Escape closes the menu; Enter opens it again.
  await links.first().focus();
  await page.keyboard.press('Escape');
  await expect(menu).not.toHaveAttribute('open', '');
  await expect(summary).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(links.first()).toBeVisible();
  // Each is a real link (to copy or share) of the lesson's URL.
  const denoising = nav.getByRole('link', { name: 'Denoising', exact: true });
  await expect(denoising).toHaveAttribute(
    'href',
    `?model=denoising&autostart=0&valsize=200&lesson=denoising`,
  );
  // From the keyboard: the menu closes, the focus stays on it, the lesson opens in the page.
  await denoising.focus();
  await page.keyboard.press('Enter');
  await expect(menu).not.toHaveAttribute('open', '');
  await expect(summary).toBeFocused();
  await expectStatus(page, 'model', 'denoising');
  await waitForStatus(page, 'step', (s) => s >= 2);
  await expectOpen(why(page, 'denoising'));
  await expect(why(page, 'denoising')).toBeInViewport();
  const url = new URL(page.url());
  expect(url.search).toBe('?model=denoising&autostart=0&valsize=200&lesson=denoising');
  // Closed by hand, the lesson's explanation comes back with the note's button.
  await why(page, 'denoising').locator('summary').click();
  await expect(why(page, 'denoising').locator('.why-text')).toBeHidden();
  await page.getByRole('button', { name: 'Show the explanation' }).click();
  await expectOpen(why(page, 'denoising'));
  // Closing the lesson takes it out of the URL; the run goes on.
  const step = await num(page, 'step');
  await page.getByRole('button', { name: 'Close lesson' }).click();
  await expect(page.getByRole('status', { name: 'Lesson' })).toBeEmpty();
  await expect
    .poll(() => new URL(page.url()).search)
    .toBe('?model=denoising&autostart=0&valsize=200');
  await waitForStatus(page, 'step', (s) => s > step);
});

test('hide= leaves out exactly the controls, panels and buttons it names', async ({ page }) => {
  await page.goto(`/?autostart=0&${QUICK}&hide=lr,batch,model,runs,draw,step,explain,embed`);
  await expectStatus(page, 'step', '0');
  const controls = page.getByRole('region', { name: 'Controls' });
  for (const name of ['Learning rate', 'Batch size'])
    await expect(controls.getByRole('slider', { name })).toHaveCount(0);
  await expect(controls.getByRole('combobox', { name: 'Model' })).toHaveCount(0);
  await expect(controls.getByRole('button', { name: 'Step', exact: true })).toHaveCount(0);
  await expect(controls.getByRole('button', { name: 'Explain a step' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Draw a digit' })).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Runs' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Embed' })).toHaveCount(0);
  // Everything else is still there.
  for (const name of ['Latent size', 'Hidden units', 'Depth'])
    await expect(controls.getByRole('slider', { name })).toBeVisible();
  await expect(controls.getByRole('combobox', { name: 'Loss' })).toBeVisible();
  for (const name of ['Train', 'Reset'])
    await expect(controls.getByRole('button', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Reconstructions', exact: true })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Loss chart' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Latent space panel' })).toBeVisible();
  await expect(page.locator('details.lessons summary')).toBeVisible();
  await expect(page.getByText(/part to hide/)).toHaveCount(0);

  // Without hide=, the same page has them all; an unknown name says so and hides nothing else.
  await page.goto(`/?autostart=0&${QUICK}&hide=lr,sidebar`);
  await expectStatus(page, 'step', '0');
  await expect(page.getByRole('list', { name: 'Notices' })).toContainText(
    'Unknown part to hide "sidebar"',
  );
  await expect(controls.getByRole('slider', { name: 'Learning rate' })).toHaveCount(0);
  await expect(controls.getByRole('slider', { name: 'Batch size' })).toBeVisible();
  await expect(controls.getByRole('combobox', { name: 'Model' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Runs' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Draw a digit' })).toBeVisible();
});

test('Embed gives an iframe of the page as it is set, to copy', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/?autostart=0&latent=8&lr=0.003&${QUICK}&hide=runs`);
  await expectStatus(page, 'latentSize', '8');
  await page.getByRole('button', { name: 'Embed' }).click();
  const code = page.getByRole('textbox', { name: 'HTML to embed this page as it is set now' });
  const origin = new URL(baseURL!).origin;
  await expect(code).toHaveValue(
    `<iframe src="${origin}/?latent=8&amp;lr=0.003&amp;batch=32&amp;autostart=0&amp;valsize=200&amp;hide=runs" ` +
      'title="Autoencoder playground" width="100%" height="900" style="border: 0" loading="lazy"></iframe>',
  );
  await expect(code).toHaveJSProperty('readOnly', true);
  // It follows the settings.
  const latent = page.getByRole('slider', { name: 'Latent size' });
  await latent.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(code).toHaveValue(/src="[^"]*\/\?latent=7&amp;lr=0\.003&amp;/);
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.locator('.embed-box [role="status"]')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await code.inputValue());
  // The snippet's page is this page with this config.
  const src = /src="([^"]+)"/.exec(await code.inputValue())![1]!.replaceAll('&amp;', '&');
  expect(src).toBe(page.url());
});

test('every "Why?" opens from the keyboard, each with its own name', async ({ page }) => {
  test.setTimeout(180_000);
  // A variational model at latent size 2 shows every panel: the manifold, Generate, the insides.
  await page.goto(`/?model=vae&latent=2&hidden=64&${QUICK}`);
  await waitForStatus(page, 'step', (s) => s >= 20);
  for (const name of ['Manifold']) await expect(page.getByRole('figure', { name })).toBeVisible();
  for (const name of [
    'Generated digits',
    'Copy or understand?',
    'Network',
    'Learned features',
    'Latent traversal',
    'Worst reconstructions',
  ])
    await expect(page.getByRole('region', { name })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expectStatus(page, 'running', 'false');

  const all = page.locator('details.why');
  const topics = await all.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.topic));
  expect(topics).toEqual(
    expect.arrayContaining([
      'autoencoder',
      'training',
      'vae',
      'loss',
      'pca',
      'reconstructions',
      'drawing',
      'scatter',
      'manifold',
      'generate',
      'interpolation',
      'network',
      'features',
      'traversal',
      'identity',
      'classes',
      'worst',
      'runs',
    ]),
  );
  expect(new Set(topics).size).toBe(topics.length);
  // Each is a group named for its topic, none open yet.
  await expect(page.getByRole('group', { name: /^Why\? \S/ })).toHaveCount(topics.length);
  await expect(page.locator('details.why[open]')).toHaveCount(0);
  for (const [i, topic] of topics.entries()) {
    const details = why(page, topic!);
    const summary = details.locator('summary');
    await expect(summary).toHaveText('Why?');
    await summary.focus();
    await expect(summary).toBeFocused();
    await expect(details.locator('.why-text')).toBeHidden();
    await page.keyboard.press(i % 2 === 0 ? 'Enter' : 'Space');
    await expectOpen(details);
  }
  // Formulas are MathML, laid out by the browser.
  const math = why(page, 'autoencoder').locator('math').first();
  expect(await math.evaluate((e) => e.namespaceURI)).toBe('http://www.w3.org/1998/Math/MathML');
  expect((await math.boundingBox())?.height ?? 0).toBeGreaterThan(10);

  // The other model kinds' explanations, one kind at a time.
  const model = page.getByRole('combobox', { name: 'Model' });
  const kinds = await model
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  for (const kind of kinds.filter((k) => k !== 'vae')) {
    await model.selectOption(kind);
    await expectStatus(page, 'model', kind);
    const details = why(page, kind);
    // A new kind's explanation starts closed.
    await expect(details.locator('.why-text')).toBeHidden();
    await details.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expectOpen(details);
  }
});
