// The trainer's state and its reports: the model and its optimizer, the counters, the fixed
// test digits on the backend, a training step, and the messages that show the run (losses,
// reconstructions, weights, the look inside, validation). trainerRun.ts builds and snapshots
// runs on top of it, trainer.ts drives them.
import * as tf from '@tensorflow/tfjs-core';
import { gatherDigits, type Dataset } from '../data/dataset';
import { DIGIT_PIXELS } from '../data/sprite';
import type { Autoencoder } from '../model/types';
import type { StepOptimizer } from './adam';
import { probeInputs } from '../model/probes';
import { analyse, PROBE_COUNT, stackProbes } from './analysis';
import { BLOCK_ROWS, inBlocks } from './blocks';
import type { BackendInfo } from './backend';
import { DataOrder } from './dataOrder';
import { PendingLosses, type LossSums } from './pendingLosses';
import { Readbacks } from './readback';
import {
  REPORT,
  type FromWorker,
  type HyperParams,
  type ModelConfig,
  type TrainerSnapshot,
} from './protocol';
import { ReportSchedule } from './schedule';
import { trainingStep } from './step';

/**
 * The device under a backend that can vanish with every tensor on it: a WebGL context can be
 * lost at any time (a GPU reset, a driver update, the browser reclaiming memory). The worker
 * provides one; without it nothing is checkpointed.
 */
export interface DeviceGuard {
  /** Whether the backend in use can lose its device (WebGL); only then does the trainer checkpoint. */
  canLose(): boolean;
  /** Whether the device is gone: no op on it computes and no tensor on it can be read. */
  lost(): boolean;
  /**
   * Drops the dead backend and starts a working one: WebGL again, or wasm after repeated losses
   * (`fellBack`). Every tensor must have been disposed before.
   */
  restart(): Promise<{ info: BackendInfo; fellBack: boolean }>;
}

export interface TrainerHost {
  post(msg: FromWorker, transfer?: Transferable[]): void;
  now(): number;
  /** Lets queued messages run; must not depend on requestAnimationFrame (hidden tabs). */
  yieldToEvents(): Promise<void>;
  device?: DeviceGuard;
}

export interface TrainerOptions {
  valSize: number;
  displayIndices: number[];
}

/** Evaluates in chunks so a 10,000-digit validation never needs one huge tensor. */
/** Validation digits per block: their squared errors summed on the backend. */
const EVAL_CHUNK = 2 * BLOCK_ROWS;
/** How often, while training on a device that can be lost, its progress is copied off it. */
export const CHECKPOINT_MS = 1000;

/** Thrown inside the loop when the device went away under it. */
export class DeviceLostError extends Error {
  constructor() {
    super('The WebGL context was lost.');
  }
}

/** The parts of a snapshot that are the run's counters, not its tensors. */
export type Counters = Omit<TrainerSnapshot, 'weights' | 'optimizer'>;

export abstract class TrainerCore {
  protected model: Autoencoder | null = null;
  protected optimizer: StepOptimizer | null = null;
  protected modelConfig: ModelConfig | null = null;
  protected hyper: HyperParams = { lr: 1e-3, batch: 128 };
  protected gen = 0;
  /** Bumped by every rebuild (configure, recovery): results of work begun before are dropped. */
  protected era = 0;
  protected running = false;
  protected loopActive = false;
  /** Bumped by a recovery, so that a loop stuck on the dead device never resumes training. */
  protected loopToken = 0;

  protected step = 0;
  protected examples = 0;
  protected order: DataOrder;
  protected batchBuf = new Float32Array(0);
  protected readonly schedule: ReportSchedule;

  /** The tensors of reads under way, dropped with a lost device. */
  protected readonly readbacks = new Readbacks();
  protected pending = new PendingLosses(this.readbacks);
  protected partSums: Record<string, number> = {};
  protected lossSum = 0;
  protected lossCount = 0;
  protected lastStatsAt = 0;
  protected lastStatsExamples = 0;
  /** The step whose reconstructions are on screen. */
  protected reconStep = -1;
  /** Examples seen when the last validation was taken. */
  protected valExamples = -1;

  /** The last copy of the run off a device that can be lost, and when it was begun. */
  protected checkpoint: TrainerSnapshot | null = null;
  protected checkpointAt = -Infinity;
  protected checkpointing = false;
  protected recovering: Promise<void> | null = null;
  /**
   * A model is being built and first run: until its first validation or its first steps read
   * back, a lost context is taken for the model being too large for the GPU.
   */
  protected building = false;

  protected valX!: tf.Tensor2D;
  protected displayX!: tf.Tensor2D;
  protected analysisX!: tf.Tensor2D;
  /** The copy test's inputs, [probes · n, 784]: noise, inverted digits, shifted digits. */
  protected probeX!: tf.Tensor2D;
  readonly analysisLabels: Uint8Array;

