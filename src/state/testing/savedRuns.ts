// Saved runs as an earlier visit would have left them (used by the unit tests).
import { SAVED_RUN_VERSION, type SavedRun } from '../../persist/savedRun';
import { modelConfigOf, type Config } from '../config';

export function savedRun(config: Config, patch: Partial<SavedRun> = {}): SavedRun {
  const weights = [new Float32Array([0.1, 0.2]), new Float32Array([0.3])];
  return {
    version: SAVED_RUN_VERSION,
    savedAt: 1_000_000 - 180_000,
    config,
    snapshot: {
      model: modelConfigOf(config),
      hyper: { lr: config.lr, batch: config.batch },
      step: 4210,
      examples: 538_880,
      weights,
      optimizer: { t: 4210, m: weights.map((w) => w.slice()), v: weights.map((w) => w.slice()) },
    },
    history: [
      { examples: 128, loss: 0.2 },
      { examples: 538_880, loss: 0.02, val: 0.021 },
    ],
    valLoss: 0.021,
    valExamples: 538_880,
    runs: [],
    running: true,
    ...patch,
  };
}
