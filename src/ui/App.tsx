import { datasetInfo } from '../data/datasets';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { isOvercomplete } from '../model/config';
import { MODEL_KIND_INFO } from '../model/kinds';
import { projectCode } from '../model/projection';
import type { Store } from '../state/store';
import { Controls } from './Controls';
import { CopyTest } from './CopyTest';
import { Diagnostics } from './Diagnostics';
import { InsideModel } from './InsideModel';
import { Interpolation } from './Interpolation';
import { LatentScatter } from './LatentScatter';
import { Manifold } from './Manifold';
import { PcaBaseline } from './PcaBaseline';
import { RunsTable } from './RunsTable';
import { ImagesPreview } from './ImagesPreview';
import { SavedRunBanner } from './SavedRunBanner';
import { Samples } from './Samples';
import { DigitCanvas } from './DigitCanvas';
import { DrawPanel } from './DrawPanel';
import type { DrawingPadHandle } from './DrawingPad';
import { LoadingBar } from './LoadingBar';
import { LossChart } from './LossChart';
import { Messages } from './Messages';
import { readChosenFiles, saveModelFiles } from './modelFileIo';
import { ReconGrid } from './ReconGrid';
import { StatusLine } from './StatusLine';
import { StepExplainer } from './StepExplainer';
import { TeachBar } from './Teach';
import { useAppState } from './useStore';
import { useNarrow } from './useNarrow';
import { useThrottled } from './useThrottled';
import { About, TeachContext, useTeaching } from './Why';
import { pcaAt } from './pcaAt';

const CHART_MS = 500;

