// The benchmark's command line: every documented option parses, and bad ones say what is wrong.
import { describe, expect, test } from 'vitest';
import { MODEL_KINDS } from '../src/model/config';
import { HELP, parseArgs } from './options';

describe('parseArgs', () => {
  test('the standard run by default: webgl and wasm, auto page backend, no training runs', () => {
    const o = parseArgs([]);
    expect(o.backends).toEqual(['webgl', 'wasm']);
    expect(o.pageBackend).toBe('auto');
    expect(o.profile).toMatchObject({ mode: 'standard', warmup: 8, window: 15, reference: true });
    expect([o.quality, o.family, o.help, o.markdown, o.headed]).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(o.familyVariants).toEqual([...MODEL_KINDS]);
    expect(o.out).toMatch(/bench[/\\]results[/\\]latest\.json$/);
  });

  test('--quick shortens the windows; --seconds sets the window and half of it as warm-up', () => {
    expect(parseArgs(['--quick']).profile).toMatchObject({ mode: 'quick', window: 3.5, resp: 13 });
    expect(parseArgs(['--quick', '--seconds', '10']).profile).toMatchObject({
      window: 10,
      warmup: 5,
    });
    expect(parseArgs(['--seconds=1']).profile).toMatchObject({ window: 1, warmup: 1 });
  });

  test('--full, --quality and --family choose the training runs', () => {
    expect(parseArgs(['--full'])).toMatchObject({ quality: true, family: true });
    expect(parseArgs(['--full']).profile.mode).toBe('full');
    expect(parseArgs(['--quality'])).toMatchObject({ quality: true, family: false });
    expect(parseArgs(['--family'])).toMatchObject({ quality: false, family: true });
    expect(parseArgs(['--quick', '--family']).profile.mode).toBe('quick+family');
    const o = parseArgs(['--family', '--only-training', '--family-examples', '120000']);
    expect(o).toMatchObject({ onlyTraining: true, familyExamples: 120_000 });
    expect(o.profile.mode).toBe('family, training only');
    expect(parseArgs(['--family-variants=vae,conv']).familyVariants).toEqual(['vae', 'conv']);
    expect(parseArgs([]).datasets).toEqual(['mnist']);
    expect(parseArgs(['--datasets', 'mnist,fashion']).datasets).toEqual(['mnist', 'fashion']);
    expect(() => parseArgs(['--datasets=cifar'])).toThrow('--datasets: mnist, fashion');
  });

  test('--backend, --markdown, --headed and repeated --chromium-arg', () => {
    const o = parseArgs([
      '--backend',
      'wasm,cpu',
      '--markdown',
      '--headed',
      '--chromium-arg=--use-angle=vulkan',
      '--chromium-arg',
      '--enable-gpu',
    ]);
    expect(o.backends).toEqual(['wasm', 'cpu']);
    expect(o).toMatchObject({ markdown: true, headed: true });
    expect(o.chromiumArgs).toEqual(['--use-angle=vulkan', '--enable-gpu']);
  });

  test('--sections picks parts of the speed run; all of them by default; unknown ones refused', () => {
    expect(parseArgs([]).sections).toBeNull();
    expect(parseArgs(['--sections', 'inside,throttled']).sections).toEqual(['inside', 'throttled']);
    expect(() => parseArgs(['--sections=inside,speed'])).toThrow(/--sections: native, data/);
  });

  test('--smoke keeps one backend and trains on it on the page too', () => {
    const o = parseArgs(['--smoke', '--backend', 'cpu,wasm', '--full']);
    expect(o.backends).toEqual(['cpu']);
    expect(o.pageBackend).toBe('cpu');
    expect([o.quality, o.family]).toEqual([false, false]);
    expect(o.profile.mode).toBe('smoke');
  });

  test('--soak MINUTES runs the soak alone, in whole minutes', () => {
    expect(parseArgs([]).soak).toBeNull();
    const o = parseArgs(['--soak', '20', '--markdown']);
    expect(o).toMatchObject({ soak: 20, markdown: true, pageBackend: 'auto' });
    expect(o.profile.mode).toBe('soak');
    expect(parseArgs(['--soak=3', '--page-backend', 'webgl'])).toMatchObject({
      soak: 3,
      pageBackend: 'webgl',
    });
    for (const bad of ['1', '2.5', '0', 'x'])
      expect(() => parseArgs(['--soak', bad])).toThrow(
        '--soak needs a whole number of minutes ≥ 2',
      );
    expect(() => parseArgs(['--soak'])).toThrow('--soak needs a value');
    expect(() => parseArgs(['--soak', '5', '--quick', '--family'])).toThrow(
      '--soak runs alone, not with --quick, --family',
    );
    expect(() => parseArgs(['--soak', '5', '--smoke'])).toThrow('not with --smoke');
  });

  test('each profile has an autosave window; the quick one holds two timed writes', () => {
    expect(parseArgs(['--smoke']).profile.autosave).toBe(12);
    expect(parseArgs(['--quick']).profile.autosave).toBe(25);
    expect(parseArgs([]).profile.autosave).toBe(40);
  });

  test('--help asks for the help text, which names every option', () => {
    expect(parseArgs(['--help']).help).toBe(true);
    expect(parseArgs(['-h']).help).toBe(true);
    for (const name of [
      '--quick',
      '--full',
      '--quality',
      '--family',
      '--only-training',
      '--family-examples',
      '--backend',
      '--seconds',
      '--markdown',
      '--headed',
      '--chromium-arg',
      '--soak',
      '--help',
    ])
      expect(HELP).toContain(name);
  });

  test('bad options and values are refused with what is wrong', () => {
    expect(() => parseArgs(['--bogus'])).toThrow('Unknown option --bogus');
    expect(() => parseArgs(['--backend', 'metal'])).toThrow('Unknown backend "metal"');
    expect(() => parseArgs(['--seconds', '0'])).toThrow('--seconds needs a positive number');
    expect(() => parseArgs(['--seconds'])).toThrow('--seconds needs a value');
    expect(() => parseArgs(['--family-examples', '100'])).toThrow('≥ 6000');
    expect(() => parseArgs(['--family-variants', 'gan'])).toThrow(MODEL_KINDS.join(','));
    expect(() => parseArgs(['--only-training'])).toThrow('--only-training needs');
    expect(() => parseArgs(['--page-backend', 'gpu'])).toThrow('--page-backend');
    expect(() => parseArgs(['--peer-mode', 'x'])).toThrow('--peer-mode');
  });
});
