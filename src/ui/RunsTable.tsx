import { memo } from 'react';
import type { ModelConfig } from '../train/protocol';
import { DATASETS, type DatasetId } from '../data/datasets';
import type { RunRecord } from '../state/appState';
import { fmtInt, fmtLoss } from './format';
import { pcaAt } from './pcaAt';
import { About, useHidden } from './Why';

interface Row {
  id: number | 'now';
  model: ModelConfig;
  examples: number;
  valLoss: number | null;
  visible?: boolean;
  /** Absent: a run kept before there was a choice, on MNIST. */
  dataset?: DatasetId;
}

interface Props {
  runs: RunRecord[];
  current: Row | null;
  pcaMse: Float64Array | null;
  /** The data the PCA figures are of: a run on other data has none to compare with. */
  pcaDataset: DatasetId;
  onToggle: (id: number) => void;
}

/** Memoised: the page re-renders at every store update, the table only when a run moves. */
export const RunsTable = memo(function RunsTable({
  runs,
  current,
  pcaMse,
  pcaDataset,
  onToggle,
}: Props) {
  const rows: Row[] = [...runs, ...(current ? [current] : [])];
  if (useHidden('runs')) return null;
  return (
    <section className="panel wide runs lazy">
      <h2>
        Runs <small>(earlier runs show as dashed lines on the chart)</small>
      </h2>
      <About topic="runs" />
      {/* Focusable, so the keyboard can scroll it where the table is wider than the screen. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Runs table">
        <table aria-label="Runs">
          <thead>
            <tr>
              <th>Run</th>
              <th>Data</th>
              <th>Model</th>
              <th>Latent size</th>
              <th>Width</th>
              <th>Examples seen</th>
              <th>Val MSE</th>
              <th>PCA MSE (same k)</th>
              <th>vs PCA</th>
              <th>On chart</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const pca =
                (r.dataset ?? 'mnist') === pcaDataset ? pcaAt(pcaMse, r.model.latent) : undefined;
              const gain =
                pca !== undefined && r.valLoss !== null ? (1 - r.valLoss / pca) * 100 : null;
              return (
                <tr key={r.id}>
                  <td>{r.id === 'now' ? 'current' : r.id}</td>
                  <td>{DATASETS[r.dataset ?? 'mnist'].name}</td>
                  <td>{r.model.kind}</td>
                  <td>{r.model.latent}</td>
                  <td>{r.model.hidden}</td>
                  <td>{fmtInt(r.examples)}</td>
                  <td>{fmtLoss(r.valLoss)}</td>
                  <td>{fmtLoss(pca)}</td>
                  <td>
                    {gain === null ? '—' : `${gain >= 0 ? '−' : '+'}${Math.abs(gain).toFixed(0)}%`}
                  </td>
                  <td>
                    {r.id === 'now' ? (
                      'yes'
                    ) : (
                      <input
                        type="checkbox"
                        aria-label={`Show run ${r.id} on the chart`}
                        checked={r.visible}
                        onChange={() => onToggle(r.id as number)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
});
