// The page's single store. Worker messages are folded in here; components subscribe through
// useSyncExternalStore. Bursts of messages notify at most once per animation frame, latest wins.
import {
  startInferenceWorker,
  startTrainerWorker,
  type InferenceClient,
  type TrainerClient,
} from '../train/client';
import type {
  Analysis,
  BackendName,
  DisplayDigits,
  FromInference,
  FromWorker,
  ModelConfig,
  TrainStats,
} from '../train/protocol';
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
import { appendPoint, type LossPoint } from './history';

export interface DrawingResult {
  input: Float32Array;
  recon: Float32Array;
  code: Float32Array;
}

export interface MemoryProbe {
  numTensors: number;
  numBytes: number;
  numBytesInGPU?: number;
}

export interface RunRecord {
  id: number;
  model: ModelConfig;
  history: LossPoint[];
  examples: number;
  valLoss: number | null;
  /** Shown as a faint line on the loss chart. */
  visible: boolean;
}

export interface AppState {
  config: Config;
  notices: string[];
  progress: { loaded: number; total: number } | null;
  dataError: string | null;
  fatalError: string | null;
  backend: { name: BackendName; renderer?: string; wasmThreads?: number } | null;
  dataReady: boolean;
  decodeMs: number | null;
  display: DisplayDigits | null;
  running: boolean;
  /** The model of the run now shown (what data-latent-size reports). */
  runModel: ModelConfig | null;
  params: number | null;
  stats: TrainStats | null;
  valLoss: number | null;
  /** Examples seen when valLoss was measured. */
  valExamples: number | null;
  history: LossPoint[];
  recon: Float32Array | null;
  reconStep: number;
  halted: string | null;
  /** The drawing pad's latest preprocessed input, and the model's answer to it. */
  drawingInput: Float32Array | null;
  drawing: DrawingResult | null;
  /** PCA test MSE for k = 1..64 at index k−1, once computed. */
  pcaMse: Float64Array | null;
  pcaMs: number | null;
  pcaProgress: number | null;
  analysis: Analysis | null;
  analysisLabels: Uint8Array | null;
  /** Earlier runs of this page session, oldest first. */
  runs: RunRecord[];
  /** A code picked in the latent plane and its decoded digit. */
  picked: { x: number; y: number; image: Float32Array | null } | null;
  /** What the training loss measures, for the chart's axis. */
  lossName: string;
  /** Denoising: the corrupted display digits the reconstructions were made from. */
  noisy: Float32Array | null;
  /** Digits generated from random codes (Generate). */
  samples: Float32Array | null;
  interpolation: Float32Array | null;
}

type Listener = () => void;

/** What the drawing panel shows: the pad's preprocessed input and the model's answer to it. */
export type DrawingView = Pick<AppState, 'drawingInput' | 'drawing'>;

/** Rebuilds wait this long after the last slider move, so dragging doesn't rebuild 30 times. */
const REBUILD_DEBOUNCE_MS = 150;

/** While a stroke is drawn, the rest of the page is redrawn at most this often. */
const STROKE_HOLD_MS = 1000;

export class Store {
  /** The latest state: every update lands here at once, and the store's own logic reads it. */
  private state: AppState;
  /** What the views show (getState): `state` as of the last notification. */
  private shown: AppState;
  private listeners = new Set<Listener>();
  /** The drawing pad's input and answer, which its panel shows at once (see `set`). */
  private drawingView: DrawingView = { drawingInput: null, drawing: null };
  private drawingListeners = new Set<Listener>();
  private client: TrainerClient | null = null;
  private inference: InferenceClient | null = null;
  private gen = 0;
  private frame = 0;
  private rebuildTimer: ReturnType<typeof setTimeout> | null = null;
  private drawingId = 0;
  private drawingShown = 0;
  private drawingSentAt = new Map<number, number>();
  private latencyStart: number | null = null;
  private memoryWaiters = new Map<number, (m: MemoryProbe) => void>();
  private memoryId = 0;
  /** Drawing → reconstruction-on-screen latencies in ms (newest last, bounded). */
  readonly drawLatencies: number[] = [];
  /** performance.now() when the first reconstruction reached the screen. */
  firstReconAt: number | null = null;

