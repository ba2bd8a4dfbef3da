/// <reference types="vite/client" />
// The benchmark's peer: the playground's dense autoencoder trained the way the tfjs examples do
// it, as a yardstick for our worker loop. A Layers model (`tf.sequential`, `compile`, then
// `trainOnBatch` in a loop, or `fit` with `--peer-mode fit`) on the MAIN THREAD of this page,
// on real MNIST, with tfjs's stock settings (e.g. the wasm backend's default thread count).
// bench/sections/throughput.ts drives it through `window.peer`; nothing here is part of the app.
import type * as TF from '@tensorflow/tfjs';
import type * as TFWasm from '@tensorflow/tfjs-backend-wasm';
// The prebuilt bundles, exactly as a page that loads tfjs from a CDN gets them. They are loaded as
// plain scripts because the app's minifier breaks the wasm backend's threads (its thread workers
// are started from the *source text* of a function, see the worker note in vite.config.ts).
import tfUrl from '@tensorflow/tfjs/dist/tf.min.js?url';
import tfWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js?url';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { gatherDigits } from '../src/data/dataset';
import { decodeSprite } from '../src/data/decodeSprite';
import { checkManifest, DIGIT_PIXELS } from '../src/data/sprite';

type Tf = typeof TF & { wasm: typeof TFWasm };

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`Could not load ${src}`));
    document.head.append(s);
  });
}

let tfReady: Promise<Tf> | null = null;
function loadTf(): Promise<Tf> {
  tfReady ??= (async () => {
    await loadScript(tfUrl);
    await loadScript(tfWasmUrl);
    const tf = (window as unknown as { tf: Tf }).tf;
    tf.wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    return tf;
  })();
  return tfReady;
}

export interface PeerOptions {
  backend: 'webgl' | 'wasm' | 'cpu';
  hidden: number;
  latent: number;
  batch: number;
  lr?: number;
  /** `trainOnBatch` (default, as the reference figures were measured) or `fit` over chunks of batches. */
  mode?: 'trainOnBatch' | 'fit';
  /** wasm threads; unset keeps tfjs's default. Applies only before the wasm backend first starts. */
  threads?: number;
}

export interface PeerInfo {
  backend: string;
  wasmThreads?: number;
  renderer?: string;
  downloadMs: number;
  decodeMs: number;
}

export interface PeerStats {
  running: boolean;
  steps: number;
  examples: number;
  /** performance.now() when the latest counted step finished. */
  t: number;
  loss: number | null;
  error: string | null;
}

/** Batches per `fit` call in fit mode: the examples shuffle within each chunk. */
const FIT_CHUNK_BATCHES = 16;

let data: { train: Uint8Array; count: number; downloadMs: number; decodeMs: number } | null = null;
let model: TF.Sequential | null = null;
let loop: Promise<void> | null = null;
let running = false;
const stats: PeerStats = { running: false, steps: 0, examples: 0, t: 0, loss: null, error: null };

const log = (line: string) => {
  const el = document.getElementById('log');
  if (el) el.textContent += `${line}\n`;
};

async function loadData(): Promise<NonNullable<typeof data>> {
  if (data) return data;
  const base = new URL('../data/', location.href).href;
  const t0 = performance.now();
  const manifest = checkManifest(await (await fetch(`${base}manifest.json`)).json());
  const split = manifest.splits.train;
  const png = new Uint8Array(await (await fetch(`${base}${split.images}`)).arrayBuffer());
  const t1 = performance.now();
  const train = await decodeSprite(png, split.count, split.images);
  data = { train, count: split.count, downloadMs: t1 - t0, decodeMs: performance.now() - t1 };
  log(
    `MNIST: ${split.count} digits, download ${Math.round(t1 - t0)} ms, decode ${Math.round(data.decodeMs)} ms`,
  );
  return data;
}

