// The report's native rows and the targets they are judged by: our best backend's share of the
// limit measured in the run, and "not measured" (not judged) when the limit could not be measured.
import type { Browser } from '@playwright/test';
import { describe, expect, test } from 'vitest';
import { parseArgs } from './options';
import { reportRows, type Row } from './report';
import { assemble, type Measured } from './result';
import type { AutosaveResult } from './sections/autosave';
import type { NativeResult } from './sections/native';
import type { ThroughputRow } from './sections/throughput';
import { evaluateTargets } from './targets';

const row = (ours: number, peer: number): ThroughputRow => ({
  ours,
  peer,
  ratio: ours / peer,
  oursWasmThreads: null,
  peerWasmThreads: null,
  oursAppReported: null,
  oursDuringStartupWork: false,
});

const native = (examplesPerSecond: number | null, notMeasured: string | null): NativeResult => ({
  examplesPerSecond,
  notMeasured,
  cpuModel: 'Test CPU 9000',
  cpuCount: 2,
  threads: 2,
  steps: examplesPerSecond ? 100 : null,
  seconds: examplesPerSecond ? 3 : null,
  numpy: null,
  blas: null,
  python: null,
  loadAverageBefore: 0.1,
});

function report(
  n: NativeResult | null,
  autosave: AutosaveResult | null = null,
  extra: Partial<Measured> = {},
  args: string[] = ['--quick'],
): { rows: Row[]; share: unknown } {
  const measured: Measured = {
    started: Date.now(),
    loadAtStart: 0,
    // The result records the browser's version and nothing else of it.
    browser: { version: () => '150.0' } as Browser,
    browserPath: '/usr/bin/chromium',
    native: n,
    data: { decodeMs: 500, firstReconstructionMs: 1500, pageBackend: 'wasm' },
    resp: null,
    autosave,
    inside: null,
    throttled: null,
    soak: null,
    throughput: { wasm: row(4000, 800) },
    throughputReference: { webgl: row(700, 700), wasm: row(5000, 900) },
    throughputAuto: null,
    mem: null,
    quality: [],
    family: [],
    copyTest: [],
    linear: [],
    details: {},
    errors: [],
    ...extra,
  };
  const result = assemble(parseArgs(args), measured);
  result.targets = evaluateTargets(result);
  return {
    rows: reportRows(result),
    share: result.targets.find((t) => t.name.includes('native CPU limit')),
  };
}

const find = (rows: Row[], start: string): Row | undefined =>
  rows.find((r) => r[0].startsWith(start));

describe('the native CPU limit in the report', () => {
  test('measured: the best backend’s share of it, judged by the 25% target', () => {
    const { rows, share } = report(native(50_000, null));
    expect(share).toEqual({
      name: 'best backend (wasm), reference model, vs native CPU limit',
      value: 0.1,
      target: '≥ 25% (12,500 ex/s)',
      pass: false,
    });
    expect(find(rows, 'Native CPU limit')).toEqual([
      'Native CPU limit: reference model step in numpy, all cores',
      '50,000 ex/s · Test CPU 9000, 2 threads',
      '(info)',
      '—',
    ]);
    expect(find(rows, 'Best backend')).toEqual([
      'Best backend (wasm), reference model, vs native CPU limit',
      '10.0% of 50,000 ex/s (Test CPU 9000)',
      '≥ 25% (12,500 ex/s)',
      'FAIL',
    ]);
  });

  test('not measured: says why, with no figure and no verdict', () => {
    const { rows, share } = report(native(null, 'python3 not found'));
    expect(share).toMatchObject({ value: null, pass: null, target: '≥ 25%' });
    expect(find(rows, 'Native CPU limit')?.[1]).toBe('not measured (python3 not found)');
    expect(find(rows, 'Best backend')).toEqual([
      'Best backend (wasm), reference model, vs native CPU limit',
      'not measured',
      '≥ 25%',
      '—',
    ]);
  });

  test('a run without the speed sections has no native rows', () => {
    const { rows } = report(null);
    expect(find(rows, 'Native CPU limit')).toBeUndefined();
    expect(find(rows, 'Best backend')?.[1]).toBe('not measured');
  });
});

describe('the autosave rows', () => {
  const autosave = (pagePuts: number, pagePutMsMax: number | null): AutosaveResult => ({
    count: 7 + pagePuts,
    failed: 0,
    writeMsP50: 84,
    writeMsMax: 316,
    workerPutMsMax: 52.5,
    pagePuts,
    pagePutMsMax,
    bytesMax: 4_700_000,
    seconds: 49,
    backend: 'wasm',
    timed: 4,
    atPause: 3,
    pauses: 3,
    longTasks: 1,
    longTaskMaxMs: 70,
    longTaskCauses: { put: 0, write: 1, action: 0, other: 0 },
  });

  test('the worker’s put() is information; the page’s put() calls are judged, none wanted', () => {
    const { rows } = report(null, autosave(0, null));
    expect(find(rows, 'Autosave write')).toEqual([
      'Autosave write, put → committed, p50 / max',
      '84 ms / 316 ms (7 writes of 4.5 MB) · put() in the worker ≤ 53 ms',
      '(info)',
      '—',
    ]);
    expect(find(rows, 'Autosave: put() calls')).toEqual([
      "Autosave: put() calls on the page's main thread",
      '0',
      '0',
      'PASS',
    ]);
    expect(find(rows, 'Long tasks > 50 ms while autosaving')?.[1]).toBe(
      '1 (longest 70 ms; 1 during a write in the worker)',
    );
  });

  test('a put() on the page fails, with its longest call', () => {
    const { rows } = report(null, autosave(2, 61.4));
    expect(find(rows, 'Autosave: put() calls')?.slice(1)).toEqual([
      '2 (longest 61 ms)',
      '0',
      'FAIL',
    ]);
  });
});

