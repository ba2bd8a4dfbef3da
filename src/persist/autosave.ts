// When the run is written to storage: at most every AUTOSAVE_MS while it trains, at once when a
// person pauses or hides the page. One write at a time; a newer state offered meanwhile is
// written next (latest wins). After a failure it stops and says so once: training goes on
// unsaved. What a write is (here a request to the training worker, which writes the record)
// is the host's business.
import { PersistError } from './runDb';

/** The longest a training run goes unsaved. */
export const AUTOSAVE_MS = 10_000;

export interface AutosaveHost<T> {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  write(run: T): Promise<void>;
  /** Saving has stopped for good (storage full, refused, broken). */
  onError(err: PersistError): void;
}

export class Autosave<T> {
  private pending: T | null = null;
  private lastWrite = -Infinity;
  private timer: unknown = null;
  private writing: Promise<void> | null = null;
  private failed = false;
  /** flush() came during a write: the next is written as soon as that one ends. */
  private flushAfter = false;

  constructor(
    private readonly host: AutosaveHost<T>,
    private readonly intervalMs = AUTOSAVE_MS,
  ) {}

  /** A newer state of the run: written when the interval allows. */
  offer(run: T): void {
    if (this.failed) return;
    this.pending = run;
    this.schedule();
  }

  /** Writes what is pending now (Pause, the page hidden or closed). */
  flush(): void {
    if (this.failed || this.pending === null) return;
    this.cancelTimer();
    if (this.writing) this.flushAfter = true;
    else void this.write();
  }

  /** Forgets what is pending (Start over): nothing older gets written after it. */
  drop(): void {
    this.pending = null;
    this.flushAfter = false;
    this.cancelTimer();
  }

  /** Settles once no write is under way (Start over clears the record after it). */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
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

  private write(): Promise<void> {
    const run = this.pending;
    if (run === null || this.writing || this.failed) return Promise.resolve();
    this.pending = null;
    this.lastWrite = this.host.now();
    // Begun after the assignment, so writeNow's finally always comes after it.
    this.writing = Promise.resolve().then(() => this.writeNow(run));
    return this.writing;
  }

  private async writeNow(run: T): Promise<void> {
    try {
      await this.host.write(run);
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
      this.writing = null;
    }
    const urgent = this.flushAfter;
    this.flushAfter = false;
    if (this.pending === null) return;
    if (urgent) void this.write();
    else this.schedule();
  }
}
