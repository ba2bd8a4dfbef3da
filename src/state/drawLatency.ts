// How long a person waits for the answer to a stroke: from sending the drawing to its
// reconstruction reaching the drawing panel. The benchmark reads these (window.playground).
import { systemClock, type Clock } from './clock';

/** Latencies kept, newest last. */
export const MAX_LATENCIES = 5000;
/** Drawings awaiting an answer, past which the waiting list is dropped (answers got lost). */
export const MAX_WAITING = 100;

export class DrawLatency {
  /** Drawing → reconstruction-on-screen latencies in ms, newest last. */
  readonly latencies: number[] = [];
  private sentAt = new Map<number, number>();

  constructor(private readonly clock: Clock = systemClock) {}

  /**
   * A person's drawing went out as request `id`. Refreshes the model sends by itself (a new
   * run, new weights) are not timed: nobody waits for them.
   */
  sent(id: number): void {
    this.sentAt.set(id, this.clock.now());
    if (this.sentAt.size > MAX_WAITING) this.sentAt.clear();
  }

  /** The answer to request `id` is on screen. */
  shown(id: number): void {
    const sentAt = this.sentAt.get(id);
    this.sentAt.delete(id);
    if (sentAt === undefined) return;
    this.latencies.push(this.clock.now() - sentAt);
    if (this.latencies.length > MAX_LATENCIES) this.latencies.shift();
  }
}
