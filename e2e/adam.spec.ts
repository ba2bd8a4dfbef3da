import { expect, test } from './fixtures';
import { PAGES_URL } from './servers';

// Our WebGL Adam (three fragment programs per variable) is checked here, in a real browser,
// against tf.train.adam: Node has no WebGL, so the unit tests cover only cpu and wasm. The check
// page is not part of the app: it is served from the test pages' build (vite.pages.config.ts).
test('on WebGL, our Adam updates the weights as tf.train.adam does, and leaks no tensor', async ({
  page,
}) => {
  await page.goto(`${PAGES_URL}/e2e/pages/adam.html`);
  const status = page.getByRole('status', { name: 'Adam check' });
  await expect(status).not.toBeEmpty({ timeout: 60_000 });
  const result = JSON.parse((await status.textContent()) ?? '{}') as Record<string, unknown>;
  expect(result.error).toBeUndefined();
  expect(result.backend).toBe('webgl');
  expect(result.kind).toBe('webgl-programs');
  // The weights moved (12 steps at 0.05, then 0.01), and ours follow tfjs's to float precision.
  expect(result.moved).toBeGreaterThan(0.1);
  expect(result.maxDiff).toBeLessThan(1e-4);
  expect(result.tensorsAtEnd).toBe(result.tensorsAfterFirst);
});
