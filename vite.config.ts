import type { UserConfig } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { CSP, CSP_META } from './csp.ts';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The built index.html carries the policy; the dev server, whose HMR needs inline code, not. */
const strictPage: Plugin = {
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: (html) => html.replace('<head>', `<head>\n    ${CSP_META}`),
};

/** What the app's build and the test pages' build (vite.pages.config.ts) share. */
export const common: UserConfig = {
  plugins: [react()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: {
    format: 'es',
    // tfjs-backend-wasm starts its threads from the *source text* of a factory function
    // (Function.prototype.toString). Minifying rewrites that text into code that no longer
    // runs on its own, so the worker bundle is left unminified (it is gzipped in transit).
    plugins: () => [
      {
        name: 'keep-worker-identifiers',
        outputOptions(options) {
          return { ...options, minify: false };
        },
      },
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
};

export default defineConfig({
  ...common,
  plugins: [react(), strictPage],
  preview: { headers: { ...isolation, 'Content-Security-Policy': CSP } },
  optimizeDeps: {
    // The page's own modules import no tfjs: only the workers do, and the dependency scan does
    // not follow `new Worker(new URL(…))`. Scanning the workers too bundles tfjs before the first
    // visit, instead of discovering it a few seconds in and reloading the page
    // (e2e/devload.spec.ts checks that a first visit loads once).
    entries: ['index.html', 'src/train/*orker.ts'],
  },
  // index.html alone: the benchmark's peer page and the e2e check pages are not part of the app
  // and build into dist-pages/ (vite.pages.config.ts); e2e/build.spec.ts keeps them out of dist/.
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
