import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig, serializeConfig } from './config';

describe('URL config', () => {
  it('gives the defaults for an empty query', () => {
    const { config, notices } = parseConfig('');
    expect(config).toEqual(defaultConfig());
    expect(config.latent).toBe(16);
    expect(notices).toEqual([]);
  });

  it('reads valid values', () => {
    const { config, notices } = parseConfig(
      '?latent=2&hidden=512&lr=0.01&batch=64&seed=7&backend=wasm',
    );
    expect(config).toMatchObject({
      latent: 2,
      hidden: 512,
      lr: 0.01,
      batch: 64,
      seed: 7,
      backend: 'wasm',
    });
    expect(notices).toEqual([]);
  });

  it('clamps out-of-range numbers with a notice', () => {
    const { config, notices } = parseConfig('?latent=500&hidden=1&lr=5&batch=0');
    expect(config.latent).toBe(64);
    expect(config.hidden).toBe(32);
    expect(config.lr).toBe(0.1);
    expect(config.batch).toBe(16);
    expect(notices).toHaveLength(4);
    expect(notices[0]).toMatch(/latent size 500 is out of range/);
  });

  it('falls back to defaults for malformed values with a notice', () => {
    const { config, notices } = parseConfig('?latent=abc&backend=quantum&lr=&autostart=maybe');
    expect(config.latent).toBe(16);
    expect(config.backend).toBe('auto');
    expect(config.lr).toBe(1e-3);
    expect(config.autostart).toBe(true);
    expect(notices).toHaveLength(4);
    expect(notices.join(' ')).toMatch(/Unknown backend "quantum"/);
  });

  it('rounds integers', () => {
    expect(parseConfig('?latent=2.6').config.latent).toBe(3);
  });

  it('round-trips through the URL and keeps links short', () => {
    const config = {
      ...defaultConfig(),
      latent: 8,
      lr: 0.003,
      autostart: false,
      backend: 'cpu' as const,
    };
    const s = serializeConfig(config);
    expect(s).toBe('?backend=cpu&latent=8&lr=0.003&autostart=0');
    expect(parseConfig(s).config).toEqual(config);
    expect(serializeConfig(defaultConfig())).toBe('');
  });
});
