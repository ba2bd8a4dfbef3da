import { memo, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ModelConfig, StepExplanation } from '../train/protocol';
import { DigitCanvas } from './DigitCanvas';
import { fmtInt, fmtLr } from './format';

interface Props {
  /** The step to show, or 'waiting' while the worker takes it. */
  explanation: StepExplanation | 'waiting';
  /** The run's model (its kind, loss and parameters name the stages' terms). */
  model: ModelConfig | null;
  lossName: string;
  /** The learning rate the update was made with. */
  lr: number;
  onClose(): void;
  onTrain(): void;
}

const PIXELS = 784;
const STAGES = [
  'The batch',
  'The codes',
  'The reconstructions',
  'The loss',
  'The gradient',
  'The update',
] as const;

/** Small positive numbers for people: three significant digits, in exponent form below 0.01. */
export function fmtSmall(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  return Math.abs(v) >= 0.01 ? v.toPrecision(3) : v.toExponential(2);
}

const digit = (pixels: Float32Array, i: number) => pixels.subarray(i * PIXELS, (i + 1) * PIXELS);

function Digits({ pixels, count, label }: { pixels: Float32Array; count: number; label: string }) {
  return (
    <div className="explain-digits" role="group" aria-label={`${label}s`}>
      {Array.from({ length: count }, (_, i) => (
        <DigitCanvas key={i} pixels={digit(pixels, i)} label={`${label} ${i + 1}`} size={48} />
      ))}
    </div>
  );
}

/** Paints a code as bars above (positive) and below (negative) a middle line. */
function paintCode(canvas: HTMLCanvasElement, values: Float32Array, scale: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  const mid = height / 2;
  const w = width / values.length;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#2a2f3a';
  ctx.fillRect(0, Math.floor(mid), width, 1);
  values.forEach((v, j) => {
    const h = (Math.abs(v) / scale) * (mid - 1);
    ctx.fillStyle = v >= 0 ? '#5aa9ff' : '#ffb454';
    ctx.fillRect(j * w + w * 0.1, v >= 0 ? mid - h : mid, Math.max(0.5, w * 0.8), h);
  });
}

/**
 * One digit's code as signed bars, on a canvas: a code can have a thousand numbers. The values
 * are in data-values for whoever reads the page.
 */
function CodeBars({
  values,
  scale,
  index,
}: {
  values: Float32Array;
  scale: number;
  index: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintCode(ref.current, values, scale);
  }, [values, scale]);
  const width = Math.min(256, Math.max(96, values.length * 4));
  return (
    <figure className="explain-code">
      <canvas
        ref={ref}
        role="img"
        aria-label={`Code ${index + 1}`}
        width={width}
        height={56}
        data-size={values.length}
        data-values={Array.from(values, (v) => v.toPrecision(4)).join(',')}
      />
      <figcaption>{index + 1}</figcaption>
    </figure>
  );
}

/** Horizontal bars, one per layer, scaled to the largest. */
function LayerBars({
  label,
  rows,
  attribute,
}: {
  label: string;
  rows: { name: string; value: number; text: string }[];
  attribute: string;
}) {
  const max = Math.max(1e-30, ...rows.map((r) => r.value));
  return (
    <ul className="explain-bars" aria-label={label}>
      {rows.map((r) => (
        <li key={r.name} data-layer={r.name} {...{ [attribute]: r.value }}>
          <code>{r.name}</code>
          <span className="track">
            <span className="fill" style={{ width: `${(r.value / max) * 100}%` }} />
          </span>
          <span className="value">{r.text}</span>
        </li>
      ))}
    </ul>
  );
}

function noiseWords(model: ModelConfig): string {
  return model.noise === 'masking'
    ? `${Math.round(model.noiseLevel * 100)}% of its pixels set to black at random`
    : `Gaussian noise of σ = ${model.noiseLevel.toFixed(2)} added to every pixel`;
}

function lossWords(model: ModelConfig | null, batch: number): string {
  const error =
    model?.loss === 'bce'
      ? 'the binary cross-entropy between each reconstructed pixel and the pixel it should be'
      : 'the squared difference between each reconstructed pixel and the pixel it should be';
  const digits = fmtInt(batch);
  return model?.kind === 'vae'
    ? `${error}, summed over each digit's pixels and averaged over the ${digits} digits`
    : `${error}, averaged over every pixel of the ${digits} digits`;
}

