// The Training status element is the app's testing contract: the e2e suite and the benchmark
// read the run's numbers from its data-* attributes. They are named here once, for StatusLine,
// the e2e helpers and the benchmark. Plain data: no DOM, no React, no tfjs.

/** The status element's role is `status`; this is its accessible name. */
export const STATUS_NAME = 'Training status';

/** A CSS selector for the status element, for code that has no role query (page scripts). */
export const STATUS_SELECTOR = `[role="status"][aria-label="${STATUS_NAME}"]`;

/**
 * Each field's DOM `dataset` key and its attribute. A numeric field not known yet is absent.
 * `step` and `examples` read 0 once a model exists, before its first report.
 */
export const STATUS_DATA = {
  /** Training steps of the current run. */
  step: 'data-step',
  /** Training examples the current run has seen. */
  examples: 'data-examples',
  /** Mean training loss since the previous report. */
  loss: 'data-loss',
  /** Validation loss at the latest validation. */
  valLoss: 'data-val-loss',
  /** Examples seen when that validation was measured. */
  valExamples: 'data-val-examples',
  /** Training throughput. */
  examplesPerSecond: 'data-examples-per-second',
  /** The backend that trains: webgl, wasm or cpu. */
  backend: 'data-backend',
  /** The code size of the model that is shown. */
  latentSize: 'data-latent-size',
  /** The kind of the model that is shown. */
  model: 'data-model',
  /** 'true' while training, else 'false'. */
  running: 'data-running',
  /** Milliseconds the worker took to decode the sprite. */
  decodeMs: 'data-decode-ms',
  /** The data the shown run trains on: mnist or fashion (the URL's `dataset`). */
  dataset: 'data-dataset',
} as const;

export type StatusField = keyof typeof STATUS_DATA;
export type StatusValues = { [K in StatusField]?: string };

/** The attributes for a set of field values: an undefined value leaves its attribute out. */
export function statusAttributes(values: {
  [K in StatusField]: string | number | undefined;
}): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(STATUS_DATA) as StatusField[]) {
    const v = values[key];
    out[STATUS_DATA[key]] = v === undefined ? undefined : String(v);
  }
  return out;
}
