// The page's single store: it wires the parts below and keeps the API the panels use. Components
// subscribe through useSyncExternalStore.
//   frameScheduler  when the page catches up (once a frame, latest wins; held during a stroke)
//   trainerFold / inferenceFold   what each worker message does to the state
//   supervisor      the workers, the run number and the request ids
//   resets          when each key goes back to its initial value
//   runArchive, interpolationPacer, drawLatency, memoryProbe: one rule each
import type { RunStore } from '../persist/runStore';
import { restoredNotice, resumeOffer, sameRun, type SavedRun } from '../persist/savedRun';
import type {
  FromInference,
  FromWorker,
  ToInference,
  ToWorker,
  TrainerSnapshot,
} from '../train/protocol';
import type { AppState, DrawingView } from './appState';
import { systemClock, type Cancel, type Clock } from './clock';
import {
  appliesOf,
  configWithModel,
  hyperOf,
  modelConfigOf,
  parseConfig,
  serializeConfig,
  type Config,
  type LiveKey,
  type ModelKey,
} from './config';
import { DrawLatency } from './drawLatency';
import { FrameScheduler, type FrameSource } from './frameScheduler';
import { foldInference, type InferenceEffect } from './inferenceFold';
import { InterpolationPacer } from './interpolationPacer';
import { Keeper } from './keeper';
import type { MemoryProbe } from './memoryProbe';
import { initialState, resetAt } from './resets';
import { archiveRun, toggleRun } from './runArchive';
import { Supervisor, type ModelFile, type StartWorker, type TrainerReport } from './supervisor';
import { foldTrainer, type TrainerEffect } from './trainerFold';

type Listener = () => void;

/** Rebuilds wait this long after the last slider move, so dragging doesn't rebuild 30 times. */
export const REBUILD_DEBOUNCE_MS = 150;

export interface StoreOptions {
  clock?: Clock;
  frames?: FrameSource;
  startTrainer?: StartWorker<ToWorker, FromWorker>;
  startInference?: StartWorker<ToInference, FromInference>;
  /** Where the MNIST files are served from. */
  dataUrl?: () => string;
  /** Where the run is kept between visits (the browser's IndexedDB by default; null: nowhere). */
  openRunStore?: (() => Promise<RunStore>) | null;
  /** Wall-clock time, for when a run was saved. */
  wallNow?: () => number;
}

/** How many times a dead training worker is replaced within RESTART_WINDOW_MS before giving up. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;
/** How long the first run waits for storage to say whether a run was saved. */
const SAVED_WAIT_MS = 3000;

const servedData = () => new URL(`${import.meta.env.BASE_URL}data/`, location.href).href;

export class Store {
  private readonly view: FrameScheduler<AppState>;
  private readonly listeners = new Set<Listener>();
  /** The drawing pad's input and answer, which its panel shows at once (see `set`). */
  private drawingView: DrawingView = { drawingInput: null, drawing: null };
  private readonly drawingListeners = new Set<Listener>();
  private readonly supervisor: Supervisor;
  private readonly pacer: InterpolationPacer;
  private readonly latency: DrawLatency;
  private readonly clock: Clock;
  private readonly dataUrl: () => string;
  private cancelRebuild: Cancel | null = null;
  private firstRecon: number | null = null;
  private readonly keeper: Keeper;
  private readonly wallNow: () => number;
  /** A run to continue when the data is next ready (a worker that died was replaced). */
  private resumeAfterLoad: { snapshot: TrainerSnapshot; running: boolean } | null = null;
  private restarts: number[] = [];
  /** The config of the last model that was built: a model too large for the device goes back. */
  private lastGood: Config | null = null;
  /** The run an earlier visit saved, kept while the page offers to resume it. */
  private offered: SavedRun | null = null;

