// Starting a tfjs backend in the worker, with the fallback chain webgl → wasm → cpu.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice, BackendName } from './protocol';
import { fallbackNotice } from './backendNotice';
import { isSoftwareRenderer } from './renderer';

export interface BackendInfo {
  backend: BackendName;
  notice?: string;
  renderer?: string;
  wasmThreads?: number;
}

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

function webglRenderer(): string | undefined {
  try {
    const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
    const gl = backend.gpgpu?.gl;
    if (!gl) return undefined;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name: unknown = gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

// Threads: tfjs-wasm 4.22 sizes XNNPACK's pool at half the logical cores (capped at 8), and
// setThreadsCount cannot go above that. That is the right size here: measured in the app on a
// two-core machine, a second thread (forced by reporting more cores while the module starts)
// trained slower, ~3,600 against ~4,500 examples/s, because the page, the drawing worker and the
// startup PCA need that core.

async function tryBackend(name: BackendName): Promise<string | null> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    // setBackend answers false rather than throwing, and may leave another backend active.
    if (!ok || tf.getBackend() !== name) return `${name} could not start`;
    // A tiny op proves the backend really computes (a lost context fails here, not later).
    const probe = tf.tidy(() => tf.sum(tf.add(tf.ones([2, 2]), 1)));
    const value = (await probe.data())[0];
    probe.dispose();
    if (value !== 8) return `${name} computed a wrong result`;
    return null;
  } catch (err) {
    return `${name} failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Starts the requested backend, falling back webgl → wasm → cpu.
 * `auto` prefers hardware WebGL and does not accept a software renderer, which is slower than wasm;
 * an explicit `webgl` accepts software WebGL, so it can be tested anywhere.
 */
export async function startBackend(requested: BackendChoice): Promise<BackendInfo> {
  const chain: BackendName[] =
    requested === 'auto' || requested === 'webgl'
      ? ['webgl', 'wasm', 'cpu']
      : requested === 'wasm'
        ? ['wasm', 'cpu']
        : ['cpu'];
  if (requested === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  const failures: string[] = [];
  for (const name of chain) {
    const failure = await tryBackend(name);
    if (failure) {
      failures.push(failure);
      continue;
    }
    const info: BackendInfo = { backend: name };
    if (name === 'webgl') {
      info.renderer = webglRenderer();
      // Some browsers hand out software WebGL without the performance caveat. On the CPU, wasm
      // trains several times faster, so automatic choice moves on; an explicit request stays.
      if (requested === 'auto' && isSoftwareRenderer(info.renderer)) {
        failures.push(`webgl runs on a software renderer (${info.renderer})`);
        continue;
      }
      if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
        info.notice = 'This GPU trains in 16-bit floats; losses may be less precise.';
      }
    }
    if (name === 'wasm') info.wasmThreads = getThreadsCount();
    const wanted = requested === 'auto' ? 'webgl' : requested;
    if (name !== wanted) info.notice = fallbackNotice(requested, name, failures);
    return info;
  }
  throw new Error(`No tfjs backend could start: ${failures.join('; ')}`);
}
