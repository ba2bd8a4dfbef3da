import { describe, expect, it } from 'vitest';
import { DrawLatency, MAX_LATENCIES, MAX_WAITING } from './drawLatency';
import { FakeClock } from './testing/fakeTime';

describe('DrawLatency', () => {
  it('times a drawing from sending to its answer on screen', () => {
    const clock = new FakeClock();
    const latency = new DrawLatency(clock);
    latency.sent(1);
    clock.advance(30);
    latency.sent(2);
    clock.advance(12);
    latency.shown(1);
    clock.advance(5);
    latency.shown(2);
    expect(latency.latencies).toEqual([42, 17]);
  });

  it('does not time an answer to a drawing it was not told of, nor one answer twice', () => {
    const clock = new FakeClock();
    const latency = new DrawLatency(clock);
    latency.sent(1);
    clock.advance(10);
    latency.shown(2);
    latency.shown(1);
    latency.shown(1);
    expect(latency.latencies).toEqual([10]);
  });

  it('drops the waiting list once it grows past its bound', () => {
    const clock = new FakeClock();
    const latency = new DrawLatency(clock);
    for (let id = 1; id <= MAX_WAITING; id += 1) latency.sent(id);
    latency.shown(1);
    expect(latency.latencies).toHaveLength(1);
    for (let id = 101; id <= 102; id += 1) latency.sent(id);
    // The 101st waiting entry cleared the list: neither 2 nor 102 is timed now.
    latency.shown(2);
    latency.shown(102);
    expect(latency.latencies).toHaveLength(1);
  });

  it('keeps the newest latencies only', () => {
    const clock = new FakeClock();
    const latency = new DrawLatency(clock);
    for (let id = 1; id <= MAX_LATENCIES + 2; id += 1) {
      latency.sent(id);
      clock.advance(id);
      latency.shown(id);
    }
    expect(latency.latencies).toHaveLength(MAX_LATENCIES);
    expect(latency.latencies[0]).toBe(3);
    expect(latency.latencies.at(-1)).toBe(MAX_LATENCIES + 2);
  });
});
