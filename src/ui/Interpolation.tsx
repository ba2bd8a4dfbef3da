import { memo, useEffect, useId, useMemo, useState } from 'react';
import type { DatasetInfo } from '../data/datasets';
import type { DisplayDigits } from '../train/protocol';
import { DigitCanvas } from './DigitCanvas';
import { useOnScreen } from './useOnScreen';
import { About, useHidden } from './Why';

const STEPS = 10;

interface Props {
  display: DisplayDigits;
  /** Whose class names the choices show. */
  info: DatasetInfo;
  drawing: Float32Array | null;
  images: Float32Array | null;
  /** Changes whenever the model does, so the path is recomputed as it learns. */
  modelTick: number;
  onRequest: (a: Float32Array, b: Float32Array, steps: number) => void;
}

function digitAt(display: DisplayDigits, drawing: Float32Array | null, sel: string) {
  if (sel === 'drawing') return drawing;
  const i = Number(sel);
  return display.pixels.subarray(i * 784, (i + 1) * 784);
}

/**
 * Memoised, and its digits are stable views: a fresh subarray at each render would repaint every
 * canvas and send a new request to the inference worker at every store update.
 */
export const Interpolation = memo(function Interpolation({
  display,
  info,
  drawing,
  images,
  modelTick,
  onRequest,
}: Props) {
  const { item, classNames } = info;
  const hidden = useHidden('interpolation');
  const [from, setFrom] = useState('0');
  const [to, setTo] = useState(String(display.labels.length - 1));
  const fromId = useId();
  const toId = useId();
  // The drawing is a dependency only of an end that shows it.
  const drawingA = from === 'drawing' ? drawing : null;
  const drawingB = to === 'drawing' ? drawing : null;
  const a = useMemo(() => digitAt(display, drawingA, from), [display, drawingA, from]);
  const b = useMemo(() => digitAt(display, drawingB, to), [display, drawingB, to]);
  const steps = useMemo(
    () =>
      Array.from({ length: STEPS }, (_, i) =>
        images ? images.subarray(i * 784, (i + 1) * 784) : null,
      ),
    [images],
  );

  // Off screen (below a phone's pad, say) it asks for nothing, and catches up as it comes near.
  const [ref, onScreen] = useOnScreen<HTMLElement>();
  useEffect(() => {
    if (a && b && !hidden && onScreen) onRequest(a, b, STEPS);
    // modelTick re-runs the request as the model learns.
  }, [a, b, modelTick, onRequest, hidden, onScreen]);

  const options = (
    <>
      {display.labels.map((label, i) => (
        <option key={i} value={String(i)}>
          {item === 'digit'
            ? `Test digit ${i + 1} (a ${label})`
            : `Test image ${i + 1} (${classNames[label] ?? label})`}
        </option>
      ))}
      <option value="drawing" disabled={!drawing}>
        Your drawing
      </option>
    </>
  );
  if (hidden) return null;
  return (
    <section ref={ref} className="panel wide lazy" aria-label="Interpolation">
      <h2>Interpolation</h2>
      <About topic="interpolation" />
      <div className="interp-controls">
        <label htmlFor={fromId}>From</label>
        <select id={fromId} value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
          {options}
        </select>
        <label htmlFor={toId}>To</label>
        <select id={toId} value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          {options}
        </select>
      </div>
      <div className="interp-row">
        <DigitCanvas pixels={a} label="Interpolation start" size={48} />
        <span className="arrow">→</span>
        {steps.map((pixels, i) => (
          <DigitCanvas key={i} pixels={pixels} label={`Interpolation step ${i + 1}`} size={48} />
        ))}
        <span className="arrow">→</span>
        <DigitCanvas pixels={b} label="Interpolation end" size={48} />
      </div>
    </section>
  );
});
