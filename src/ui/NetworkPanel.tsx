// The network as it is: each layer of the model with its size, activation and parameters, and
// what it holds for the digit in focus, from the latest weight snapshot. Hovering or focusing a
// unit of the first encoder layer shows its incoming weights.
import { memo } from 'react';
import { useHeld, useOnScreen } from './useOnScreen';
import type { Inspection, LayerTrace } from '../train/protocol';
import { DigitCanvas } from './DigitCanvas';
import { CodeBars, FeatureMaps, UnitStrip, WeightImage } from './layerViews';
import { About, useHidden } from './Why';

const COUNT = new Intl.NumberFormat('en-US');
const ACTIVATIONS: Record<string, string> = {
  relu: 'ReLU',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  linear: 'linear',
};

/** "Dense · 256 units · ReLU", "Conv 3×3, stride 2 · 16 maps of 14×14 · ReLU", … */
export function describeLayer(t: LayerTrace): string {
  const act = t.activation ? ` · ${ACTIVATIONS[t.activation] ?? t.activation}` : '';
  const maps =
    t.shape.length === 3
      ? `${t.shape[2]} map${t.shape[2] === 1 ? '' : 's'} of ${t.shape[0]}×${t.shape[1]}`
      : '';
  switch (t.className) {
    case 'InputLayer':
      return 'Input · 28×28 pixels';
    case 'Dense':
      if (t.name === 'code') return `Code · ${t.shape[0]} numbers${act}`;
      if (t.name === 'log_variance') return `Code log-variance log σ² · ${t.shape[0]} numbers`;
      return `Dense · ${t.shape[0]} units${act}`;
    case 'Conv2D':
      return `Conv 3×3 · ${maps}${act}`;
    case 'Conv2DTranspose':
      return `Transposed conv 3×3, stride 2 · ${maps}${act}`;
    case 'UpSampling2D':
      return `Upsampling ×2 · ${maps}`;
    case 'Flatten':
      return 'Output · 28×28 pixels';
    default:
      return `${t.className} · ${t.shape.join('×')}`;
  }
}

function side(t: LayerTrace): string {
  if (t.className === 'InputLayer') return 'input';
  if (t.name === 'code' || t.name === 'log_variance') return 'code';
  if (t.name === 'reconstruction') return 'output';
  return t.name.startsWith('encoder') ? 'encoder' : 'decoder';
}

interface Props {
  inspection: Inspection;
  /** The digit in focus and what it is ("Test digit 1", "Your drawing"). */
  input: Float32Array;
  inputName: string;
  unit: number | null;
  onUnit: (unit: number | null) => void;
}

function NetworkPanelImpl({ inspection: live, input, inputName, unit, onUnit }: Props) {
  const hidden = useHidden('network');
  // Off screen it keeps what it last drew, and catches up as it comes into view.
  const [ref, onScreen] = useOnScreen<HTMLElement>();
  const inspection = useHeld(live, onScreen, JSON.stringify(live.model));
  const { layers, sample } = inspection;
  const total = layers.reduce((n, t) => n + t.params, 0);
  const firstWeighted = layers.find((t) => t.params > 0)?.name;
  const isVae = inspection.model.kind === 'vae';
  const code = layers.find((t) => t.name === 'code');
  if (hidden) return null;
  return (
    <section
      ref={ref}
      className="panel wide network lazy"
      aria-label="Network"
      data-layers={layers.length}
    >
      <h2>
        Network <small>({COUNT.format(total)} parameters)</small>
      </h2>
      <About topic="network" />
      <ol className="layers">
        {layers.map((t) => {
          const first = t.name === firstWeighted;
          return (
            <li
              key={t.name}
              className={`layer ${side(t)}`}
              data-layer={t.name}
              data-kind={t.className}
            >
              <div className="layer-label">
                <strong>{describeLayer(t)}</strong>
                <span className="hint">
                  {t.params > 0 ? `${COUNT.format(t.params)} parameters` : 'no parameters'}
                </span>
              </div>
              <div className="layer-view">
                {t.className === 'InputLayer' ? (
                  <DigitCanvas pixels={input} label={`Network input: ${inputName}`} size={56} />
                ) : t.name === 'reconstruction' ? (
                  <DigitCanvas pixels={t.values} label="Network output" size={56} />
                ) : t.shape.length === 3 ? (
                  <FeatureMaps
                    values={t.values}
                    shape={t.shape}
                    label={(c) => `${t.name} map ${c + 1}`}
                    selected={first ? unit : null}
                    onSelect={first ? onUnit : undefined}
                  />
                ) : t.name === 'code' || t.name === 'log_variance' ? (
                  <CodeBars
                    values={t.values}
                    label={t.name === 'code' ? (isVae ? 'Code mean' : 'Code') : 'Code log-variance'}
                  />
                ) : (
                  <UnitStrip
                    values={t.values}
                    label={`${t.name} activations`}
                    selected={first ? unit : null}
                    onSelect={first ? onUnit : undefined}
                  />
                )}
              </div>
              {first && <UnitDetail inspection={inspection} layer={t} />}
            </li>
          );
        })}
        {isVae && sample && code && (
          <li className="layer code" data-layer="sample">
            <div className="layer-label">
              <strong>Sample z = μ + σ·ε · {sample.length} numbers</strong>
              <span className="hint">what training decodes; ε is fixed here</span>
            </div>
            <div className="layer-view">
              <CodeBars values={sample} label="Code sample" />
            </div>
          </li>
        )}
      </ol>
    </section>
  );
}

function UnitDetail({ inspection, layer }: { inspection: Inspection; layer: LayerTrace }) {
  const u = inspection.unit;
  if (!u) {
    return (
      <p className="hint unit-detail">
        Hover over a unit, or focus the strip and use the arrow keys, to see its incoming weights.
      </p>
    );
  }
  return (
    <figure className="unit-detail" data-unit={u.index}>
      <WeightImage
        values={u.weights}
        side={u.side}
        label={`Unit ${u.index + 1} weights`}
        size={84}
      />
      <figcaption>
        {layer.shape.length === 3 ? 'Filter' : 'Unit'} {u.index + 1}: activation{' '}
        <strong data-activation={u.activation}>{u.activation.toFixed(3)}</strong>
      </figcaption>
    </figure>
  );
}

export const NetworkPanel = memo(NetworkPanelImpl);
