// A person drawing on the pad: strokes of about a second (arcs and loops across its middle),
// the pad cleared every fourth stroke. Seeded, so every run draws the same digits.
import type { Page } from '@playwright/test';
import { sleep } from './util';

export class Drawer {
  strokes = 0;
  moves = 0;
  private rnd: number;
  private box: { x: number; y: number; width: number; height: number } | null = null;

  constructor(
    private readonly page: Page,
    seed = 12345,
  ) {
    this.rnd = seed;
  }

  private random(): number {
    this.rnd = (this.rnd * 1103515245 + 12345) % 2 ** 31;
    return this.rnd / 2 ** 31;
  }

  /** Scrolls the pad into view and finds it; again after the layout may have moved it. */
  async prepare(): Promise<void> {
    const pad = this.page.getByRole('img', { name: 'Drawing pad' });
    await pad.scrollIntoViewIfNeeded();
    this.box = await pad.boundingBox();
    if (!this.box) throw new Error('The drawing pad is not visible');
  }

  /** Draws strokes until `ms` have passed (the stroke under way is finished). */
  async drawFor(ms: number): Promise<void> {
    const page = this.page;
    if (!this.box) await this.prepare();
    const box = this.box!;
    const clear = page.getByRole('button', { name: 'Clear' });
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const cx = box.x + box.width * (0.35 + 0.3 * this.random());
      const cy = box.y + box.height * (0.35 + 0.3 * this.random());
      const r = box.width * (0.12 + 0.15 * this.random());
      const turns = 0.5 + this.random();
      const n = 45;
      const point = (i: number): [number, number] => {
        const a = (i / n) * turns * 2 * Math.PI;
        return [cx + r * Math.cos(a), cy + r * Math.sin(a) * (0.8 + 0.4 * this.random())];
      };
      await page.mouse.move(...point(0));
      await page.mouse.down();
      const t0 = Date.now();
      // A move every ~22 ms along the path; the stroke ends after about a second even when a
      // busy page makes each move slow to deliver (then the path is simply sampled coarser).
      for (let i = 1; i <= n; i++) {
        const wait = t0 + i * 22 - Date.now();
        if (wait > 0) await sleep(wait);
        const late = Date.now() - t0 >= n * 22;
        await page.mouse.move(...point(late ? n : i));
        this.moves++;
        if (late) break;
      }
      await page.mouse.up();
      this.strokes++;
      if (this.strokes % 4 === 0 && Date.now() < end) await clear.click();
    }
  }
}
