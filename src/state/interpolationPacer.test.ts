import { describe, expect, it } from 'vitest';
import { FakeClock } from './testing/fakeTime';
import {
  GIVE_UP_MS,
  InterpolationPacer,
  REST_FACTOR,
  type InterpolationRequest,
} from './interpolationPacer';

function setup() {
  const clock = new FakeClock();
  const sent: InterpolationRequest[] = [];
  let held = false;
  const pacer = new InterpolationPacer(
    (r) => sent.push(r),
    () => held,
    clock,
  );
  const hold = (on: boolean) => (held = on);
  return { clock, sent, pacer, hold };
}

const code = (v: number) => new Float32Array([v, v]);

describe('InterpolationPacer', () => {
  it('sends a request at once when the worker is free, a copy of the codes', () => {
    const { sent, pacer } = setup();
    const a = code(1);
    pacer.request(a, code(2), 8);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.steps).toBe(8);
    expect(sent[0]!.a).not.toBe(a);
    expect([...sent[0]!.a]).toEqual([1, 1]);
  });

  it('keeps one request in flight, and sends the latest of those waiting when it is answered', () => {
    const { clock, sent, pacer } = setup();
    pacer.request(code(1), code(2), 8);
    pacer.request(code(3), code(4), 8);
    pacer.request(code(5), code(6), 8);
    expect(sent).toHaveLength(1);
    clock.advance(100);
    pacer.answered();
    // The answer cost 100 ms: the worker is left alone for three times that.
    expect(REST_FACTOR).toBe(3);
    clock.advance(299);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toHaveLength(2);
    expect([...sent[1]!.a]).toEqual([5, 5]);
  });

  it('gives up on an answer after two seconds', () => {
    const { clock, sent, pacer } = setup();
    pacer.request(code(1), code(2), 8);
    pacer.request(code(3), code(4), 8);
    expect(GIVE_UP_MS).toBe(2000);
    clock.advance(1999);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing while held, and the waiting request on resume', () => {
    const { sent, pacer, hold } = setup();
    hold(true);
    pacer.request(code(1), code(2), 8);
    expect(sent).toHaveLength(0);
    hold(false);
    pacer.resume();
    expect(sent).toHaveLength(1);
  });

  it('forgets the request in flight on restart (a new worker never answers it)', () => {
    const { sent, pacer } = setup();
    pacer.request(code(1), code(2), 8);
    pacer.restart();
    pacer.request(code(3), code(4), 8);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing more once stopped', () => {
    const { clock, sent, pacer } = setup();
    pacer.request(code(1), code(2), 8);
    pacer.request(code(3), code(4), 8);
    pacer.stop();
    clock.advance(GIVE_UP_MS * 2);
    expect(sent).toHaveLength(1);
  });
});
