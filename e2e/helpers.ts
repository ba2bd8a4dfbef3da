import { expect, type Locator, type Page } from '@playwright/test';

export const status = (page: Page) => page.getByRole('status', { name: 'Training status' });

export async function statusData(page: Page): Promise<Record<string, string | undefined>> {
  return status(page).evaluate((el) => ({ ...(el as HTMLElement).dataset }));
}

export async function num(page: Page, key: string): Promise<number> {
  const v = (await statusData(page))[key];
  return v === undefined || v === '' ? NaN : Number(v);
}

/** Waits until a numeric status attribute passes a predicate. */
export async function waitForStatus(
  page: Page,
  key: string,
  pred: (v: number) => boolean,
  timeout = 90_000,
): Promise<number> {
  let last = NaN;
  await expect
    .poll(
      async () => {
        last = await num(page, key);
        return pred(last);
      },
      { timeout, intervals: [200, 500, 1000] },
    )
    .toBe(true);
  return last;
}

/** Reads a canvas's 28×28 digit back as values in [0,1] (red channel). */
export async function canvasDigit(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d');
    if (!ctx) return [];
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const out: number[] = [];
    for (let i = 0; i < data.length; i += 4) out.push(data[i]! / 255);
    return out;
  });
}

export function correlation(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

export function spread(values: number[]): number {
  return Math.max(...values) - Math.min(...values);
}

/** Mean correlation of the first `count` originals with their reconstructions. */
export async function meanReconCorrelation(page: Page, count = 10): Promise<number> {
  let sum = 0;
  for (let i = 1; i <= count; i++) {
    const o = await canvasDigit(page.getByRole('img', { name: `Original ${i}`, exact: true }));
    const r = await canvasDigit(
      page.getByRole('img', { name: `Reconstruction ${i}`, exact: true }),
    );
    sum += correlation(o, r);
  }
  return sum / count;
}

/** Fails the test on any uncaught page error: the product must never throw at people. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
