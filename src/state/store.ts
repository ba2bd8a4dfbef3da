// The page's single store: it wires the parts below and keeps the API the panels use. Components
// subscribe through useSyncExternalStore.
//   frameScheduler  when the page catches up (once a frame, latest wins; held during a stroke)
//   trainerFold / inferenceFold   what each worker message does to the state
//   supervisor      the workers, the run number and the request ids
//   resets          when each key goes back to its initial value
//   runArchive, interpolationPacer, drawLatency, memoryProbe: one rule each
import type { FromInference, FromWorker, ToInference, ToWorker } from '../train/protocol';
import type { AppState, DrawingView } from './appState';
import { systemClock, type Cancel, type Clock } from './clock';
import {
  appliesOf,
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
import type { MemoryProbe } from './memoryProbe';
import { initialState, resetAt } from './resets';
import { archiveRun, toggleRun } from './runArchive';
import { Supervisor, type StartWorker, type TrainerReport } from './supervisor';
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
}

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
      onCrash: (message) => this.set({ fatalError: message, running: false }),
      startTrainer: options.startTrainer,
      startInference: options.startInference,
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
    this.view.update(patch, urgent);
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
    this.supervisor.stop();
    this.cancelRebuild?.();
    this.cancelRebuild = null;
    this.pacer.stop();
  }

  /** A new run: fresh weights, empty chart; the run ending goes to the archive. */
  private rebuild(): void {
    if (!this.supervisor.started || !this.state.dataReady) return;
    this.set({ ...resetAt('run'), runs: archiveRun(this.state) });
    const { config, drawingInput } = this.state;
    this.supervisor.newRun(modelConfigOf(config), hyperOf(config));
    if (drawingInput) this.supervisor.encodeDrawing(drawingInput);
  }

  private onTrainer(msg: TrainerReport): void {
    const { patch, effects } = foldTrainer(this.state, msg);
    if (patch) this.set(patch);
    for (const effect of effects) this.runTrainerEffect(effect);
  }

  private runTrainerEffect(effect: TrainerEffect): void {
    switch (effect.kind) {
      case 'newRun':
        return this.rebuild();
      case 'train':
        return this.train();
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

  // ---- actions ----

  train = (): void => {
    if (!this.state.dataReady) return;
    this.set({ running: true, halted: null });
    this.supervisor.command({ type: 'run' });
  };

  pause = (): void => {
    this.set({ running: false });
    this.supervisor.command({ type: 'pause' });
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
}
