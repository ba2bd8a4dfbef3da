import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../model/config';
import type { TrainStats } from '../train/protocol';
import type { RunRecord } from './appState';
import { archiveRun, MAX_RUNS, toggleRun, type EndingRun } from './runArchive';

const stats = (examples: number): TrainStats => ({
  gen: 1,
  step: 1,
  epoch: 0,
  examples,
  loss: 0.1,
  parts: {},
  examplesPerSecond: 10,
});

const ending = (over: Partial<EndingRun> = {}): EndingRun => ({
  runModel: DEFAULT_MODEL,
  runDataset: null,
  stats: stats(500),
  history: [
    { examples: 250, loss: 0.2, val: 0.19, parts: { kl: 0.01 } },
    { examples: 500, loss: 0.1 },
  ],
  valLoss: 0.09,
  runs: [],
  ...over,
});

describe('archiveRun', () => {
  it('keeps a run that trained, visible, with its model, validation curve and losses', () => {
    const run = ending();
    expect(archiveRun(run)).toEqual([
      {
        id: 1,
        model: DEFAULT_MODEL,
        history: [{ examples: 250, val: 0.19 }],
        examples: 500,
        valLoss: 0.09,
        visible: true,
      },
    ]);
  });

  it('names the data the run trained on', () => {
    const [record] = archiveRun(ending({ runDataset: 'fashion' }));
    expect(record?.dataset).toBe('fashion');
  });

  it('keeps nothing of a run without a model, without stats or without examples', () => {
    const runs: RunRecord[] = [];
    expect(archiveRun(ending({ runs, runModel: null }))).toBe(runs);
    expect(archiveRun(ending({ runs, stats: null }))).toBe(runs);
    expect(archiveRun(ending({ runs, stats: stats(0) }))).toBe(runs);
  });

  it('numbers runs on from the newest record and keeps the newest twelve', () => {
    let runs: RunRecord[] = [];
    for (let i = 0; i < MAX_RUNS + 3; i += 1) runs = archiveRun(ending({ runs }));
    expect(MAX_RUNS).toBe(12);
    expect(runs).toHaveLength(12);
    expect(runs.map((r) => r.id)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    // Records from elsewhere (a saved session, say) are numbered on from, not over.
    const restored = [{ ...runs[0]!, id: 40 }];
    expect(archiveRun(ending({ runs: restored })).map((r) => r.id)).toEqual([40, 41]);
  });
});

describe('toggleRun', () => {
  it('flips one run and leaves the others as they were', () => {
    const runs = archiveRun(ending({ runs: archiveRun(ending()) }));
    const toggled = toggleRun(runs, 2);
    expect(toggled.map((r) => r.visible)).toEqual([true, false]);
    expect(toggled[0]).toBe(runs[0]);
    expect(toggleRun(toggled, 2)[1]!.visible).toBe(true);
  });
});
