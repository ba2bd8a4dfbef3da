#!/usr/bin/env node
// The benchmark (issue 6): builds the app, serves the production build, drives it in Chromium and
// compares our worker training with the stock tfjs Layers loop (bench/peer.html) in the same run.
// Prints a table and writes bench/results/latest.json. `node bench/run.mjs --help` for options.
/* global document, window, MutationObserver */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { launchOptions } from './browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---- reference figures, from ../shared/REFERENCE.md ----

/** PCA test MSE (fitted on the 60,000 training digits), REFERENCE.md "What a good autoencoder reaches". */
const PCA_MSE = { 2: 0.0555, 8: 0.0364, 32: 0.0152 };
/** The numpy dense autoencoder 784-512-256-k-256-512-784 (Adam 1e-3, batch 128), REFERENCE.md. */
const NUMPY_MSE = {
  2: { 1: 0.0464, 5: 0.0387, 10: 0.0368 },
  8: { 1: 0.0237, 5: 0.0173, 10: 0.0156 },
  32: { 1: 0.0121, 5: 0.0075, 10: 0.0062 },
};
/** numpy + OpenBLAS on both cores, model 784-256-32-256-784 at batch 256: "the CPU limit". */
const NATIVE_CPU_LIMIT = 18_700;

const TARGETS = {
  ratio: 2.0,
  cpuLimitFraction: 0.25,
  longTasks: 0,
  drawP95Ms: 30,
  decodeMs: 1000,
  firstReconMs: 3000,
  qualityTolerance: 0.05,
};

const MODELS = {
  default: {
    label: '784-256-16-256-784, batch 128 (app default)',
    hidden: 256,
    latent: 16,
    batch: 128,
  },
  reference: {
    label: '784-256-32-256-784, batch 256 (REFERENCE.md)',
    hidden: 256,
    latent: 32,
    batch: 256,
  },
};

const TRAIN_COUNT = 60_000;

/** --full quality runs: the numpy reference's architecture and settings (REFERENCE.md). */
const QUALITY_MODEL = { model: 'dense', hidden: '512', depth: '2', batch: '128', lr: '0.001' };

/**
 * --full family runs at latent 32: one recipe for all, so the variants compare on equal terms.
 * hidden 512 is 512-256 a side for the dense kinds and 32/64 channels for the conv model; a
 * PyTorch sweep put this conv model at a test MSE near 0.0041 after 4 epochs with these settings.
 */
const FAMILY_COMMON = { hidden: '512', depth: '2', batch: '64', lr: '0.002' };
const FAMILY_SETTINGS = {
  dense: { ...FAMILY_COMMON },
  conv: { ...FAMILY_COMMON },
  denoising: { ...FAMILY_COMMON, noise: 'gaussian', noiselevel: '0.3' },
  sparse: { ...FAMILY_COMMON, sparsity: '0.001' },
  vae: { ...FAMILY_COMMON, loss: 'bce', beta: '1' },
};
const FAMILY_TARGET_MSE = 0.0045;

// ---- options ----

const HELP = `Usage: npm run bench -- [options]

  --backend LIST     backends to compare, from webgl,wasm,cpu (default webgl,wasm)
  --quick            a run under 3 minutes: short windows, 15 s responsiveness, 300 steps and
                     6 rebuilds for memory, no quality runs
  --full             also the quality runs (test MSE after 1 and 5 epochs at latent 2, 8, 32 for
                     the numpy reference's model) and the family runs (about an hour on a 2-core
                     CPU, most of it the convolutional model)
  --quality          the quality runs alone (implied by --full)
  --family           the family runs: each variant at latent 32 with the same settings, test MSE
                     after 1 epoch and after --family-examples (implied by --full)
  --family-examples N  examples each variant trains in the family runs (default 240000, 4 epochs)
  --family-variants L  variants for the family runs (default dense,conv,denoising,sparse,vae)
  --only-training    skip the speed sections (data, throughput, peer, responsiveness, memory):
                     only the --full / --family training runs
  --quality-epochs L epochs at which to read the test MSE in --full (default 1,5)
  --quality-latents L latent sizes for --full (default 2,8,32)
  --smoke            a few seconds, one backend (wasm unless --backend names one), for CI
  --seconds N        throughput measurement window in seconds (warm-up scales with it)
  --startup-wait N   seconds to wait, at most, for the app's startup PCA to finish before
                     measuring throughput and responsiveness (default 120; 12 in --quick; 0 in
                     --smoke); rows measured while it still ran are marked *
  --resp-seconds N   training + drawing time for the responsiveness measurement
  --page-backend B   backend of the data and responsiveness pages (default auto, what a person
                     gets; --smoke uses its one backend so CI does not depend on WebGL)
  --peer-mode MODE   trainOnBatch (default) or fit
  --no-build         use the existing dist/ (built anyway when dist/ is missing)
  --out PATH         where to write the JSON (default bench/results/latest.json)
  --markdown         also print the table as Markdown (for the README)
  --headed           run a headed Chromium (needs a display; uses the real GPU)
  --chromium-arg A   extra Chromium flag, repeatable (e.g. --chromium-arg=--use-angle=vulkan)
  --help             this text

On a machine with a real GPU, either run --headed, or keep headless and pass GPU flags, e.g.
  npm run bench -- --chromium-arg=--enable-gpu --chromium-arg=--use-angle=vulkan \\
    --chromium-arg=--enable-features=Vulkan
and check the "WebGL" line of the output names your GPU, not SwiftShader.
CHROMIUM_PATH picks the browser (same discovery as the e2e suite).`;

