import type { Locator, Page } from '@playwright/test';
import {
  STATUS_DATA,
  STATUS_NAME,
  type StatusField,
  type StatusValues,
} from '../src/ui/statusContract';
import { expect } from './fixtures';

export const status = (page: Page) => page.getByRole('status', { name: STATUS_NAME });

export async function statusData(page: Page): Promise<StatusValues> {
  const keys = Object.keys(STATUS_DATA);
  return status(page).evaluate((el, fields) => {
    const data = (el as HTMLElement).dataset;
    return Object.fromEntries(fields.flatMap((k) => (k in data ? [[k, data[k]]] : [])));
  }, keys);
}

/** A numeric status field, NaN while it is not known. */
export async function num(page: Page, field: StatusField): Promise<number> {
  const v = (await statusData(page))[field];
  return v === undefined || v === '' ? NaN : Number(v);
}

/** Waits until a status field shows a value (a string, or a pattern it matches). */
export async function expectStatus(
  page: Page,
  field: StatusField,
  value: string | RegExp,
  options?: { timeout?: number },
): Promise<void> {
  await expect(status(page)).toHaveAttribute(STATUS_DATA[field], value, options);
}

/** Waits until a numeric status field passes a predicate. */
export async function waitForStatus(
  page: Page,
  field: StatusField,
  pred: (v: number) => boolean,
  timeout = 90_000,
): Promise<number> {
  let last = NaN;
  await expect
    .poll(
      async () => {
        last = await num(page, field);
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

/**
 * Pauses and waits until training has stopped: the button shows the pause at once; the worker
 * takes it at the end of its current burst, then validates the model as it stands. That
 * validation, of all the examples seen, says it stopped. Returns the step it stopped at.
 */
export async function pauseAndSettle(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Pause' }).click();
  await expectStatus(page, 'running', 'false');
  await expect
    .poll(async () => {
      const d = await statusData(page);
      return d.valExamples !== undefined && d.valExamples === d.examples;
    })
    .toBe(true);
  return num(page, 'step');
}
