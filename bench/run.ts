#!/usr/bin/env -S npx tsx
// The benchmark: builds the app, serves the production build, drives it in Chromium and compares
// our worker training with the stock tfjs Layers loop (bench/peer.html) and with the same step in
// numpy (bench/native_step.py), in the same run. Prints a table and writes
// bench/results/latest.json. `npm run bench -- --help` for the options.
import { chromium, type Browser } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { launchOptions } from '../e2e/browser';
import { BenchContext } from './context';
import { HELP, parseArgs, type Backend, type Options, type SpeedSection } from './options';
import { markdown, reportRows, table } from './report';
import { assemble, type AutoRow, type Measured } from './result';
import { build, builtAlready, startPreview, type Preview } from './server';
import { AUTOSAVE_PAUSES, measureAutosave } from './sections/autosave';
import { measureFamily, stepCost } from './sections/family';
import { measureInside } from './sections/inside';
import { LEARN_SECONDS, measureThrottled, THROTTLE_RATE } from './sections/throttled';
import { measureCopyTest, measureLinearPca } from './sections/teach';
import { measureMemory } from './sections/memory';
import { measureNative } from './sections/native';
import { measureQuality, TRAIN_COUNT } from './sections/quality';
import { measureResponsiveness } from './sections/responsiveness';
import { measureSoak } from './sections/soak';
import { measureStartup, openFirstVisit } from './sections/startup';
import {
  compare,
  fastest,
  MODELS,
  ours,
  peer,
  type ModelKey,
  type ModelSpec,
  type ThroughputTable,
} from './sections/throughput';
import { evaluateTargets } from './targets';
import { fmtInt, log, ratio, round } from './util';

type Sections = Omit<Measured, 'started' | 'loadAtStart' | 'browser' | 'browserPath' | 'native'>;

/** The sections of a run that measures none of them; each part fills in its own. */
const NOTHING: Omit<Sections, 'errors'> = {
  data: {},
  resp: null,
  autosave: null,
  inside: null,
  throttled: null,
  soak: null,
  throughput: {},
  throughputReference: {},
  throughputAuto: null,
  mem: null,
  quality: [],
  family: [],
  copyTest: [],
  linear: [],
  details: {},
};

/** The soak alone (--soak). */
async function soak(ctx: BenchContext, minutes: number): Promise<Sections> {
  log(
    `Soak: ${minutes} min on ${ctx.opts.pageBackend}, a rebuild a minute, drawing, two WebGL context losses…`,
  );
  const result = await ctx.section('soak', () => measureSoak(ctx, minutes));
  for (const ph of result?.phases ?? []) {
    if (ph.error) ctx.errors.push({ section: `soak ${ph.label}`, message: ph.error });
  }
  const data = { webglRenderer: result?.webglRenderer ?? null };
  return { ...NOTHING, data, soak: result, errors: ctx.errors };
}

/** Whether the run measures `section` of the speed run (all of them unless --sections names some). */
const wanted = (opts: Options, section: SpeedSection): boolean =>
  opts.sections === null || opts.sections.includes(section);

