/** Formats a loss for people: four significant digits, or a dash when unknown. */
export function fmtLoss(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toPrecision(4);
}

export function fmtInt(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

export function fmtLr(lr: number): string {
  return lr >= 0.01 ? lr.toFixed(3).replace(/0+$/, '') : lr.toExponential(1).replace('e', 'e');
}

/** A data attribute for a number not known yet is absent. */
export function dataNum(v: number | null | undefined): string | undefined {
  return v === null || v === undefined || !Number.isFinite(v) ? undefined : String(v);
}