function parseArgs(argv) {
  const o = {
    backends: null,
    quick: false,
    full: false,
    smoke: false,
    seconds: null,
    respSeconds: null,
    startupWait: null,
    pageBackend: null,
    qualityEpochs: [1, 5],
    qualityLatents: [2, 8, 32],
    family: false,
    qualityOnly: false,
    familyExamples: 240_000,
    familyVariants: ['dense', 'conv', 'denoising', 'sparse', 'vae'],
    onlyTraining: false,
    peerMode: 'trainOnBatch',
    build: true,
    out: join(ROOT, 'bench', 'results', 'latest.json'),
    markdown: false,
    headed: false,
    chromiumArgs: [],
  };
  const args = [...argv];
  const value = (name, inline) => {
    const v = inline ?? args.shift();
    if (v === undefined) throw new Error(`${name} needs a value`);
    return v;
  };
  while (args.length) {
    const raw = args.shift();
    const eq = raw.indexOf('=');
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    switch (name) {
      case '--backend':
      case '--backends':
        o.backends = value(name, inline)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        for (const b of o.backends) {
          if (!['webgl', 'wasm', 'cpu'].includes(b)) throw new Error(`Unknown backend "${b}"`);
        }
        break;
      case '--quick':
        o.quick = true;
        break;
      case '--full':
        o.full = true;
        break;
      case '--smoke':
        o.smoke = true;
        break;
      case '--seconds':
        o.seconds = Number(value(name, inline));
        if (!(o.seconds > 0)) throw new Error('--seconds needs a positive number');
        break;
      case '--resp-seconds':
        o.respSeconds = Number(value(name, inline));
        if (!(o.respSeconds > 0)) throw new Error('--resp-seconds needs a positive number');
        break;
      case '--startup-wait':
        o.startupWait = Number(value(name, inline));
        if (!(o.startupWait >= 0)) throw new Error('--startup-wait needs a number ≥ 0');
        break;
      case '--quality-epochs':
      case '--quality-latents': {
        const list = value(name, inline).split(',').map(Number);
        if (!list.length || list.some((v) => !(v > 0)))
          throw new Error(`${name} needs positive numbers`);
        if (name === '--quality-epochs') o.qualityEpochs = list;
        else o.qualityLatents = list.map(Math.round);
        break;
      }
      case '--page-backend':
        o.pageBackend = value(name, inline);
        if (!['auto', 'webgl', 'wasm', 'cpu'].includes(o.pageBackend)) {
          throw new Error('--page-backend: auto, webgl, wasm or cpu');
        }
        break;
      case '--family':
        o.family = true;
        break;
      case '--quality':
        o.qualityOnly = true;
        break;
      case '--family-examples':
        o.familyExamples = Number(value(name, inline));
        if (!(o.familyExamples >= 6000)) throw new Error('--family-examples needs a number ≥ 6000');
        break;
      case '--family-variants': {
        const known = ['dense', 'conv', 'denoising', 'sparse', 'vae'];
        o.familyVariants = value(name, inline).split(',').filter(Boolean);
        const bad = o.familyVariants.filter((v) => !known.includes(v));
        if (bad.length || !o.familyVariants.length)
          throw new Error(`--family-variants: a list from ${known.join(',')}`);
        break;
      }
      case '--only-training':
        o.onlyTraining = true;
        break;
      case '--peer-mode':
        o.peerMode = value(name, inline);
        if (!['trainOnBatch', 'fit'].includes(o.peerMode))
          throw new Error('--peer-mode: trainOnBatch or fit');
        break;
      case '--no-build':
        o.build = false;
        break;
      case '--out':
        o.out = resolve(value(name, inline));
        break;
      case '--markdown':
        o.markdown = true;
        break;
      case '--headed':
        o.headed = true;
        break;
      case '--chromium-arg':
        o.chromiumArgs.push(value(name, inline));
        break;
      case '--help':
      case '-h':
        console.log(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${raw} (see --help)`);
    }
  }
  // Profiles: measurement windows and sizes of each part.
  const p = o.smoke
    ? {
        mode: 'smoke',
        warmup: 1,
        window: 2,
        resp: 3,
        steps: 20,
        rebuilds: 2,
        reference: false,
        startupWait: 0,
      }
    : o.quick
      ? {
          mode: 'quick',
          warmup: 1.5,
          window: 3.5,
          resp: 13,
          steps: 300,
          rebuilds: 6,
          reference: true,
          startupWait: 12,
        }
      : {
          mode: 'standard',
          warmup: 8,
          window: 15,
          resp: 60,
          steps: 2000,
          rebuilds: 20,
          reference: true,
          startupWait: 120,
        };
  if (o.full && !o.smoke) p.mode = o.quick ? 'quick+full' : 'full';
  else if ((o.family || o.qualityOnly) && !o.smoke)
    p.mode = `${o.quick ? 'quick+' : ''}${o.family ? 'family' : 'quality'}`;
  if (o.seconds) {
    p.window = o.seconds;
    p.warmup = Math.max(1, Math.round(o.seconds / 2));
  }
  if (o.respSeconds) p.resp = o.respSeconds;
  if (o.startupWait !== null) p.startupWait = o.startupWait;
  o.profile = p;
  o.backends ??= o.smoke ? ['wasm'] : ['webgl', 'wasm'];
  if (o.smoke) o.backends = o.backends.slice(0, 1);
  o.pageBackend ??= o.smoke ? o.backends[0] : 'auto';
  o.quality = (o.full || o.qualityOnly) && !o.smoke;
  o.family = (o.family || o.full) && !o.smoke;
  if (o.onlyTraining && !o.quality && !o.family)
    throw new Error('--only-training needs --full, --quality or --family');
  if (o.onlyTraining) {
    const parts = [o.quality && 'quality', o.family && 'family'].filter(Boolean);
    p.mode = `${parts.join(' + ')}, training only`;
  }
  return o;
}

// ---- small helpers ----

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (v, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(digits));
const fmtInt = (v) => (v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));
const fmtRatio = (v) => (v === null || v === undefined ? '—' : `${v.toFixed(2)}×`);
const fmtMs = (v) => (v === null || v === undefined ? '—' : `${fmtInt(v)} ms`);
const ratio = (a, b) => (a > 0 && b > 0 ? a / b : null);
const verdict = (ok) => (ok === null || ok === undefined ? '—' : ok ? 'PASS' : 'FAIL');

function percentile(values, p) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

function log(line = '') {
  process.stdout.write(`${line}\n`);
}

const DEBUG_T0 = Date.now();
/** BENCH_DEBUG=1 prints timestamped progress inside the sections. */
function debug(line) {
  if (process.env.BENCH_DEBUG)
    log(`    [${((Date.now() - DEBUG_T0) / 1000).toFixed(1)} s] ${line}`);
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function run(cmd, args) {
  return new Promise((res) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => res({ code, out }));
  });
}

/**
 * The production bundle: the MNIST sprite (npm run sprite) and `vite build`. Type checking
 * (`tsc -b`, part of `npm run build`) is left to CI: it does not change what is served, and on
 * a 2-core machine it is a tenth of a --quick run.
 */
async function build() {
  const t0 = Date.now();
  log('Building the app (npm run sprite, vite build)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  for (const [cmd, args] of [
    [npm, ['run', 'sprite']],
    [process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build']],
  ]) {
    const { code, out } = await run(cmd, args);
    if (code !== 0) {
      process.stderr.write(out);
      throw new Error(`${[cmd, ...args].join(' ')} failed (exit ${code})`);
    }
  }
  log(`  built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * `vite preview` of a private copy of dist/ on a free port (COOP/COEP headers come from
 * vite.config.ts). The copy keeps a concurrent `npm run build` from swapping files mid-run.
 */
async function startPreview() {
  const port = await freePort();
  const snapshot = mkdtempSync(join(os.tmpdir(), 'ae-bench-dist-'));
  cpSync(join(ROOT, 'dist'), snapshot, { recursive: true });
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(
    process.execPath,
    [
      vite,
      'preview',
      '--outDir',
      snapshot,
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited:\n${out}`);
    try {
      const res = await fetch(`${base}/`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill();
      rmSync(snapshot, { recursive: true, force: true });
      throw new Error(`vite preview did not answer on ${base}:\n${out}`);
    }
    await sleep(200);
  }
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(snapshot, { recursive: true, force: true });
  };
  return { base, stop };
}

// ---- in-page helpers (run inside the browser) ----

const STATUS = '[role="status"][aria-label="Training status"]';

async function statusData(page) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el ? { ...el.dataset, text: el.textContent ?? '' } : null;
  }, STATUS);
}

/** Waits until the status attribute `key` satisfies `pred` (a string of JS: v => boolean). */
async function waitStatus(page, key, predSource, timeout = 60_000) {
  await page.waitForFunction(
    ([sel, k, src]) => {
      const el = document.querySelector(sel);
      const v = el?.dataset[k];
      return v !== undefined && new Function('v', `return (${src})(v)`)(v);
    },
    [STATUS, key, predSource],
    { timeout, polling: 100 },
  );
}

/** Resolves at the next change of data-examples with the count and the page's clock. */
async function nextExamples(page, timeoutMs = 15_000) {
  return page.evaluate(
    ([sel, ms]) =>
      new Promise((resolve) => {
        const el = document.querySelector(sel);
        const start = el.dataset.examples;
        let mo = null;
        let timer = 0;
        const done = (changed) => {
          mo?.disconnect();
          clearTimeout(timer);
          resolve({ examples: Number(el.dataset.examples), t: performance.now(), changed });
        };
        mo = new MutationObserver(() => {
          if (el.dataset.examples !== start) done(true);
        });
        mo.observe(el, { attributes: true, attributeFilter: ['data-examples'] });
        timer = setTimeout(() => done(false), ms);
      }),
    [STATUS, timeoutMs],
  );
}

function rendererFromText(text) {
  const m = /GPU:\s*(.+)$/.exec(text ?? '');
  return m ? m[1].trim() : null;
}

function threadsFromText(text) {
  const m = /\((\d+) threads?\)/.exec(text ?? '');
  return m ? Number(m[1]) : null;
}

/** True while the app's one-off startup PCA runs (its own worker), null when the page has none. */
async function startupWorkPending(page) {
  return page.evaluate(() => {
    const pca = document.querySelector('[aria-label="PCA baseline"]');
    return pca ? !pca.hasAttribute('data-pca-mse') : null;
  });
}

/**
 * Waits, at most maxMs, for the app's one-off startup work that competes with training for the
 * CPU: today the PCA baseline, computed in its own worker after the data loads. Steady state
 * starts after it. Returns the milliseconds waited.
 */
async function waitStartupWork(page, maxMs) {
  const t0 = Date.now();
  while ((await startupWorkPending(page)) && Date.now() - t0 < maxMs) await sleep(250);
  return Date.now() - t0;
}

/** Throws when the app stopped training by itself (halted, crashed, or paused without being asked). */
async function assertTraining(page) {
  const d = await statusData(page);
  if (d?.running === 'true') return d;
  const alerts = await page
    .getByRole('alert')
    .allTextContents()
    .catch(() => []);
  throw new Error(
    `the app stopped training by itself at step ${d?.step ?? '?'} on ${d?.backend ?? '?'}` +
      (alerts.length ? `: ${alerts.join(' / ')}` : ' (no message on the page)') +
      (page.pageErrors.length ? `; page error: ${page.pageErrors[0]}` : ''),
  );
}

// ---- the benchmark ----

class Bench {
  constructor(browser, base, opts) {
    this.browser = browser;
    this.base = base;
    this.opts = opts;
    this.p = opts.profile;
    this.errors = [];
    /** The data and responsiveness pages run with the defaults, on this backend. */
    this.pageQuery = opts.pageBackend === 'auto' ? '' : `?backend=${opts.pageBackend}`;
  }

  async page(initScript) {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 } });
    if (initScript) await context.addInitScript(initScript);
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.pageErrors = pageErrors;
    page.closeAll = () => context.close();
    return page;
  }

  async section(name, fn) {
    const t0 = Date.now();
    try {
      const r = await fn();
      log(`  ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return r;
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      this.errors.push({ section: name, message });
      log(`  ! ${name} failed: ${message}`);
      return null;
    }
  }

  /**
   * One page with the defaults a person gets (`/`): data (download, decode, first
   * reconstruction), then responsiveness (long tasks and drawing latency while it trains).
   */
  async dataAndResponsiveness() {
    const page = await this.page(() => {
      window.__longTasks = [];
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            window.__longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
      } catch {
        window.__longTasks = null;
      }
    });
    const fetches = new Map();
    page.on('requestfinished', (req) => {
      const url = req.url();
      if (/\/data\/(manifest\.json|mnist_[a-z_]+\.(png|bin))$/.test(url)) {
        const timing = req.timing();
        fetches.set(url, { start: timing.startTime, end: timing.startTime + timing.responseEnd });
      }
    });
    try {
      await page.goto(`${this.base}/${this.pageQuery}`);
      const data = await this.section('data', () => this.data(page, fetches));
      log(`Responsiveness: ${this.p.resp} s of training while drawing…`);
      const resp = await this.section('responsiveness', () => this.responsiveness(page));
      return { data, resp };
    } finally {
      await page.closeAll();
    }
  }

  async data(page, fetches) {
    await page.waitForFunction(() => window.playground?.firstReconstructionMs() != null, null, {
      timeout: 60_000,
      polling: 50,
    });
    const firstReconstructionMs = await page.evaluate(() =>
      window.playground.firstReconstructionMs(),
    );
    await waitStatus(page, 'decodeMs', '(v) => v !== ""');
    await waitStatus(page, 'backend', '(v) => v !== ""');
    const d = await statusData(page);
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return null;
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    });
    const hardwareConcurrency = await page.evaluate(() => navigator.hardwareConcurrency);
    const crossOriginIsolated = await page.evaluate(() => window.crossOriginIsolated);
    const spans = [...fetches.values()];
    const downloadMs = spans.length
      ? Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start))
      : null;
    return {
      downloadMs,
      downloadFiles: spans.length,
      decodeMs: Number(d.decodeMs),
      firstReconstructionMs,
      autoBackend: this.opts.pageBackend === 'auto' ? d.backend : null,
      autoWasmThreads: threadsFromText(d.text),
      webglRenderer: renderer,
      hardwareConcurrency,
      crossOriginIsolated,
      pageBackend: d.backend,
    };
  }

  /** Our steady-state examples/s: Δexamples/Δtime over a window after warm-up. */
  async ours(backend, model) {
    const page = await this.page();
    try {
      const q = `backend=${backend}&latent=${model.latent}&hidden=${model.hidden}&batch=${model.batch}`;
      await page.goto(`${this.base}/?${q}&autostart=1`);
      await waitStatus(page, 'examples', '(v) => Number(v) > 0', 90_000);
      const startupWaitMs = await waitStartupWork(page, this.p.startupWait * 1000);
      await sleep(this.p.warmup * 1000);
      await assertTraining(page);
      // Pending now means the startup PCA overlaps the window (it does not start again).
      const startupWorkDuringWindow = (await startupWorkPending(page)) === true;
      const s0 = await nextExamples(page);
      await sleep(this.p.window * 1000);
      let s1 = await nextExamples(page);
      // A slow backend may not report inside a short window: wait a little for one more report.
      const patience = Date.now() + Math.max(10_000, 2 * this.p.window * 1000);
      while (s1.examples <= s0.examples && Date.now() < patience) {
        await assertTraining(page);
        s1 = await nextExamples(page, 5_000);
      }
      const d = await assertTraining(page);
      if (s1.examples <= s0.examples)
        throw new Error(`no training progress on ${backend} in the window`);
      const rate = ((s1.examples - s0.examples) / (s1.t - s0.t)) * 1000;
      if (page.pageErrors.length) throw new Error(`page error: ${page.pageErrors[0]}`);
      return {
        examplesPerSecond: rate > 0 ? rate : null,
        backend: d.backend,
        wasmThreads: threadsFromText(d.text),
        renderer: rendererFromText(d.text),
        appReported: Number(d.examplesPerSecond),
        windowMs: s1.t - s0.t,
        examples: s1.examples - s0.examples,
        startupWaitMs,
        startupWorkDuringWindow,
      };
    } finally {
      await page.closeAll();
    }
  }

  /** The stock Layers loop on the main thread of bench/peer.html, each backend and model in turn. */
  async peer(backends, models) {
    const page = await this.page();
    const out = {};
    try {
      await page.goto(`${this.base}/bench/peer.html`);
      await page.waitForFunction(() => window.peer, null, { timeout: 30_000 });
      for (const backend of backends) {
        out[backend] = {};
        for (const [key, model] of models) {
          log(`Throughput: peer (tfjs Layers, main thread) on ${backend}, ${key} model…`);
          out[backend][key] = await this.section(`peer ${backend} ${key}`, () =>
            this.peerRun(page, backend, model),
          );
        }
      }
      await page.evaluate(() => window.peer.stop());
      return out;
    } finally {
      await page.closeAll();
    }
  }

  async peerRun(page, backend, model) {
    const info = await page.evaluate((o) => window.peer.start(o), {
      backend,
      hidden: model.hidden,
      latent: model.latent,
      batch: model.batch,
      mode: this.opts.peerMode,
    });
    await page.waitForFunction(
      () => window.peer.stats().steps >= 2 || window.peer.stats().error,
      null,
      { timeout: 90_000, polling: 100 },
    );
    await sleep(this.p.warmup * 1000);
    const s0 = await page.evaluate(() => window.peer.stats());
    await sleep(this.p.window * 1000);
    let s1 = await page.evaluate(() => window.peer.stats());
    for (let i = 0; i < 60 && s1.steps < s0.steps + 2 && !s1.error; i++) {
      await sleep(500);
      s1 = await page.evaluate(() => window.peer.stats());
    }
    if (s1.error) throw new Error(s1.error);
    const rate = ((s1.examples - s0.examples) / (s1.t - s0.t)) * 1000;
    return { examplesPerSecond: rate > 0 ? rate : null, ...info, windowMs: s1.t - s0.t };
  }

  /** Long tasks and drawing latency while the app trains with its defaults and a person draws. */
  async responsiveness(page) {
    await waitStatus(page, 'running', '(v) => v === "true"', 60_000);
    await waitStatus(page, 'examples', '(v) => Number(v) > 0', 90_000);
    // Steady state, like the throughput rows: the one-off startup PCA finishes first (bounded).
    const startupWaitMs = await waitStartupWork(page, this.p.startupWait * 1000);
    const startupWorkDuringWindow = (await startupWorkPending(page)) === true;
    const pad = page.getByRole('img', { name: 'Drawing pad' });
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (!box) throw new Error('The drawing pad is not visible');
    const clear = page.getByRole('button', { name: 'Clear' });
    const startIndex = (await page.evaluate(() => window.playground.drawLatencies())).length;
    const windowStart = await page.evaluate(() => performance.now());
    const ex0 = Number((await statusData(page)).examples);
    const end = Date.now() + this.p.resp * 1000;
    let strokes = 0;
    let moves = 0;
    let rnd = 12345;
    const random = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    while (Date.now() < end) {
      // One stroke of about a second: an arc or loop across the middle of the pad.
      const cx = box.x + box.width * (0.35 + 0.3 * random());
      const cy = box.y + box.height * (0.35 + 0.3 * random());
      const r = box.width * (0.12 + 0.15 * random());
      const turns = 0.5 + random();
      const n = 45;
      const point = (i) => {
        const a = (i / n) * turns * 2 * Math.PI;
        return [cx + r * Math.cos(a), cy + r * Math.sin(a) * (0.8 + 0.4 * random())];
      };
      await page.mouse.move(...point(0));
      await page.mouse.down();
      const t0 = Date.now();
      // A move every ~22 ms along the path; the stroke ends after about a second even when a
      // busy page makes each move slow to deliver (then the path is simply sampled coarser).
      for (let i = 1; i <= n; i++) {
        const wait = t0 + i * 22 - Date.now();
        if (wait > 0) await sleep(wait);
        const late = Date.now() - t0 >= n * 22;
        await page.mouse.move(...point(late ? n : i));
        moves++;
        if (late) break;
      }
      await page.mouse.up();
      strokes++;
      if (strokes % 4 === 0 && Date.now() < end) await clear.click();
    }
    const windowEnd = await page.evaluate(() => performance.now());
    await assertTraining(page);
    const tasks = await page.evaluate(() => window.__longTasks);
    const latencies = (await page.evaluate(() => window.playground.drawLatencies())).slice(
      startIndex,
    );
    const d = await statusData(page);
    const inWindow = tasks?.filter(
      (t) => t.start >= windowStart && t.start <= windowEnd && t.duration > 50,
    );
    if (page.pageErrors.length) throw new Error(`page error: ${page.pageErrors[0]}`);
    return {
      seconds: (windowEnd - windowStart) / 1000,
      backend: d.backend,
      trainedExamples: Number(d.examples) - ex0,
      strokes,
      moves,
      longTasks: inWindow ? inWindow.length : null,
      longTaskMaxMs: inWindow?.length ? Math.max(...inWindow.map((t) => t.duration)) : 0,
      longTaskTotalMs: inWindow ? inWindow.reduce((s, t) => s + t.duration, 0) : null,
      drawLatencies: latencies,
      startupWaitMs,
      startupWorkDuringWindow,
    };
  }

  /** numTensors before and after many steps and rebuilds, compared at the same state. */
  async memory(backend) {
    const page = await this.page();
    const steps = this.p.steps;
    const rebuilds = this.p.rebuilds;
    const probe = async () => {
      // Equal twice in a row, so nothing transient (a reconstruction in flight) is counted.
      let last = await page.evaluate(() => window.playground.memory());
      for (let i = 0; i < 10; i++) {
        await sleep(250);
        const m = await page.evaluate(() => window.playground.memory());
        if (m.numTensors === last.numTensors && m.numBytes === last.numBytes) return m;
        last = m;
      }
      return last;
    };
    const stepOnce = async () => {
      await page.getByRole('button', { name: 'Step' }).click();
      await waitStatus(page, 'step', '(v) => v === "1"');
    };
    try {
      await page.goto(
        `${this.base}/?backend=${backend}&hidden=64&batch=16&valsize=100&autostart=0`,
      );
      await waitStatus(page, 'step', '(v) => v === "0"', 60_000);
      const latent0 = Number((await statusData(page)).latentSize);
      debug('memory: page ready');
      await stepOnce();
      const before = await probe();
      debug('memory: before probed');
      await page.getByRole('button', { name: 'Train' }).click();
      await waitStatus(page, 'step', `(v) => Number(v) >= ${steps}`, 300_000);
      await page.getByRole('button', { name: 'Pause' }).click();
      await waitStatus(page, 'running', '(v) => v === "false"');
      const trainedSteps = Number((await statusData(page)).step);
      debug(`memory: trained ${trainedSteps} steps`);
      const slider = page.getByRole('slider', { name: 'Latent size' });
      let latent = latent0;
      for (let i = 0; i < rebuilds; i++) {
        const up = i % 2 === 0;
        latent += up ? 1 : -1;
        await slider.focus();
        await page.keyboard.press(up ? 'ArrowRight' : 'ArrowLeft');
        await waitStatus(page, 'latentSize', `(v) => v === "${latent}"`);
        await waitStatus(page, 'step', '(v) => v === "0"');
        await stepOnce();
      }
      debug('memory: rebuilt');
      const after = await probe();
      if (page.pageErrors.length) throw new Error(`page error: ${page.pageErrors[0]}`);
      return {
        backend: (await statusData(page)).backend,
        model: `784-64-${latent0}-64-784, batch 16`,
        steps: trainedSteps,
        rebuilds,
        before: before.numTensors,
        after: after.numTensors,
        flat: before.numTensors === after.numTensors,
        bytesBefore: before.numBytes,
        bytesAfter: after.numBytes,
        bytesInGPUBefore: before.numBytesInGPU ?? null,
        bytesInGPUAfter: after.numBytesInGPU ?? null,
      };
    } finally {
      await page.closeAll();
    }
  }

  /**
   * Trains the app with the given URL parameters and reads the test MSE (data-val-loss with
   * valsize=10000, all test digits) at the first validation at or past each example count.
   * The app validates every whole epoch at least (every tenth when validation is cheap), so
   * whole-epoch counts are read within one batch of the count.
   */
  async trainTo(params, counts, expectedRate) {
    const page = await this.page(() => {
      window.__val = [];
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target;
          if (r.attributeName === 'data-val-loss' && el.dataset.valLoss) {
            window.__val.push({
              val: Number(el.dataset.valLoss),
              // The validation's own example count: the page may show it beside a loss report
              // from a step or two earlier, so data-examples can lag behind it.
              examples: Number(el.dataset.valExamples ?? 0),
              t: performance.now(),
            });
          }
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-val-loss'] });
    });
    try {
      const query = new URLSearchParams({ ...params, valsize: '10000', autostart: '1' });
      await page.goto(`${this.base}/?${query}`);
      const need = Math.max(...counts);
      const budget = (need / Math.max(20, expectedRate ?? 100)) * 3 * 1000 + 120_000;
      const deadline = Date.now() + budget;
      await waitStatus(page, 'running', '(v) => v === "true"', 60_000);
      const t0 = await page.evaluate(() => performance.now());
      while (!(await page.evaluate((n) => window.__val.some((v) => v.examples >= n), need))) {
        await assertTraining(page);
        if (Date.now() > deadline)
          throw new Error(
            `no test MSE after ${need} examples within ${Math.round(budget / 1000)} s`,
          );
        await sleep(2000);
      }
      const vals = await page.evaluate(() => window.__val);
      const backendUsed = (await statusData(page)).backend;
      return counts.map((n) => {
        const hit = vals.find((v) => v.examples >= n);
        return {
          examples: n,
          testMse: hit ? round(hit.val, 5) : null,
          atExamples: hit?.examples ?? null,
          seconds: hit ? round((hit.t - t0) / 1000, 1) : null,
          backend: backendUsed,
        };
      });
    } finally {
      await page.closeAll();
    }
  }

  /** The numpy reference's model (784-512-256-k-256-512-784, Adam 1e-3, batch 128). */
  async quality(backend, latent, epochs, expectedRate) {
    const params = { backend, latent, ...QUALITY_MODEL };
    const rows = await this.trainTo(
      params,
      epochs.map((e) => e * TRAIN_COUNT),
      expectedRate,
    );
    return rows.map((r, i) => ({
      latent,
      epochs: epochs[i],
      testMse: r.testMse,
      pcaMse: PCA_MSE[latent] ?? null,
      numpyMse: NUMPY_MSE[latent]?.[epochs[i]] ?? null,
      backend: r.backend,
      atExamples: r.atExamples,
      seconds: r.seconds,
    }));
  }

  /** One variant of the family at latent 32, FAMILY settings, read at each example count. */
  async family(backend, variant, counts, expectedRate) {
    const params = { backend, model: variant, latent: 32, ...FAMILY_SETTINGS[variant] };
    const rows = await this.trainTo(params, counts, expectedRate);
    return rows.map((r) => ({
      variant,
      latent: 32,
      examples: r.examples,
      testMse: r.testMse,
      pcaMse: PCA_MSE[32],
      backend: r.backend,
      atExamples: r.atExamples,
      seconds: r.seconds,
      settings: FAMILY_SETTINGS[variant],
    }));
  }
}

