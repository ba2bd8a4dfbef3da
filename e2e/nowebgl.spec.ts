import { expect, test } from './fixtures';
import { expectStatus, status, statusData, waitForStatus } from './helpers';

// Automatic choice takes hardware WebGL only. Where WebGL is missing or software-rendered (as in
// headless CI, SwiftShader), it must fall back to wasm with a notice, and train.
test('automatic backend choice falls back from software WebGL with a notice', async ({ page }) => {
  await page.goto('/?hidden=64&batch=32&valsize=200');
  await expectStatus(page, 'backend', /^(webgl|wasm|cpu)$/);
  const { backend } = await statusData(page);
  if (backend === 'webgl') {
    await expect(status(page)).toContainText('GPU:');
    await expect(status(page)).not.toContainText(/SwiftShader|llvmpipe/i);
  } else {
    // In words a person without the jargon reads: what trains, and why not the graphics chip.
    const notices = page.getByRole('list', { name: 'Notices' });
    await expect(notices).toContainText(
      backend === 'wasm' ? 'The model trains on the processor (WebAssembly)' : 'plain JavaScript',
    );
    await expect(notices).toContainText(
      /software imitation of a graphics chip|graphics chip \(WebGL\)/,
    );
  }
  await waitForStatus(page, 'step', (s) => s >= 5);
});
