import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
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
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // bench/peer.html is the benchmark's stock-tfjs peer page (see bench/run.mjs);
    // e2e/fixtures/adam.html checks our WebGL Adam in the browser (e2e/adam.spec.ts).
    rolldownOptions: {
      input: { main: 'index.html', peer: 'bench/peer.html', adamCheck: 'e2e/fixtures/adam.html' },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
