import { describe, expect, it } from 'vitest';
import { Requests } from './requests';

describe('Requests', () => {
  it('settles each request by the answer with its id', async () => {
    const r = new Requests<string>();
    const a = r.open();
    const b = r.open();
    expect(b.id).toBe(a.id + 1);
    r.resolve(b.id, 'second');
    r.reject(a.id, new Error('no model'));
    await expect(b.answer).resolves.toBe('second');
    await expect(a.answer).rejects.toThrow('no model');
  });

  it('ignores answers to nothing, and rejects what is pending when the worker goes', async () => {
    const r = new Requests<number>();
    r.resolve(42, 1);
    const a = r.open();
    r.abandon('The worker was replaced.');
    await expect(a.answer).rejects.toThrow('The worker was replaced.');
    r.resolve(a.id, 5);
  });
});
