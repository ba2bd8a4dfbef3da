import { memo, useContext, useId } from 'react';
import {
  CONFIG_TABLE,
  keyAppliesToKind,
  type Config,
  type ModelKey,
  type SliderKey,
} from '../state/config';
import { sliderScale } from '../state/sliderScale';
import type { AppState } from '../state/appState';
import type { Store } from '../state/store';
import { fmtInt, fmtLr } from './format';
import { DatasetField, ownOptionName, type OwnDataProps } from './DatasetField';
import { ModelFiles } from './ModelFiles';
import { Slider } from './Slider';
import { isOvercomplete } from '../model/config';
import { About, KindWhy, TeachContext } from './Why';

interface Props {
  config: AppState['config'];
  running: boolean;
  dataReady: boolean;
  /** Whether "Explain a step" can be asked now: a model exists and no step is being explained. */
  canExplain: boolean;
  store: Store;
  /** Below the controls: the model files (primitives and stable callbacks, so memo holds). */
  files: Omit<Parameters<typeof ModelFiles>[0], 'onDismissError'>;
  /** The person's own dataset: what is kept, and the state of a load (memoised like `files`). */
  own: OwnDataProps;
  /** A phone's layout: the settings fold away under a summary of them, below the buttons. */
  collapsible?: boolean;
}

type SelectKey = 'model' | 'loss' | 'noise' | 'activation';

// What each control is called and says, in screen order; ranges, steps, options and which model
// kinds use a key come from CONFIG_TABLE.
type Control =
  | { type: 'select'; key: SelectKey; name: string }
  | { type: 'slider'; key: SliderKey; name: string; hint: string; display: (c: Config) => string };

const CONTROLS: Control[] = [
  { type: 'select', key: 'model', name: 'Model' },
  { type: 'select', key: 'loss', name: 'Loss' },
  {
    type: 'slider',
    key: 'latent',
    name: 'Latent size',
    hint: 'Size of the code: the bottleneck every digit is squeezed through.',
    display: (c) => (isOvercomplete(c.latent) ? `${c.latent} · overcomplete` : String(c.latent)),
  },
  {
    type: 'slider',
    key: 'hidden',
    name: 'Hidden units',
    hint: 'Width of the hidden layer on each side of the code.',
    display: (c) => String(c.hidden),
  },
  {
    type: 'slider',
    key: 'depth',
    name: 'Depth',
    hint: 'Hidden layers on each side of the code.',
    display: (c) => `${c.depth} hidden layer${c.depth > 1 ? 's' : ''} each side`,
  },
  { type: 'select', key: 'activation', name: 'Activation' },
  { type: 'select', key: 'noise', name: 'Noise' },
  {
    type: 'slider',
    key: 'noiselevel',
    name: 'Noise level',
    hint: 'How much the input is corrupted in training.',
    display: (c) =>
      c.noise === 'gaussian'
        ? `σ = ${c.noiselevel.toFixed(2)}`
        : `${Math.round(c.noiselevel * 100)}% of pixels dropped`,
  },
  {
    type: 'slider',
    key: 'sparsity',
    name: 'Sparsity',
    hint: 'Weight of the L1 penalty on the code, log scale.',
    display: (c) => `λ = ${fmtLr(c.sparsity)}`,
  },
  {
    type: 'slider',
    key: 'beta',
    name: 'β',
    hint: 'Weight of the KL term in the loss.',
    display: (c) => c.beta.toFixed(1),
  },
  {
    type: 'slider',
    key: 'contraction',
    name: 'Contraction',
    hint: "Weight of the penalty on the encoder's Jacobian (how much the code may move when the digit does), log scale.",
    display: (c) => `λ = ${fmtLr(c.contraction)}`,
  },
  {
    type: 'slider',
    key: 'lr',
    name: 'Learning rate',
    hint: "Adam's step size, on a log scale.",
    display: (c) => fmtLr(c.lr),
  },
  {
    type: 'slider',
    key: 'batch',
    name: 'Batch size',
    hint: 'Digits per training step.',
    display: (c) => fmtInt(c.batch),
  },
];