function partWords(name: string, model: ModelConfig | null): string {
  if (name === 'kl') return 'KL divergence';
  if (name === 'sparsity' && model)
    return `sparsity (λ × mean |code|, λ = ${fmtLr(model.sparsity)})`;
  if (name === 'contraction' && model)
    return `contraction (λ × ‖∂code/∂input‖², λ = ${fmtLr(model.contraction)})`;
  return name;
}

function Stage({
  index,
  e,
  model,
  lossName,
  lr,
}: {
  index: number;
  e: StepExplanation;
  model: ModelConfig | null;
  lossName: string;
  lr: number;
}): ReactNode {
  const corrupted = e.clean !== undefined;
  const targets = e.clean ?? e.inputs;
  switch (index) {
    case 0:
      return (
        <>
          <p>
            This step takes the next {fmtInt(e.batch)} digits of the shuffled training set: the very
            batch training would have used. Here are the first {e.shown}.
          </p>
          {corrupted && model && (
            <p>
              The denoiser never sees a clean digit: each one gets {noiseWords(model)}, and these
              corrupted copies are its inputs. The clean digits below are what it must rebuild.
            </p>
          )}
          <Digits pixels={e.inputs} count={e.shown} label="Input" />
          {corrupted && <Digits pixels={e.clean!} count={e.shown} label="Clean" />}
        </>
      );
    case 1: {
      const scale = Math.max(1e-6, ...Array.from(e.codes, Math.abs));
      return (
        <>
          <p>
            The encoder squeezes each input through the bottleneck into {e.latent} number
            {e.latent === 1 ? '' : 's'}: its code. Each bar is one of them, up when positive and
            down when negative, on one scale for all {e.shown} digits.
          </p>
          {model?.kind === 'vae' && (
            <p>
              The variational encoder proposes a small cloud of codes per digit; shown here is its
              centre, the mean. Training decodes a random point of that cloud.
            </p>
          )}
          <div className="explain-codes">
            {Array.from({ length: e.shown }, (_, i) => (
              <CodeBars
                key={i}
                index={i}
                scale={scale}
                values={e.codes.subarray(i * e.latent, (i + 1) * e.latent)}
              />
            ))}
          </div>
        </>
      );
    }
    case 2:
      return (
        <>
          <p>
            The decoder turns each code back into a 28×28 image. These are drawn with the weights as
            they were before this step changed them, above the {corrupted ? 'clean ' : ''}
            digits they should match.
          </p>
          <Digits pixels={e.recons} count={e.shown} label="Reconstruction" />
          <Digits pixels={targets} count={e.shown} label="Target" />
        </>
      );
    case 3: {
      const parts = Object.entries(e.parts);
      return (
        <>
          <p>
            The loss sums up the whole batch in one number: {lossWords(model, e.batch)}. Training
            has one aim, to make this number smaller.
          </p>
          {model?.kind === 'vae' && (
            <p>
              The variational model adds β = {model.beta.toFixed(1)} times the KL divergence, which
              keeps the cloud of codes of each digit close to a standard normal distribution.
            </p>
          )}
          {model?.kind === 'sparse' && (
            <p>
              The sparse model adds a penalty on the size of the code, so that most code numbers
              stay near zero.
            </p>
          )}
          {model?.kind === 'contractive' && (
            <p>
              The contractive model adds a penalty on how strongly the code changes when the input
              changes a little, so that the code keeps what digits share and ignores small wobbles.
            </p>
          )}
          <p className="explain-loss" data-loss={e.loss}>
            {lossName}: <strong>{fmtSmall(e.loss)}</strong>
          </p>
          {parts.length > 0 && (
            <ul className="explain-parts" aria-label="Parts of the loss">
              {parts.map(([name, v]) => (
                <li key={name} data-part={name} data-value={v}>
                  {partWords(name, model)}: {fmtSmall(v)}
                </li>
              ))}
            </ul>
          )}
        </>
      );
    }
    case 4:
      return (
        <>
          <p>
            Backpropagation works out, for every weight, how fast the loss would change if that
            weight moved: the gradient. Each bar is the size of one layer&apos;s gradient (its L2
            norm, kernel and bias together).
          </p>
          <LayerBars
            label="Gradient size per layer"
            attribute="data-grad"
            rows={e.layers.map((l) => ({ name: l.name, value: l.grad, text: fmtSmall(l.grad) }))}
          />
        </>
      );
    default:
      return (
        <>
          <p>
            Adam then moves each weight against its gradient, by a step scaled with the running
            averages of that weight&apos;s past gradients, so a layer&apos;s move is not simply its
            gradient times the learning rate ({fmtLr(lr)}).
          </p>
          <p>
            Each bar is how far a layer moved compared with its own size, ‖ΔW‖ / ‖W‖: the change
            this one batch made.
          </p>
          <LayerBars
            label="Update size per layer"
            attribute="data-ratio"
            rows={e.layers.map((l) => {
              const ratio = l.weight > 0 ? l.update / l.weight : NaN;
              return { name: l.name, value: ratio, text: fmtSmall(ratio) };
            })}
          />
        </>
      );
  }
}

