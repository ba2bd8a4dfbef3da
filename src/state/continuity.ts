// Continuity: a run outlives what would end it. A run saved on an earlier visit comes back (or
// is offered), a dead training worker is replaced and its run goes on, a model too large for
// the device gives way to the last one that worked, and model files carry a run out and in.
import { restoredNotice, resumeOffer, sameRun, type SavedRun } from '../persist/savedRun';
import type { TrainerSnapshot } from '../train/protocol';
import type { AppState } from './appState';
import type { Clock } from './clock';
import { configWithModel, type Config } from './config';
import type { Keeper } from './keeper';
import { resetAt } from './resets';
import { archiveRun } from './runArchive';
import type { ModelFile, Supervisor } from './supervisor';

/** How many times a dead training worker is replaced within RESTART_WINDOW_MS before giving up. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;
/** How long the first run waits for storage to say whether a run was saved. */
const SAVED_WAIT_MS = 3000;

/** What continuity needs of the store. */
export interface ContinuityHost {
  state(): AppState;
  set(patch: Partial<AppState>): void;
  setConfig(config: Partial<Config>): void;
  /** A new run, fresh or continuing `restore`. */
  rebuild(restore?: TrainerSnapshot): void;
  train(): void;
  pause(): void;
  reset(): void;
  /** Starts new workers and loads the data. */
  start(): void;
  readonly supervisor: Supervisor;
  readonly keeper: Keeper;
  readonly clock: Clock;
  wallNow(): number;
}

export class Continuity {
  /** A run to continue when the data is next ready (a worker that died was replaced). */
  private resumeAfterLoad: { snapshot: TrainerSnapshot; running: boolean } | null = null;
  private restarts: number[] = [];
  /** The config of the last model that was built: a model too large for the device goes back. */
  private lastGood: Config | null = null;
  /** The run an earlier visit saved, kept while the page offers to resume it. */
  private offered: SavedRun | null = null;
  /** The data changed (another dataset): the next load begins a fresh run on it. */
  private freshAfterLoad = false;

  constructor(private readonly host: ContinuityHost) {}

  /** Other data is loading: when it is ready a fresh run begins, nothing saved is taken up. */
  dataChanged(): void {
    this.resumeAfterLoad = null;
    this.freshAfterLoad = true;
  }

  /** A model was built with the config now set. */
  modelBuilt(): void {
    this.lastGood = this.host.state().config;
  }

  /**
   * The data is ready: a run that was interrupted (a worker replaced) goes on; else a run saved
   * on an earlier visit with the URL's config is restored; else a fresh run begins, and a saved
   * run of another config is offered.
   */
  async firstRun(autostart: boolean): Promise<void> {
    // Synchronous when storage has answered already (or there is none), so the run's first
    // messages leave in the same task as the data-ready notice.
    const resume = this.resumeAfterLoad;
    this.resumeAfterLoad = null;
    if (resume) {
      this.host.rebuild(resume.snapshot);
      if (resume.running) this.host.train();
      return;
    }
    if (this.freshAfterLoad) {
      this.freshAfterLoad = false;
      this.host.rebuild();
      if (autostart) this.host.train();
      return;
    }
    const saved =
      this.host.keeper.savedNow !== undefined
        ? this.host.keeper.savedNow
        : await Promise.race([
            this.host.keeper.saved,
            new Promise<null>((done) => this.host.clock.after(SAVED_WAIT_MS, () => done(null))),
          ]);
    if (!this.host.state().dataReady) return;
    if (saved && sameRun(saved.config, this.host.state().config)) {
      this.restore(saved);
      if (saved.running && autostart) this.host.train();
      return;
    }
    if (saved) {
      this.offered = saved;
      this.host.set({ resumeOffer: resumeOffer(saved) });
    }
    this.host.rebuild();
    if (autostart) this.host.train();
  }

