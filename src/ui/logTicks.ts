// The loss chart's y ticks on its log scale, chosen here rather than by recharts, whose own
// choice measures every label in the DOM at each render to drop those that would overlap.

/** The chart's y range: the smallest and largest positive value it draws. */
export function positiveExtent(values: Iterable<number | undefined>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === undefined || !Number.isFinite(v) || v <= 0) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Multiples of each power of ten to label, from the densest to the sparsest. */
const STEPS: readonly (readonly number[])[] = [[1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 5], [1]];

const round = (v: number) => Number(v.toPrecision(12));

/** The range widened to round values (m × 10^e, m = 1…9) at both ends, so ticks mark its ends. */
export function niceLogDomain(lo: number, hi: number): [number, number] {
  const down = (v: number) => {
    const p = 10 ** Math.floor(Math.log10(v));
    return round(Math.floor(round(v / p)) * p);
  };
  const up = (v: number) => {
    const p = 10 ** Math.floor(Math.log10(v));
    return round(Math.ceil(round(v / p)) * p);
  };
  return [down(lo), up(hi)];
}

/**
 * Round values (m × 10^e) within [lo, hi], at most `max` of them: every multiple where the range
 * is narrow, 1, 2 and 5 where it is wider, powers of ten alone where it spans many decades (then
 * every other one, and so on, until they fit).
 */
export function logTicks(lo: number, hi: number, max = 7): number[] {
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) return [];
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const within = (mults: readonly number[], every = 1): number[] => {
    const out: number[] = [];
    for (let e = first; e <= last; e += every) {
      for (const m of mults) {
        // Rounded, so 3 × 0.1 is 0.3 and not 0.30000000000000004.
        const v = round(m * 10 ** e);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };
  for (const mults of STEPS) {
    const ticks = within(mults);
    if (ticks.length <= max) return ticks;
  }
  for (let every = 2; ; every++) {
    const ticks = within([1], every);
    if (ticks.length <= max) return ticks;
  }
}
