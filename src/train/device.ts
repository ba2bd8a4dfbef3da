// The WebGL context under the backend: noticing that it is lost, and starting a new backend when
// it is. tfjs recovers no tensor on a lost context (tfjs issue 756); the trainer rebuilds its run
// from a checkpoint, this starts the backend it rebuilds on.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { startBackend, type BackendInfo } from './backend';
import type { BackendChoice } from './protocol';
import { BACKEND_WORDS } from './backendNotice';
import { fallbackWhy, LossHistory } from './lossHistory';
import type { DeviceGuard } from './trainer';

type GL = WebGLRenderingContext | WebGL2RenderingContext;

/** The context of the webgl backend in use, or null on another backend. */
function backendContext(): GL | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as unknown as Partial<MathBackendWebGL>;
  return backend.gpgpu?.gl ?? null;
}

/**
 * Drops the webgl backend and registers a fresh factory for it. tfjs keeps one context per WebGL
 * version and forgets it on `webglcontextlost` (or when it finds it lost), so the next backend
 * makes a new one; removeBackend also removes the factory, hence the new registration.
 */
function dropWebgl(): void {
  const old = tf.engine().findBackend('webgl') as unknown as Partial<MathBackendWebGL> | null;
  try {
    tf.removeBackend('webgl');
  } catch {
    // A backend that fails to clean up after its context is still gone from the engine.
  }
  // The dead context's fences never pass: without this the old backend would poll for them
  // (a timer every few milliseconds) for as long as the page lives.
  const gpgpu = old?.gpgpu as unknown as { itemsToPoll?: unknown[] } | undefined;
  if (gpgpu?.itemsToPoll) gpgpu.itemsToPoll.length = 0;
  tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
}

/**
 * The trainer's DeviceGuard in the worker. `onLost` runs once per lost context, as soon as it is
 * noticed: by the `webglcontextlost` event, by `poll()` (once a second, for a context that
 * reports itself lost without the event), or by the trainer's own check after a step.
 */
export class WebglDevice implements DeviceGuard {
  private gl: GL | null = null;
  private flagged = false;
  private readonly losses: LossHistory;

  constructor(
    private readonly requested: BackendChoice,
    private readonly onLost: () => void,
    now: () => number,
  ) {
    this.losses = new LossHistory(now);
  }

  /** Watches the context of the backend that has just started, if it is WebGL. */
  watch(): void {
    const gl = backendContext();
    this.gl = gl;
    this.flagged = false;
    if (!gl) return;
    gl.canvas.addEventListener('webglcontextlost', () => {
      if (this.gl === gl) this.flag();
    });
  }

  private flag(): void {
    if (this.flagged) return;
    this.flagged = true;
    this.onLost();
  }

  canLose(): boolean {
    return this.gl !== null;
  }

  lost(): boolean {
    return this.gl !== null && (this.flagged || this.gl.isContextLost());
  }

  poll(): void {
    if (this.gl?.isContextLost()) this.flag();
  }

  async restart(): Promise<{ info: BackendInfo; fellBack: boolean }> {
    const giveUp = this.losses.record();
    this.gl = null;
    dropWebgl();
    const info = await startBackend(giveUp ? 'wasm' : this.requested);
    this.watch();
    this.losses.recovered();
    const fellBack = info.backend !== 'webgl';
    if (fellBack) {
      const why = giveUp
        ? fallbackWhy(giveUp)
        : 'WebGL could not start again after the GPU lost its context';
      info.notice = `${why}, so training goes on with ${BACKEND_WORDS[info.backend]}, from where it was.`;
    }
    return { info, fellBack };
  }
}
