import { useCallback, useEffect, useRef } from 'react';
import type { Store } from '../state/store';
import { Controls } from './Controls';
import { DrawPanel } from './DrawPanel';
import type { DrawingPadHandle } from './DrawingPad';
import { LoadingBar } from './LoadingBar';
import { LossChart } from './LossChart';
import { Messages } from './Messages';
import { ReconGrid } from './ReconGrid';
import { StatusLine } from './StatusLine';
import { useAppState } from './useStore';

export function App({ store }: { store: Store }) {
  const state = useAppState(store);
  const padRef = useRef<DrawingPadHandle>(null);
  const pick = useCallback((pixels: Float32Array) => padRef.current?.loadDigit(pixels), []);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  return (
    <div className="app">
      <header>
        <h1>Autoencoder playground</h1>
        <p className="lede">
          A neural network learns to squeeze each MNIST digit through a code of{' '}
          <strong>{state.config.latent}</strong> numbers and rebuild it, live, in your browser.
        </p>
      </header>
      <Messages state={state} store={store} />
      {state.progress && <LoadingBar loaded={state.progress.loaded} total={state.progress.total} />}
      <StatusLine state={state} />
      <main className="layout">
        <Controls state={state} store={store} />
        <LossChart history={state.history} />
        {state.display && (
          <ReconGrid
            display={state.display}
            recon={state.recon}
            step={state.reconStep}
            onPick={pick}
          />
        )}
        {state.dataReady && <DrawPanel state={state} store={store} padRef={padRef} />}
      </main>
    </div>
  );
}