  constructor(search: string) {
    const { config, notices } = parseConfig(search);
    this.state = {
      config,
      notices,
      progress: null,
      dataError: null,
      fatalError: null,
      backend: null,
      dataReady: false,
      decodeMs: null,
      display: null,
      running: false,
      runModel: null,
      params: null,
      stats: null,
      valLoss: null,
      valExamples: null,
      history: [],
      recon: null,
      reconStep: 0,
      halted: null,
      drawingInput: null,
      drawing: null,
      pcaMse: null,
      pcaMs: null,
      pcaProgress: null,
      analysis: null,
      analysisLabels: null,
      runs: [],
      picked: null,
      interpolation: null,
      lossName: 'MSE',
      noisy: null,
      samples: null,
    };
    this.shown = this.state;
  }

  getState = (): AppState => this.shown;

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

  /**
   * Folds a patch in and notifies once per animation frame. `urgent` shows the patch at once (a
   * slider's value), without the other pending updates, which keep their frame. The drawing's
   * input and answer, whose latency a person feels, reach the drawing panel at once through
   * their own slice (`getDrawing`), so the rest of the page does not re-render with them. While a
   * stroke is drawn (`setStroking`), the other updates are held for up to STROKE_HOLD_MS, so the
   * answers find the main thread free.
   */
  private set(patch: Partial<AppState>, urgent = false): void {
    this.state = { ...this.state, ...patch };
    if ('drawing' in patch || 'drawingInput' in patch) {
      this.drawingView = { drawingInput: this.state.drawingInput, drawing: this.state.drawing };
      for (const l of this.drawingListeners) l();
      this.recordLatency();
    }
    if (urgent) {
      this.shown = { ...this.shown, ...patch };
      this.notify();
      return;
    }
    if (this.frame) return;
    if (this.stroking) {
      this.heldSince ??= performance.now();
      this.frame = setTimeout(
        this.flush,
        this.heldSince + STROKE_HOLD_MS - performance.now(),
      ) as unknown as number;
      this.frameIsTimeout = true;
      return;
    }
    this.scheduleFrame();
  }

  private scheduleFrame(): void {
    // requestAnimationFrame never fires in a hidden tab; a timeout keeps the state current there.
    if (typeof document !== 'undefined' && !document.hidden) {
      this.frame = requestAnimationFrame(this.flush);
      this.frameIsTimeout = false;
    } else {
      this.frame = setTimeout(this.flush, 100) as unknown as number;
      this.frameIsTimeout = true;
    }
  }

  private stroking = false;
  /** When the oldest update held back by the current stroke arrived. */
  private heldSince: number | null = null;

  /**
   * A stroke on the drawing pad began (true) or ended (false). Meanwhile the chart, the
   * reconstructions and the other panels hold still (up to a second at a time) and the
   * interpolation waits: drawing answers come first.
   */
  setStroking = (on: boolean): void => {
    if (on === this.stroking) return;
    this.stroking = on;
    if (on) {
      // A frame already scheduled becomes a held one.
      if (this.frame && !this.frameIsTimeout) {
        this.cancelFrame();
        this.set({});
      }
      return;
    }
    if (this.frame && this.frameIsTimeout) {
      this.cancelFrame();
      this.scheduleFrame();
    }
    this.pumpInterpolation();
  };

  private frameIsTimeout = false;

