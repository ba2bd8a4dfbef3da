import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { Store } from './state/store';
import './ui/app.css';

const root = document.getElementById('root');
if (root) {
  const store = new Store(location.search);
  createRoot(root).render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
}
