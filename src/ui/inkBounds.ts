// Where a drawing's ink can be: the pad reads back only that part of itself. The model's input
// is cropped to the ink anyway (preprocessDrawing), so reading less changes nothing in it, and
// a digit drawn in a corner costs a phone a fraction of the read-back and conversion.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The whole-pixel rectangle of a `size`×`size` pad that holds every stroke drawn through
 * `lines` (points in pad pixels) with a round brush `brush` wide. Quadratic curves through the
 * points' midpoints stay within their hull, and a pixel of anti-aliasing is added on each side.
 * The whole pad where anything else is on it (`whole`) or where there is nothing to bound.
 */
export function inkBounds(
  lines: readonly (readonly { x: number; y: number }[])[],
  brush: number,
  size: number,
  whole = false,
): Rect {
  const all: Rect = { x: 0, y: 0, width: size, height: size };
  if (whole) return all;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const points of lines)
    for (const p of points) {
      if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) return all;
      x0 = Math.min(x0, p.x);
      y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x);
      y1 = Math.max(y1, p.y);
    }
  if (x0 > x1) return all;
  const r = brush / 2 + 1;
  const left = Math.max(0, Math.floor(x0 - r));
  const top = Math.max(0, Math.floor(y0 - r));
  const right = Math.min(size, Math.ceil(x1 + r));
  const bottom = Math.min(size, Math.ceil(y1 + r));
  if (right <= left || bottom <= top) return all;
  return { x: left, y: top, width: right - left, height: bottom - top };
}
