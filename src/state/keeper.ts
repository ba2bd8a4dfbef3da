// Keeps the run: has the training worker save it as the autosave says (the worker writes the
// record, so its megabytes are never copied on the page's thread), holds the newest snapshot the
// worker sent (a worker that dies is replaced from it), and hands the saved run of an earlier
// visit to the store. The storage itself is behind RunStore (src/persist), so this module knows
// nothing of IndexedDB, and a page without storage trains on unsaved.
import { Autosave, AUTOSAVE_MS } from '../persist/autosave';
import { openRunStore, PersistError, type RunStore } from '../persist/runStore';
import { SAVED_RUN_VERSION, type SavedRun } from '../persist/savedRun';
import type { SaveFailure, TrainerSnapshot } from '../train/protocol';
import type { AppState } from './appState';
import type { Cancel, Clock } from './clock';

export interface KeeperHost {
  clock: Clock;
  /** Wall-clock time for the record (Date.now). */
  wallNow(): number;
  /** Asks the worker for the run as it stands. */
  snapshot(): Promise<TrainerSnapshot | null>;
  /**
   * Asks the worker for the run as it stands and to save it with the rest of the record;
   * `written` settles with the outcome (null: saved). Both reject if the worker goes first.
   */
  saveRun(fields: RecordFields): {
    snapshot: Promise<TrainerSnapshot | null>;
    written: Promise<SaveFailure | null>;
  };
  state(): AppState;
  /** Saving stopped; the page says why once. */
  notice(text: string): void;
  /** Opens the storage (IndexedDB by default); null: keep nothing between visits. */
  openStore?: (() => Promise<RunStore>) | null;
}

/** The saved record but its snapshot: what the page knows of the run. */
export type RecordFields = Omit<SavedRun, 'snapshot'>;

export class Keeper {
  /** The newest snapshot the worker sent for the current run. */
  latest: TrainerSnapshot | null = null;
  /** The run an earlier visit saved, once storage has answered (null: none, or unusable). */
  readonly saved: Promise<SavedRun | null>;
  /** What `saved` resolved to, once it has (undefined until then). */
  savedNow: SavedRun | null | undefined = undefined;
  private readonly store: Promise<RunStore | null>;
  /** Offers the fields of the record as they are when the write begins. */
  private readonly autosave: Autosave<() => RecordFields>;
  private cancelTick: Cancel | null = null;
  private enabled = true;

  constructor(private readonly host: KeeperHost) {
    const open = host.openStore === undefined ? openRunStore : host.openStore;
    if (!open) {
      this.savedNow = null;
      this.enabled = false;
    }
    this.store = open
      ? open().catch((err: unknown) => {
          this.fail(err);
          return null;
        })
      : Promise.resolve(null);
    this.saved = this.store.then(async (store) => {
      if (!store) return null;
      try {
        const { run, discarded } = await store.load();
        if (discarded) {
          host.notice(
            'A saved model from another version of the app could not be read; it was set aside.',
          );
        }
        return run;
      } catch (err) {
        this.fail(err);
        return null;
      }
    });
    void this.saved.then((run) => (this.savedNow = run));
    this.autosave = new Autosave({
      now: () => host.clock.now(),
      setTimeout: (fn, ms) => host.clock.after(ms, fn),
      clearTimeout: (cancel) => (cancel as Cancel)(),
      write: async (fieldsNow) => {
        if (!(await this.store)) return;
        const { snapshot, written } = host.saveRun(fieldsNow());
        // A worker replaced meanwhile wrote nothing, and nothing failed: the next one saves.
        const taken = await snapshot.catch(() => null);
        if (taken) this.latest = taken;
        const error = await written.catch(() => null);
        if (error) throw new PersistError(error.kind, error.message);
      },
      onError: (err) => this.fail(err),
    });
  }

  /** Training started or stopped: while it runs, the run is saved every AUTOSAVE_MS. */
  training(on: boolean): void {
    this.cancelTick?.();
    this.cancelTick = null;
    if (!on || !this.enabled) return;
    const tick = () => {
      this.cancelTick = this.host.clock.after(AUTOSAVE_MS, tick);
      void this.capture(false);
    };
    this.cancelTick = this.host.clock.after(AUTOSAVE_MS, tick);
  }

  /** Saves now (Pause, the page hidden): a fresh snapshot, written at once. */
  saveNow(): Promise<void> {
    return this.capture(true);
  }

  /**
   * The page is going away: the page writes what it holds itself, with no time to ask the
   * worker (a write begun after the worker's commits after it).
   */
  leaving(): void {
    const latest = this.latest;
    if (!latest || !this.enabled) return;
    this.autosave.drop();
    void this.store.then((store) =>
      store?.save({ ...this.fields(), snapshot: latest }).catch((err: unknown) => this.fail(err)),
    );
  }

  /** Start over: the saved run is forgotten and nothing older is written after. */
  async forget(): Promise<void> {
    this.autosave.drop();
    this.latest = null;
    await this.autosave.idle();
    const store = await this.store;
    await store?.clear().catch((err: unknown) => this.fail(err));
  }

  /** A new run began: the snapshot held belongs to the old one. */
  newRun(restore: TrainerSnapshot | null): void {
    this.latest = restore;
  }

  private async capture(urgent: boolean): Promise<void> {
    if (this.enabled) {
      this.autosave.offer(() => this.fields());
      if (urgent) this.autosave.flush();
      return;
    }
    // Nothing is saved, but a worker that dies is still replaced from the newest snapshot.
    const taken = await this.host.snapshot().catch(() => null);
    if (taken) this.latest = taken;
  }

  private fields(): RecordFields {
    const s = this.host.state();
    return {
      version: SAVED_RUN_VERSION,
      savedAt: this.host.wallNow(),
      config: s.config,
      history: s.history,
      valLoss: s.valLoss,
      valExamples: s.valExamples,
      runs: s.runs,
      running: s.running,
    };
  }

  private fail(err: unknown): void {
    if (!this.enabled) return;
    this.enabled = false;
    const reason =
      err instanceof PersistError ? err.message : 'Your model could not be saved in this browser.';
    this.host.notice(`${reason} Training goes on unsaved.`);
  }
}