  private cancelFrame(): void {
    if (!this.frame) return;
    if (this.frameIsTimeout) clearTimeout(this.frame);
    else cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private flush = (): void => {
    this.frame = 0;
    this.heldSince = null;
    this.shown = this.state;
    this.notify();
  };

  private notify(): void {
    for (const l of this.listeners) l();
    if (this.firstReconAt === null && this.shown.recon) this.firstReconAt = performance.now();
  }

  private recordLatency(): void {
    if (this.latencyStart !== null) {
      this.drawLatencies.push(performance.now() - this.latencyStart);
      if (this.drawLatencies.length > 5000) this.drawLatencies.shift();
      this.latencyStart = null;
    }
  }

  /** Starts (or restarts) the worker and loads the data. */
  start(): void {
    this.client?.terminate();
    this.inference?.terminate();
    this.interpSentAt = 0;
    this.set({
      progress: { loaded: 0, total: 0 },
      dataError: null,
      fatalError: null,
      dataReady: false,
      running: false,
      halted: null,
    });
    const crash = (message: string) => this.set({ fatalError: message, running: false });
    this.client = startTrainerWorker((msg) => this.onMessage(msg), crash);
    this.inference = startInferenceWorker((msg) => this.onInference(msg), crash);
    this.client.send({
      type: 'load',
      backend: this.state.config.backend,
      baseUrl: new URL(`${import.meta.env.BASE_URL}data/`, location.href).href,
      valSize: this.state.config.valsize,
    });
  }

  stop(): void {
    this.client?.terminate();
    this.inference?.terminate();
    this.client = null;
    this.inference = null;
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    clearTimeout(this.interpTimer);
    this.interpTimer = 0;
  }

  /** A new run: fresh weights, empty chart. Messages of older runs are ignored from here on. */
  private rebuild(): void {
    if (!this.client || !this.state.dataReady) return;
    this.gen += 1;
    const runs = this.archiveRun();
    this.set({
      history: [],
      stats: null,
      valLoss: null,
      valExamples: null,
      halted: null,
      drawing: null,
      analysis: null,
      picked: null,
      interpolation: null,
      noisy: null,
      samples: null,
      runs,
    });
    this.client.send({
      type: 'configure',
      gen: this.gen,
      model: modelConfigOf(this.state.config),
      hyper: hyperOf(this.state.config),
    });
    const input = this.state.drawingInput;
    if (input) this.sendDrawing(input, false);
  }

  private runId = 0;

  /** Keeps the run that is ending, if it trained at all, for the comparison table and chart. */
  private archiveRun(): RunRecord[] {
    const { runModel, stats, history, valLoss, runs } = this.state;
    if (!runModel || !stats || stats.examples === 0) return runs;
    this.runId += 1;
    const record: RunRecord = {
      id: this.runId,
      model: runModel,
      history,
      examples: stats.examples,
      valLoss,
      visible: true,
    };
    return [...runs, record].slice(-12);
  }

  private onMessage(msg: FromWorker): void {
    const stale = 'gen' in msg && msg.gen !== this.gen;
    if (stale) return;
    switch (msg.type) {
      case 'progress':
        return this.set({ progress: { loaded: msg.loaded, total: msg.total } });
      case 'backend': {
        const notices = msg.notice ? [...this.state.notices, msg.notice] : this.state.notices;
        return this.set({
          backend: { name: msg.backend, renderer: msg.renderer, wasmThreads: msg.wasmThreads },
          notices,
        });
      }
      case 'dataReady':
        this.set({
          dataReady: true,
          display: msg.display,
          decodeMs: msg.decodeMs,
          progress: null,
          analysisLabels: msg.analysisLabels,
          pcaProgress: 0,
        });
        this.rebuild();
        if (this.state.config.autostart) this.train();
        return;
      case 'modelReady':
        return this.set({ runModel: msg.model, params: msg.params, lossName: msg.lossName });
      case 'stats': {
        const { type: _type, ...stats } = msg;
        return this.set({
          stats,
          history: appendPoint(this.state.history, {
            examples: msg.examples,
            loss: msg.loss,
            parts: msg.parts,
          }),
        });
      }
      case 'val':
        return this.set({
          valLoss: msg.valLoss,
          valExamples: msg.examples,
          history: appendPoint(this.state.history, { examples: msg.examples, val: msg.valLoss }),
        });
      case 'recon':
        return this.set({ recon: msg.pixels, reconStep: msg.step, noisy: msg.noisy ?? null });
      case 'weights': {
        this.inference?.send(
          { type: 'weights', gen: msg.gen, model: msg.model, values: msg.values },
          msg.values.map((v) => v.buffer),
        );
        // The model moved on: the drawing's reconstruction follows it.
        const input = this.state.drawingInput;
        if (input) this.sendDrawing(input, false);
        return;
      }
      case 'running':
        return this.set({ running: msg.running });
      case 'halted':
        return this.set({ halted: msg.message, running: false });
      case 'pcaProgress':
        return this.set({ pcaProgress: msg.fraction });
      case 'pca':
        return this.set({ pcaMse: msg.mseByK, pcaMs: msg.ms, pcaProgress: null });
      case 'analysis': {
        const { type: _t, ...analysis } = msg;
        return this.set({ analysis });
      }
      case 'memory':
        this.memoryWaiters.get(msg.id)?.(msg);
        this.memoryWaiters.delete(msg.id);
        return;
      case 'error':
        if (msg.scope === 'data') return this.set({ dataError: msg.message, progress: null });
        if (msg.scope === 'pca') {
          return this.set({ pcaProgress: null, notices: [...this.state.notices, msg.message] });
        }
        return this.set({ fatalError: msg.message, running: false });
    }
  }

  private onInference(msg: FromInference): void {
    switch (msg.type) {
      case 'error':
        return this.set({ fatalError: `Drawing inference failed: ${msg.message}` });
      case 'decoded': {
        const picked = this.state.picked;
        if (msg.gen !== this.gen || msg.id !== this.pickId || !picked) return;
        return this.set({ picked: { ...picked, image: msg.images } });
      }
      case 'sampled':
        if (msg.gen !== this.gen || msg.id !== this.sampleId) return;
        return this.set({ samples: msg.images });
      case 'interpolated':
        this.interpolationAnswered();
        if (msg.gen !== this.gen || msg.id !== this.interpId) return;
        return this.set({ interpolation: msg.images });
      case 'drawingResult': {
        if (msg.gen !== this.gen) return;
        const input = this.state.drawingInput;
        const sentAt = this.drawingSentAt.get(msg.id);
        this.drawingSentAt.delete(msg.id);
        // Answers arrive in order; show any that is newer than the one on screen.
        if (msg.id <= this.drawingShown || !input) return;
        this.drawingShown = msg.id;
        if (sentAt !== undefined && this.latencyStart === null) this.latencyStart = sentAt;
        return this.set({ drawing: { input, recon: msg.recon, code: msg.code } });
      }
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
    this.client?.send({ type: 'run' });
  };

  pause = (): void => {
    this.set({ running: false });
    this.client?.send({ type: 'pause' });
  };

  step = (): void => {
    if (this.state.running) return;
    this.client?.send({ type: 'step' });
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
      this.client?.send({ type: 'hyper', hyper: hyperOf(this.state.config) });
      return;
    }
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = null;
      this.rebuild();
    }, REBUILD_DEBOUNCE_MS);
  };

  dismissNotice = (index: number): void => {
    this.set({ notices: this.state.notices.filter((_, i) => i !== index) });
  };

  /** A preprocessed 28×28 drawing, or null when the pad is empty. */
  setDrawing = (input: Float32Array | null): void => {
    // The last answer stays on screen until the next one arrives (no blank flash per stroke).
    this.set({ drawingInput: input, drawing: input ? this.state.drawing : null });
    if (input) this.sendDrawing(input);
  };

  private pickId = 0;
  private sampleId = 0;

  /** Decodes random codes from N(0, I): new digits (meaningful for the variational model). */
  generate = (count = 32): void => {
    this.sampleId += 1;
    const seed = (Math.random() * 2 ** 31) | 0;
    this.inference?.send({ type: 'sample', id: this.sampleId, count, seed });
  };
  private interpId = 0;

  /** Decodes a point of the latent plane (latent size 2, where the plane is the code space). */
  pickPoint = (x: number, y: number): void => {
    if (this.state.runModel?.latent !== 2) return;
    this.pickId += 1;
    this.set({ picked: { x, y, image: null } });
    this.inference?.send({
      type: 'decode',
      id: this.pickId,
      codes: new Float32Array([x, y]),
      count: 1,
    });
  };

  private interpNext: { a: Float32Array; b: Float32Array; steps: number } | null = null;
  /** When the unanswered interpolation was sent (0: none in flight). */
  private interpSentAt = 0;
  private interpDoneAt = 0;
  private interpCost = 0;
  private interpTimer = 0;

  /**
   * Decodes `steps` points on the line between the codes of two digits. The view asks again at
   * every model snapshot; one request is in flight at a time, latest wins, and refreshes take at
   * most about a quarter of the inference worker (a conv model on the cpu backend takes hundreds
   * of milliseconds), so drawings stay quick.
   */
  interpolate = (a: Float32Array, b: Float32Array, steps: number): void => {
    this.interpNext = { a: a.slice(), b: b.slice(), steps };
    this.pumpInterpolation();
  };

  private pumpInterpolation(): void {
    // A stroke in progress has the inference worker to itself; setStroking(false) pumps again.
    if (!this.interpNext || this.interpTimer || this.stroking) return;
    const now = performance.now();
    const later = (ms: number) => {
      this.interpTimer = setTimeout(() => {
        this.interpTimer = 0;
        this.pumpInterpolation();
      }, ms) as unknown as number;
    };
    if (this.interpSentAt) {
      // An answer that never comes (no model yet) is given up after 2 s.
      const left = this.interpSentAt + 2000 - now;
      if (left > 0) return later(left);
      this.interpSentAt = 0;
    }
    const wait = this.interpDoneAt + 3 * this.interpCost - now;
    if (wait > 0) return later(wait);
    const { a, b, steps } = this.interpNext;
    this.interpNext = null;
    this.interpId += 1;
    this.interpSentAt = now;
    this.inference?.send({ type: 'interpolate', id: this.interpId, a, b, steps });
  }

  private interpolationAnswered(): void {
    const now = performance.now();
    if (this.interpSentAt) this.interpCost = now - this.interpSentAt;
    this.interpDoneAt = now;
    this.interpSentAt = 0;
    clearTimeout(this.interpTimer);
    this.interpTimer = 0;
    this.pumpInterpolation();
  }

  toggleRun = (id: number): void => {
    // At once: the checkbox is controlled, so until the state changes React puts its old value
    // back, and a click would show as a flicker (or, under load, not at all).
    this.set(
      { runs: this.state.runs.map((r) => (r.id === id ? { ...r, visible: !r.visible } : r)) },
      true,
    );
  };

  /** tf.memory() of the worker. */
  probeMemory = (): Promise<MemoryProbe> =>
    new Promise((resolve) => {
      this.memoryId += 1;
      this.memoryWaiters.set(this.memoryId, resolve);
      this.client?.send({ type: 'probeMemory', id: this.memoryId });
    });

  private sendDrawing(input: Float32Array, fromPerson = true): void {
    this.drawingId += 1;
    // Only a person's stroke starts the latency clock; model-driven refreshes do not.
    if (fromPerson) this.drawingSentAt.set(this.drawingId, performance.now());
    if (this.drawingSentAt.size > 100) this.drawingSentAt.clear();
    const copy = input.slice();
    this.inference?.send({ type: 'encodeDrawing', id: this.drawingId, pixels: copy }, [
      copy.buffer,
    ]);
  }
}