/** Data, responsiveness, throughput (ours and the peer) and memory. */
async function speed(ctx: BenchContext, opts: Options): Promise<Sections> {
  const p = opts.profile;
  const want = (section: SpeedSection) => wanted(opts, section);
  let [data, resp, autosave]: [Sections['data'], Sections['resp'], Sections['autosave']] = [
    {},
    null,
    null,
  ];
  if (want('data') || want('responsiveness') || want('autosave')) {
    log(`Data: download, decode, first reconstruction (defaults, backend ${opts.pageBackend})…`);
    const visit = await openFirstVisit(ctx);
    try {
      data = (await ctx.section('data', () => measureStartup(ctx, visit))) ?? {};
      if (want('responsiveness')) {
        log(`Responsiveness: ${p.resp} s of training while drawing…`);
        resp = await ctx.section('responsiveness', () => measureResponsiveness(ctx, visit.page));
      }
      if (want('autosave')) {
        log(
          `Autosave: ${p.autosave} s of training, then Pause and Train ${AUTOSAVE_PAUSES} times…`,
        );
        autosave = await ctx.section('autosave', () => measureAutosave(ctx, visit.page));
      }
    } finally {
      await visit.page.closeAll();
    }
  }

  const models: [ModelKey, ModelSpec][] = [['default', MODELS.default]];
  if (p.reference) models.push(['reference', MODELS.reference]);
  const details: Sections['details'] = {};
  const backends = want('throughput') ? opts.backends : [];
  for (const b of backends) {
    details[b] = {};
    for (const [key, model] of models) {
      log(`Throughput: ours on ${b}, ${key} model…`);
      details[b][`ours_${key}`] = await ctx.section(`ours ${b} ${key}`, () => ours(ctx, b, model));
    }
  }
  // The peer runs in one page (the data is decoded once), all backends in turn.
  const peers = backends.length
    ? ((await ctx.section('peer page', () => peer(ctx, backends, models))) ?? {})
    : {};
  const throughput: ThroughputTable = {};
  const throughputReference: ThroughputTable = {};
  for (const b of backends) {
    for (const [key] of models) {
      const pr = peers[b]?.[key] ?? null;
      details[b]![`peer_${key}`] = pr;
      const o = details[b]![`ours_${key}`] as Awaited<ReturnType<typeof ours>> | null;
      (key === 'default' ? throughput : throughputReference)[b] = compare(ctx, b, key, o, pr);
    }
  }

  // Ours with the automatic backend choice against the peer on its default, webgl.
  let throughputAuto: AutoRow | null = null;
  if (data.autoBackend && backends.length) {
    const measured = data.autoBackend in throughput;
    let oursAuto = throughput[data.autoBackend as Backend]?.ours ?? null;
    let source = measured ? `same run as backend=${data.autoBackend}` : 'not measured';
    if (!measured && p.mode === 'smoke') source = 'not measured in smoke mode';
    else if (!measured) {
      log('Throughput: ours on auto, default model…');
      const r = await ctx.section('ours auto', () => ours(ctx, 'auto', MODELS.default));
      oursAuto = round(r?.examplesPerSecond ?? null);
      source = 'measured with backend=auto';
    }
    const peerWebgl = throughput.webgl?.peer ?? null;
    throughputAuto = {
      backend: data.autoBackend,
      ours: oursAuto,
      peerWebgl,
      ratio: round(ratio(oursAuto, peerWebgl), 3),
      source,
    };
  }

  let inside: Sections['inside'] = null;
  if (want('inside')) {
    log(`Inside the model: ${p.inside} s moving Code 1 of the latent traversal while it trains…`);
    inside = await ctx.section('inside', () => measureInside(ctx, opts.pageBackend, p.inside));
  }

  // Not in smoke mode: a throttled first visit takes a minute or more before its 30 s.
  let throttled: Sections['throttled'] = null;
  if (p.mode !== 'smoke' && want('throttled')) {
    log(
      `A phone's CPU: ${THROTTLE_RATE}× throttled, a phone's screen, ${LEARN_SECONDS} s of drawing from the first step…`,
    );
    throttled = await ctx.section('throttled', () => measureThrottled(ctx));
  }

  const memBackend: Backend = opts.backends.includes('wasm') ? 'wasm' : opts.backends[0]!;
  let mem: Sections['mem'] = null;
  if (want('memory')) {
    log(`Memory: ${p.steps} steps and ${p.rebuilds} rebuilds on ${memBackend}…`);
    mem = await ctx.section('memory', () => measureMemory(ctx, memBackend));
  }
  return {
    ...NOTHING,
    data,
    resp,
    autosave,
    inside,
    throttled,
    throughput,
    throughputReference,
    throughputAuto,
    mem,
    details,
    errors: ctx.errors,
  };
}

/** The quality and family runs, on the backend that trained fastest (auto when none ran). */
async function training(ctx: BenchContext, opts: Options, s: Sections): Promise<void> {
  const best = fastest(s.throughput);
  const backend = best?.backend ?? 'auto';
  if (opts.quality) {
    for (const dataset of opts.datasets)
      for (const latent of opts.qualityLatents) {
        const epochs = opts.qualityEpochs;
        log(
          `Quality: ${dataset}, latent ${latent}, test MSE after ${epochs.join(', ')} epochs on ${backend} (valsize 10000)…`,
        );
        const rows = await ctx.section(`quality ${dataset} ${latent}`, () =>
          measureQuality(ctx, backend, latent, epochs, best?.ours, dataset),
        );
        for (const q of rows ?? []) {
          s.quality.push(q);
          log(
            `  latent ${latent}, ${q.epochs} epoch(s): test MSE ${q.testMse ?? '—'} (${q.backend})`,
          );
        }
      }
  }
  if (opts.teach) await teach(ctx, opts, s, backend, best?.ours ?? null);
  if (opts.family) {
    const n = opts.familyExamples;
    const counts = n > TRAIN_COUNT ? [TRAIN_COUNT, n] : [n];
    for (const dataset of opts.datasets)
      for (const variant of opts.familyVariants) {
        log(
          `Family: ${dataset}, ${variant} at latent 32, test MSE after ${counts.map(fmtInt).join(' and ')} examples on ${backend}…`,
        );
        const rate = (best?.ours ?? 200) / stepCost(variant);
        const rows = await ctx.section(`family ${dataset} ${variant}`, () =>
          measureFamily(ctx, backend, variant, counts, rate, dataset),
        );
        for (const f of rows ?? []) {
          s.family.push(f);
          log(
            `  ${variant}, ${fmtInt(f.examples)} examples: test MSE ${f.testMse ?? '—'} (${f.backend})`,
          );
        }
      }
  }
}

