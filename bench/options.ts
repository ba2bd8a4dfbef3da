// The benchmark's command line: its options, their defaults, and the profiles (how long each
// part measures) of --smoke, --quick and the standard run.
import { join, resolve } from 'node:path';
import { MODEL_KINDS, type ModelKind } from '../src/model/config';
import { WEBGL_PHASE_MINUTES } from './sections/soak';
import { ROOT } from './util';

export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
/** The bundled datasets the training runs can use. */
export const BENCH_DATASETS = ['mnist', 'fashion'] as const;
export type BenchDataset = (typeof BENCH_DATASETS)[number];
export type Backend = (typeof BACKENDS)[number];
export type PageBackend = Backend | 'auto';
export type PeerMode = 'trainOnBatch' | 'fit';
/** The parts of a speed run, in the order it measures them. */
export const SPEED_SECTIONS = [
  'native',
  'data',
  'responsiveness',
  'autosave',
  'throughput',
  'inside',
  'throttled',
  'memory',
] as const;
export type SpeedSection = (typeof SPEED_SECTIONS)[number];

/** How long each part measures. */
export interface Profile {
  mode: string;
  /** Seconds of training before a throughput window (also the native step's warm-up). */
  warmup: number;
  /** Seconds of a throughput window (also the native step's). */
  window: number;
  /** Seconds of training while drawing, for responsiveness. */
  resp: number;
  /** Training steps and model rebuilds of the memory check. */
  steps: number;
  rebuilds: number;
  /** Whether the reference model's throughput (and so the native comparison) is measured. */
  reference: boolean;
  /** Seconds to wait, at most, for the app's startup PCA before measuring. */
  startupWait: number;
  /** Seconds of uninterrupted training in the autosave window (then Pause/Train a few times). */
  autosave: number;
  /** Seconds of moving a latent traversal slider while the model trains. */
  inside: number;
}

export interface Options {
  help: boolean;
  backends: Backend[];
  quick: boolean;
  full: boolean;
  smoke: boolean;
  pageBackend: PageBackend;
  qualityEpochs: number[];
  qualityLatents: number[];
  /** The quality runs (--full or --quality). */
  quality: boolean;
  /** The family runs (--full or --family). */
  family: boolean;
  /** The lessons' runs (--full or --teach): the copy test by model, linear against PCA. */
  teach: boolean;
  /** Examples each copy-test model trains. */
  copyExamples: number;
  familyExamples: number;
  familyVariants: ModelKind[];
  /** The data of the quality and family runs (--datasets), each in turn. */
  datasets: BenchDataset[];
  onlyTraining: boolean;
  peerMode: PeerMode;
  build: boolean;
  out: string;
  markdown: boolean;
  headed: boolean;
  chromiumArgs: string[];
  /** The speed sections to measure (--sections); null: all of them. */
  sections: SpeedSection[] | null;
  /** Minutes of the soak (--soak), which then runs alone; null: no soak. */
  soak: number | null;
  profile: Profile;
}