function renderer(tf: Tf): string | undefined {
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
    if (!gl) return undefined;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name: unknown = gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The model as the tfjs examples write it: 784 → H relu → k linear → H relu → 784 sigmoid. */
function buildModel(tf: Tf, opts: PeerOptions): TF.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [DIGIT_PIXELS], units: opts.hidden, activation: 'relu' }));
  m.add(tf.layers.dense({ units: opts.latent }));
  m.add(tf.layers.dense({ units: opts.hidden, activation: 'relu' }));
  m.add(tf.layers.dense({ units: DIGIT_PIXELS, activation: 'sigmoid' }));
  m.compile({ optimizer: tf.train.adam(opts.lr ?? 1e-3), loss: 'meanSquaredError' });
  return m;
}

// A trainOnBatch loop on wasm resolves its promises as microtasks, which would starve every task
// (including the harness's own calls). A MessageChannel hop lets tasks run without a 4 ms clamp.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToTasks = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

async function trainLoop(tf: Tf, m: TF.Sequential, opts: PeerOptions, d: NonNullable<typeof data>) {
  const b = opts.batch;
  const perCall = opts.mode === 'fit' ? b * FIT_CHUNK_BATCHES : b;
  const buf = new Float32Array(perCall * DIGIT_PIXELS);
  const idx = new Uint32Array(perCall);
  while (running) {
    for (let i = 0; i < perCall; i++) idx[i] = Math.floor(Math.random() * d.count);
    gatherDigits(d.train, idx, buf);
    const x = tf.tensor2d(buf, [perCall, DIGIT_PIXELS]);
    let loss: number;
    try {
      if (opts.mode === 'fit') {
        const h = await m.fit(x, x, { batchSize: b, epochs: 1, shuffle: true, verbose: 0 });
        loss = Number(h.history.loss?.[0]);
      } else {
        const out = await m.trainOnBatch(x, x);
        loss = Array.isArray(out) ? out[0]! : out;
      }
    } finally {
      x.dispose();
    }
    stats.steps += perCall / b;
    stats.examples += perCall;
    stats.t = performance.now();
    stats.loss = loss;
    await yieldToTasks();
  }
}

async function stop(): Promise<void> {
  running = false;
  await loop;
  loop = null;
  model?.dispose();
  model = null;
  stats.running = false;
}

async function start(opts: PeerOptions): Promise<PeerInfo> {
  await stop();
  const [tf, d] = await Promise.all([loadTf(), loadData()]);
  if (opts.backend === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (opts.threads) tf.wasm.setThreadsCount(opts.threads);
  const ok = await tf.setBackend(opts.backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== opts.backend) {
    throw new Error(
      `The peer could not start the ${opts.backend} backend (got ${tf.getBackend()}).`,
    );
  }
  model = buildModel(tf, opts);
  Object.assign(stats, {
    running: true,
    steps: 0,
    examples: 0,
    t: performance.now(),
    loss: null,
    error: null,
  });
  running = true;
  const m = model;
  loop = trainLoop(tf, m, opts, d).catch((err: unknown) => {
    stats.error = err instanceof Error ? err.message : String(err);
    running = false;
  });
  const info: PeerInfo = {
    backend: tf.getBackend(),
    downloadMs: d.downloadMs,
    decodeMs: d.decodeMs,
  };
  if (info.backend === 'wasm') info.wasmThreads = tf.wasm.getThreadsCount();
  if (info.backend === 'webgl') info.renderer = renderer(tf);
  log(`training ${JSON.stringify(opts)} on ${info.backend}`);
  return info;
}

const peer = {
  start,
  stop,
  load: async () => {
    const d = await loadData();
    return { downloadMs: d.downloadMs, decodeMs: d.decodeMs };
  },
  stats: (): PeerStats => ({ ...stats, running }),
  memory: async () => (await loadTf()).memory(),
};

/** What bench/sections/throughput.ts drives, as `window.peer`. */
export type PeerApi = typeof peer;

(window as unknown as { peer: PeerApi }).peer = peer;
log('peer ready');
