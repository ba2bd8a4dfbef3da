import { expect, test } from '@playwright/test';
import { status, waitForStatus, watchErrors } from './helpers';

// Automatic choice takes hardware WebGL only. Where WebGL is missing or software-rendered (as in
// headless CI, SwiftShader), it must fall back to wasm with a notice, and train.
test('automatic backend choice falls back from software WebGL with a notice', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?hidden=64&batch=32&valsize=200');
  await expect(status(page)).toHaveAttribute('data-backend', /^(webgl|wasm|cpu)$/);
  const backend = await status(page).getAttribute('data-backend');
  if (backend === 'webgl') {
    await expect(status(page)).toContainText('GPU:');
    await expect(status(page)).not.toContainText(/SwiftShader|llvmpipe/i);
  } else {
    await expect(page.getByRole('list', { name: 'Notices' })).toContainText(
      `Training on ${backend} instead of webgl`,
    );
  }
  await waitForStatus(page, 'step', (s) => s >= 5);
  expect(errors).toEqual([]);
});
