import { memo, useCallback, type Ref } from 'react';
import type { Store } from '../state/store';
import { DigitCanvas } from './DigitCanvas';
import { DrawingPad, type DrawingPadHandle } from './DrawingPad';
import { LatentBars } from './LatentBars';
import { useDrawing } from './useStore';
import { About, useHidden } from './Why';

interface Props {
  store: Store;
  padRef: Ref<DrawingPadHandle>;
  /** The data the model learned, when it is not MNIST's digits: the pad then says so. */
  trainedOn?: string | null;
}

/**
 * Reads the drawing slice itself, so an answer re-renders this panel and nothing else; memoised,
 * so the page's own updates pass it by.
 */
export const DrawPanel = memo(function DrawPanel({ store, padRef, trainedOn = null }: Props) {
  const { drawing, drawingInput } = useDrawing(store);
  const onChange = useCallback((input: Float32Array | null) => store.setDrawing(input), [store]);
  const onStroke = useCallback((on: boolean) => store.setStroking(on), [store]);
  const result = drawing;
  if (useHidden('draw')) return null;
  return (
    <section className="panel draw" aria-label="Draw a digit">
      <h2>
        Draw a digit <small>(or click a test digit above to edit it)</small>
      </h2>
      <About topic="drawing" />
      {trainedOn && (
        <p className="hint" role="note" aria-label="Trained on other data">
          This model learned {trainedOn}, not handwritten digits. The pad still prepares your
          drawing the way MNIST&apos;s digits were made, and the model answers with what it knows:
          expect its reconstruction to look like {trainedOn}, not like your stroke.
        </p>
      )}
      <div className="draw-row">
        <DrawingPad onChange={onChange} onStroke={onStroke} ref={padRef} />
        <div className="draw-out">
          <figure>
            <DigitCanvas pixels={drawingInput} label="Model input" size={140} />
            <figcaption>Model input (28×28)</figcaption>
          </figure>
          <figure>
            <DigitCanvas
              pixels={drawingInput ? (result?.recon ?? null) : null}
              label="Reconstruction of drawing"
              size={140}
            />
            <figcaption>Reconstruction</figcaption>
          </figure>
          <figure className="wide-fig">
            <LatentBars code={drawingInput ? (result?.code ?? null) : null} />
            <figcaption>Latent code</figcaption>
          </figure>
        </div>
      </div>
    </section>
  );
});