export const HELP = `Usage: npm run bench -- [options]

  --backend LIST     backends to compare, from ${BACKENDS.join(',')} (default webgl,wasm)
  --quick            a run under 3 minutes: short windows, 15 s responsiveness, 300 steps and
                     6 rebuilds for memory, no quality runs
  --full             also the quality runs (test MSE after 1 and 5 epochs at latent 2, 8, 32 for
                     the numpy reference's model) and the family runs (about an hour on a 2-core
                     CPU, most of it the convolutional model)
  --quality          the quality runs alone (implied by --full)
  --family           the family runs: each variant at latent 32 with the same settings, test MSE
                     after 1 epoch and after --family-examples (implied by --full)
  --family-examples N  examples each variant trains in the family runs (default 240000, 4 epochs)
  --teach            the lessons' runs: the Copy or understand? panel's MSE on test digits and
                     on noise for k = 16 and k = 1024 (plain, denoising, sparse, contractive)
                     after --copy-examples, and the linear autoencoder at k = 8 against PCA after
                     1 and 5 epochs (implied by --full)
  --copy-examples N  examples each copy-test model trains (default 60000, 1 epoch)
  --family-variants L  variants for the family runs (default ${MODEL_KINDS.join(',')})
  --datasets L       the data of the quality and family runs, from ${BENCH_DATASETS.join(',')}
                     (default mnist); Fashion-MNIST needs its sprite (npm run sprite finds the
                     official files) and is judged against its PCA only
  --sections LIST    only these parts of the speed run, from
                     ${SPEED_SECTIONS.join(',')} (default all)
  --only-training    skip the speed sections (native limit, data, throughput, peer,
                     responsiveness, memory): only the --full / --family training runs
  --quality-epochs L epochs at which to read the test MSE in --full (default 1,5)
  --quality-latents L latent sizes for --full (default 2,8,32)
  --smoke            a few seconds, one backend (wasm unless --backend names one), for CI
  --seconds N        throughput measurement window in seconds (warm-up scales with it); the
                     native numpy step (bench/native_step.py) measures over the same window
  --startup-wait N   seconds to wait, at most, for the app's startup PCA to finish before
                     measuring throughput and responsiveness (default 120; 12 in --quick; 0 in
                     --smoke); rows measured while it still ran are marked *
  --resp-seconds N   training + drawing time for the responsiveness measurement
  --page-backend B   backend of the data and responsiveness pages (default auto, what a person
                     gets; --smoke uses its one backend so CI does not depend on WebGL)
  --peer-mode MODE   trainOnBatch (default) or fit
  --no-build         use the existing dist/ and dist-pages/ (built anyway when missing)
  --out PATH         where to write the JSON (default bench/results/latest.json)
  --markdown         also print the table as Markdown (for the README)
  --headed           run a headed Chromium (needs a display; uses the real GPU)
  --soak MINUTES     the soak, alone (whole minutes, at least 2): trains that long on the page's
                     backend (see --page-backend) with a rebuild every minute (Latent size one
                     step up, then back) and drawing in every minute; the WebGL context is lost
                     twice, in that run where it trains on WebGL, else in a ?backend=webgl run
                     after it (3 to ${WEBGL_PHASE_MINUTES} minutes). Checks numTensors, GPU bytes and the page's
                     JS heap after each rebuild against the first minute's, and the autosave's
                     schedule (a write every 10 s of training, no gap over 15 s)
  --chromium-arg A   extra Chromium flag, repeatable (e.g. --chromium-arg=--use-angle=vulkan)
  --help             this text

On a machine with a real GPU, either run --headed, or keep headless and pass GPU flags, e.g.
  npm run bench -- --chromium-arg=--enable-gpu --chromium-arg=--use-angle=vulkan \\
    --chromium-arg=--enable-features=Vulkan
and check the "WebGL" line of the output names your GPU, not SwiftShader.
CHROMIUM_PATH picks the browser (same discovery as the e2e suite). The native CPU limit needs
python3 with numpy (PYTHON picks another interpreter); without them its row says "not measured".`;

const PROFILES: Record<'smoke' | 'quick' | 'standard', Profile> = {
  smoke: {
    mode: 'smoke',
    warmup: 1,
    window: 2,
    resp: 3,
    steps: 20,
    rebuilds: 2,
    reference: false,
    startupWait: 0,
    autosave: 12,
    inside: 3,
  },
  quick: {
    mode: 'quick',
    warmup: 1.5,
    window: 3.5,
    resp: 13,
    steps: 300,
    rebuilds: 6,
    reference: true,
    startupWait: 12,
    autosave: 25,
    inside: 8,
  },
  standard: {
    mode: 'standard',
    warmup: 8,
    window: 15,
    resp: 60,
    steps: 2000,
    rebuilds: 20,
    reference: true,
    startupWait: 120,
    autosave: 40,
    inside: 30,
  },
};

function oneOf<T extends string>(list: readonly T[], v: string, what: string): T {
  if (!(list as readonly string[]).includes(v)) throw new Error(`${what}: ${list.join(', ')}`);
  return v as T;
}

function positiveList(name: string, v: string): number[] {
  const list = v.split(',').map(Number);
  if (!list.length || list.some((x) => !(x > 0))) throw new Error(`${name} needs positive numbers`);
  return list;
}

