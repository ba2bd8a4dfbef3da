import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_INPUTS, PAGES_OUT_DIR } from '../vite.pages.config';
import { expect, test } from './fixtures';
import { PAGES_URL } from './servers';

// The production build is the app alone: the benchmark's peer page and the e2e check pages (and
// the test-only code they bundle) build into dist-pages/ and are served from there.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

const title = (html: string): string => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';

test('dist/ holds only the app: no test or benchmark page, nor their bundles', async () => {
  const built = files(join(ROOT, 'dist'));
  expect(built.filter((f) => f.endsWith('.html'))).toEqual(['index.html']);
  const pageBundles = built.filter((f) =>
    Object.keys(PAGE_INPUTS).some((name) => f.startsWith(join('assets', `${name}-`))),
  );
  expect(pageBundles).toEqual([]);
  // The pages did build, into their own folder.
  const pages = files(join(ROOT, PAGES_OUT_DIR));
  for (const html of Object.values(PAGE_INPUTS)) expect(pages).toContain(html);
});

test('the app server answers a test page’s address with the app, the pages server with the page', async ({
  request,
}) => {
  const app = await (await request.get('/')).text();
  expect(title(app)).not.toBe('');
  for (const html of Object.values(PAGE_INPUTS)) {
    const res = await request.get(`/${html}`);
    // vite preview serves the app for an address it has no file for.
    expect(await res.text(), `/${html} on the app server`).toBe(app);
    const page = await (await request.get(`${PAGES_URL}/${html}`)).text();
    expect(title(page), `${html} on the pages server`).not.toBe(title(app));
    expect(title(page)).not.toBe('');
  }
});