const isModelKey = (key: keyof Config): key is ModelKey => CONFIG_TABLE[key].applies === 'rebuild';

/** Whether a control belongs on screen for the model kind chosen. */
function shown(key: keyof Config, config: Config): boolean {
  return !isModelKey(key) || keyAppliesToKind(key, config.model);
}

function SelectField({
  name,
  k,
  config,
  store,
}: {
  name: string;
  k: SelectKey;
  config: Config;
  store: Store;
}) {
  const id = useId();
  const spec = CONFIG_TABLE[k];
  const names: Readonly<Record<string, string>> = spec.names;
  return (
    <div className="field">
      <label htmlFor={id}>{name}</label>
      <select
        id={id}
        value={config[k]}
        onChange={(e) => store.setParam(k, e.currentTarget.value as Config[SelectKey])}
      >
        {spec.values.map((v) => (
          <option key={v} value={v}>
            {names[v]}
          </option>
        ))}
      </select>
    </div>
  );
}

function SliderField({
  c,
  config,
  store,
}: {
  c: Extract<Control, { type: 'slider' }>;
  config: Config;
  store: Store;
}) {
  const scale = sliderScale(c.key);
  const when =
    CONFIG_TABLE[c.key].applies === 'live' ? 'Applies live.' : 'Changing it starts a new run.';
  return (
    <Slider
      label={c.name}
      min={scale.min}
      max={scale.max}
      step={scale.step}
      value={scale.position(config[c.key])}
      display={c.display(config)}
      hint={`${c.hint} ${when}`}
      onChange={(p) => store.setParam(c.key, scale.value(p))}
    />
  );
}

/** Memoised on its slice of the state: training updates arrive ten times a second. */
export const Controls = memo(function Controls({
  config,
  running,
  dataReady,
  canExplain,
  store,
  files,
  own,
  collapsible = false,
}: Props) {
  const { hidden } = useContext(TeachContext);
  const settings = (
    <>
      {!hidden('dataset') && <DatasetField config={config} store={store} own={own} />}
      {CONTROLS.filter((c) => shown(c.key, config) && !hidden(c.key)).map((c) =>
        c.type === 'select' ? (
          <SelectField key={c.key} name={c.name} k={c.key} config={config} store={store} />
        ) : (
          <SliderField key={c.key} c={c} config={config} store={store} />
        ),
      )}
      <KindWhy kind={config.model} />
      {!hidden('files') && <ModelFiles {...files} onDismissError={store.dismissModelFileError} />}
    </>
  );
  return (
    <section className="panel controls" aria-label="Controls">
      <About topic="training" />
      <div className="buttons">
        <button
          type="button"
          hidden={hidden('train')}
          className="primary"
          disabled={!dataReady}
          onClick={running ? store.pause : store.train}
        >
          {running ? 'Pause' : 'Train'}
        </button>
        <button type="button" hidden={hidden('reset')} disabled={!dataReady} onClick={store.reset}>
          Reset
        </button>
        <button
          type="button"
          hidden={hidden('step')}
          disabled={!dataReady || running}
          onClick={store.step}
        >
          Step
        </button>
      </div>
      <div className="buttons">
        {/* Its name leaves out the word "step", so a search for the Step button finds one. */}
        <button
          type="button"
          hidden={hidden('explain')}
          disabled={!canExplain}
          onClick={store.explainStep}
        >
          Explain a step
        </button>
      </div>
      {collapsible ? (
        <details className="settings">
          <summary>
            Settings{' '}
            <span className="hint">
              {CONFIG_TABLE.model.names[config.model]}, latent {config.latent},{' '}
              {config.dataset === 'own'
                ? ownOptionName(own.summary)
                : CONFIG_TABLE.dataset.names[config.dataset]}
            </span>
          </summary>
          {settings}
        </details>
      ) : (
        settings
      )}
    </section>
  );
});
