// The three views inside the model (Network, Learned features, Latent traversal), on the digit in
// focus: the drawing if there is one (a test digit clicked in the grid is loaded into the pad),
// else the first test digit. They ask the inference worker to open the model whenever what they
// show changes; it answers again by itself at every new weight snapshot.
import { useContext, useEffect, useMemo } from 'react';
import type { AppState } from '../state/appState';
import type { Store } from '../state/store';
import { FeaturesPanel } from './FeaturesPanel';
import { NetworkPanel } from './NetworkPanel';
import { TraversalPanel, UNITS_PER_PAGE } from './TraversalPanel';
import { TeachContext } from './Why';

interface Props {
  state: Pick<
    AppState,
    'display' | 'drawingInput' | 'runModel' | 'analysis' | 'inspection' | 'inspectUnit' | 'codePage'
  >;
  store: Store;
}

export function InsideModel({ state, store }: Props) {
  const { display, drawingInput, runModel, analysis, inspection, inspectUnit, codePage } = state;
  const { hidden } = useContext(TeachContext);
  // With all three views hidden (hide=), nothing asks the worker to open the model.
  const shown = !['network', 'features', 'traversal'].every(hidden);
  const first = useMemo(() => display?.pixels.slice(0, 784) ?? null, [display]);
  const focus = drawingInput ?? first;
  const inputName = drawingInput ? 'Your drawing' : 'Test digit 1';
  const k = runModel?.latent ?? 0;
  const stats = useMemo(
    () =>
      analysis && analysis.latent === k && analysis.codeMean
        ? { mean: analysis.codeMean, std: analysis.codeStd }
        : null,
    [analysis, k],
  );
  const units = useMemo(() => {
    const from = codePage * UNITS_PER_PAGE;
    return Array.from(
      { length: Math.max(0, Math.min(UNITS_PER_PAGE, k - from)) },
      (_, i) => from + i,
    );
  }, [codePage, k]);
  useEffect(() => {
    if (!focus || !runModel || !shown) return;
    store.inspect({ pixels: focus, unit: inspectUnit, units, stats });
  }, [store, focus, runModel, inspectUnit, units, stats, shown]);
  if (!inspection || !focus) return null;
  return (
    <>
      <NetworkPanel
        inspection={inspection}
        input={focus}
        inputName={inputName}
        unit={inspectUnit}
        onUnit={store.focusUnit}
      />
      <FeaturesPanel inspection={inspection} />
      <TraversalPanel
        inspection={inspection}
        stats={stats}
        page={codePage}
        store={store}
        onPage={store.setCodePage}
        onCode={store.traverse}
        onReset={store.resetCode}
      />
    </>
  );
}
