// The suite's `test` and `expect`. Every spec imports them from here, so every test fails on an
// uncaught error in any of its pages: the product must never throw at people.
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

export { expect };

/** Collects the uncaught errors (`pageerror`) of every page of a context, from now on. */
export function watchPageErrors(context: BrowserContext): string[] {
  const errors: string[] = [];
  const watch = (page: Page): void => {
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return errors;
}

export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ context }, use) => {
      const errors = watchPageErrors(context);
      await use(errors);
      expect(errors, 'uncaught errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});
