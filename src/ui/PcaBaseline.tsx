import type { DatasetInfo } from '../data/datasets';
import { ProgressBar } from './ProgressBar';
import { fmtInt, fmtLoss } from './format';
import { pcaAt } from './pcaAt';
import { useHidden, Why } from './Why';

interface Props {
  k: number;
  pcaMse: Float64Array | null;
  progress: number | null;
  valLoss: number | null;
  pcaMs: number | null;
  /** The data PCA is fitted on. */
  info: DatasetInfo;
  /** The model's hidden layers are linear: its code is a linear projection, as PCA's is. */
  linear: boolean;
}

/**
 * PCA with the same code size: what a linear model reaches, the bar the autoencoder must clear.
 * Its "Why?" keeps its place (its key) when the answer arrives, so an open one stays open.
 */
export function PcaBaseline({ k, pcaMse, progress, valLoss, pcaMs, info, linear }: Props) {
  const { name, item, trainCount } = info;
  const mse = pcaAt(pcaMse, k);
  if (useHidden('pca')) return null;
  if (mse === undefined && progress === null)
    return (
      <div className="pca" aria-label="PCA baseline" data-dataset={info.id}>
        <span>
          No PCA baseline: it could not be computed on these images (the notice says why).
        </span>
        <Why key="why" topic="pca" />
      </div>
    );
  if (mse === undefined) {
    const pct = Math.round((progress ?? 0) * 100);
    return (
      <div className="pca" aria-label="PCA baseline">
        <span>
          Computing PCA of the {fmtInt(trainCount)} {name} training{' '}
          {item === 'digit' ? 'digits' : 'images'}… {pct}%
        </span>
        <ProgressBar label="Computing PCA" fraction={progress ?? 0} small />
        <Why key="why" topic="pca" />
      </div>
    );
  }
  const gain = valLoss !== null && valLoss > 0 ? (1 - valLoss / mse) * 100 : null;
  return (
    <div
      className="pca"
      aria-label="PCA baseline"
      data-k={k}
      data-pca-mse={mse}
      data-dataset={info.id}
    >
      <span>
        PCA with k = {k}: test MSE <strong>{fmtLoss(mse)}</strong>.
      </span>{' '}
      {gain !== null && (
        <span className={gain >= 0 ? 'good' : 'bad'} data-vs-pca={gain.toFixed(1)}>
          Autoencoder validation MSE is {Math.abs(gain).toFixed(0)}%{' '}
          {gain >= 0 ? 'lower' : 'higher'} than PCA.
        </span>
      )}
      {pcaMs !== null && <small> (PCA took {(pcaMs / 1000).toFixed(1)} s in this page)</small>}
      {linear && (
        <p className="pca-note" role="note" aria-label="Linear layers and PCA">
          With linear layers and the squared error, the autoencoder learns the same subspace as PCA,
          so its error comes down to about the PCA line (the sigmoid on its output, the one
          non-linearity left, can take it a little below).
        </p>
      )}
      <Why key="why" topic="pca" />
    </div>
  );
}
