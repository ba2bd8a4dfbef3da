/** One colour per digit class, distinguishable on a dark background (Tableau 10). */
export const DIGIT_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

/**
 * The colour of class `c`: Tableau 10 for the first ten, then hues a golden angle apart, so a
 * person's data with more classes still tells them apart.
 */
export function classColor(c: number): string {
  return DIGIT_COLORS[c] ?? `hsl(${Math.round((c * 137.508) % 360)} 60% 62%)`;
}
