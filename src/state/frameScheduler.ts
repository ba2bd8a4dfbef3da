// When the page catches up with the state. Updates land in `latest` at once; `shown` follows at
// the next animation frame, so a burst of worker messages costs one render and the latest wins.
import { systemClock, type Cancel, type Clock } from './clock';

/** Where frames come from: requestAnimationFrame in a browser tab. */
export interface FrameSource {
  /** Whether frames fire at all (requestAnimationFrame never fires in a hidden tab). */
  visible(): boolean;
  request(callback: () => void): number;
  cancel(id: number): void;
}

export const animationFrames: FrameSource = {
  visible: () => typeof document !== 'undefined' && !document.hidden,
  request: (callback) => requestAnimationFrame(callback),
  cancel: (id) => cancelAnimationFrame(id),
};

/** Where no frame fires (a hidden tab), the page still catches up this often. */
export const HIDDEN_FRAME_MS = 100;
/** While updates are held (a stroke is drawn), the page still catches up this often. */
export const HOLD_MS = 1000;

export interface FrameSchedulerOptions {
  frames?: FrameSource;
  clock?: Clock;
}

type Pending = { kind: 'frame'; id: number } | { kind: 'timeout'; cancel: Cancel };

export class FrameScheduler<T extends object> {
  private latestValue: T;
  private shownValue: T;
  private pending: Pending | null = null;
  private held = false;
  /** When the oldest update held back by the current hold arrived. */
  private heldSince: number | null = null;
  private readonly frames: FrameSource;
  private readonly clock: Clock;

  /** `onShow` runs whenever `shown` changes; `urgent` for an update shown at once. */
  constructor(
    initial: T,
    private readonly onShow: (urgent: boolean) => void,
    options: FrameSchedulerOptions = {},
  ) {
    this.latestValue = initial;
    this.shownValue = initial;
    this.frames = options.frames ?? animationFrames;
    this.clock = options.clock ?? systemClock;
  }

  /** Every update so far. */
  get latest(): T {
    return this.latestValue;
  }

  /** What the page shows: `latest` as of the last frame, plus urgent updates since. */
  get shown(): T {
    return this.shownValue;
  }

  get holding(): boolean {
    return this.held;
  }

  /**
   * Folds a patch in. `urgent` shows it at once, without the other pending updates, which keep
   * their frame: a controlled input that waited for a frame would snap back meanwhile.
   */
  update(patch: Partial<T>, urgent = false): void {
    this.latestValue = { ...this.latestValue, ...patch };
    if (urgent) {
      this.shownValue = { ...this.shownValue, ...patch };
      this.onShow(true);
      return;
    }
    this.schedule();
  }

  /**
   * Folds in a patch that no view reads from `shown` (a panel has it through a slice of its
   * own): it costs no frame, and `shown` takes it at the next frame that something else brings.
   */
  updateQuietly(patch: Partial<T>): void {
    this.latestValue = { ...this.latestValue, ...patch };
  }

  /**
   * Holds updates back (true) or lets them through again (false). Held updates show after at
   * most HOLD_MS counted from the first of them; on release they show at the next frame.
   */
  setHolding(on: boolean): void {
    if (on === this.held) return;
    this.held = on;
    if (on) {
      if (this.pending?.kind === 'frame') {
        this.cancel();
        this.schedule();
      }
      return;
    }
    if (this.pending?.kind === 'timeout') {
      this.cancel();
      this.scheduleFrame();
    }
  }

  private schedule(): void {
    if (this.pending) return;
    if (this.held) {
      const now = this.clock.now();
      this.heldSince ??= now;
      this.pending = {
        kind: 'timeout',
        cancel: this.clock.after(this.heldSince + HOLD_MS - now, this.flush),
      };
      return;
    }
    this.scheduleFrame();
  }

  private scheduleFrame(): void {
    this.pending = this.frames.visible()
      ? { kind: 'frame', id: this.frames.request(this.flush) }
      : { kind: 'timeout', cancel: this.clock.after(HIDDEN_FRAME_MS, this.flush) };
  }

  private cancel(): void {
    if (!this.pending) return;
    if (this.pending.kind === 'timeout') this.pending.cancel();
    else this.frames.cancel(this.pending.id);
    this.pending = null;
  }

  private flush = (): void => {
    this.pending = null;
    this.heldSince = null;
    this.shownValue = this.latestValue;
    this.onShow(false);
  };
}
