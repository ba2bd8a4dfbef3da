// The pages that test and measure the app but are not part of it: the benchmark's stock-tfjs
// peer (bench/peer.html), the WebGL Adam check (e2e/pages/adam.html, e2e/adam.spec.ts) and a
// plain tfjs page that loads a downloaded model (e2e/pages/layers.html, e2e/keep.spec.ts).
// `npm run build:pages` builds them into dist-pages/ (git-ignored), served by its own
// `vite preview --config vite.pages.config.ts`, so dist/ holds only the app.
import { defineConfig } from 'vite';
import { common } from './vite.config.ts';

export const PAGES_OUT_DIR = 'dist-pages';

/** Each page's entry name (its bundle's name) and its HTML file, relative to the root. */
export const PAGE_INPUTS = {
  peer: 'bench/peer.html',
  adam: 'e2e/pages/adam.html',
  layers: 'e2e/pages/layers.html',
};

export default defineConfig({
  ...common,
  build: {
    ...common.build,
    outDir: PAGES_OUT_DIR,
    rolldownOptions: { input: PAGE_INPUTS },
  },
});
