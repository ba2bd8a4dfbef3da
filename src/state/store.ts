// The page's single store: it wires the parts below and keeps the API the panels use. Components
// subscribe through useSyncExternalStore.
//   frameScheduler  when the page catches up (once a frame, latest wins; held during a stroke)
//   trainerFold / inferenceFold   what each worker message does to the state
//   supervisor      the workers, the run number and the request ids
//   resets          when each key goes back to its initial value
//   keeper          the snapshots, the autosave and the run an earlier visit saved
//   continuity      restoring, replacing a dead worker, model files, a model too large
//   runArchive, interpolationPacer, drawLatency, memoryProbe: one rule each
import type { RunStore } from '../persist/runStore';
import type {
  FromInference,
  FromWorker,
  ImageFile,
  ImageOptions,
  InspectRequest,
  ToInference,
  ToWorker,
  TrainerSnapshot,
} from '../train/protocol';
import { DATASETS, type DatasetId } from '../data/datasets';
import type { AppState, DrawingView, TraversalView } from './appState';
import { systemClock, type Cancel, type Clock } from './clock';
import {
  appliesOf,
  hyperOf,
  modelConfigOf,
  type Config,
  type LiveKey,
  type ModelKey,
} from './config';
import { DrawLatency } from './drawLatency';
import { FrameScheduler, type FrameSource } from './frameScheduler';
import { foldInference, type InferenceEffect } from './inferenceFold';
import { InterpolationPacer, Pacer } from './interpolationPacer';
import { Continuity } from './continuity';
import { Keeper } from './keeper';
import { browserOwnData, loadedNotice, type OwnDataSource } from './ownData';
import { lessonById, lessonConfig, pageSearch, parsePage } from './lessons';
import type { MemoryProbe } from './memoryProbe';
import { initialState, resetAt } from './resets';
import { archiveRun, toggleRun } from './runArchive';
import { Supervisor, type ModelFile, type StartWorker, type TrainerReport } from './supervisor';
import { foldTrainer, type TrainerEffect } from './trainerFold';

type Listener = () => void;
/** Told of each change of the page's state; `urgent` where it must show at once (an input's value). */
export type PageListener = (urgent: boolean) => void;

/** Rebuilds wait this long after the last slider move, so dragging doesn't rebuild 30 times. */
export const REBUILD_DEBOUNCE_MS = 150;

export interface StoreOptions {
  clock?: Clock;
  frames?: FrameSource;
  startTrainer?: StartWorker<ToWorker, FromWorker>;
  startInference?: StartWorker<ToInference, FromInference>;
  /** The data folder: MNIST's sprite is served there, each other dataset's in a folder below. */
  dataUrl?: () => string;
  /** Where the run is kept between visits (the browser's IndexedDB by default; null: nowhere). */
  openRunStore?: (() => Promise<RunStore>) | null;
  /** Wall-clock time, for when a run was saved. */
  wallNow?: () => number;
  /** Where a person's own dataset is read and kept (the browser's by default; null: nowhere). */
  ownData?: OwnDataSource | null;
}

/** A value that changes without the rest of the page, and who listens to it. */
class Slice<T> {
  private readonly listeners = new Set<Listener>();

  constructor(public value: T) {}

