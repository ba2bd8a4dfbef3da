// The Runs table's records: each run that ends having trained is kept for comparison.
import type { AppState, RunRecord } from './appState';
import type { LossPoint } from './history';

/** The table keeps the newest runs; older ones leave the table and the chart. */
export const MAX_RUNS = 12;

/**
 * The part of a curve the chart draws for an earlier run: its validation points, without the
 * training losses around them (a kept run costs the page a tenth of the memory).
 */
export function validationCurve(history: readonly LossPoint[]): LossPoint[] {
  const curve: LossPoint[] = [];
  for (const p of history)
    if (p.val !== undefined) curve.push({ examples: p.examples, val: p.val });
  return curve;
}

/** What the archive reads of the run that is ending. */
export type EndingRun = Pick<
  AppState,
  'runModel' | 'runDataset' | 'stats' | 'history' | 'valLoss' | 'runs'
>;

/**
 * The runs once the current one ends: with it, if it trained at all. Ids follow the newest
 * record's, so they never repeat, also where the records came from elsewhere than this page.
 */
export function archiveRun({
  runModel,
  runDataset,
  stats,
  history,
  valLoss,
  runs,
}: EndingRun): RunRecord[] {
  if (!runModel || !stats || stats.examples === 0) return runs;
  const record: RunRecord = {
    id: (runs.at(-1)?.id ?? 0) + 1,
    model: runModel,
    history: validationCurve(history),
    examples: stats.examples,
    valLoss,
    visible: true,
    ...(runDataset ? { dataset: runDataset } : {}),
  };
  return [...runs, record].slice(-MAX_RUNS);
}

/** Shows or hides one run's line on the chart. */
export function toggleRun(runs: RunRecord[], id: number): RunRecord[] {
  return runs.map((r) => (r.id === id ? { ...r, visible: !r.visible } : r));
}