// ---- report ----

function evaluateTargets(r) {
  const t = [];
  for (const b of ['webgl', 'wasm']) {
    for (const [key, group] of [
      ['default', r.throughput],
      ['reference', r.throughputReference],
    ]) {
      const row = group[b];
      if (!row) continue;
      t.push({
        name: `ours/peer on ${b}, ${key} model`,
        value: row.ratio,
        target: `≥ ${TARGETS.ratio}×`,
        pass: row.ratio === null ? null : row.ratio >= TARGETS.ratio,
      });
    }
  }
  const best = Object.entries(r.throughputReference)
    .filter(([, v]) => v.ours !== null)
    .sort((a, b) => b[1].ours - a[1].ours)[0];
  if (best) {
    const fraction = best[1].ours / NATIVE_CPU_LIMIT;
    t.push({
      name: `best backend (${best[0]}), reference model, vs native CPU limit`,
      value: fraction,
      target: `≥ ${TARGETS.cpuLimitFraction * 100}% (${fmtInt(NATIVE_CPU_LIMIT * TARGETS.cpuLimitFraction)} ex/s)`,
      pass: fraction >= TARGETS.cpuLimitFraction,
    });
  }
  const num = (v, limit) => (v === null || v === undefined ? null : v <= limit);
  t.push({
    name: 'long tasks > 50 ms',
    value: r.longTasks,
    target: '0',
    pass: num(r.longTasks, TARGETS.longTasks),
  });
  t.push({
    name: 'drawing latency p95',
    value: r.drawLatencyMs.p95,
    target: `≤ ${TARGETS.drawP95Ms} ms`,
    pass: num(r.drawLatencyMs.p95, TARGETS.drawP95Ms),
  });
  t.push({
    name: 'decode 70,000 digits',
    value: r.decodeMs,
    target: `≤ ${TARGETS.decodeMs} ms`,
    pass: num(r.decodeMs, TARGETS.decodeMs),
  });
  t.push({
    name: 'first reconstruction',
    value: r.firstReconstructionMs,
    target: `≤ ${TARGETS.firstReconMs} ms`,
    pass: num(r.firstReconstructionMs, TARGETS.firstReconMs),
  });
  t.push({
    name: 'numTensors flat',
    value: r.numTensors.before === null ? null : `${r.numTensors.before} → ${r.numTensors.after}`,
    target: 'before = after',
    pass: r.numTensors.flat,
  });
  const familyFinal = r.family.filter((f) => f.examples === r.familyExamples);
  if (familyFinal.length) {
    const scored = familyFinal.filter((f) => f.testMse !== null);
    const best = scored.sort((a, b) => a.testMse - b.testMse)[0] ?? null;
    t.push({
      name: `best variant, test MSE at latent 32 after ${fmtInt(r.familyExamples)} examples`,
      value: best ? best.testMse : null,
      variant: best?.variant ?? null,
      target: `≤ ${FAMILY_TARGET_MSE}`,
      pass: best ? best.testMse <= FAMILY_TARGET_MSE : null,
    });
  }
  for (const q of r.quality.filter((x) => x.epochs === 5)) {
    const ref = NUMPY_MSE[q.latent]?.[5];
    t.push({
      name: `test MSE after 5 epochs, latent ${q.latent}`,
      value: q.testMse,
      target: `≤ ${(ref * (1 + TARGETS.qualityTolerance)).toFixed(4)} (numpy ${ref} + 5%)`,
      pass: q.testMse === null ? null : q.testMse <= ref * (1 + TARGETS.qualityTolerance),
    });
  }
  return t;
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => String(c ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

function markdown(rows) {
  const [head, ...body] = rows;
  const line = (r) => `| ${r.map((c) => String(c ?? '')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)];
}

/** The throughput, data, responsiveness and memory rows. */
function speedRows(r, rows, pass) {
  for (const [key, group, label] of [
    ['default', r.throughput, MODELS.default.label],
    ['reference', r.throughputReference, MODELS.reference.label],
  ]) {
    for (const [b, v] of Object.entries(group)) {
      const t = pass(`ours/peer on ${b}, ${key} model`);
      rows.push([
        `Training ${b}, ${label}${v.oursDuringStartupWork ? ' *' : ''}`,
        `ours ${fmtInt(v.ours)} ex/s · peer ${fmtInt(v.peer)} ex/s · ${fmtRatio(v.ratio)}`,
        t ? t.target : '(info)',
        t ? verdict(t.pass) : '—',
      ]);
    }
  }
  if (r.throughputAuto) {
    const a = r.throughputAuto;
    rows.push([
      `Training auto (→ ${a.backend ?? '?'}) vs peer on webgl, default model`,
      `ours ${fmtInt(a.ours)} ex/s · peer ${fmtInt(a.peerWebgl)} ex/s · ${fmtRatio(a.ratio)}`,
      '(info)',
      '—',
    ]);
  }
  const cpu = r.targets.find((t) => t.name.startsWith('best backend'));
  if (cpu) {
    rows.push([
      cpu.name.replace('best backend', 'Best backend'),
      `${(cpu.value * 100).toFixed(1)}% of ${fmtInt(NATIVE_CPU_LIMIT)} ex/s`,
      cpu.target,
      verdict(cpu.pass),
    ]);
  }
  rows.push(['Sprite download (4 files)', fmtMs(r.downloadMs), '(info)', '—']);
  rows.push([
    'Decode 70,000 digits (worker)',
    fmtMs(r.decodeMs),
    pass('decode 70,000 digits').target,
    verdict(pass('decode 70,000 digits').pass),
  ]);
  rows.push([
    `Navigation → first reconstruction (${r.pageBackend ?? '?'})`,
    fmtMs(r.firstReconstructionMs),
    pass('first reconstruction').target,
    verdict(pass('first reconstruction').pass),
  ]);
  const rs = r.responsiveness;
  rows.push([
    `Long tasks > 50 ms, ${rs ? `${Math.round(rs.seconds)} s training (${rs.backend}) + drawing` : 'training + drawing'}${rs?.startupWorkDuringWindow ? ' *' : ''}`,
    r.longTasks === null
      ? '—'
      : `${r.longTasks}${rs?.longTaskMaxMs ? ` (longest ${Math.round(rs.longTaskMaxMs)} ms)` : ''}`,
    '0',
    verdict(pass('long tasks > 50 ms').pass),
  ]);
  rows.push([
    `Drawing → reconstruction p50 / p95 (${r.drawLatencyMs.count ?? 0} updates)${rs?.startupWorkDuringWindow ? ' *' : ''}`,
    r.drawLatencyMs.p50 === null
      ? '—'
      : `${Math.round(r.drawLatencyMs.p50)} / ${Math.round(r.drawLatencyMs.p95)} ms`,
    pass('drawing latency p95').target,
    verdict(pass('drawing latency p95').pass),
  ]);
  const m = r.numTensors;
  rows.push([
    `numTensors, ${m.steps ?? '?'} steps + ${m.rebuilds ?? '?'} rebuilds (${m.backend ?? '?'})`,
    m.before === null
      ? '—'
      : `${m.before} → ${m.after}${m.bytesBefore != null ? ` (${fmtInt(m.bytesBefore)} → ${fmtInt(m.bytesAfter)} bytes)` : ''}`,
    'flat',
    verdict(m.flat),
  ]);
}

function reportRows(r) {
  const rows = [['Measure', 'Result', 'Target', 'Status']];
  const pass = (name) => r.targets.find((t) => t.name === name);
  if (!r.mode.includes('training only')) speedRows(r, rows, pass);
  for (const q of r.quality) {
    const t = q.epochs === 5 ? pass(`test MSE after 5 epochs, latent ${q.latent}`) : null;
    rows.push([
      `Test MSE, latent ${q.latent}, ${q.epochs} epoch${q.epochs > 1 ? 's' : ''} (${q.backend})`,
      `${q.testMse === null ? '—' : q.testMse.toFixed(4)} · PCA ${q.pcaMse} · numpy ${q.numpyMse ?? '—'}`,
      t ? t.target : '(info)',
      t ? verdict(t.pass) : '—',
    ]);
  }
  if (r.family.length) {
    const bestT = r.targets.find((t) => t.name.startsWith('best variant'));
    for (const f of r.family) {
      const isBest = bestT && f.examples === r.familyExamples && f.variant === bestT.variant;
      rows.push([
        `Family: ${f.variant}, latent 32, ${fmtInt(f.examples)} examples (${f.backend}${f.seconds ? `, ${Math.round(f.seconds)} s` : ''})`,
        `${f.testMse === null ? '—' : f.testMse.toFixed(4)} · PCA ${f.pcaMse}`,
        isBest ? bestT.target : '(info)',
        isBest ? verdict(bestT.pass) : '—',
      ]);
    }
  }
  return rows;
}

// ---- main ----

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const p = opts.profile;
  const started = Date.now();
  const distReady =
    existsSync(join(ROOT, 'dist', 'index.html')) &&
    existsSync(join(ROOT, 'dist', 'bench', 'peer.html'));
  if (opts.build || !distReady) await build();
  if (!existsSync(join(ROOT, 'dist', 'bench', 'peer.html'))) {
    throw new Error(
      'dist/bench/peer.html is missing: vite.config.ts must list bench/peer.html as a build input.',
    );
  }
  const loadAtStart = os.loadavg()[0];
  if (loadAtStart > os.cpus().length * 0.5) {
    log(
      `Warning: the machine is busy (load average ${loadAtStart.toFixed(1)} on ${os.cpus().length} CPUs); timings will be low.`,
    );
  }
  const server = await startPreview();
  const launch = launchOptions();
  let browser = null;
  const cleanup = () => {
    server.stop();
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    browser = await chromium.launch({
      ...launch,
      args: [...launch.args, ...opts.chromiumArgs],
      headless: !opts.headed,
    });
    const bench = new Bench(browser, server.base, opts);
    const version = browser.version();
    log(
      `Benchmark (${p.mode}): backends ${opts.backends.join(', ')}; windows ${p.warmup} s warm-up + ${p.window} s; ` +
        `Chromium ${version}${opts.headed ? ' (headed)' : ' (headless)'}`,
    );

    const speed = !opts.onlyTraining;
    if (speed)
      log(`Data: download, decode, first reconstruction (defaults, backend ${opts.pageBackend})…`);
    const first = speed ? await bench.dataAndResponsiveness() : {};
    const data = first.data ?? {};
    const resp = first.resp;

    const throughput = {};
    const throughputReference = {};
    const details = {};
    const models = [['default', MODELS.default]];
    if (p.reference) models.push(['reference', MODELS.reference]);
    for (const b of speed ? opts.backends : []) {
      details[b] = {};
      for (const [key, model] of models) {
        log(`Throughput: ours on ${b}, ${key} model…`);
        details[b][`ours_${key}`] = await bench.section(`ours ${b} ${key}`, () =>
          bench.ours(b, model),
        );
      }
    }
    // The peer runs in one page (the data is decoded once), all backends in turn.
    const peers = speed
      ? ((await bench.section('peer page', () => bench.peer(opts.backends, models))) ?? {})
      : {};
    for (const b of speed ? opts.backends : []) {
      for (const [key] of models) {
        const ours = details[b][`ours_${key}`];
        const pr = peers[b]?.[key] ?? null;
        details[b][`peer_${key}`] = pr;
        const target = key === 'default' ? throughput : throughputReference;
        // Our app falls back when a backend cannot start; a fallback is not that backend's figure.
        const oursRate = ours && ours.backend === b ? ours.examplesPerSecond : null;
        if (ours && ours.backend !== b) {
          bench.errors.push({
            section: `ours ${b} ${key}`,
            message: `the app fell back to ${ours.backend}`,
          });
        }
        // The ratio of the figures as written, so ours / peer in the JSON gives it back exactly.
        const oursOut = round(oursRate);
        const peerOut = round(pr?.examplesPerSecond ?? null);
        target[b] = {
          ours: oursOut,
          peer: peerOut,
          ratio: round(ratio(oursOut, peerOut), 3),
          oursWasmThreads: ours?.wasmThreads ?? null,
          peerWasmThreads: pr?.wasmThreads ?? null,
          oursAppReported: round(ours?.appReported ?? null),
          oursDuringStartupWork: ours?.startupWorkDuringWindow ?? null,
        };
      }
    }

    // Ours with the automatic backend choice against the peer on its default, webgl.
    let throughputAuto = null;
    if (data.autoBackend) {
      const measured = data.autoBackend in throughput;
      let oursAuto = throughput[data.autoBackend]?.ours ?? null;
      let source = measured ? `same run as backend=${data.autoBackend}` : 'not measured';
      if (!measured && p.mode === 'smoke') source = 'not measured in smoke mode';
      else if (!measured) {
        log('Throughput: ours on auto, default model…');
        const r = await bench.section('ours auto', () => bench.ours('auto', MODELS.default));
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

    const memBackend = opts.backends.includes('wasm') ? 'wasm' : opts.backends[0];
    if (speed) log(`Memory: ${p.steps} steps and ${p.rebuilds} rebuilds on ${memBackend}…`);
    const mem = speed ? await bench.section('memory', () => bench.memory(memBackend)) : null;

    const quality = [];
    if (opts.quality) {
      const best = Object.entries(throughput)
        .filter(([, v]) => v.ours !== null)
        .sort((a, b) => b[1].ours - a[1].ours)[0];
      const qb = best?.[0] ?? 'auto';
      for (const latent of opts.qualityLatents) {
        const epochs = opts.qualityEpochs;
        log(
          `Quality: latent ${latent}, test MSE after ${epochs.join(', ')} epochs on ${qb} (valsize 10000)…`,
        );
        const rows = await bench.section(`quality ${latent}`, () =>
          bench.quality(qb, latent, epochs, best?.[1].ours),
        );
        if (rows) quality.push(...rows);
        for (const q of rows ?? [])
          log(
            `  latent ${latent}, ${q.epochs} epoch(s): test MSE ${q.testMse ?? '—'} (${q.backend})`,
          );
      }
    }

    const family = [];
    if (opts.family) {
      const best = Object.entries(throughput)
        .filter(([, v]) => v.ours !== null)
        .sort((a, b) => b[1].ours - a[1].ours)[0];
      const fb = best?.[0] ?? 'auto';
      const counts =
        opts.familyExamples > TRAIN_COUNT
          ? [TRAIN_COUNT, opts.familyExamples]
          : [opts.familyExamples];
      for (const variant of opts.familyVariants) {
        log(
          `Family: ${variant} at latent 32, test MSE after ${counts.map(fmtInt).join(' and ')} examples on ${fb}…`,
        );
        // Conv steps cost about ten dense ones on a CPU backend.
        const rate = (best?.[1].ours ?? 200) / (variant === 'conv' ? 10 : 2);
        const rows = await bench.section(`family ${variant}`, () =>
          bench.family(fb, variant, counts, rate),
        );
        if (rows) family.push(...rows);
        for (const f of rows ?? [])
          log(
            `  ${variant}, ${fmtInt(f.examples)} examples: test MSE ${f.testMse ?? '—'} (${f.backend})`,
          );
      }
    }

    const latencies = resp?.drawLatencies ?? [];
    const result = {
      schema: 1,
      date: new Date().toISOString(),
      mode: p.mode,
      options: {
        backends: opts.backends,
        warmupSeconds: p.warmup,
        windowSeconds: p.window,
        responsivenessSeconds: p.resp,
        startupWaitSeconds: p.startupWait,
        peerMode: opts.peerMode,
        headed: opts.headed,
        chromiumArgs: opts.chromiumArgs,
      },
      machine: {
        browser: `Chromium ${browser.version()}`,
        browserPath: launch.executablePath ?? 'playwright default',
        webglRenderer: data.webglRenderer ?? null,
        cpuCount: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        hardwareConcurrency: data.hardwareConcurrency ?? null,
        crossOriginIsolated: data.crossOriginIsolated ?? null,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        node: process.version,
        totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1),
        loadAverageAtStart: round(loadAtStart, 2),
        loadAverageAtEnd: round(os.loadavg()[0], 2),
      },
      throughput,
      throughputReference,
      throughputAuto,
      autoBackend: data.autoBackend ?? null,
      pageBackend: data.pageBackend ?? null,
      longTasks: resp?.longTasks ?? null,
      drawLatencyMs: {
        p50: round(percentile(latencies, 50), 1),
        p95: round(percentile(latencies, 95), 1),
        count: latencies.length,
      },
      downloadMs: round(data.downloadMs ?? null),
      decodeMs: round(data.decodeMs ?? null),
      firstReconstructionMs: round(data.firstReconstructionMs ?? null),
      numTensors: {
        before: mem?.before ?? null,
        after: mem?.after ?? null,
        flat: mem ? mem.flat : null,
        bytesBefore: mem?.bytesBefore ?? null,
        bytesAfter: mem?.bytesAfter ?? null,
        bytesInGPUBefore: mem?.bytesInGPUBefore ?? null,
        bytesInGPUAfter: mem?.bytesInGPUAfter ?? null,
        steps: mem?.steps ?? null,
        rebuilds: mem?.rebuilds ?? null,
        backend: mem?.backend ?? null,
        model: mem?.model ?? null,
      },
      quality,
      family,
      familyExamples: opts.family ? opts.familyExamples : null,
      responsiveness: resp
        ? {
            seconds: round(resp.seconds, 1),
            backend: resp.backend,
            trainedExamples: resp.trainedExamples,
            strokes: resp.strokes,
            mouseMoves: resp.moves,
            longTaskMaxMs: round(resp.longTaskMaxMs),
            longTaskTotalMs: round(resp.longTaskTotalMs),
            startupWaitMs: round(resp.startupWaitMs),
            startupWorkDuringWindow: resp.startupWorkDuringWindow,
          }
        : null,
      reference: {
        source: '../shared/REFERENCE.md',
        nativeCpuLimit: NATIVE_CPU_LIMIT,
        pcaMse: PCA_MSE,
        numpyMse: NUMPY_MSE,
        targets: TARGETS,
        familyTargetMse: FAMILY_TARGET_MSE,
      },
      details,
      errors: bench.errors,
      wallSeconds: 0,
    };
    result.targets = evaluateTargets(result);
    result.wallSeconds = round((Date.now() - started) / 1000, 1);

    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);

    const rows = reportRows(result);
    log();
    log(
      `${result.machine.browser} · WebGL: ${result.machine.webglRenderer ?? 'none'} · ` +
        `${result.machine.cpuCount} CPUs (${result.machine.cpuModel ?? '?'}) · ${result.date}`,
    );
    log(
      `Peer: tfjs ${opts.peerMode} Layers loop on the main thread (stock settings); ours: the app's worker.`,
    );
    log();
    for (const line of table(rows)) log(line);
    const starred =
      [...Object.values(throughput), ...Object.values(throughputReference)].some(
        (v) => v.oursDuringStartupWork,
      ) || !!resp?.startupWorkDuringWindow;
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
        'Quick mode: short windows, 13 s responsiveness, 300 steps + 6 rebuilds for memory, no quality.',
      );
    if (p.mode === 'smoke') log('Smoke mode: tiny windows; the figures are not meaningful.');
    if (!opts.quality) log('Quality runs: add --full.');
    if (bench.errors.length)
      log(
        `${bench.errors.length} part(s) failed: ${bench.errors.map((e) => e.section).join(', ')}`,
      );
    log(`Wrote ${opts.out} (${result.wallSeconds} s).`);
    return bench.errors.length ? 1 : 0;
  } finally {
    await browser?.close();
    cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