  constructor(
    protected readonly data: Dataset,
    protected readonly host: TrainerHost,
    protected readonly opts: TrainerOptions,
  ) {
    this.order = new DataOrder(data.trainCount, 0);
    this.schedule = new ReportSchedule(REPORT.valEpochFraction * data.trainCount, () => host.now());
    this.analysisLabels = data.testLabels.slice(0, Math.min(REPORT.analysisCount, data.testCount));
    this.makeDataTensors();
  }

  /** The fixed test digits on the backend: validation [v, 784], display [d, 784], analysis [a, 784]. */
  protected makeDataTensors(): void {
    const { data, opts } = this;
    const valCount = Math.min(opts.valSize, data.testCount);
    const valIdx = Array.from({ length: valCount }, (_, i) => i);
    this.valX = tf.tensor2d(gatherDigits(data.testPixels, valIdx), [valCount, DIGIT_PIXELS]);
    this.displayX = tf.tensor2d(gatherDigits(data.testPixels, opts.displayIndices), [
      opts.displayIndices.length,
      DIGIT_PIXELS,
    ]);
    const nA = this.analysisLabels.length;
    const aIdx = Array.from({ length: nA }, (_, i) => i);
    this.analysisX = tf.tensor2d(gatherDigits(data.testPixels, aIdx), [nA, DIGIT_PIXELS]);
    const nP = Math.min(PROBE_COUNT, data.testCount);
    const probes = probeInputs(gatherDigits(data.testPixels, aIdx.slice(0, nP)));
    this.probeX = stackProbes(probes, nP);
  }

