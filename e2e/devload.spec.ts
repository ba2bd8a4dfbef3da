import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as netServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, createServer, type Logger } from 'vite';
import { expect, test } from './fixtures';
import { waitForStatus } from './helpers';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = netServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => res(port));
    });
  });
}

// A newcomer's first `npm run dev`: no optimized dependencies yet. When Vite discovers the
// workers' dependencies only as the workers load, it bundles them then and reloads the page a
// few seconds in. The dev server here starts with an empty dependency cache, as on a fresh clone.
test('a first visit to the dev server loads once, with no reload when the workers start', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const cacheDir = mkdtempSync(join(tmpdir(), 'ae-vite-deps-'));
  const said: string[] = [];
  const quiet = createLogger('info');
  const logger: Logger = {
    ...quiet,
    info: (msg) => void said.push(msg),
    warn: (msg) => void said.push(msg),
    warnOnce: (msg) => void said.push(msg),
  };
  const server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    cacheDir,
    customLogger: logger,
    clearScreen: false,
    server: { host: '127.0.0.1', port: await freePort(), strictPort: true, open: false },
  });
  try {
    await server.listen();
    const url = server.resolvedUrls?.local[0];
    expect(url, 'the dev server’s address').toBeTruthy();
    const loads: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) loads.push(frame.url());
    });
    await page.goto(url!);
    // Data loaded, the model built in the worker, and training under way.
    await waitForStatus(page, 'step', (s) => s >= 3, 120_000);
    // A reload comes once the workers' dependencies are bundled: give it time to show.
    await page.waitForTimeout(3000);
    const reloads = said.filter((m) => /reload/i.test(m));
    expect({ loads, reloads }).toEqual({ loads: [loads[0]], reloads: [] });
  } finally {
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
});
