// Paces the requests that views refresh at every model snapshot (the interpolation, the views
// inside the model): one request is in flight at a time, latest wins, and refreshes take at most
// about a quarter of the inference worker (a conv model on the cpu backend takes hundreds of
// milliseconds), so drawings stay quick.
import { systemClock, type Cancel, type Clock } from './clock';

export interface InterpolationRequest {
  a: Float32Array;
  b: Float32Array;
  steps: number;
}

/** An answer that never comes (no model yet) is given up after this long. */
export const GIVE_UP_MS = 2000;
/** After an answer, the worker is left to drawings for this many times the answer's cost. */
export const REST_FACTOR = 3;

export class Pacer<T> {
  private next: T | null = null;
  /** When the unanswered request was sent (null: none in flight). */
  private sentAt: number | null = null;
  private doneAt = 0;
  private cost = 0;
  private timer: Cancel | null = null;

  /**
   * `send` puts a request to the worker; while `held()` (a stroke is drawn, which has the
   * worker to itself) nothing is sent, until `resume`.
   */
  constructor(
    private readonly send: (request: T) => void,
    private readonly held: () => boolean,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Replaces any request waiting; it goes when the worker is free. */
  offer(request: T): void {
    this.next = request;
    this.pump();
  }

  /** An answer came (to this request or an older one): the worker is free again. */
  answered(): void {
    const now = this.clock.now();
    if (this.sentAt !== null) this.cost = now - this.sentAt;
    this.doneAt = now;
    this.sentAt = null;
    this.clearTimer();
    this.pump();
  }

  /** The hold ended: a waiting request may go. */
  resume(): void {
    this.pump();
  }

  /** A new worker: the request in flight will never be answered. */
  restart(): void {
    this.sentAt = null;
  }

  stop(): void {
    this.clearTimer();
  }

  private pump(): void {
    if (!this.next || this.timer || this.held()) return;
    const now = this.clock.now();
    if (this.sentAt !== null) {
      const left = this.sentAt + GIVE_UP_MS - now;
      if (left > 0) return this.later(left);
      this.sentAt = null;
    }
    const wait = this.doneAt + REST_FACTOR * this.cost - now;
    if (wait > 0) return this.later(wait);
    const request = this.next;
    this.next = null;
    this.sentAt = now;
    this.send(request);
  }

  private later(ms: number): void {
    this.timer = this.clock.after(ms, () => {
      this.timer = null;
      this.pump();
    });
  }

  private clearTimer(): void {
    this.timer?.();
    this.timer = null;
  }
}

export class InterpolationPacer extends Pacer<InterpolationRequest> {
  /** The line between the codes of two digits, in `steps` points; replaces any request waiting. */
  request(a: Float32Array, b: Float32Array, steps: number): void {
    this.offer({ a: a.slice(), b: b.slice(), steps });
  }
}
