import { expect, test, watchPageErrors } from './fixtures';

// Every test fails on an uncaught page error through the automatic fixture in e2e/fixtures.ts.
// Here its watcher runs on a context of its own, so the thrown errors fail nothing but this check.
test('the error watcher sees uncaught errors in every page of a context, opened before or after it', async ({
  browser,
}) => {
  const context = await browser.newContext();
  try {
    const first = await context.newPage();
    const errors = watchPageErrors(context);
    const second = await context.newPage();
    const throwSoon = (what: string) =>
      `<script>setTimeout(() => { throw new Error('${what}'); }, 0);</script>`;
    await first.setContent(throwSoon('thrown in the first page'));
    await second.setContent(throwSoon('thrown in the second page'));
    await expect.poll(() => errors.length).toBe(2);
    expect(errors.join('\n')).toContain('thrown in the first page');
    expect(errors.join('\n')).toContain('thrown in the second page');
  } finally {
    await context.close();
  }
});
