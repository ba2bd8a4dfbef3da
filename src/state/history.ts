// The loss curve as the chart reads it: plain points, bounded in length.

export interface LossPoint {
  examples: number;
  loss?: number;
  val?: number;
  /** Named parts of the training loss (VAE: reconstruction, kl; sparse: sparsity). */
  parts?: Record<string, number>;
}

/** Past this many points, every other old point is dropped so the chart stays cheap to draw. */
export const MAX_POINTS = 200;

function thin(points: LossPoint[]): LossPoint[] {
  // Validation points are rare and valuable; keep all of them, halve the rest.
  let k = 0;
  return points.filter((p) => p.val !== undefined || k++ % 2 === 0);
}

/** Appends a point; non-finite values never reach the chart. Returns a new array. */
export function appendPoint(points: LossPoint[], point: LossPoint): LossPoint[] {
  const clean: LossPoint = { examples: point.examples };
  if (point.loss !== undefined && Number.isFinite(point.loss) && point.loss > 0)
    clean.loss = point.loss;
  if (point.val !== undefined && Number.isFinite(point.val) && point.val > 0) clean.val = point.val;
  if (clean.loss !== undefined && point.parts) {
    const parts = Object.entries(point.parts).filter(([, v]) => Number.isFinite(v) && v > 0);
    if (parts.length > 0) clean.parts = Object.fromEntries(parts);
  }
  if (clean.loss === undefined && clean.val === undefined) return points;
  const next = [...points, clean];
  return next.length > MAX_POINTS ? thin(next) : next;
}
