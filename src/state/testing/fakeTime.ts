// A clock and a frame source that move only when a test says so (used by the unit tests).
import type { Cancel, Clock } from '../clock';
import type { FrameSource } from '../frameScheduler';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private t = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  now = (): number => this.t;

  after = (ms: number, callback: () => void): Cancel => {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), callback });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  };

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time on without firing anything, as a frozen page sees it when it wakes. */
  skip(ms: number): void {
    this.t += ms;
  }

  /** Moves time on, firing each timer due meanwhile at its own time, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers
        .filter((timer) => timer.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.t = Math.max(this.t, due.at);
      due.callback();
    }
    this.t = end;
  }
}

export class FakeFrames implements FrameSource {
  hidden = false;
  private nextId = 1;
  private callbacks = new Map<number, () => void>();

  visible = (): boolean => !this.hidden;

  request = (callback: () => void): number => {
    const id = this.nextId++;
    this.callbacks.set(id, callback);
    return id;
  };

  cancel = (id: number): void => {
    this.callbacks.delete(id);
  };

  /** Frames requested and not yet fired. */
  get pending(): number {
    return this.callbacks.size;
  }

  /** The next animation frame: runs the callbacks requested before it. */
  fire(): void {
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback();
  }
}
