import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { Store } from './state/store';
import './ui/app.css';

const root = document.getElementById('root');
if (root) {
  const store = new Store(location.search);
  // A small read-only handle for the benchmark and for curious people in the console.
  (window as unknown as { playground: unknown }).playground = {
    memory: () => store.probeMemory(),
    drawLatencies: () => [...store.drawLatencies],
    traversalLatencies: () => [...store.traversalLatencies],
    inspectionMs: () => store.inspectionMs,
    firstReconstructionMs: () => store.firstReconAt,
  };
  createRoot(root).render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
}