  set(value: T): void {
    if (value === this.value) return;
    this.value = value;
    for (const l of this.listeners) l();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const servedData = () => new URL(`${import.meta.env.BASE_URL}data/`, location.href).href;

export class Store {
  private readonly view: FrameScheduler<AppState>;
  private readonly listeners = new Set<PageListener>();
  /** The drawing pad's input and answer, which its panel shows at once (see `set`). */
  private readonly drawingSlice = new Slice<DrawingView>({ drawingInput: null, drawing: null });
  /** The traversal's edited code and picture, which follow a hand on a slider at once. */
  private readonly traversalSlice = new Slice<TraversalView>(null);
  private readonly supervisor: Supervisor;
  private readonly pacer: InterpolationPacer;
  private readonly inspectPacer: Pacer<InspectRequest>;
  private readonly latency: DrawLatency;
  private readonly traversalLatency: DrawLatency;
  /** Milliseconds the inference worker spent opening the model, all inspections together. */
  inspectionMs = 0;
  private readonly clock: Clock;
  private readonly dataUrl: () => string;
  private cancelRebuild: Cancel | null = null;
  private firstRecon: number | null = null;
  private readonly keeper: Keeper;
  private readonly continuity: Continuity;
  private readonly wallNow: () => number;
  /** The explanation the page waits for: leaving it, or asking again, drops older answers. */
  private explainAsk = 0;
  /** Lessons opened so far, from the URL or the menu: each opening has its own number. */
  private lessonsOpened = 0;
  private readonly ownData: OwnDataSource | null;
  /** The images a person chose, read again when the way they are read changes. */
  private imageFiles: ImageFile[] | null = null;
  /** Image reads asked for so far: an answer to an older one is dropped. */
  private imageAsk = 0;

  constructor(search: string, options: StoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.dataUrl = options.dataUrl ?? servedData;
    const page = parsePage(search);
    if (page.lesson) this.lessonsOpened = 1;
    const lesson = page.lesson ? { id: page.lesson, opened: 1 } : null;
    this.view = new FrameScheduler(
      { ...initialState(page), lesson },
      (urgent) => this.notify(urgent),
      {
        clock: this.clock,
        frames: options.frames,
      },
    );
    this.latency = new DrawLatency(this.clock);
    this.traversalLatency = new DrawLatency(this.clock);
    this.supervisor = new Supervisor({
      onTrainer: (msg) => this.onTrainer(msg),
      onInference: (msg) => this.onInference(msg),
      onInterpolationAnswered: () => this.pacer.answered(),
      onInspectionAnswered: () => this.inspectPacer.answered(),
      onCrash: (message) => this.continuity.crashed(message),
      startTrainer: options.startTrainer,
      startInference: options.startInference,
      clock: this.clock,
    });
    this.wallNow = options.wallNow ?? Date.now;
    this.ownData = options.ownData === undefined ? browserOwnData() : options.ownData;
    void this.ownData?.summary().then((summary) => {
      if (summary) this.set({ ownData: summary });
    });
    this.keeper = new Keeper({
      clock: this.clock,
      wallNow: this.wallNow,
      snapshot: () => this.supervisor.snapshot(),
      saveRun: (fields) => this.supervisor.saveRun(fields as unknown as Record<string, unknown>),
      state: () => this.state,
      notice: (text) => this.set({ notices: [...this.state.notices, text] }),
      openStore: options.openRunStore,
    });
    const supervisor = this.supervisor;
    this.continuity = new Continuity({
      state: () => this.state,
      set: (patch) => this.set(patch),
      setConfig: (patch) => this.setConfig(patch),
      rebuild: (restore) => this.rebuild(restore),
      train: () => this.train(),
      pause: () => this.pause(),
      reset: () => this.reset(),
      start: () => this.start(),
      supervisor,
      keeper: this.keeper,
      clock: this.clock,
      wallNow: () => this.wallNow(),
    });
    // A stroke in progress has the inference worker to itself; setStroking(false) resumes.
    this.pacer = new InterpolationPacer(
      (request) => this.supervisor.interpolate(request),
      () => this.view.holding,
      this.clock,
    );
    this.inspectPacer = new Pacer<InspectRequest>(
      (request) => this.supervisor.inspect(request),
      () => this.view.holding,
      this.clock,
    );
  }

  /** The latest state: every update lands here at once, and the store's own logic reads it. */
  private get state(): AppState {
    return this.view.latest;
  }

  /** What the views show: the state as of the last frame. */
  getState = (): AppState => this.view.shown;

  subscribe = (listener: PageListener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The drawing's input and answer: a slice that changes without the rest of the page. */
  getDrawing = (): DrawingView => this.drawingSlice.value;

  subscribeDrawing = (listener: Listener): (() => void) => this.drawingSlice.subscribe(listener);

  /** The traversal's edited code and its picture: a slice like the drawing's. */
  getTraversal = (): TraversalView => this.traversalSlice.value;

  subscribeTraversal = (listener: Listener): (() => void) =>
    this.traversalSlice.subscribe(listener);

  /** Drawing → reconstruction-on-screen latencies in ms (newest last, bounded). */
  get drawLatencies(): readonly number[] {
    return this.latency.latencies;
  }

  /** Code slider moved → traversal-on-screen latencies in ms (newest last, bounded). */
  get traversalLatencies(): readonly number[] {
    return this.traversalLatency.latencies;
  }

  /** The clock's time when the first reconstruction reached the screen. */
  get firstReconAt(): number | null {
    return this.firstRecon;
  }

  /**
   * Folds a patch in; the page sees it at the next frame, or at once if `urgent`. The drawing's
   * input and answer, and the traversal's code and picture, whose latency a person feels, reach
   * their panels at once through their own slices (`getDrawing`, `getTraversal`), so the rest of
   * the page does not re-render with them.
   */
  private set(patch: Partial<AppState>, urgent = false): void {
    const wasRunning = this.state.running;
    const keys = Object.keys(patch);
    // The traversal alone: its panel reads the slice, so the page has nothing to redraw.
    if (keys.length === 1 && keys[0] === 'traversal') {
      this.view.updateQuietly(patch);
      this.traversalSlice.set(this.state.traversal);
      return;
    }
    this.view.update(patch, urgent);
    if (patch.running !== undefined && patch.running !== wasRunning) {
      this.keeper.training(patch.running);
    }
    if ('drawing' in patch || 'drawingInput' in patch) {
      const { drawingInput, drawing } = this.state;
      this.drawingSlice.set({ drawingInput, drawing });
    }
    if ('traversal' in patch) this.traversalSlice.set(this.state.traversal);
  }

  private notify(urgent: boolean): void {
    for (const l of this.listeners) l(urgent);
    if (this.firstRecon === null && this.view.shown.recon) this.firstRecon = this.clock.now();
  }

  /**
   * A stroke on the drawing pad began (true) or ended (false). Meanwhile the chart, the
   * reconstructions and the other panels hold still (up to a second at a time) and the
   * interpolation waits: drawing answers come first.
   */
  setStroking = (on: boolean): void => {
    if (on === this.view.holding) return;
    this.view.setHolding(on);
    this.supervisor.setStroking(on);
    if (!on) {
      this.pacer.resume();
      this.inspectPacer.resume();
    }
  };

  /** Starts (or restarts) the workers and loads the data. */
  start(): void {
    this.pacer.restart();
    this.inspectPacer.restart();
    this.set(resetAt('load'));
    const { backend, valsize, dataset } = this.state.config;
    const baseUrl = `${this.dataUrl()}${DATASETS[dataset].dir}`;
    this.supervisor.start({ type: 'load', backend, dataset, baseUrl, valSize: valsize });
  }

  stop(): void {
    this.keeper.training(false);
    this.supervisor.stop();
    this.cancelRebuild?.();
    this.cancelRebuild = null;
    this.pacer.stop();
    this.inspectPacer.stop();
  }

  /**
   * A new run: fresh weights and an empty chart, the run ending going to the archive; or, with
   * `restore`, the run of a snapshot, whose chart and table the caller has set already.
   */
  private rebuild(restore?: TrainerSnapshot): void {
    if (!this.supervisor.started || !this.state.dataReady) return;
    if (!restore) this.set({ ...resetAt('run'), runs: archiveRun(this.state) });
    const { config, drawingInput } = this.state;
    this.set({ runDataset: config.dataset });
    this.keeper.newRun(restore ?? null);
    this.supervisor.newRun(modelConfigOf(config), restore?.hyper ?? hyperOf(config), restore);
    if (drawingInput) this.supervisor.encodeDrawing(drawingInput);
  }

  private onTrainer(msg: TrainerReport): void {
    if (msg.type === 'modelReady') this.continuity.modelBuilt();
    const { patch, effects } = foldTrainer(this.state, msg);
    if (patch) this.set(patch);
    for (const effect of effects) this.runTrainerEffect(effect);
  }

  private runTrainerEffect(effect: TrainerEffect): void {
    switch (effect.kind) {
      case 'firstRun':
        void this.continuity.firstRun(effect.autostart);
        return;
      case 'modelFailed':
        return this.continuity.backToLastGood();
      case 'encodeDrawing':
        this.supervisor.encodeDrawing(effect.input);
        return;
    }
  }

  private onInference(msg: FromInference): void {
    const { patch, effects } = foldInference(this.state, msg);
    if (patch) this.set(patch);
    for (const effect of effects) this.runInferenceEffect(effect);
  }

  private runInferenceEffect(effect: InferenceEffect): void {
    switch (effect.kind) {
      case 'drawingShown':
        this.supervisor.drawingShown(effect.id);
        this.latency.shown(effect.id);
        return;
      case 'traversalShown':
        this.traversalLatency.shown(effect.id);
        return;
      case 'inspected':
        this.inspectionMs += effect.ms;
        return;
    }
  }

  private setConfig(patch: Partial<Config>): void {
    const config = { ...this.state.config, ...patch };
    // At once: a controlled slider that waited for the next frame would snap back between two
    // key presses in one frame, and the second press would be lost.
    this.set({ config }, true);
    this.writeUrl();
  }

  /** The URL says what the page shows: the config, and the lesson open. */
  private writeUrl(): void {
    if (typeof history === 'undefined') return;
    const search = pageSearch(this.state.config, this.state.lesson?.id ?? null);
    history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
  }

  // ---- actions ----

  train = (): void => {
    if (!this.state.dataReady) return;
    this.dropExplanation();
    this.set({ running: true, halted: null });
    this.supervisor.command({ type: 'run' });
  };

  pause = (): void => {
    this.set({ running: false });
    this.supervisor.command({ type: 'pause' });
    void this.keeper.saveNow();
  };

  step = (): void => {
    if (this.state.running) return;
    this.supervisor.command({ type: 'step' });
  };

  reset = (): void => {
    this.pause();
    this.rebuild();
  };

  /**
   * Sets a key the controls offer. A key that defines the model starts a new run (after the
   * slider settles); learning rate and batch size apply to the running model.
   */
  setParam = <K extends ModelKey | LiveKey>(key: K, value: Config[K]): void => {
    if (this.state.config[key] === value) return;
    this.setConfig({ [key]: value });
    if (appliesOf(key) === 'live') {
      this.supervisor.command({ type: 'hyper', hyper: hyperOf(this.state.config) });
      return;
    }
    this.cancelRebuild?.();
    this.cancelRebuild = this.clock.after(REBUILD_DEBOUNCE_MS, () => {
      this.cancelRebuild = null;
      this.rebuild();
    });
  };

  /**
   * Trains on other data: the workers load it and a new run begins on it with the same model
   * settings; the PCA baseline is computed again on it. A saved run is not taken up here.
   */
  setDataset = (dataset: DatasetId): void => {
    if (this.state.config.dataset === dataset) return;
    this.switchData(dataset);
  };

  /** Loads `dataset` and starts a new run on it, also when it is the one chosen already. */
  private switchData(dataset: DatasetId): void {
    this.cancelRebuild?.();
    this.cancelRebuild = null;
    this.dropExplanation();
    this.setConfig({ dataset });
    this.set({ pcaMse: null, pcaMs: null, pcaProgress: null });
    this.continuity.dataChanged();
    this.start();
  }

  /**
   * A person's IDX files (training and test images and labels, gzipped or not): read and checked
   * in a worker and kept in the browser, then trained on as "Your data" with the same settings.
   * Files that are not such a set get an alert and change nothing.
   */
  loadIdxFiles = async (files: File[]): Promise<void> => {
    if (!this.ownData || this.state.dataImportBusy) return;
    this.set({ dataImportBusy: true, dataImportError: null }, true);
    try {
      const summary = await this.ownData.importIdx(files);
      this.set({
        ownData: summary,
        dataImportBusy: false,
        notices: [...this.state.notices, loadedNotice(summary)],
      });
      this.switchData('own');
    } catch (err) {
      this.set({
        dataImportBusy: false,
        dataImportError: err instanceof Error ? err.message : String(err),
      });
    }
  };

  /**
   * A person's images (files, a folder or zips): read in a worker into a set shown before it is
   * trained on (imagePreview); trainOnImages keeps and trains on it, cancelImages lets it go.
   */
  readImages = (files: ImageFile[]): Promise<void> => {
    this.imageFiles = files;
    return this.prepareImages();
  };

  /** Fit and centre or Resize and pad, Invert: the chosen images are read again with them. */
  setImageOptions = (patch: Partial<ImageOptions>): void => {
    this.set({ imageOptions: { ...this.state.imageOptions, ...patch } });
    if (this.imageFiles) void this.prepareImages();
  };

  private async prepareImages(): Promise<void> {
    const files = this.imageFiles;
    if (!files || !this.ownData) return;
    const ask = ++this.imageAsk;
    const current = () => ask === this.imageAsk;
    this.set(
      { dataImportBusy: true, dataImportError: null, imageProgress: { done: 0, total: 0 } },
      true,
    );
    try {
      const preview = await this.ownData.readImages(
        files,
        this.state.imageOptions,
        this.state.config.seed,
        (done, total) => {
          if (current()) this.set({ imageProgress: { done, total } });
        },
      );
      if (current())
        this.set({ imagePreview: preview, dataImportBusy: false, imageProgress: null });
    } catch (err) {
      if (current())
        this.set({
          imagePreview: null,
          dataImportBusy: false,
          imageProgress: null,
          dataImportError: err instanceof Error ? err.message : String(err),
        });
    }
  }

  /** Keeps the previewed images in the browser and trains on them, with the same settings. */
  trainOnImages = async (): Promise<void> => {
    if (!this.ownData || !this.state.imagePreview || this.state.dataImportBusy) return;
    const ask = ++this.imageAsk;
    this.set({ dataImportBusy: true, dataImportError: null }, true);
    try {
      const summary = await this.ownData.keepImages();
      if (ask !== this.imageAsk) return;
      this.imageFiles = null;
      this.set({
        ownData: summary,
        imagePreview: null,
        dataImportBusy: false,
        notices: [...this.state.notices, loadedNotice(summary)],
      });
      this.switchData('own');
    } catch (err) {
      if (ask === this.imageAsk)
        this.set({
          dataImportBusy: false,
          dataImportError: err instanceof Error ? err.message : String(err),
        });
    }
  };

  /** Lets the chosen images go without training on them. */
  cancelImages = (): void => {
    this.imageAsk++;
    this.imageFiles = null;
    this.ownData?.dropImages();
    this.set({ imagePreview: null, dataImportBusy: false, imageProgress: null });
  };

  /** Forgets the person's dataset; training on it goes back to MNIST. */
  removeOwnData = async (): Promise<void> => {
    if (!this.ownData) return;
    try {
      await this.ownData.remove();
    } catch (err) {
      this.set({ dataImportError: err instanceof Error ? err.message : String(err) });
      return;
    }
    this.set({ ownData: null, dataImportError: null });
    if (this.state.config.dataset === 'own') this.switchData('mnist');
  };

  dismissDataImportError = (): void => this.set({ dataImportError: null });

  /** Files a person chose that are no dataset before any is read (an empty folder). */
  refuseData = (message: string): void => this.set({ dataImportError: message });

  /**
   * One real training step on the next batch, explained stage by stage. Training pauses first
   * if it runs, and resumes when the explanation is left (closeExplanation, or Train).
   */
  explainStep = (): void => {
    const { dataReady, runModel, running, explanation, explainWasRunning } = this.state;
    if (!dataReady || !runModel || explanation === 'waiting') return;
    // Asked again while open: the first request's word on resuming stands.
    const wasRunning = running || (explanation !== null && explainWasRunning);
    if (running) {
      // Paused only for the explanation, so not saved as a paused run.
      this.set({ running: false });
      this.supervisor.command({ type: 'pause' });
    }
    const ask = ++this.explainAsk;
    this.set({ explanation: 'waiting', explainWasRunning: wasRunning });
    // Still the answer the page waits for: not left meanwhile, nor a new run begun.
    const current = () => ask === this.explainAsk && this.state.explanation === 'waiting';
    this.supervisor.explainStep().then(
      (answer) => {
        if (current()) this.set({ explanation: answer });
      },
      (err: unknown) => {
        if (!current()) return;
        const reason = err instanceof Error ? err.message : String(err);
        this.set({
          notices: [...this.state.notices, `The step could not be explained. ${reason}`],
        });
        // A halted run (a loss that is not a number) stays halted.
        const resume = this.state.explainWasRunning && !this.state.halted;
        this.dropExplanation();
        if (resume) this.train();
      },
    );
  };

  /** Leaves the explained step; training resumes if it ran when the explanation was asked for. */
  closeExplanation = (): void => {
    if (this.state.explanation === null) return;
    const resume = this.state.explainWasRunning;
    this.dropExplanation();
    if (resume) this.train();
  };

  private dropExplanation(): void {
    this.explainAsk += 1;
    if (this.state.explanation !== null || this.state.explainWasRunning)
      this.set({ explanation: null, explainWasRunning: false });
  }

  /**
   * Opens a lesson: its config (the page keys kept), a new run that trains at once (or, while the
   * data loads, the first run), and its explanation, which the page opens when `lesson` changes.
   */
  chooseLesson = (id: string): void => {
    const lesson = lessonById(id);
    if (!lesson) return;
    this.lessonsOpened += 1;
    this.set({ lesson: { id: lesson.id, opened: this.lessonsOpened } });
    this.cancelRebuild?.();
    this.cancelRebuild = null;
    if (this.state.running) this.pause();
    this.setConfig(lessonConfig(lesson, this.state.config));
    if (!this.state.dataReady) return;
    this.rebuild();
    this.train();
  };

  /** Closes the lesson note; the run goes on, and the URL no longer names the lesson. */
  closeLesson = (): void => {
    if (!this.state.lesson) return;
    this.set({ lesson: null });
    this.writeUrl();
  };

  dismissNotice = (index: number): void => {
    this.set({ notices: this.state.notices.filter((_, i) => i !== index) });
  };

  /** A preprocessed 28×28 drawing, or null when the pad is empty. */
  setDrawing = (input: Float32Array | null): void => {
    // The last answer stays on screen until the next one arrives (no blank flash per stroke).
    this.set({ drawingInput: input, drawing: input ? this.state.drawing : null });
    if (input) this.latency.sent(this.supervisor.encodeDrawing(input));
  };

  /** Decodes random codes from N(0, I): new digits (meaningful for the variational model). */
  generate = (count = 32): void => {
    this.supervisor.sample(count, (Math.random() * 2 ** 31) | 0);
  };

  /** Decodes a point of the latent plane (latent size 2, where the plane is the code space). */
  pickPoint = (x: number, y: number): void => {
    if (this.state.runModel?.latent !== 2) return;
    this.set({ picked: { x, y, image: null } });
    this.supervisor.decode(x, y);
  };

  /** Decodes `steps` points on the line between the codes of two digits (see the pacer). */
  interpolate = (a: Float32Array, b: Float32Array, steps: number): void => {
    this.pacer.request(a, b, steps);
  };

  /** Opens the model at the digit in focus (the views inside it ask at every snapshot). */
  inspect = (request: InspectRequest): void => {
    this.inspectPacer.offer(request);
  };

  /** Shows the incoming weights of a first-layer unit (null: none). */
  focusUnit = (unit: number | null): void => {
    if (unit !== this.state.inspectUnit) this.set({ inspectUnit: unit }, true);
  };

  /** Shows code units 16·page + 1 … in the traversal and contribution views. */
  setCodePage = (page: number): void => {
    this.set({ codePage: page, traversal: null });
  };

  /** The traversal's sliders moved: decode the edited code at once. */
  traverse = (code: Float32Array): void => {
    this.set({ traversal: { code: code.slice(), image: this.state.traversal?.image ?? null } });
    this.traversalLatency.sent(this.supervisor.traverse(code));
  };

  /** Reset code: the traversal shows the digit's own code again. */
  resetCode = (): void => {
    this.set({ traversal: null });
  };

  toggleRun = (id: number): void => {
    // At once: the checkbox is controlled, so until the state changes React puts its old value
    // back, and a click would show as a flicker (or, under load, not at all).
    this.set({ runs: toggleRun(this.state.runs, id) }, true);
  };

  /** tf.memory() of the training worker. */
  probeMemory = (): Promise<MemoryProbe> => this.supervisor.probeMemory();

  /** The page was hidden: save now, while there is time to ask the worker. */
  pageHidden = (): void => {
    void this.keeper.saveNow();
  };

  /** The page is closing: write the newest snapshot held. */
  pageClosing = (): void => {
    this.keeper.leaving();
  };

  /** Set the restored run aside: storage forgets it and a fresh run begins. */
  startOver = (): void => this.continuity.startOver();
  /** Take up the run an earlier visit saved, with its config. */
  resumeSaved = (): void => this.continuity.resumeSaved();
  dismissSavedRun = (): void => this.continuity.dismissSavedRun();
  /** The current model and its run as the two files of a TensorFlow.js Layers model. */
  downloadModel = (): Promise<ModelFile | null> => this.continuity.downloadModel();
  /** Files a person chose: a model of this app and its run replace the current one. */
  loadModelFiles = (files: { name: string; bytes: Uint8Array }[]): Promise<void> =>
    this.continuity.loadModelFiles(files);
  /** Files refused before reading (too large): the alert says why; nothing changes. */
  refuseModelFiles = (reason: string): void => this.continuity.refuseModelFiles(reason);
  dismissModelFileError = (): void => this.continuity.dismissModelFileError();
}
