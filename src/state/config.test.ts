import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, MODEL_RANGES } from '../model/config';
import {
  appliesOf,
  configWithModel,
  defaultConfig,
  HIDE_PARTS,
  hideNames,
  hides,
  hyperOf,
  keyAppliesToKind,
  modelConfigOf,
  parseConfig,
  serializeConfig,
} from './config';
import { sliderScale } from './sliderScale';

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
    const { config, notices } = parseConfig('?latent=5000&hidden=1&lr=5&batch=0');
    expect(config.latent).toBe(1024);
    expect(config.hidden).toBe(32);
    expect(config.lr).toBe(0.1);
    expect(config.batch).toBe(16);
    expect(notices).toHaveLength(4);
    expect(notices[0]).toMatch(/latent size 5000 is out of range/);
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

describe('what the table derives', () => {
  it('says when each key applies', () => {
    expect(appliesOf('latent')).toBe('rebuild');
    expect(appliesOf('model')).toBe('rebuild');
    expect(appliesOf('lr')).toBe('live');
    expect(appliesOf('batch')).toBe('live');
    expect(appliesOf('backend')).toBe('page');
    expect(appliesOf('valsize')).toBe('page');
    expect(appliesOf('dataset')).toBe('data');
  });

  it('reads the dataset, falling back to MNIST with a notice', () => {
    expect(parseConfig('').config.dataset).toBe('mnist');
    expect(parseConfig('?dataset=fashion')).toEqual({
      config: { ...defaultConfig(), dataset: 'fashion' },
      notices: [],
    });
    const unknown = parseConfig('?dataset=cifar');
    expect(unknown.config.dataset).toBe('mnist');
    expect(unknown.notices).toEqual([
      'Unknown dataset "cifar"; using mnist (choose mnist, fashion, own).',
    ]);
    expect(serializeConfig({ ...defaultConfig(), dataset: 'fashion' })).toBe('?dataset=fashion');
    expect(parseConfig('?dataset=own').config.dataset).toBe('own');
  });

  it('builds the model config from the model keys', () => {
    const config = { ...defaultConfig(), model: 'denoising' as const, noiselevel: 0.6, depth: 2 };
    expect(modelConfigOf(config)).toEqual({
      ...DEFAULT_MODEL,
      kind: 'denoising',
      noiseLevel: 0.6,
      depth: 2,
    });
    expect(modelConfigOf(defaultConfig())).toEqual(DEFAULT_MODEL);
    const back = configWithModel(defaultConfig(), modelConfigOf(config), { lr: 0.01, batch: 64 });
    expect(back).toEqual({ ...config, lr: 0.01, batch: 64 });
    expect(configWithModel(config, DEFAULT_MODEL)).toEqual({ ...defaultConfig() });
    expect(hyperOf({ ...config, lr: 0.01, batch: 64 })).toEqual({ lr: 0.01, batch: 64 });
  });

  it('offers depth to every kind whose factory reads it, the VAE included', () => {
    expect(keyAppliesToKind('depth', 'vae')).toBe(true);
    expect(keyAppliesToKind('depth', 'dense')).toBe(true);
    expect(keyAppliesToKind('depth', 'conv')).toBe(false);
    expect(keyAppliesToKind('beta', 'vae')).toBe(true);
    expect(keyAppliesToKind('beta', 'dense')).toBe(false);
    expect(keyAppliesToKind('noiselevel', 'denoising')).toBe(true);
    expect(keyAppliesToKind('latent', 'conv')).toBe(true);
  });

  it('maps slider positions to values on linear and log scales', () => {
    const noise = sliderScale('noiselevel');
    expect([noise.min, noise.max, noise.step]).toEqual([0, 1, 0.05]);
    expect(noise.value(0.35000000000000003)).toBe(0.35);
    const lr = sliderScale('lr');
    expect(lr.min).toBeCloseTo(-4);
    expect(lr.max).toBeCloseTo(-1);
    expect(lr.position(0.001)).toBeCloseTo(-3);
    expect(lr.value(-2.95)).toBe(0.00112);
    expect(sliderScale('sparsity').value(-2.9)).toBe(0.0013);
    expect(sliderScale('beta').value(1.2000000000000002)).toBe(1.2);
    const hidden = sliderScale('hidden');
    expect([hidden.min, hidden.max, hidden.step]).toEqual([32, 1024, 32]);
    expect(hidden.value(96)).toBe(96);
  });

  it('takes the model fields’ defaults and ranges from the model layer', () => {
    const { config } = parseConfig('?depth=9&latent=0');
    expect(config.depth).toBe(MODEL_RANGES.depth.max);
    expect(config.latent).toBe(MODEL_RANGES.latent.min);
    expect(defaultConfig().beta).toBe(DEFAULT_MODEL.beta);
  });
});

describe('hide', () => {
  it('takes the keys with a control, and the panels and buttons by name', () => {
    const names = hideNames();
    for (const key of ['model', 'loss', 'latent', 'hidden', 'depth', 'lr', 'batch', 'beta'])
      expect(names).toContain(key);
    // Keys without a control on the page are not names of anything to hide.
    for (const key of ['backend', 'seed', 'autostart', 'valsize', 'hide'])
      expect(names).not.toContain(key);
    for (const part of HIDE_PARTS) expect(names).toContain(part);
    expect(new Set(names).size).toBe(names.length);
  });

  it('reads known names in a canonical order, each once, with no notice', () => {
    const { config, notices } = parseConfig('?hide=runs,lr, Batch,model,lr');
    expect(config.hide).toEqual(['model', 'lr', 'batch', 'runs']);
    expect(notices).toEqual([]);
    expect(hides(config, 'lr')).toBe(true);
    expect(hides(config, 'latent')).toBe(false);
  });

  it('leaves out an unknown name with a notice and keeps the known ones', () => {
    const { config, notices } = parseConfig('?hide=lr,sidebar,seed');
    expect(config.hide).toEqual(['lr']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^Unknown part to hide "sidebar", "seed"; ignored \(choose from /);
  });

  it('reads an empty list as nothing hidden', () => {
    for (const q of ['?hide=', '?hide=,', '?hide= , '])
      expect(parseConfig(q)).toEqual({ config: defaultConfig(), notices: [] });
  });

  it('writes the list with plain commas and reads it back', () => {
    const config = { ...parseConfig('?latent=2').config, hide: ['lr', 'batch', 'draw'] };
    const s = serializeConfig(config);
    expect(s).toBe('?latent=2&hide=lr,batch,draw');
    expect(parseConfig(s)).toEqual({ config, notices: [] });
    expect(serializeConfig({ ...config, hide: [] })).toBe('?latent=2');
  });

  it('writes the keys asked for even at their defaults', () => {
    const config = parseConfig('?model=vae').config;
    expect(serializeConfig(config, new Set(['latent', 'model']))).toBe('?model=vae&latent=16');
  });
});
