import { useCallback, type Ref } from 'react';
import type { AppState, Store } from '../state/store';
import { DigitCanvas } from './DigitCanvas';
import { DrawingPad, type DrawingPadHandle } from './DrawingPad';
import { LatentBars } from './LatentBars';

interface Props {
  state: AppState;
  store: Store;
  padRef: Ref<DrawingPadHandle>;
}

export function DrawPanel({ state, store, padRef }: Props) {
  const onChange = useCallback((input: Float32Array | null) => store.setDrawing(input), [store]);
  const result = state.drawing;
  return (
    <section className="panel draw" aria-label="Draw a digit">
      <h2>
        Draw a digit <small>(or click a test digit above to edit it)</small>
      </h2>
      <div className="draw-row">
        <DrawingPad onChange={onChange} ref={padRef} />
        <div className="draw-out">
          <figure>
            <DigitCanvas pixels={state.drawingInput} label="Model input" size={140} />
            <figcaption>Model input (28×28)</figcaption>
          </figure>
          <figure>
            <DigitCanvas
              pixels={state.drawingInput ? (result?.recon ?? null) : null}
              label="Reconstruction of drawing"
              size={140}
            />
            <figcaption>Reconstruction</figcaption>
          </figure>
          <figure className="wide-fig">
            <LatentBars code={state.drawingInput ? (result?.code ?? null) : null} />
            <figcaption>Latent code</figcaption>
          </figure>
        </div>
      </div>
    </section>
  );
}