  /** Shows a saved run's chart and table and has the worker continue it. */
  private restore(saved: SavedRun): void {
    this.host.set({
      ...resetAt('run'),
      history: saved.history,
      valLoss: saved.valLoss,
      valExamples: saved.valExamples,
      runs: saved.runs,
      restored: restoredNotice(saved, this.host.wallNow()),
      resumeOffer: null,
    });
    this.host.rebuild(saved.snapshot);
  }

  /** A worker died or went silent: a new one continues from the newest snapshot, a few times. */
  crashed(message: string): void {
    const now = this.host.clock.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    const snapshot = this.host.keeper.latest;
    if (this.restarts.length >= MAX_RESTARTS || !snapshot || !this.host.state().dataReady) {
      this.host.keeper.training(false);
      this.host.set({ fatalError: message, running: false });
      return;
    }
    this.restarts.push(now);
    this.resumeAfterLoad = { snapshot, running: this.host.state().running };
    const step = new Intl.NumberFormat('en-US').format(snapshot.step);
    this.host.set({
      notices: [
        ...this.host.state().notices,
        `The training worker stopped (${message}); a new one resumed from step ${step}.`,
      ],
    });
    this.host.start();
  }

  /** The model did not fit the device: the config that last built a model comes back. */
  backToLastGood(): void {
    const good = this.lastGood;
    if (!good || good === this.host.state().config) return;
    this.host.setConfig(good);
    this.host.rebuild();
  }

  /** Set the restored run aside: storage forgets it and a fresh run begins. */
  startOver = (): void => {
    this.host.set({ restored: null, resumeOffer: null });
    this.offered = null;
    void this.host.keeper.forget();
    this.host.reset();
  };

  /** Take up the run an earlier visit saved, with its config. */
  resumeSaved = (): void => {
    const saved = this.offered;
    this.offered = null;
    if (!saved) return;
    this.host.pause();
    this.host.setConfig(saved.config);
    this.restore(saved);
    if (saved.running && this.host.state().config.autostart) this.host.train();
  };

  dismissSavedRun = (): void => {
    this.offered = null;
    this.host.set({ restored: null, resumeOffer: null });
  };

  /** The current model and its run as the two files of a TensorFlow.js Layers model. */
  downloadModel = async (): Promise<ModelFile | null> => {
    this.host.set({ modelFileBusy: true, modelFileError: null });
    try {
      return await this.host.supervisor.exportModel(this.host.state().history);
    } catch (err) {
      this.host.set({ modelFileError: err instanceof Error ? err.message : String(err) });
      return null;
    } finally {
      this.host.set({ modelFileBusy: false });
    }
  };

  /**
   * Files a person chose: when they hold a model of this app, it and its run replace the
   * current one (which goes to the Runs table); otherwise an alert says why, and nothing changes.
   */
  loadModelFiles = async (files: { name: string; bytes: Uint8Array }[]): Promise<void> => {
    // An earlier file's alert stays until this one is read.
    this.host.set({ modelFileBusy: true });
    try {
      const { model, snapshot, metadata } = await this.host.supervisor.importModel(files);
      this.host.pause();
      this.host.setConfig(configWithModel(this.host.state().config, model, snapshot.hyper));
      const step = new Intl.NumberFormat('en-US').format(snapshot.step);
      this.host.set({
        ...resetAt('run'),
        runs: archiveRun(this.host.state()),
        history: metadata.lossHistory,
        notices: [
          ...this.host.state().notices,
          `Loaded a ${model.kind} model, latent size ${model.latent}, at step ${step}.`,
        ],
      });
      this.host.set({ modelFileError: null });
      this.host.rebuild(snapshot);
    } catch (err) {
      this.host.set({ modelFileError: err instanceof Error ? err.message : String(err) });
    } finally {
      this.host.set({ modelFileBusy: false });
    }
  };

  /** Files refused before reading (too large): the alert says why; nothing changes. */
  refuseModelFiles = (reason: string): void => {
    this.host.set({ modelFileError: reason });
  };

  dismissModelFileError = (): void => {
    this.host.set({ modelFileError: null });
  };
}
