import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, type AutosaveHost } from './autosave';
import { PersistError } from './runStore';
import type { SavedRun } from './savedRun';

const run = (step: number) => ({ snapshot: { step } }) as unknown as SavedRun;
const stepOf = (r: SavedRun) => r.snapshot.step;

function host(write: (r: SavedRun) => Promise<void> = () => Promise.resolve()) {
  const written: number[] = [];
  const errors: PersistError[] = [];
  const h: AutosaveHost<SavedRun> = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
    write: async (r) => {
      await write(r);
      written.push(stepOf(r));
    },
    onError: (e) => errors.push(e),
  };
  return { h, written, errors };
}

describe('Autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the first offer at once, then at most every 10 s, the latest offer', async () => {
    const { h, written } = host();
    const save = new Autosave(h, 10_000);
    save.offer(run(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(written).toEqual([1]);
    save.offer(run(2));
    await vi.advanceTimersByTimeAsync(3000);
    save.offer(run(3));
    await vi.advanceTimersByTimeAsync(6999);
    expect(written).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(written).toEqual([1, 3]);
  });

  it('writes at once on flush (Pause, page hidden), and nothing twice', async () => {
    const { h, written } = host();
    const save = new Autosave(h, 10_000);
    save.offer(run(1));
    await vi.advanceTimersByTimeAsync(0);
    save.offer(run(2));
    save.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(written).toEqual([1, 2]);
    save.flush();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(written).toEqual([1, 2]);
  });

  it('writes one at a time; what arrives meanwhile is written after, latest wins', async () => {
    let release: () => void = () => {};
    const { h, written } = host((r) =>
      stepOf(r) === 1 ? new Promise<void>((res) => (release = res)) : Promise.resolve(),
    );
    const save = new Autosave(h, 10_000);
    save.offer(run(1));
    save.offer(run(2));
    save.offer(run(3));
    save.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(written).toEqual([]);
    release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(written).toEqual([1, 3]);
  });

  it('stops after a failure and says so once', async () => {
    const { h, written, errors } = host(() =>
      Promise.reject(new PersistError('full', 'The browser’s storage is full.')),
    );
    const save = new Autosave(h, 10_000);
    save.offer(run(1));
    await vi.advanceTimersByTimeAsync(0);
    save.offer(run(2));
    save.flush();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(written).toEqual([]);
    expect(errors.map((e) => e.kind)).toEqual(['full']);
  });

  it('turns an unexpected error into a PersistError', async () => {
    const { h, errors } = host(() => Promise.reject(new TypeError('boom')));
    const save = new Autosave(h, 10_000);
    save.offer(run(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(errors[0]).toBeInstanceOf(PersistError);
    expect(errors[0]!.kind).toBe('failed');
  });

  it('drops what is pending on Start over', async () => {
    const { h, written } = host();
    const save = new Autosave(h, 10_000);
    save.offer(run(1));
    await vi.advanceTimersByTimeAsync(0);
    save.offer(run(2));
    save.drop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(written).toEqual([1]);
  });

  it('a flush during a write (Pause while saving) is written as soon as that write ends', async () => {
    let release: () => void = () => {};
    const { h, written } = host((r) =>
      stepOf(r) === 1 ? new Promise<void>((res) => (release = res)) : Promise.resolve(),
    );
    const save = new Autosave(h, 10_000);
    save.offer(run(1));
    await vi.advanceTimersByTimeAsync(0);
    save.offer(run(2));
    save.flush();
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(written).toEqual([1, 2]);
  });

  it('idle() settles once the write under way has ended, and at once when none is', async () => {
    let release: () => void = () => {};
    const { h, written } = host(() => new Promise<void>((res) => (release = res)));
    const save = new Autosave(h, 10_000);
    await save.idle();
    save.offer(run(1));
    await vi.advanceTimersByTimeAsync(0);
    let idle = false;
    void save.idle().then(() => (idle = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(idle).toBe(false);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle).toBe(true);
    expect(written).toEqual([1]);
  });
});
