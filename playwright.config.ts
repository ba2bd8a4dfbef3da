import { defineConfig } from '@playwright/test';
import { launchOptions } from './e2e/browser';
import { APP_PORT, APP_URL, PAGES_PORT, PAGES_URL } from './e2e/servers';

const preview = (port: number, config = '') =>
  `npx vite preview ${config}--port ${port} --strictPort --host 127.0.0.1`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // Two cores: one browser at a time keeps WebGL-on-CPU timings sane.
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: APP_URL,
    launchOptions: launchOptions(),
    viewport: { width: 1280, height: 900 },
  },
  // Started one after the other, so the two builds do not compete for the cores.
  webServer: [
    {
      // The production build: what people get, and no dev-server dependency re-bundling mid-test.
      command: `npm run build && ${preview(APP_PORT)}`,
      url: `${APP_URL}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
    {
      // The pages that check the app but are not part of it (vite.pages.config.ts).
      command: `npm run build:pages && ${preview(PAGES_PORT, '--config vite.pages.config.ts ')}`,
      url: `${PAGES_URL}/e2e/pages/adam.html`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
  ],
});
