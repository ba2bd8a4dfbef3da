import { memo, useId } from 'react';
import type { LossKind, ModelKind, NoiseKind } from '../model/config';
import { CONFIG_TABLE } from '../state/config';
import type { AppState, Store } from '../state/store';
import { fmtInt, fmtLr } from './format';
import { Slider } from './Slider';

interface Props {
  config: AppState['config'];
  running: boolean;
  dataReady: boolean;
  store: Store;
}

const MODEL_LABELS: Record<ModelKind, string> = {
  dense: 'Dense',
  conv: 'Convolutional',
  denoising: 'Denoising',
  sparse: 'Sparse',
  vae: 'Variational',
};

const DENSE_STYLE: ModelKind[] = ['dense', 'denoising', 'sparse'];

/** Memoised on its slice of the state: training updates arrive ten times a second. */
export const Controls = memo(function Controls({ config, running, dataReady, store }: Props) {
  const lrLog = Math.log10(config.lr);
  const modelId = useId();
  const lossId = useId();
  const noiseId = useId();
  const kind = config.model;
  return (
    <section className="panel controls" aria-label="Controls">
      <div className="buttons">
        <button
          type="button"
          className="primary"
          disabled={!dataReady}
          onClick={running ? store.pause : store.train}
        >
          {running ? 'Pause' : 'Train'}
        </button>
        <button type="button" disabled={!dataReady} onClick={store.reset}>
          Reset
        </button>
        <button type="button" disabled={!dataReady || running} onClick={store.step}>
          Step
        </button>
      </div>
      <div className="field">
        <label htmlFor={modelId}>Model</label>
        <select
          id={modelId}
          value={kind}
          onChange={(e) => store.setModelParam('model', e.currentTarget.value as ModelKind)}
        >
          {(Object.keys(MODEL_LABELS) as ModelKind[]).map((k) => (
            <option key={k} value={k}>
              {MODEL_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={lossId}>Loss</label>
        <select
          id={lossId}
          value={config.loss}
          onChange={(e) => store.setModelParam('loss', e.currentTarget.value as LossKind)}
        >
          <option value="mse">MSE</option>
          <option value="bce">Binary cross-entropy</option>
        </select>
      </div>
      <Slider
        label="Latent size"
        min={CONFIG_TABLE.latent.min}
        max={CONFIG_TABLE.latent.max}
        step={1}
        value={config.latent}
        display={String(config.latent)}
        hint="Size of the code: the bottleneck every digit is squeezed through. Changing it starts a new run."
        onChange={(v) => store.setModelParam('latent', v)}
      />
      <Slider
        label="Hidden units"
        min={CONFIG_TABLE.hidden.min}
        max={CONFIG_TABLE.hidden.max}
        step={32}
        value={config.hidden}
        display={String(config.hidden)}
        hint="Width of the hidden layer on each side of the code. Changing it starts a new run."
        onChange={(v) => store.setModelParam('hidden', v)}
      />
      {DENSE_STYLE.includes(kind) && (
        <Slider
          label="Depth"
          min={1}
          max={3}
          step={1}
          value={config.depth}
          display={`${config.depth} hidden layer${config.depth > 1 ? 's' : ''} each side`}
          hint="Hidden layers on each side of the code. Changing it starts a new run."
          onChange={(v) => store.setModelParam('depth', v)}
        />
      )}
      {kind === 'denoising' && (
        <>
          <div className="field">
            <label htmlFor={noiseId}>Noise</label>
            <select
              id={noiseId}
              value={config.noise}
              onChange={(e) => store.setModelParam('noise', e.currentTarget.value as NoiseKind)}
            >
              <option value="gaussian">Gaussian</option>
              <option value="masking">Masking</option>
            </select>
          </div>
          <Slider
            label="Noise level"
            min={0}
            max={1}
            step={0.05}
            value={config.noiselevel}
            display={
              config.noise === 'gaussian'
                ? `σ = ${config.noiselevel.toFixed(2)}`
                : `${Math.round(config.noiselevel * 100)}% of pixels dropped`
            }
            hint="How much the input is corrupted in training. Changing it starts a new run."
            onChange={(v) => store.setModelParam('noiselevel', Number(v.toFixed(2)))}
          />
        </>
      )}
      {kind === 'sparse' && (
        <Slider
          label="Sparsity"
          min={Math.log10(CONFIG_TABLE.sparsity.min)}
          max={Math.log10(CONFIG_TABLE.sparsity.max)}
          step={0.1}
          value={Math.log10(config.sparsity)}
          display={`λ = ${fmtLr(config.sparsity)}`}
          hint="Weight of the L1 penalty on the code, log scale. Changing it starts a new run."
          onChange={(v) => store.setModelParam('sparsity', Number((10 ** v).toPrecision(2)))}
        />
      )}
      {kind === 'vae' && (
        <Slider
          label="β"
          min={0}
          max={4}
          step={0.1}
          value={config.beta}
          display={config.beta.toFixed(1)}
          hint="Weight of the KL term in the loss. Changing it starts a new run."
          onChange={(v) => store.setModelParam('beta', Number(v.toFixed(1)))}
        />
      )}
      <Slider
        label="Learning rate"
        min={Math.log10(CONFIG_TABLE.lr.min)}
        max={Math.log10(CONFIG_TABLE.lr.max)}
        step={0.05}
        value={lrLog}
        display={fmtLr(config.lr)}
        hint="Adam's step size, on a log scale. Applies live."
        onChange={(v) => store.setHyperParam('lr', Number((10 ** v).toPrecision(3)))}
      />
      <Slider
        label="Batch size"
        min={CONFIG_TABLE.batch.min}
        max={CONFIG_TABLE.batch.max}
        step={16}
        value={config.batch}
        display={fmtInt(config.batch)}
        hint="Digits per training step. Applies live."
        onChange={(v) => store.setHyperParam('batch', v)}
      />
    </section>
  );
});