export function App({ store }: { store: Store }) {
  const state = useAppState(store);
  const teaching = useTeaching(state.config.hide, state.lesson);
  const narrow = useNarrow();
  const padRef = useRef<DrawingPadHandle>(null);
  const pick = useCallback((pixels: Float32Array) => padRef.current?.loadDigit(pixels), []);
  const { drawing, drawingInput, runModel, pcaMse } = state;
  // The heavy views (the chart, the latent-space and diagnostics panels) take their data as
  // deferred values: React renders them after the rest, in interruptible slices, so one update
  // of everything never becomes one long task.
  const analysis = useDeferredValue(state.analysis);
  const recon = useDeferredValue(state.recon);
  const noisy = useDeferredValue(state.noisy);
  const reconStep = useDeferredValue(state.reconStep);
  const marker = useMemo((): [number, number] | null => {
    if (!analysis || !drawing || !drawingInput || drawing.code.length !== analysis.latent)
      return null;
    return projectCode(drawing.code, analysis.mean, analysis.axes);
  }, [analysis, drawing, drawingInput]);
  // A recharts render costs more than 50 ms of main thread on a slow 2-core CPU whatever the
  // number of points (measured: every render was a long task); twice a second still reads as
  // live and halves that cost.
  const chartHistory = useDeferredValue(useThrottled(state.history, CHART_MS));
  const k = runModel?.latent ?? state.config.latent;
  const overcomplete = isOvercomplete(state.config.latent);
  const runInfo = runModel ? MODEL_KIND_INFO[runModel.kind] : null;
  // Memoised: a new object at every store update would redraw the (memoised) chart each time.
  const pcaLine = useMemo(() => {
    const mse = pcaAt(pcaMse, k);
    return mse !== undefined ? { k, mse } : null;
  }, [pcaMse, k]);
  const examples = state.stats?.examples;
  // The data the views name classes of: the shown run's, or while none is, the one loading.
  const dataset = state.runDataset ?? state.config.dataset;
  // Memoised: a person's data gets a new info object each call, and the memoised panels that
  // take it (scatter, diagnostics, interpolation) would redraw at every store update.
  const { classCount, ownData } = state;
  const info = useMemo(
    () => datasetInfo(dataset, classCount, ownData),
    [dataset, classCount, ownData],
  );
  const configDataset = state.config.dataset;
  const configInfo = useMemo(
    () => datasetInfo(configDataset, classCount, ownData),
    [configDataset, classCount, ownData],
  );
  const currentRun = useMemo(
    () =>
      runModel && examples !== undefined
        ? { id: 'now' as const, model: runModel, examples, valLoss: state.valLoss, dataset }
        : null,
    [runModel, examples, state.valLoss, dataset],
  );
  useEffect(() => {
    store.start();
    // Hidden first (there is still time to ask the worker), then closed (write what is held).
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') store.pageHidden();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', store.pageClosing);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', store.pageClosing);
      store.stop();
    };
  }, [store]);
  const download = useCallback(async () => {
    const file = await store.downloadModel();
    if (file) saveModelFiles(file);
  }, [store]);
  const load = useCallback(
    async (files: File[]) => {
      const chosen = await readChosenFiles(files);
      if (typeof chosen === 'string') store.refuseModelFiles(chosen);
      else await store.loadModelFiles(chosen);
    },
    [store],
  );
  const canDownload = runModel !== null;
  const { modelFileBusy: busy, modelFileError: fileError } = state;
  const { dataImportBusy, dataImportError } = state;
  const own = useMemo(
    () => ({ summary: ownData, busy: dataImportBusy, error: dataImportError }),
    [ownData, dataImportBusy, dataImportError],
  );
  const files = useMemo(
    () => ({ canDownload, busy, error: fileError, onDownload: download, onLoad: load }),
    [canDownload, busy, fileError, download, load],
  );

  // The first panels, in the order the screen wants them: on a phone the hand's (the pad and
  // what the model makes of it, the loss, a compact grid, then the controls); keyed, so a turn of
  // the phone moves them without starting them afresh.
  const controls = (
    <Controls
      key="controls"
      config={state.config}
      running={state.running}
      dataReady={state.dataReady}
      canExplain={state.dataReady && runModel !== null && state.explanation !== 'waiting'}
      store={store}
      files={files}
      own={own}
      collapsible={narrow}
    />
  );
  const chart = (
    <LossChart
      key="chart"
      history={chartHistory}
      pca={pcaLine}
      runs={state.runs}
      yLabel={state.lossName}
    />
  );
  const explainer = state.explanation && (
    <StepExplainer
      key="explainer"
      explanation={state.explanation}
      model={runModel}
      lossName={state.lossName}
      lr={state.config.lr}
      onClose={store.closeExplanation}
      onTrain={store.train}
    />
  );
  const grid = state.display && (
    <ReconGrid
      key="grid"
      display={state.display}
      recon={recon}
      noisy={noisy}
      step={reconStep}
      item={info.item}
      onPick={pick}
    />
  );
  const draw = state.dataReady && (
    <DrawPanel
      key="draw"
      store={store}
      padRef={padRef}
      trainedOn={dataset === 'mnist' ? null : info.name}
    />
  );

  const page = (
    <div className="app">
      <header>
        <h1>Autoencoder playground</h1>
        <p className="lede" data-complete={overcomplete ? 'over' : 'under'}>
          {overcomplete ? (
            <>
              A neural network learns to pass each MNIST digit through a code of{' '}
              <strong>{state.config.latent}</strong> numbers, at least as many as its 784 pixels,
              and rebuild it, live, in your browser.{' '}
              <span className="badge" role="note" aria-label="Overcomplete">
                Overcomplete: nothing forces it to keep only what matters
              </span>
            </>
          ) : (
            <>
              A neural network learns to squeeze each MNIST digit through a code of{' '}
              <strong>{state.config.latent}</strong> numbers and rebuild it, live, in your browser.
            </>
          )}
        </p>
        <TeachBar config={state.config} lesson={state.lesson} store={store} />
      </header>
      <main>
        <Messages state={state} store={store} />
        <ImagesPreview
          preview={state.imagePreview}
          options={state.imageOptions}
          busy={state.dataImportBusy}
          progress={state.imageProgress}
          store={store}
        />
        <SavedRunBanner
          restored={state.restored}
          onStartOver={store.startOver}
          offer={state.resumeOffer}
          onResume={store.resumeSaved}
          onDismiss={store.dismissSavedRun}
        />
        {state.progress && (
          <LoadingBar
            loaded={state.progress.loaded}
            total={state.progress.total}
            name={configInfo.name}
          />
        )}
        <StatusLine state={state} />
        {state.dataReady && (
          <PcaBaseline
            k={k}
            pcaMse={pcaMse}
            progress={state.pcaProgress}
            valLoss={state.valLoss}
            pcaMs={state.pcaMs}
            info={configInfo}
            linear={(runModel?.activation ?? state.config.activation) === 'linear'}
          />
        )}
        {runInfo?.sparseCode && analysis?.nearZero != null && (
          <p
            className="readout"
            aria-label="Near-zero code units"
            data-near-zero={analysis.nearZero}
          >
            Near-zero code units: <strong>{Math.round(analysis.nearZero * 100)}%</strong> of the
            code, on average per digit.
          </p>
        )}
        <div className="layout">
          {narrow
            ? [draw, chart, grid, controls, explainer]
            : [controls, chart, explainer, grid, draw]}
          {state.dataReady && !teaching.hidden('space') && (
            <section className="panel wide latent-panel lazy" aria-label="Latent space panel">
              <h2>
                Latent space <small>(updates while it trains)</small>
              </h2>
              <About topic="scatter" />
              <div className="latent-row">
                <LatentScatter
                  analysis={analysis}
                  labels={state.analysisLabels}
                  info={info}
                  marker={marker}
                  picked={state.picked}
                  onPick={analysis?.latent === 2 ? store.pickPoint : undefined}
                />
                {analysis?.manifold && <Manifold manifold={analysis.manifold} />}
                {state.picked && (
                  <figure className="picked">
                    <DigitCanvas pixels={state.picked.image} label="Decoded point" size={112} />
                    <figcaption>
                      z = ({state.picked.x.toFixed(2)}, {state.picked.y.toFixed(2)})
                    </figcaption>
                  </figure>
                )}
                {analysis && analysis.latent !== 2 && (
                  <p className="hint narrow">
                    Set Latent size to 2 to see the whole code space as a plane: a decoded manifold,
                    and click-to-decode.
                  </p>
                )}
              </div>
            </section>
          )}
          {runInfo?.generates && (
            <Samples samples={state.samples} onGenerate={() => store.generate()} />
          )}
          {state.display && (
            <Interpolation
              display={state.display}
              info={info}
              drawing={drawingInput}
              images={state.interpolation}
              modelTick={state.reconStep + state.runs.length * 1e9}
              onRequest={store.interpolate}
            />
          )}
          {state.dataReady && <InsideModel state={state} store={store} />}
          {analysis && <CopyTest test={analysis.copyTest} />}
          {analysis && <Diagnostics analysis={analysis} info={info} />}
          {state.dataReady && (
            <RunsTable
              runs={state.runs}
              current={currentRun}
              pcaMse={pcaMse}
              pcaDataset={state.config.dataset}
              onToggle={store.toggleRun}
            />
          )}
        </div>
      </main>
    </div>
  );
  return <TeachContext value={teaching}>{page}</TeachContext>;
}
