import type { AppState } from '../state/store';
import { dataNum, fmtInt, fmtLoss } from './format';

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
  ];
  return (
    <div
      role="status"
      aria-label="Training status"
      className="status"
      data-step={stats?.step ?? (runModel ? 0 : undefined)}
      data-examples={stats?.examples ?? (runModel ? 0 : undefined)}
      data-loss={dataNum(stats?.loss)}
      data-val-loss={dataNum(valLoss)}
      data-val-examples={dataNum(state.valExamples)}
      data-examples-per-second={dataNum(stats?.examplesPerSecond)}
      data-backend={backend?.name}
      data-latent-size={runModel?.latent}
      data-model={runModel?.kind}
      data-running={running ? 'true' : 'false'}
      data-decode-ms={dataNum(state.decodeMs)}
    >
      <span>{parts.join(' · ')}</span>
      {backend?.renderer && <span className="renderer">GPU: {backend.renderer}</span>}
    </div>
  );
}