describe('the views inside the model and the lessons in the report', () => {
  test('traversal latency, inspection share and long tasks judged; the linear AE against PCA', () => {
    const { rows } = report(null, null, {
      inside: {
        backend: 'wasm',
        seconds: 30,
        moves: 800,
        traversalP50Ms: 6,
        traversalP95Ms: 41,
        inspectionShare: 0.012,
        examplesPerSecond: 3000,
        longTasks: 0,
        longTaskMaxMs: null,
      },
      linear: [60_000, 300_000].map((examples, i) => ({
        latent: 8,
        examples,
        testMse: i ? 0.0372 : 0.05,
        pcaMse: 0.0364,
        gap: i ? 0.022 : 0.3736,
        backend: 'wasm',
        seconds: 10,
        settings: {},
      })),
    });
    expect(find(rows, 'Code slider → traversal')?.slice(1)).toEqual([
      '6 ms / 41 ms',
      '≤ 30 ms',
      'FAIL',
    ]);
    expect(find(rows, 'Opening the model')?.slice(1)).toEqual(['1.2%', '≤ 5%', 'PASS']);
    expect(find(rows, 'Long tasks > 50 ms while moving')?.slice(1)).toEqual(['0', '0', 'PASS']);
    const linear = rows.filter((r) => r[0].startsWith('Linear autoencoder'));
    expect(linear.map((r) => r[3])).toEqual(['—', 'PASS']);
    expect(linear[1]![1]).toBe('0.0372 · PCA 0.0364 (+2.2%)');
  });
});

describe("a phone's CPU in the report", () => {
  test('long tasks over 100 ms, the drawing p95 and the learning after 30 s are judged', () => {
    const { rows } = report(null, null, {
      throttled: {
        rate: 4,
        screen: '390×844, touch',
        backend: 'wasm',
        firstStepMs: 9400,
        seconds: 30.2,
        examples: 12_800,
        valLoss: 0.0452,
        valExamples: 12_000,
        meanImageMse: 0.0675,
        strokes: 25,
        drawP50Ms: 21,
        drawP95Ms: 48,
        longTasks: 3,
        longTasksOver100: 1,
        longTaskMaxMs: 131,
      },
    });
    expect(
      find(rows, 'Long tasks > 100 ms, CPU 4× throttled, 390×844, touch, wasm')?.slice(1),
    ).toEqual(['1 (3 over 50 ms, longest 131 ms)', '0', 'FAIL']);
    expect(find(rows, 'Drawing → reconstruction p50 / p95, CPU 4×')?.slice(1)).toEqual([
      '21 ms / 48 ms',
      '≤ 60 ms',
      'PASS',
    ]);
    // 0.6 × 0.0675 = 0.0405: 0.0452 has not learned visibly enough.
    const learn = find(
      rows,
      'Validation MSE 30 s after the first step (12,800 examples; first step 9.4 s',
    );
    expect(learn?.slice(1)).toEqual(['0.0452', "≤ 0.0405 (0.6 × the mean image's)", 'FAIL']);
  });
});

describe('the training runs by dataset', () => {
  const family = (dataset: 'mnist' | 'fashion', testMse: number) => ({
    dataset,
    variant: 'dense' as const,
    label: 'Dense',
    latent: 32,
    examples: 240_000,
    testMse,
    pcaMse: dataset === 'mnist' ? 0.0152 : 0.0145,
    backend: 'wasm',
    atExamples: 240_000,
    seconds: 60,
    settings: {},
  });

  test('Fashion-MNIST rows sit beside MNIST’s, named by their data and judged by no MNIST target', () => {
    const { rows } = report(
      null,
      null,
      {
        family: [family('mnist', 0.0044), family('fashion', 0.0091)],
        quality: [
          {
            dataset: 'fashion',
            latent: 8,
            epochs: 5,
            testMse: 0.0201,
            pcaMse: 0.026,
            numpyMse: null,
            backend: 'wasm',
            atExamples: 300_000,
            seconds: 70,
          },
        ],
      },
      ['--quick', '--family', '--datasets=mnist,fashion'],
    );
    expect(find(rows, 'Family: Dense (dense), latent 32, 240,000 examples')?.slice(1)).toEqual([
      '0.0044 · PCA 0.0152',
      '≤ 0.0045',
      'PASS',
    ]);
    expect(
      find(rows, 'Family (Fashion-MNIST): Dense (dense), latent 32, 240,000 examples')?.slice(1),
    ).toEqual(['0.0091 · PCA 0.0145', '(info)', '—']);
    expect(find(rows, 'Test MSE (Fashion-MNIST), latent 8, 5 epochs')?.slice(1)).toEqual([
      '0.0201 · PCA 0.026 · numpy —',
      '(info)',
      '—',
    ]);
  });
});
