import { CONFIG_TABLE } from '../state/config';
import type { AppState, Store } from '../state/store';
import { fmtInt, fmtLr } from './format';
import { Slider } from './Slider';

interface Props {
  state: AppState;
  store: Store;
}

export function Controls({ state, store }: Props) {
  const { config, running, dataReady } = state;
  const lrLog = Math.log10(config.lr);
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
}
