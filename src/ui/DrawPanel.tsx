import { memo, useCallback, type Ref } from 'react';
import type { AppState, Store } from '../state/store';
import { DigitCanvas } from './DigitCanvas';
import { DrawingPad, type DrawingPadHandle } from './DrawingPad';
import { LatentBars } from './LatentBars';

interface Props {
  drawing: AppState['drawing'];
  drawingInput: AppState['drawingInput'];
  store: Store;
  padRef: Ref<DrawingPadHandle>;
}

/** Memoised on the drawing: training updates arrive ten times a second. */
export const DrawPanel = memo(function DrawPanel({ drawing, drawingInput, store, padRef }: Props) {
  const onChange = useCallback((input: Float32Array | null) => store.setDrawing(input), [store]);
  const onStroke = useCallback((on: boolean) => store.setStroking(on), [store]);
  const result = drawing;
  return (
    <section className="panel draw" aria-label="Draw a digit">
      <h2>
        Draw a digit <small>(or click a test digit above to edit it)</small>
      </h2>
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