/** "Explain a step": one real training step, walked through in numbered stages. */
function StepExplainerImpl({ explanation, model, lossName, lr, onClose, onTrain }: Props) {
  const ready = explanation === 'waiting' ? null : explanation;
  const step = ready?.step ?? -1;
  const [view, setView] = useState({ step, stage: 0 });
  // A new step (asked for again) starts from its first stage.
  const stage = view.step === step ? view.stage : 0;
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const primary = useRef<HTMLButtonElement>(null);

  // Focus moves in on opening and back to where it was (the button that opened it) on leaving.
  useEffect(() => {
    const opener = document.activeElement;
    heading.current?.focus();
    const panel = section.current;
    return () => {
      const active = document.activeElement;
      const lost = !active || active === document.body || panel?.contains(active);
      if (lost && opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);
  // A button that went away or was disabled under the focus hands it to Next (or Train).
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || (active as HTMLButtonElement).disabled)
      primary.current?.focus();
  }, [stage]);

  const go = (to: number) => setView({ step, stage: Math.max(0, Math.min(STAGES.length - 1, to)) });
  const onKeyDown = (ev: KeyboardEvent) => {
    if (ev.key === 'Escape') {
      ev.stopPropagation();
      onClose();
    }
  };
  const last = stage === STAGES.length - 1;

  return (
    <section
      ref={section}
      className="panel wide explain"
      role="region"
      aria-label="One training step"
      aria-busy={!ready}
      data-step={ready?.step}
      onKeyDown={onKeyDown}
    >
      <h2 ref={heading} tabIndex={-1}>
        One training step{' '}
        {ready && (
          <small>
            (step {fmtInt(ready.step)}, a batch of {fmtInt(ready.batch)})
          </small>
        )}
      </h2>
      {ready ? (
        <>
          <ol className="explain-stages" aria-label="Stages">
            {STAGES.map((name, i) => (
              <li key={name} aria-current={i === stage ? 'step' : undefined}>
                {i + 1}. {name}
              </li>
            ))}
          </ol>
          <div className="explain-stage" aria-live="polite">
            <h3>
              {stage + 1}. {STAGES[stage]}
            </h3>
            <Stage index={stage} e={ready} model={model} lossName={lossName} lr={lr} />
          </div>
        </>
      ) : (
        <p className="hint">Taking one training step on the next batch…</p>
      )}
      <div className="buttons explain-nav">
        {ready && (
          <>
            <span className="explain-count">
              Stage {stage + 1} of {STAGES.length}
            </span>
            <button type="button" disabled={stage === 0} onClick={() => go(stage - 1)}>
              Back
            </button>
            {last ? (
              <button ref={primary} type="button" className="primary" onClick={onTrain}>
                Train
              </button>
            ) : (
              <button ref={primary} type="button" className="primary" onClick={() => go(stage + 1)}>
                Next
              </button>
            )}
          </>
        )}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}

export const StepExplainer = memo(StepExplainerImpl);
