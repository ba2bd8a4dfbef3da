// Time and timers, passed in so that the parts that pace the page run in Node on a fake clock.

/** Cancels a timer; a no-op once it has fired. */
export type Cancel = () => void;

export interface Clock {
  /** Milliseconds, as performance.now(). */
  now(): number;
  /** Calls `callback` once, `ms` from now. */
  after(ms: number, callback: () => void): Cancel;
}

// The globals are looked up at each call, not captured, so a test's fake timers apply to it too.
export const systemClock: Clock = {
  now: () => performance.now(),
  after: (ms, callback) => {
    const id = setTimeout(callback, ms);
    return () => clearTimeout(id);
  },
};
