// A diverging colour map for signed values (weights, activations, differences): zero is a dark
// neutral close to the panel's colour, positive values warm towards orange, negative ones cool
// towards blue, in proportion to |v| / scale.

export type Rgb = readonly [number, number, number];

export const NEUTRAL: Rgb = [28, 32, 41];
export const POSITIVE: Rgb = [255, 146, 60];
export const NEGATIVE: Rgb = [64, 156, 255];

/** The colour of v on a scale where ±scale is the full colour (beyond it: clipped). */
export function diverging(v: number, scale: number): Rgb {
  const t = scale > 0 && Number.isFinite(v) ? Math.max(-1, Math.min(1, v / scale)) : 0;
  const end = t >= 0 ? POSITIVE : NEGATIVE;
  const a = Math.abs(t);
  return [0, 1, 2].map((i) =>
    Math.round(NEUTRAL[i]! + (end[i]! - NEUTRAL[i]!) * a),
  ) as unknown as Rgb;
}

/** The largest |v|: the scale that gives each image its full range of colour. */
export function absMax(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

/** Paints `values` [h, w] (row by row; every `stride`-th from `offset`) into a canvas of w × h. */
export function paintDiverging(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  w: number,
  h: number,
  scale = absMax(values),
  stride = 1,
  offset = 0,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const [r, g, b] = diverging(values[offset + i * stride] ?? 0, scale);
    img.data[i * 4] = r;
    img.data[i * 4 + 1] = g;
    img.data[i * 4 + 2] = b;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