/** The lessons' figures: the copy test by model, and the linear autoencoder against PCA. */
async function teach(
  ctx: BenchContext,
  opts: Options,
  s: Sections,
  backend: string,
  rate: number | null,
): Promise<void> {
  log(`Copy or understand?: each model ${fmtInt(opts.copyExamples)} examples on ${backend}…`);
  s.copyTest =
    (await ctx.section('copy test', () => measureCopyTest(ctx, backend, opts.copyExamples))) ?? [];
  for (const c of s.copyTest)
    log(`  ${c.label}: digits ${c.digitMse ?? '—'}, noise ${c.noiseMse ?? '—'} (${c.backend})`);
  const counts = [TRAIN_COUNT, 5 * TRAIN_COUNT];
  log(`Linear autoencoder at k = 8 against PCA, after 1 and 5 epochs on ${backend}…`);
  s.linear =
    (await ctx.section('linear vs PCA', () => measureLinearPca(ctx, backend, counts, rate))) ?? [];
  for (const l of s.linear)
    log(`  ${fmtInt(l.examples)} examples: test MSE ${l.testMse ?? '—'} (PCA ${l.pcaMse})`);
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    log(HELP);
    return 0;
  }
  const p = opts.profile;
  const started = Date.now();
  if (opts.build || !builtAlready()) await build();
  if (!builtAlready())
    throw new Error('the build has no dist/index.html or dist-pages/bench/peer.html');
  const loadAtStart = os.loadavg()[0] ?? 0;
  if (loadAtStart > os.cpus().length * 0.5) {
    log(
      `Warning: the machine is busy (load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} CPUs); timings will be low.`,
    );
  }
  const servers: Preview[] = [];
  let browser: Browser | null = null;
  const cleanup = (): void => servers.forEach((s) => s.stop());
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    servers.push(await startPreview('app'), await startPreview('pages'));
    const [app, pages] = servers as [Preview, Preview];
    const doSpeed = !opts.onlyTraining && opts.soak === null;
    // Before the browser starts, so nothing else of ours competes for the cores.
    let native = null;
    if (doSpeed && wanted(opts, 'native')) {
      log(`Native CPU limit: the reference model's step in numpy on ${os.cpus().length} cores…`);
      native = await measureNative({ warmupSeconds: p.warmup, seconds: p.window });
      log(
        native.examplesPerSecond === null
          ? `  not measured: ${native.notMeasured}`
          : `  ${fmtInt(native.examplesPerSecond)} ex/s (${native.blas ?? 'BLAS ?'}, numpy ${native.numpy})`,
      );
    }
    const launch = launchOptions();
    browser = await chromium.launch({
      ...launch,
      args: [...launch.args, ...opts.chromiumArgs],
      headless: !opts.headed,
    });
    const ctx = new BenchContext(browser, app.base, pages.base, opts);
    log(
      `Benchmark (${p.mode}): backends ${opts.backends.join(', ')}; windows ${p.warmup} s warm-up + ${p.window} s; ` +
        `Chromium ${browser.version()}${opts.headed ? ' (headed)' : ' (headless)'}`,
    );
    const sections: Sections =
      opts.soak !== null
        ? await soak(ctx, opts.soak)
        : doSpeed
          ? await speed(ctx, opts)
          : { ...NOTHING, errors: ctx.errors };
    await training(ctx, opts, sections);

    const result = assemble(opts, {
      ...sections,
      started,
      loadAtStart,
      browser,
      browserPath: launch.executablePath ?? 'playwright default',
      native,
    });
    result.targets = evaluateTargets(result);
    result.wallSeconds = round((Date.now() - started) / 1000, 1);
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);

    log();
    log(
      `${result.machine.browser} · WebGL: ${result.machine.webglRenderer ?? 'none'} · ` +
        `${result.machine.cpuCount} CPUs (${result.machine.cpuModel ?? '?'}) · ${result.date}`,
    );
    log(
      `Peer: tfjs ${opts.peerMode} Layers loop on the main thread (stock settings); ours: the app's worker.`,
    );
    log();
    const rows = reportRows(result);
    for (const line of table(rows)) log(line);
    const starred =
      [...Object.values(result.throughput), ...Object.values(result.throughputReference)].some(
        (v) => v.oursDuringStartupWork,
      ) || !!sections.resp?.startupWorkDuringWindow;
    if (starred) {
      log(
        "* measured while the app's startup PCA still ran in another worker (it competes " +
          'for the CPU). --startup-wait N waits longer for it first (default 120 s; 12 in --quick; 0 in --smoke).',
      );
    }
    if (opts.markdown) {
      log();
      for (const line of markdown(rows)) log(line);
    }
    log();
    if (p.mode === 'quick')
      log(
        'Quick mode: short windows, 13 s responsiveness, 25 s autosave, 300 steps + 6 rebuilds for memory, no quality.',
      );
    if (p.mode === 'smoke') log('Smoke mode: tiny windows; the figures are not meaningful.');
    if (p.mode === 'soak')
      log(
        'Soak: each sample follows a rebuild that has settled, with a GC first for the heap; ' +
          'GPU bytes compare samples of the same model (the slider alternates).',
      );
    else if (!opts.quality) log('Quality runs: add --full.');
    const errors = ctx.errors;
    if (errors.length)
      log(`${errors.length} part(s) failed: ${errors.map((e) => e.section).join(', ')}`);
    log(`Wrote ${opts.out} (${result.wallSeconds} s).`);
    return errors.length ? 1 : 0;
  } finally {
    await browser?.close();
    cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
