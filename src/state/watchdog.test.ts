import { describe, expect, it } from 'vitest';
import { FakeClock } from './testing/fakeTime';
import { Watchdog } from './watchdog';

function watch(silentMs = 6000) {
  const clock = new FakeClock();
  let silent = 0;
  const dog = new Watchdog(clock, () => (silent += 1), silentMs);
  return { clock, dog, silent: () => silent };
}

describe('Watchdog', () => {
  it('calls a worker silent for longer than the limit dead, once', () => {
    const { clock, dog, silent } = watch();
    dog.start();
    clock.advance(6000);
    expect(silent()).toBe(0);
    clock.advance(1000);
    expect(silent()).toBe(1);
    clock.advance(60_000);
    expect(silent()).toBe(1);
  });

  it('counts any message as a sign of life', () => {
    const { clock, dog, silent } = watch();
    dog.start();
    for (let i = 0; i < 30; i++) {
      clock.advance(1000);
      dog.heard();
    }
    expect(silent()).toBe(0);
    clock.advance(5000);
    expect(silent()).toBe(0);
    clock.advance(2000);
    expect(silent()).toBe(1);
  });

  it('does not blame the worker for a page that was frozen', () => {
    const { clock, dog, silent } = watch();
    dog.start();
    clock.advance(2000);
    clock.skip(60_000);
    clock.advance(1000);
    expect(silent()).toBe(0);
    // Still silent after the page woke: now it is the worker.
    clock.advance(7000);
    expect(silent()).toBe(1);
  });

  it('stops watching when told', () => {
    const { clock, dog, silent } = watch();
    dog.start();
    dog.stop();
    clock.advance(60_000);
    expect(silent()).toBe(0);
    expect(clock.pending).toBe(0);
  });
});
