import { datasetInfo } from '../data/datasets';
import type { AppState } from '../state/appState';
import type { Store } from '../state/store';

/** Errors (role=alert, each with a way out) and notices (clamped URL values, backend fallback). */
export function Messages({ state, store }: { state: AppState; store: Store }) {
  return (
    <>
      {state.dataError && (
        <div role="alert" className="alert">
          <strong>
            {state.config.dataset === 'own'
              ? 'Your data could not be loaded.'
              : `The ${datasetInfo(state.config.dataset, state.classCount, state.ownData).name} data could not be loaded.`}
          </strong>{' '}
          {state.dataError}
          <button type="button" onClick={() => store.start()}>
            Retry
          </button>
        </div>
      )}
      {state.fatalError && (
        <div role="alert" className="alert">
          <strong>Training stopped.</strong> {state.fatalError}
          <button type="button" onClick={() => store.start()}>
            Restart
          </button>
        </div>
      )}
      {state.halted && (
        <div role="alert" className="alert">
          {state.halted}
        </div>
      )}
      {state.notices.length > 0 && (
        <ul className="notices" aria-label="Notices">
          {state.notices.map((n, i) => (
            <li key={`${i}-${n}`} className="notice">
              <span>{n}</span>
              <button
                type="button"
                aria-label="Dismiss notice"
                onClick={() => store.dismissNotice(i)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
