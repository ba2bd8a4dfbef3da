// When the run is written to storage: at most every AUTOSAVE_MS while it trains, at once when a
// person pauses or leaves the page. A write never waits for the worker: the page always holds
// the latest snapshot the worker sent, and the autosave writes that. One write at a time; a
// newer run offered meanwhile is written next (latest wins). After a failure it stops and says so
// once: training goes on unsaved.
import { PersistError } from './runStore';
import type { SavedRun } from './savedRun';

/** The longest a training run goes unsaved. */
export const AUTOSAVE_MS = 10_000;

export interface AutosaveHost {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  write(run: SavedRun): Promise<void>;
  /** Saving has stopped for good (storage full, refused, broken). */
  onError(err: PersistError): void;
  /** A write finished (the benchmark and the status read this). */
  onSaved?(run: SavedRun): void;
}

export class Autosave {
  private pending: SavedRun | null = null;
  private lastWrite = -Infinity;
  private timer: unknown = null;
  private writing = false;
  private failed = false;

  constructor(
    private readonly host: AutosaveHost,
    private readonly intervalMs = AUTOSAVE_MS,
  ) {}

  /** A newer state of the run: written when the interval allows. */
  offer(run: SavedRun): void {
    if (this.failed) return;
    this.pending = run;
    this.schedule();
  }

  /** Writes what is pending now (Pause, the page hidden or closed). */
  flush(): void {
    if (this.failed || !this.pending) return;
    this.cancelTimer();
    void this.write();
  }

  /** Forgets what is pending (Start over): nothing older gets written after it. */
  drop(): void {
    this.pending = null;
    this.cancelTimer();
  }

  private schedule(): void {
    if (this.timer !== null || this.writing) return;
    const wait = this.lastWrite + this.intervalMs - this.host.now();
    if (wait <= 0) {
      void this.write();
      return;
    }
    this.timer = this.host.setTimeout(() => {
      this.timer = null;
      void this.write();
    }, wait);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    this.host.clearTimeout(this.timer);
    this.timer = null;
  }

  private async write(): Promise<void> {
    const run = this.pending;
    if (!run || this.writing || this.failed) return;
    this.pending = null;
    this.writing = true;
    this.lastWrite = this.host.now();
    try {
      await this.host.write(run);
      this.host.onSaved?.(run);
    } catch (err) {
      this.failed = true;
      this.pending = null;
      this.host.onError(
        err instanceof PersistError
          ? err
          : new PersistError('failed', 'Your model could not be saved; training goes on unsaved.'),
      );
      return;
    } finally {
      this.writing = false;
    }
    if (this.pending) this.schedule();
  }
}