  constructor(search: string, options: StoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.dataUrl = options.dataUrl ?? servedData;
    this.view = new FrameScheduler(initialState(parseConfig(search)), () => this.notify(), {
      clock: this.clock,
      frames: options.frames,
    });
    this.latency = new DrawLatency(this.clock);
    this.supervisor = new Supervisor({
      onTrainer: (msg) => this.onTrainer(msg),
      onInference: (msg) => this.onInference(msg),
      onInterpolationAnswered: () => this.pacer.answered(),
      onCrash: (message) => this.crashed(message),
      startTrainer: options.startTrainer,
      startInference: options.startInference,
      clock: this.clock,
    });
    this.wallNow = options.wallNow ?? Date.now;
    this.keeper = new Keeper({
      clock: this.clock,
      wallNow: this.wallNow,
      snapshot: () => this.supervisor.snapshot(),
      state: () => this.state,
      notice: (text) => this.set({ notices: [...this.state.notices, text] }),
      openStore: options.openRunStore,
    });
    // A stroke in progress has the inference worker to itself; setStroking(false) resumes.
    this.pacer = new InterpolationPacer(
      (request) => this.supervisor.interpolate(request),
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

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The drawing's input and answer: a slice that changes without the rest of the page. */
  getDrawing = (): DrawingView => this.drawingView;

  subscribeDrawing = (listener: Listener): (() => void) => {
    this.drawingListeners.add(listener);
    return () => this.drawingListeners.delete(listener);
  };

  /** Drawing → reconstruction-on-screen latencies in ms (newest last, bounded). */
  get drawLatencies(): readonly number[] {
    return this.latency.latencies;
  }

  /** The clock's time when the first reconstruction reached the screen. */
  get firstReconAt(): number | null {
    return this.firstRecon;
  }

  /**
   * Folds a patch in; the page sees it at the next frame, or at once if `urgent`. The drawing's
   * input and answer, whose latency a person feels, reach the drawing panel at once through their
   * own slice (`getDrawing`), so the rest of the page does not re-render with them.
   */
  private set(patch: Partial<AppState>, urgent = false): void {
    const wasRunning = this.state.running;
    this.view.update(patch, urgent);
    if (patch.running !== undefined && patch.running !== wasRunning) {
      this.keeper.training(patch.running);
    }
    if ('drawing' in patch || 'drawingInput' in patch) {
      const { drawingInput, drawing } = this.state;
      this.drawingView = { drawingInput, drawing };
      for (const l of this.drawingListeners) l();
    }
  }

  private notify(): void {
    for (const l of this.listeners) l();
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
    if (!on) this.pacer.resume();
  };

  /** Starts (or restarts) the workers and loads the data. */
  start(): void {
    this.pacer.restart();
    this.set(resetAt('load'));
    const { backend, valsize } = this.state.config;
    this.supervisor.start({ type: 'load', backend, baseUrl: this.dataUrl(), valSize: valsize });
  }

  stop(): void {
    this.keeper.training(false);
    this.supervisor.stop();
    this.cancelRebuild?.();
    this.cancelRebuild = null;
    this.pacer.stop();
  }

  /**
   * A new run: fresh weights and an empty chart, the run ending going to the archive; or, with
   * `restore`, the run of a snapshot, whose chart and table the caller has set already.
   */
  private rebuild(restore?: TrainerSnapshot): void {
    if (!this.supervisor.started || !this.state.dataReady) return;
    if (!restore) this.set({ ...resetAt('run'), runs: archiveRun(this.state) });
    const { config, drawingInput } = this.state;
    this.keeper.newRun(restore ?? null);
    this.supervisor.newRun(modelConfigOf(config), restore?.hyper ?? hyperOf(config), restore);
    if (drawingInput) this.supervisor.encodeDrawing(drawingInput);
  }

  /**
   * The data is ready: a run that was interrupted (a worker replaced) goes on; else a run saved
   * on an earlier visit with the URL's config is restored; else a fresh run begins, and a saved
   * run of another config is offered.
   */
  private async firstRun(autostart: boolean): Promise<void> {
    // Synchronous when storage has answered already (or there is none), so the run's first
    // messages leave in the same task as the data-ready notice.
    const resume = this.resumeAfterLoad;
    this.resumeAfterLoad = null;
    if (resume) {
      this.rebuild(resume.snapshot);
      if (resume.running) this.train();
      return;
    }
    const saved =
      this.keeper.savedNow !== undefined
        ? this.keeper.savedNow
        : await Promise.race([
            this.keeper.saved,
            new Promise<null>((done) => this.clock.after(SAVED_WAIT_MS, () => done(null))),
          ]);
    if (!this.state.dataReady) return;
    if (saved && sameRun(saved.config, this.state.config)) {
      this.restore(saved);
      if (saved.running && autostart) this.train();
      return;
    }
    if (saved) {
      this.offered = saved;
      this.set({ resumeOffer: resumeOffer(saved) });
    }
    this.rebuild();
    if (autostart) this.train();
  }

  /** Shows a saved run's chart and table and has the worker continue it. */
  private restore(saved: SavedRun): void {
    this.set({
      ...resetAt('run'),
      history: saved.history,
      valLoss: saved.valLoss,
      valExamples: saved.valExamples,
      runs: saved.runs,
      restored: restoredNotice(saved, this.wallNow()),
      resumeOffer: null,
    });
    this.rebuild(saved.snapshot);
  }

  /** A worker died or went silent: a new one continues from the newest snapshot, a few times. */
  private crashed(message: string): void {
    const now = this.clock.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    const snapshot = this.keeper.latest;
    if (this.restarts.length >= MAX_RESTARTS || !snapshot || !this.state.dataReady) {
      this.keeper.training(false);
      this.set({ fatalError: message, running: false });
      return;
    }
    this.restarts.push(now);
    this.resumeAfterLoad = { snapshot, running: this.state.running };
    const step = new Intl.NumberFormat('en-US').format(snapshot.step);
    this.set({
      notices: [
        ...this.state.notices,
        `The training worker stopped (${message}); a new one resumed from step ${step}.`,
      ],
    });
    this.start();
  }

  private onTrainer(msg: TrainerReport): void {
    if (msg.type === 'modelReady') this.lastGood = this.state.config;
    const { patch, effects } = foldTrainer(this.state, msg);
    if (patch) this.set(patch);
    for (const effect of effects) this.runTrainerEffect(effect);
  }

  private runTrainerEffect(effect: TrainerEffect): void {
    switch (effect.kind) {
      case 'firstRun':
        void this.firstRun(effect.autostart);
        return;
      case 'modelFailed':
        return this.backToLastGood();
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
    }
  }

  private setConfig(patch: Partial<Config>): void {
    const config = { ...this.state.config, ...patch };
    // At once: a controlled slider that waited for the next frame would snap back between two
    // key presses in one frame, and the second press would be lost.
    this.set({ config }, true);
    if (typeof history !== 'undefined') {
      history.replaceState(
        null,
        '',
        `${location.pathname}${serializeConfig(config)}${location.hash}`,
      );
    }
  }

  /** The model did not fit the device: the config that last built a model comes back. */
  private backToLastGood(): void {
    const good = this.lastGood;
    if (!good || good === this.state.config) return;
    this.setConfig(good);
    this.rebuild();
  }

  // ---- actions ----

  train = (): void => {
    if (!this.state.dataReady) return;
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
  startOver = (): void => {
    this.set({ restored: null, resumeOffer: null });
    this.offered = null;
    void this.keeper.forget();
    this.reset();
  };

  /** Take up the run an earlier visit saved, with its config. */
  resumeSaved = (): void => {
    const saved = this.offered;
    this.offered = null;
    if (!saved) return;
    this.pause();
    this.setConfig(saved.config);
    this.restore(saved);
    if (saved.running && this.state.config.autostart) this.train();
  };

  dismissSavedRun = (): void => {
    this.offered = null;
    this.set({ restored: null, resumeOffer: null });
  };

  /** The current model and its run as the two files of a TensorFlow.js Layers model. */
  downloadModel = async (): Promise<ModelFile | null> => {
    this.set({ modelFileBusy: true, modelFileError: null });
    try {
      return await this.supervisor.exportModel(this.state.history);
    } catch (err) {
      this.set({ modelFileError: err instanceof Error ? err.message : String(err) });
      return null;
    } finally {
      this.set({ modelFileBusy: false });
    }
  };

  /**
   * Files a person chose: when they hold a model of this app, it and its run replace the
   * current one (which goes to the Runs table); otherwise an alert says why, and nothing changes.
   */
  loadModelFiles = async (files: { name: string; bytes: Uint8Array }[]): Promise<void> => {
    // An earlier file's alert stays until this one is read.
    this.set({ modelFileBusy: true });
    try {
      const { model, snapshot, metadata } = await this.supervisor.importModel(files);
      this.pause();
      this.setConfig(configWithModel(this.state.config, model, snapshot.hyper));
      const step = new Intl.NumberFormat('en-US').format(snapshot.step);
      this.set({
        ...resetAt('run'),
        runs: archiveRun(this.state),
        history: metadata.lossHistory,
        notices: [
          ...this.state.notices,
          `Loaded a ${model.kind} model, latent size ${model.latent}, at step ${step}.`,
        ],
      });
      this.set({ modelFileError: null });
      this.rebuild(snapshot);
    } catch (err) {
      this.set({ modelFileError: err instanceof Error ? err.message : String(err) });
    } finally {
      this.set({ modelFileBusy: false });
    }
  };

  dismissModelFileError = (): void => {
    this.set({ modelFileError: null });
  };
}
