/** Formats a loss for people: four significant digits, or a dash when unknown. */
export function fmtLoss(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toPrecision(4);
}

// One formatter: toLocaleString builds a new one per call, which the status line pays ten
// times a second.
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function fmtInt(v: number): string {
  return INT.format(Math.round(v));
}

export function fmtLr(lr: number): string {
  return lr >= 0.01 ? lr.toFixed(3).replace(/0+$/, '') : lr.toExponential(1);
}

/** A data attribute for a number not known yet is absent. */
export function dataNum(v: number | null | undefined): string | undefined {
  return v === null || v === undefined || !Number.isFinite(v) ? undefined : String(v);
}