  protected disposeDataTensors(): void {
    this.valX.dispose();
    this.displayX.dispose();
    this.analysisX.dispose();
    this.probeX.dispose();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Tensors that belong to no model or data but to reads under way: the losses queued for the
   * next readback and what the reads hold. They come and go with each burst.
   */
  get inFlightTensors(): number {
    return this.pending.size + this.readbacks.size;
  }

  protected disposeModel(): void {
    this.pending.dispose();
    this.partSums = {};
    this.model?.dispose();
    this.optimizer?.dispose();
    this.model = null;
    this.optimizer = null;
  }
  protected nextBatch(): Float32Array {
    const b = this.hyper.batch;
    if (this.batchBuf.length !== b * DIGIT_PIXELS)
      this.batchBuf = new Float32Array(b * DIGIT_PIXELS);
    gatherDigits(this.data.trainPixels, this.order.next(b), this.batchBuf);
    return this.batchBuf;
  }
  protected trainStep(): void {
    const model = this.model;
    const optimizer = this.optimizer;
    if (!model || !optimizer) return;
    const b = this.hyper.batch;
    const x = tf.tensor2d(this.nextBatch(), [b, DIGIT_PIXELS]);
    try {
      this.pending.push(trainingStep(model, optimizer, x));
    } finally {
      x.dispose();
    }
    this.step += 1;
    this.examples += b;
  }
  /** Reads the queued losses; posts stats when due. Returns false when training was halted. */
  protected async flushLosses(era: number, force: boolean): Promise<boolean> {
    const sums = await this.pending.read();
    if (!sums) return true;
    if (era !== this.era) return false;
    return this.countLosses(sums, force);
  }
  /** Counts losses read back into the next stats; returns false when training was halted. */
  protected countLosses(sums: LossSums, force: boolean): boolean {
    // A lost device reads back whatever it reads back: not a loss to halt on.
    if (this.host.device?.lost()) throw new DeviceLostError();
    for (const [n, v] of Object.entries(sums.parts)) this.partSums[n] = (this.partSums[n] ?? 0) + v;
    const total = sums.total;
    if (!Number.isFinite(total)) {
      this.running = false;
      this.host.post({ type: 'running', running: false });
      this.host.post({
        type: 'halted',
        gen: this.gen,
        message: `The loss became ${Number.isNaN(total) ? 'NaN' : 'infinite'} at step ${this.step}, so training was paused. The learning rate (${this.hyper.lr.toPrecision(2)}) is probably too high: lower it and press Reset.`,
      });
      return false;
    }
    // The model trains on this device: a later loss is the device's, not the model's size.
    this.building = false;
    this.lossSum += total;
    this.lossCount += sums.steps;
    if (force || this.host.now() - this.lastStatsAt >= REPORT.statsMs) this.postStats(force);
    return true;
  }
  /**
   * Reports the losses summed since the last report (NaN when there are none: a restored run
   * before its first step).
   */
  protected postStats(force: boolean): void {
    const now = this.host.now();
    const dt = (now - this.lastStatsAt) / 1000;
    const rate = dt > 0 ? (this.examples - this.lastStatsExamples) / dt : 0;
    this.host.post({
      type: 'stats',
      gen: this.gen,
      step: this.step,
      epoch: this.examples / this.data.trainCount,
      examples: this.examples,
      loss: this.lossCount > 0 ? this.lossSum / this.lossCount : NaN,
      parts: Object.fromEntries(
        Object.entries(this.partSums).map(([k, v]) => [k, v / this.lossCount]),
      ),
      examplesPerSecond: force && !this.running ? 0 : rate,
    });
    this.partSums = {};
    this.lossSum = 0;
    this.lossCount = 0;
    this.lastStatsAt = now;
    this.lastStatsExamples = this.examples;
  }
  /** Whether work begun in `era` still describes the run (same model, device still there). */
  protected current(era: number): boolean {
    return era === this.era && !this.host.device?.lost();
  }
  protected async postRecon(era: number): Promise<void> {
    const model = this.model;
    if (!model) return;
    this.schedule.reconStarted();
    // A denoising model is shown what it is trained on: a corrupted digit (fixed noise, so the
    // row does not flicker), and its reconstruction of that.
    const corrupt = model.corrupt?.bind(model);
    const input = corrupt ? tf.tidy(() => corrupt(this.displayX, 12345)) : null;
    const out = tf.tidy(() => {
      const x = input ?? this.displayX;
      return model.decode(model.encode(x));
    });
    const [pixels, noisy] = await this.readbacks.hold(input ? [out, input] : [out], () =>
      Promise.all([out.data(), input?.data()]).then(([o, i]) => [
        Float32Array.from(o as Float32Array),
        i ? Float32Array.from(i as Float32Array) : undefined,
      ]),
    );
    if (!pixels || !this.current(era)) return;
    const transfer = noisy ? [pixels.buffer, noisy.buffer] : [pixels.buffer];
    this.reconStep = this.step;
    this.host.post({ type: 'recon', gen: this.gen, step: this.step, pixels, noisy }, transfer);
    await this.postWeights(era);
    this.schedule.reconEnded();
  }
  /** A snapshot of the weights, so drawings are answered elsewhere without waiting on a step. */
  protected async postWeights(era: number): Promise<void> {
    const model = this.model;
    const config = this.modelConfig;
    if (!model || !config) return;
    // Copies: on the cpu backend data() hands out the variable's own storage, which a transfer
    // would detach.
    const values = (await Promise.all(model.variables.map((v) => v.data()))).map((d) =>
      Float32Array.from(d as Float32Array),
    );
    if (!this.current(era)) return;
    this.host.post(
      { type: 'weights', gen: this.gen, model: config, values },
      values.map((v) => v.buffer),
    );
  }
  protected async postAnalysis(era: number): Promise<void> {
    const model = this.model;
    if (!model) return;
    const t0 = this.host.now();
    const a = await analyse(
      model,
      this.analysisX,
      this.analysisLabels,
      this.gen,
      this.readbacks,
      this.probeX,
      () => this.current(era),
    );
    this.schedule.analysisEnded(t0);
    if (!a || !this.current(era)) return;
    const transfer: Transferable[] = [
      a.points.buffer,
      a.mean.buffer,
      a.axes.buffer,
      a.codeMean.buffer,
      a.codeStd.buffer,
      a.worst.originals.buffer,
      a.worst.recons.buffer,
    ];
    if (a.manifold) transfer.push(a.manifold.images.buffer);
    this.host.post({ type: 'analysis', ...a }, transfer);
  }
  /** Validation is always the per-pixel MSE, whatever the training loss, so runs compare. */
  protected async postVal(era: number): Promise<void> {
    const model = this.model;
    if (!model) return;
    this.schedule.valStarted();
    const n = this.valX.shape[0];
    const sums = await inBlocks(
      this.valX,
      (x) => [tf.sum(tf.squaredDifference(model.decode(model.encode(x)), x))],
      this.readbacks,
      () => this.current(era),
      EVAL_CHUNK,
    );
    if (!sums) return;
    const value = sums[0]!.reduce((a, b) => a + b, 0);
    if (!this.current(era)) return;
    const examples = this.examples;
    this.schedule.valEnded(examples);
    this.valExamples = examples;
    this.host.post({
      type: 'val',
      gen: this.gen,
      examples,
      valLoss: value / (n * DIGIT_PIXELS),
    });
  }
  /** Where the run stands, and which Adam trains it (for the worker, tests and diagnostics). */
  get progress() {
    return {
      step: this.step,
      examples: this.examples,
      gen: this.gen,
      model: this.modelConfig,
      hyper: { ...this.hyper },
      adam: this.optimizer?.kind ?? null,
    };
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
