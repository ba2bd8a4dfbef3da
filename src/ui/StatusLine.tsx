import { DATASETS } from '../data/datasets';
import type { AppState } from '../state/appState';
import { dataNum, fmtInt, fmtLoss } from './format';
import { STATUS_NAME, statusAttributes } from './statusContract';

export function StatusLine({ state }: { state: AppState }) {
  const { stats, valLoss, backend, runModel, running } = state;
  const parts: string[] = [
    running ? 'Training' : stats ? 'Paused' : state.dataReady ? 'Ready' : 'Loading',
    `step ${fmtInt(stats?.step ?? 0)}`,
    `epoch ${(stats?.epoch ?? 0).toFixed(2)}`,
    `${fmtInt(stats?.examples ?? 0)} examples`,
    `loss ${fmtLoss(stats?.loss)}`,
    `val loss ${fmtLoss(valLoss)}`,
    `${stats ? fmtInt(stats.examplesPerSecond) : '—'} examples/s`,
    `backend ${backend?.name ?? '—'}${backend?.wasmThreads ? ` (${backend.wasmThreads} threads)` : ''}`,
    `latent size ${runModel?.latent ?? '—'}`,
    `model ${runModel?.kind ?? '—'}`,
    `data ${state.runDataset ? DATASETS[state.runDataset].name : '—'}`,
  ];
  return (
    <div
      role="status"
      aria-label={STATUS_NAME}
      className="status"
      {...statusAttributes({
        step: stats?.step ?? (runModel ? 0 : undefined),
        examples: stats?.examples ?? (runModel ? 0 : undefined),
        loss: dataNum(stats?.loss),
        valLoss: dataNum(valLoss),
        valExamples: dataNum(state.valExamples),
        examplesPerSecond: dataNum(stats?.examplesPerSecond),
        backend: backend?.name,
        latentSize: runModel?.latent,
        model: runModel?.kind,
        running: running ? 'true' : 'false',
        decodeMs: dataNum(state.decodeMs),
        dataset: state.runDataset ?? undefined,
      })}
    >
      <span>{parts.join(' · ')}</span>
      {backend?.renderer && <span className="renderer">GPU: {backend.renderer}</span>}
    </div>
  );
}