/** Parses the arguments after `npm run bench --`; throws on a bad option or value. */
export function parseArgs(argv: readonly string[]): Options {
  let backends: Backend[] | null = null;
  let seconds: number | null = null;
  let respSeconds: number | null = null;
  let startupWait: number | null = null;
  let pageBackend: PageBackend | null = null;
  let qualityOnly = false;
  let family = false;
  let teach = false;
  let soak: number | null = null;
  const o = {
    help: false,
    quick: false,
    full: false,
    smoke: false,
    qualityEpochs: [1, 5],
    qualityLatents: [2, 8, 32],
    familyExamples: 240_000,
    copyExamples: 60_000,
    familyVariants: [...MODEL_KINDS] as ModelKind[],
    datasets: ['mnist'] as BenchDataset[],
    onlyTraining: false,
    peerMode: 'trainOnBatch' as PeerMode,
    build: true,
    out: join(ROOT, 'bench', 'results', 'latest.json'),
    markdown: false,
    headed: false,
    chromiumArgs: [] as string[],
    sections: null as SpeedSection[] | null,
  };
  const args = [...argv];
  while (args.length) {
    const raw = args.shift()!;
    const eq = raw.indexOf('=');
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    const num = (ok: (v: number) => boolean, need: string): number => {
      const v = Number(value());
      if (!ok(v)) throw new Error(`${name} needs ${need}`);
      return v;
    };
    switch (name) {
      case '--backend':
      case '--backends':
        backends = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((b) => {
            if (!(BACKENDS as readonly string[]).includes(b))
              throw new Error(`Unknown backend "${b}"`);
            return b as Backend;
          });
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
        seconds = num((v) => v > 0, 'a positive number');
        break;
      case '--resp-seconds':
        respSeconds = num((v) => v > 0, 'a positive number');
        break;
      case '--startup-wait':
        startupWait = num((v) => v >= 0, 'a number ≥ 0');
        break;
      case '--quality-epochs':
        o.qualityEpochs = positiveList(name, value());
        break;
      case '--quality-latents':
        o.qualityLatents = positiveList(name, value()).map(Math.round);
        break;
      case '--page-backend':
        pageBackend = oneOf<PageBackend>(['auto', ...BACKENDS], value(), '--page-backend');
        break;
      case '--family':
        family = true;
        break;
      case '--teach':
        teach = true;
        break;
      case '--copy-examples':
        o.copyExamples = num((v) => Number.isInteger(v) && v > 0, 'a whole number of examples');
        break;
      case '--quality':
        qualityOnly = true;
        break;
      case '--family-examples':
        o.familyExamples = num((v) => v >= 6000, 'a number ≥ 6000');
        break;
      case '--family-variants': {
        const list = value().split(',').filter(Boolean);
        const known: readonly string[] = MODEL_KINDS;
        if (!list.length || list.some((v) => !known.includes(v)))
          throw new Error(`--family-variants: a list from ${MODEL_KINDS.join(',')}`);
        o.familyVariants = list as ModelKind[];
        break;
      }
      case '--datasets':
        o.datasets = value()
          .split(',')
          .filter(Boolean)
          .map((v) => oneOf<BenchDataset>(BENCH_DATASETS, v, '--datasets'));
        if (!o.datasets.length)
          throw new Error(`--datasets: a list from ${BENCH_DATASETS.join(',')}`);
        break;
      case '--sections':
        o.sections = value()
          .split(',')
          .filter(Boolean)
          .map((v) => oneOf<SpeedSection>(SPEED_SECTIONS, v, '--sections'));
        break;
      case '--only-training':
        o.onlyTraining = true;
        break;
      case '--peer-mode':
        o.peerMode = oneOf(['trainOnBatch', 'fit'], value(), '--peer-mode');
        break;
      case '--no-build':
        o.build = false;
        break;
      case '--out':
        o.out = resolve(value());
        break;
      case '--markdown':
        o.markdown = true;
        break;
      case '--headed':
        o.headed = true;
        break;
      case '--chromium-arg':
        o.chromiumArgs.push(value());
        break;
      case '--soak':
        soak = num((v) => Number.isInteger(v) && v >= 2, 'a whole number of minutes ≥ 2');
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw new Error(`Unknown option ${raw} (see --help)`);
    }
  }
  const p: Profile = { ...PROFILES[o.smoke ? 'smoke' : o.quick ? 'quick' : 'standard'] };
  if (o.full && !o.smoke) p.mode = o.quick ? 'quick+full' : 'full';
  else if ((family || qualityOnly) && !o.smoke)
    p.mode = `${o.quick ? 'quick+' : ''}${family ? 'family' : 'quality'}`;
  if (seconds) {
    p.window = seconds;
    p.warmup = Math.max(1, Math.round(seconds / 2));
  }
  if (respSeconds) p.resp = respSeconds;
  if (startupWait !== null) p.startupWait = startupWait;
  backends ??= o.smoke ? ['wasm'] : ['webgl', 'wasm'];
  if (o.smoke) backends = backends.slice(0, 1);
  if (soak !== null) {
    const others = (
      [
        ['--smoke', o.smoke],
        ['--quick', o.quick],
        ['--full', o.full],
        ['--quality', qualityOnly],
        ['--family', family],
        ['--teach', teach],
        ['--only-training', o.onlyTraining],
      ] as const
    ).filter(([, on]) => on);
    if (others.length)
      throw new Error(`--soak runs alone, not with ${others.map(([n]) => n).join(', ')}`);
    p.mode = 'soak';
  }
  const quality = (o.full || qualityOnly) && !o.smoke;
  family = (family || o.full) && !o.smoke;
  teach = (teach || o.full) && !o.smoke;
  if (o.onlyTraining && !quality && !family && !teach && !o.help)
    throw new Error('--only-training needs --full, --quality, --family or --teach');
  if (o.onlyTraining) {
    const parts = [quality && 'quality', family && 'family', teach && 'teach'].filter(Boolean);
    p.mode = `${parts.join(' + ')}, training only`;
  }
  return {
    ...o,
    backends,
    pageBackend: pageBackend ?? (o.smoke ? backends[0]! : 'auto'),
    quality,
    family,
    teach,
    soak,
    profile: p,
  };
}
