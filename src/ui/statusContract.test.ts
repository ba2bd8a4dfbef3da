import { describe, expect, it } from 'vitest';
import { STATUS_DATA, statusAttributes, type StatusField } from './statusContract';

describe('status contract', () => {
  it('names each attribute as the DOM names its dataset key', () => {
    for (const [key, attr] of Object.entries(STATUS_DATA)) {
      const kebab = `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      expect(attr).toBe(kebab);
    }
  });

  it('writes every field, leaving unknown ones out', () => {
    const values = Object.fromEntries(
      (Object.keys(STATUS_DATA) as StatusField[]).map((k) => [k, undefined]),
    ) as Parameters<typeof statusAttributes>[0];
    const attrs = statusAttributes({ ...values, step: 12, backend: 'wasm' });
    expect(attrs['data-step']).toBe('12');
    expect(attrs['data-backend']).toBe('wasm');
    expect(attrs['data-loss']).toBeUndefined();
    expect(Object.keys(attrs).sort()).toEqual(Object.values(STATUS_DATA).sort());
  });
});
