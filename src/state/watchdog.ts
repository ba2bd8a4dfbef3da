// Tells a dead worker from a busy one. The training worker sends a heartbeat every second and
// any message counts; a worker silent for SILENT_MS is taken for dead (a closed worker sends
// nothing and raises no error). A page that was frozen (a suspended laptop, a background tab the
// browser paused) froze its workers too: when the check itself comes late, the silence is the
// page's, and the clock starts again.
import type { Cancel, Clock } from './clock';

export const SILENT_MS = 6000;
const CHECK_MS = 1000;

export class Watchdog {
  private lastHeard = 0;
  private lastCheck = 0;
  private cancel: Cancel | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly onSilent: () => void,
    private readonly silentMs = SILENT_MS,
  ) {}

  /** Starts watching (a worker was just started). */
  start(): void {
    this.stop();
    this.lastHeard = this.lastCheck = this.clock.now();
    this.schedule();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  /** The worker said something. */
  heard(): void {
    this.lastHeard = this.clock.now();
  }

  private schedule(): void {
    this.cancel = this.clock.after(CHECK_MS, () => this.check());
  }

  private check(): void {
    const now = this.clock.now();
    if (now - this.lastCheck > 3 * CHECK_MS) this.lastHeard = now;
    this.lastCheck = now;
    if (now - this.lastHeard > this.silentMs) {
      this.cancel = null;
      this.onSilent();
      return;
    }
    this.schedule();
  }
}
