// Properties of the URL parser over any query string: what comes out is always a valid config,
// and a parsed config survives serialising and parsing again unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, CONFIG_TABLE, parseConfig, serializeConfig, type Config } from './config';

/** Whether every value is of its key's kind and inside its declared range or options. */
function valid(config: Config): boolean {
  return CONFIG_KEYS.every((key) => {
    const spec = CONFIG_TABLE[key];
    const v: unknown = config[key];
    switch (spec.kind) {
      case 'enum':
        return (spec.values as readonly unknown[]).includes(v);
      case 'bool':
        return typeof v === 'boolean';
      case 'list':
        return Array.isArray(v) && v.every((name) => spec.values().includes(name));
      case 'int':
        return Number.isInteger(v) && (v as number) >= spec.min && (v as number) <= spec.max;
      case 'float':
        return Number.isFinite(v) && (v as number) >= spec.min && (v as number) <= spec.max;
    }
  });
}

// Values that look like what people and links put there, and anything at all.
const rawValue = fc.oneof(
  fc.string(),
  fc.double().map(String),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-0', '1e-7', '0x10', 'true', 'off', 'WEBGL', 'vae'),
);
const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...CONFIG_KEYS), fc.string()), rawValue), {
    maxLength: 20,
  })
  .map((pairs) => `?${new URLSearchParams(pairs).toString()}`);

describe('URL config properties', () => {
  it('turns any query string into a valid, clamped config', () => {
    fc.assert(
      fc.property(fc.oneof(queryString, fc.string()), (q) => {
        const { config, notices } = parseConfig(q);
        expect(valid(config)).toBe(true);
        expect(notices.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is a fixed point: serialise a parsed config, parse it again, get the same config', () => {
    fc.assert(
      fc.property(queryString, (q) => {
        const first = parseConfig(q).config;
        const again = parseConfig(serializeConfig(first));
        expect(again.config).toEqual(first);
        expect(again.notices).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
