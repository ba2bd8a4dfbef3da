// Pictures made for the tests and the screenshots of a person's own images: light shapes on a
// dark ground (or dark on light paper), each placed a little differently, as PNG files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

export type Shape = 'disc' | 'bar' | 'ring' | 'cross';

const inside: Record<Shape, (dx: number, dy: number) => boolean> = {
  disc: (dx, dy) => dx * dx + dy * dy < 81,
  bar: (dx, dy) => Math.abs(dx) < 3 && Math.abs(dy) < 14,
  ring: (dx, dy) => dx * dx + dy * dy < 121 && dx * dx + dy * dy > 49,
  cross: (dx, dy) =>
    (Math.abs(dx) < 2 || Math.abs(dy) < 2) && Math.abs(dx) < 11 && Math.abs(dy) < 11,
};

/** A w×h PNG of `shape`, at a place that varies with `i`; light on dark unless `paper`. */
export function picture(shape: Shape, i: number, paper = false, w = 64, h = 48): Buffer {
  const png = new PNG({ width: w, height: h });
  const cx = 20 + (i % 7) * 3;
  const cy = 14 + (i % 5) * 4;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = inside[shape](x - cx, y - cy) !== paper ? 250 : 5;
      png.data.set([v, v, v, 255], 4 * (y * w + x));
    }
  return PNG.sync.write(png);
}

/** A folder `name` in a new temporary folder, with `per` pictures of each shape in a subfolder. */
export function shapesFolder(name: string, shapes: readonly Shape[], per: number): string {
  const root = join(mkdtempSync(join(tmpdir(), 'own-images-')), name);
  for (const shape of shapes) {
    const dir = join(root, shape === 'cross' ? 'crosses' : `${shape}s`);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < per; i++) writeFileSync(join(dir, `${i}.png`), picture(shape, i));
  }
  return root;
}
