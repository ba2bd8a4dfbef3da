// The training loop. It knows tfjs and the protocol's message shapes, but not the Worker API,
// so it runs the same in a worker, on the main thread (for comparison) and in unit tests.
import * as tf from '@tensorflow/tfjs-core';
import { gatherDigits, type Dataset } from '../data/dataset';
import { DIGIT_PIXELS } from '../data/sprite';
import { createModel } from '../model';
import { countParams, type Autoencoder } from '../model/types';
import { createAdam, type StepOptimizer } from './adam';
import { analyse } from './analysis';
import type { BackendInfo } from './backend';
import { DataOrder } from './dataOrder';
import { isOutOfMemory, tooLargeMessage } from './failures';
import { PendingLosses } from './pendingLosses';
import {
  REPORT,
  type FromWorker,
  type HyperParams,
  type ModelConfig,
  type TrainerSnapshot,
} from './protocol';
import { ReportSchedule } from './schedule';
import { configAtStep, readWithState, snapshotMisfit } from './snapshot';
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
const EVAL_CHUNK = 1000;
/** How often, while training on a device that can be lost, its progress is copied off it. */
export const CHECKPOINT_MS = 1000;

/** Thrown inside the loop when the device went away under it. */
class DeviceLostError extends Error {
  constructor() {
    super('The WebGL context was lost.');
  }
}

/** The parts of a snapshot that are the run's counters, not its tensors. */
type Counters = Omit<TrainerSnapshot, 'weights' | 'optimizer'>;

export class Trainer {
  private model: Autoencoder | null = null;
  private optimizer: StepOptimizer | null = null;
  private modelConfig: ModelConfig | null = null;
  private hyper: HyperParams = { lr: 1e-3, batch: 128 };
  private gen = 0;
  /** Bumped by every rebuild (configure, recovery): results of work begun before are dropped. */
  private era = 0;
  private running = false;
  private loopActive = false;
  /** Bumped by a recovery, so that a loop stuck on the dead device never resumes training. */
  private loopToken = 0;

  private step = 0;
  private examples = 0;
  private order: DataOrder;
  private batchBuf = new Float32Array(0);
  private readonly schedule: ReportSchedule;

  private pending = new PendingLosses();
  private partSums: Record<string, number> = {};
  private lossSum = 0;
  private lossCount = 0;
  private lastStatsAt = 0;
  private lastStatsExamples = 0;
  /** The step whose reconstructions are on screen. */
  private reconStep = -1;
  /** Examples seen when the last validation was taken. */
  private valExamples = -1;

  /** The last copy of the run off a device that can be lost, and when it was begun. */
  private checkpoint: TrainerSnapshot | null = null;
  private checkpointAt = -Infinity;
  private checkpointing = false;
  private recovering: Promise<void> | null = null;
  /**
   * A model is being built and first run: until its first validation or its first steps read
   * back, a lost context is taken for the model being too large for the GPU.
   */
  private building = false;

  private valX!: tf.Tensor2D;
  private displayX!: tf.Tensor2D;
  private analysisX!: tf.Tensor2D;
  readonly analysisLabels: Uint8Array;

  constructor(
    private readonly data: Dataset,
    private readonly host: TrainerHost,
    private readonly opts: TrainerOptions,
  ) {
    this.order = new DataOrder(data.trainCount, 0);
    this.schedule = new ReportSchedule(REPORT.valEpochFraction * data.trainCount, () => host.now());
    this.analysisLabels = data.testLabels.slice(0, Math.min(REPORT.analysisCount, data.testCount));
    this.makeDataTensors();
  }

  /** The fixed test digits on the backend: validation [v, 784], display [d, 784], analysis [a, 784]. */
  private makeDataTensors(): void {
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
  }

  private disposeDataTensors(): void {
    this.valX.dispose();
    this.displayX.dispose();
    this.analysisX.dispose();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Replaces the model; everything of the previous run is dropped. With `restore`, the new run
   * continues that snapshot (see ToWorker's configure); one that does not fit is reported
   * (scope 'restore') and a fresh model built. A model the device has no memory for is reported
   * (scope 'model') and nothing of it kept.
   */
  async configure(
    gen: number,
    model: ModelConfig,
    hyper: HyperParams,
    restore?: TrainerSnapshot,
  ): Promise<void> {
    await this.deviceReady();
    this.disposeModel();
    this.gen = gen;
    const era = ++this.era;
    this.modelConfig = model;
    this.hyper = { ...hyper };
    this.checkpoint = null;
    this.building = true;
    try {
      const restored = restore !== undefined && (await this.buildRestored(model, restore));
      if (era !== this.era) return;
      if (!restored) this.buildFresh(model);
      this.host.post({
        type: 'modelReady',
        gen,
        model,
        params: countParams(this.model!),
        lossName: this.model!.lossName,
      });
      // A restored run shows its numbers at once: the counters now, the pictures next.
      if (restored) this.postStats(true);
      // Training may start before the first reports are done: the run's start is kept at once.
      if (this.host.device?.canLose()) {
        if (restored) this.checkpoint = { ...restore, model, hyper: { ...hyper } };
        else this.startCheckpoint();
      }
      // The untrained model's output is the first thing a person sees.
      await this.postRecon(era);
      await this.postVal(era);
      if (era !== this.era) return;
      this.building = false;
      await this.postAnalysis(era);
      if (era !== this.era) return;
      this.schedule.forgetFirstCosts();
    } catch (err) {
      if (era !== this.era) return;
      await this.failBuild(err, 'building');
    } finally {
      if (era === this.era) this.building = false;
    }
  }

  /** A fresh model for `model`, at step 0. */
  private buildFresh(model: ModelConfig): void {
    this.model = createModel(model);
    this.optimizer = createAdam(this.model.variables, this.hyper.lr);
    this.setCounters(model, { step: 0, examples: 0 });
  }

  /**
   * The snapshot's run in a model for `model`: weights, Adam's state, counters. Posts the reason
   * and returns false when the snapshot does not fit (nothing is kept then).
   */
  private async buildRestored(model: ModelConfig, snap: TrainerSnapshot): Promise<boolean> {
    const built = createModel(configAtStep(model, Number.isSafeInteger(snap.step) ? snap.step : 0));
    const misfit = snapshotMisfit(snap, built.variables, this.data.trainCount);
    if (misfit) {
      built.dispose();
      this.host.post({
        type: 'error',
        scope: 'restore',
        message: `The saved run could not be restored: ${misfit}. A new model was built instead.`,
      });
      return false;
    }
    this.model = built;
    tf.tidy(() =>
      built.variables.forEach((v, i) => v.assign(tf.tensor(snap.weights[i]!.slice(), v.shape))),
    );
    this.optimizer = createAdam(built.variables, this.hyper.lr);
    if (snap.optimizer) await this.optimizer.setState(snap.optimizer);
    this.setCounters(model, snap);
    return true;
  }

  /** The counters of a run at `at` (its start when only step and examples are given). */
  private setCounters(model: ModelConfig, at: Partial<Counters>): void {
    this.step = at.step ?? 0;
    this.examples = at.examples ?? 0;
    this.order = new DataOrder(this.data.trainCount, model.seed, at.order);
    const report = at.report;
    this.lossSum = report?.lossSum ?? 0;
    this.lossCount = report?.lossCount ?? 0;
    this.partSums = { ...(report?.parts ?? {}) };
    this.lastStatsAt = this.host.now();
    this.lastStatsExamples = this.examples;
    if (this.step === 0 && !report) this.schedule.restart();
    else this.schedule.resume(this.examples, report?.nextValAt);
  }

  /** A model that failed to build or train: out of memory is the page's to handle, else thrown. */
  private async failBuild(err: unknown, during: 'building' | 'training'): Promise<void> {
    const device = this.host.device;
    const lost = device?.lost() ?? false;
    if (!isOutOfMemory(err, lost)) throw err;
    const config = this.modelConfig;
    const params = this.model ? countParams(this.model) : null;
    const backend = tf.getBackend();
    this.building = false;
    this.running = false;
    this.disposeModel();
    this.modelConfig = null;
    this.checkpoint = null;
    // A context lost while building a model is the GPU giving up on it; the next model needs a
    // working backend (a recovery under way restarts it already).
    if (lost && !this.recovering) await this.recover();
    this.host.post({ type: 'running', running: false });
    this.host.post({
      type: 'error',
      scope: 'model',
      message: config
        ? tooLargeMessage(config, params, backend, during)
        : 'This model is too large for this device.',
    });
  }

  setHyper(hyper: HyperParams): void {
    this.hyper = { ...hyper };
    // Adam reads its rate at every update, so a live change keeps the moment estimates.
    if (this.optimizer) this.optimizer.learningRate = hyper.lr;
  }

  run(): void {
    // During a recovery there is no model yet; the recovery starts the loop when it is done.
    if (!this.model && !this.recovering) return;
    this.running = true;
    this.host.post({ type: 'running', running: true });
    if (!this.recovering) void this.loop();
  }

  pause(): void {
    if (this.running) {
      this.running = false;
      this.host.post({ type: 'running', running: false });
    }
  }

  /** One batch, then report everything at once (for the Step button). */
  async stepOnce(): Promise<void> {
    await this.deviceReady();
    if (!this.model || this.running) return;
    const era = this.era;
    try {
      this.trainStep();
      await this.flushLosses(era, true);
      if (era !== this.era) return;
      await this.postRecon(era);
      if (this.schedule.valScheduled(this.examples)) await this.postVal(era);
      if (this.schedule.analysisOlderThan(REPORT.analysisMs / 3)) await this.postAnalysis(era);
      if (this.host.device?.lost()) throw new DeviceLostError();
    } catch (err) {
      if (era !== this.era) return;
      if (this.host.device?.lost()) return this.recover();
      if (isOutOfMemory(err)) return this.failBuild(err, 'training');
      throw err;
    }
    if (this.host.device?.canLose()) this.startCheckpoint();
  }

  /**
   * A copy of the run as it stands (see TrainerSnapshot): one readback of the weights and Adam's
   * moments, queued between steps, so training goes on while it is read. Null without a model.
   * Without `withOptimizer`, Adam's state is left out (a model file has none). `gen` is the run's.
   */
  async takeSnapshot(
    withOptimizer = true,
  ): Promise<{ gen: number; snapshot: TrainerSnapshot } | null> {
    for (let attempt = 0; attempt < 8; attempt++) {
      await this.deviceReady();
      const { model, optimizer, modelConfig } = this;
      if (!model || !optimizer || !modelConfig) return null;
      const state = withOptimizer
        ? await optimizer.getState()
        : { t: optimizer.updates, m: [], v: [] };
      // A step or a rebuild while the state was gathered: its tensors may be gone.
      if (model !== this.model || optimizer.updates !== state.t) continue;
      const counters = this.counters(modelConfig);
      const gen = this.gen;
      let read: Awaited<ReturnType<typeof readWithState>>;
      try {
        read = await readWithState(model.variables, state);
      } catch (err) {
        if (this.host.device?.lost()) continue;
        throw err;
      }
      // Values read off a device lost meanwhile are not the run's: take them again after the
      // recovery.
      if (this.host.device?.lost()) continue;
      return {
        gen,
        snapshot: {
          ...counters,
          weights: read.values,
          optimizer: withOptimizer ? read.state : null,
        },
      };
    }
    return null;
  }

  private counters(model: ModelConfig): Counters {
    return {
      model,
      hyper: { ...this.hyper },
      step: this.step,
      examples: this.examples,
      order: this.order.state,
      report: {
        nextValAt: this.schedule.nextValidation,
        lossSum: this.lossSum,
        lossCount: this.lossCount,
        parts: { ...this.partSums },
      },
    };
  }

  /** Begins a checkpoint (one at a time); training goes on while it is read back. */
  private startCheckpoint(): void {
    if (this.checkpointing) return;
    this.checkpointing = true;
    this.checkpointAt = this.host.now();
    const era = this.era;
    this.takeSnapshot()
      .then(
        (taken) => {
          if (taken && era === this.era && !this.host.device?.lost())
            this.checkpoint = taken.snapshot;
        },
        () => undefined,
      )
      .finally(() => {
        this.checkpointing = false;
      });
  }

  /**
   * The worker's word that the device is gone (a `webglcontextlost` event): the run is rebuilt
   * from its checkpoint on a working backend, whatever the loop is waiting for (a read from a
   * lost context may never finish).
   */
  deviceLost(): void {
    void this.recover().catch(() => undefined);
  }

  /** Waits for a recovery under way, and begins one if the device is found lost. */
  private async deviceReady(): Promise<void> {
    if (this.host.device?.lost() && !this.recovering) await this.recover();
    else if (this.recovering) await this.recovering;
  }

  private recover(): Promise<void> {
    this.recovering ??= this.rebuildAfterLoss().finally(() => {
      this.recovering = null;
    });
    return this.recovering;
  }

  /**
   * Everything on the dead device is dropped (tfjs does not recover tensors on a lost context),
   * the backend restarted, and the run rebuilt from the last checkpoint, at most about a second
   * old. It trains on if it was training.
   */
  private async rebuildAfterLoss(): Promise<void> {
    const device = this.host.device;
    if (!device) return;
    const checkpoint = this.checkpoint;
    const before = tf.getBackend();
    // A context lost while a model is first built and run is the GPU giving up on that model.
    const wasBuilding = this.building;
    this.building = false;
    this.loopToken += 1;
    this.loopActive = false;
    this.era += 1;
    this.disposeModel();
    this.disposeDataTensors();
    let restarted: Awaited<ReturnType<DeviceGuard['restart']>>;
    try {
      restarted = await device.restart();
    } catch (err) {
      this.running = false;
      this.model = null;
      this.host.post({ type: 'running', running: false });
      this.host.post({ type: 'error', scope: 'backend', message: errorMessage(err) });
      return;
    } finally {
      // The trainer keeps its digits on whatever backend runs now (tfjs' cpu at worst).
      this.makeDataTensors();
    }
    const { info, fellBack } = restarted;
    const era = ++this.era;
    if (info.backend !== before) this.host.post({ type: 'backend', ...info });
    const config = this.modelConfig;
    if (!config || wasBuilding) {
      this.modelConfig = null;
      if (this.running) this.pause();
      if (config)
        this.host.post({
          type: 'error',
          scope: 'model',
          message: tooLargeMessage(config, null, before, 'building'),
        });
      return;
    }
    try {
      // No checkpoint yet: the run had not moved from its fresh start, which is rebuilt.
      const restored = checkpoint !== null && (await this.buildRestored(config, checkpoint));
      if (!restored) this.buildFresh(config);
    } catch (err) {
      // Lost again while rebuilding: once more, from the same checkpoint (repeated losses end
      // on wasm, which has no device to lose).
      if (device.lost()) {
        this.checkpoint = checkpoint;
        return this.rebuildAfterLoss();
      }
      await this.failBuild(err, 'building');
      return;
    }
    if (era !== this.era) return;
    this.checkpoint = checkpoint;
    this.checkpointAt = this.host.now();
    if (!checkpoint && device.canLose()) this.startCheckpoint();
    this.host.post({
      type: 'recovered',
      gen: this.gen,
      step: this.step,
      backend: info.backend,
      cause: 'context-lost',
      fellBack,
    });
    this.postStats(true);
    // Reported from the loop (training) or here (paused), never both at once.
    if (this.running) void this.loop();
    else {
      await this.postRecon(era);
      await this.postVal(era);
    }
  }

  dispose(): void {
    this.running = false;
    this.era += 1;
    this.disposeModel();
    this.disposeDataTensors();
  }

  private disposeModel(): void {
    this.pending.dispose();
    this.partSums = {};
    this.model?.dispose();
    this.optimizer?.dispose();
    this.model = null;
    this.optimizer = null;
  }

  private async loop(): Promise<void> {
    if (this.loopActive) return;
    this.loopActive = true;
    const token = ++this.loopToken;
    try {
      for (;;) {
        await this.trainWhileRunning(token);
        if (token !== this.loopToken) return;
        // Paused: report the last steps, validate the model as it stands and show its
        // reconstructions, so the numbers and pictures on screen describe it. A click on Train
        // meanwhile carries on here (this loop still owns the worker).
        const era = this.era;
        if (this.model && this.lossCount > 0) this.postStats(false);
        if (this.model && this.valExamples !== this.examples) await this.postVal(era);
        if (this.model && this.reconStep !== this.step) await this.postRecon(era);
        if (token !== this.loopToken) return;
        if (this.host.device?.lost()) throw new DeviceLostError();
        if (!this.running || !this.model) {
          // Nothing of a paused run is lost with the device.
          if (this.model && this.host.device?.canLose()) this.startCheckpoint();
          break;
        }
      }
    } catch (err) {
      if (token !== this.loopToken) return;
      this.loopActive = false;
      if (this.host.device?.lost()) {
        // The loop begins again from the checkpoint once the recovery is done.
        await this.recover();
        return;
      }
      if (isOutOfMemory(err)) {
        await this.failBuild(err, 'training');
        return;
      }
      this.running = false;
      this.host.post({ type: 'running', running: false });
      this.host.post({ type: 'error', scope: 'train', message: errorMessage(err) });
    } finally {
      if (token === this.loopToken) this.loopActive = false;
    }
  }

  /** Bursts of steps with their reports, until paused or the model goes. */
  private async trainWhileRunning(token: number): Promise<void> {
    while (this.running && this.model && token === this.loopToken) {
      const era = this.era;
      const t0 = this.host.now();
      const steps = this.schedule.burstSteps;
      for (let i = 0; i < steps; i++) this.trainStep();
      // Reading the loss waits for the queued GPU work, so the queue never grows past a burst.
      const ok = await this.flushLosses(era, false);
      if (this.host.device?.lost()) throw new DeviceLostError();
      if (!ok || era !== this.era) continue;
      this.schedule.burstEnded(t0, steps, this.hyper.batch);
      if (this.schedule.reconDue()) await this.postRecon(era);
      if (era === this.era && this.schedule.valDue(this.examples)) await this.postVal(era);
      if (era === this.era && this.schedule.analysisDue()) await this.postAnalysis(era);
      if (
        era === this.era &&
        this.host.device?.canLose() &&
        this.host.now() - this.checkpointAt >= CHECKPOINT_MS
      )
        this.startCheckpoint();
      await this.host.yieldToEvents();
    }
  }

  private nextBatch(): Float32Array {
    const b = this.hyper.batch;
    if (this.batchBuf.length !== b * DIGIT_PIXELS)
      this.batchBuf = new Float32Array(b * DIGIT_PIXELS);
    gatherDigits(this.data.trainPixels, this.order.next(b), this.batchBuf);
    return this.batchBuf;
  }

  private trainStep(): void {
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
  private async flushLosses(era: number, force: boolean): Promise<boolean> {
    const sums = await this.pending.read();
    if (!sums) return true;
    if (era !== this.era) return false;
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
  private postStats(force: boolean): void {
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
  private current(era: number): boolean {
    return era === this.era && !this.host.device?.lost();
  }

  private async postRecon(era: number): Promise<void> {
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
    try {
      const pixels = Float32Array.from((await out.data()) as Float32Array);
      const noisy = input ? Float32Array.from((await input.data()) as Float32Array) : undefined;
      if (!this.current(era)) return;
      const transfer = noisy ? [pixels.buffer, noisy.buffer] : [pixels.buffer];
      this.reconStep = this.step;
      this.host.post({ type: 'recon', gen: this.gen, step: this.step, pixels, noisy }, transfer);
    } finally {
      out.dispose();
      input?.dispose();
    }
    await this.postWeights(era);
    this.schedule.reconEnded();
  }

  /** A snapshot of the weights, so drawings are answered elsewhere without waiting on a step. */
  private async postWeights(era: number): Promise<void> {
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

  private async postAnalysis(era: number): Promise<void> {
    const model = this.model;
    if (!model) return;
    const t0 = this.host.now();
    const a = await analyse(model, this.analysisX, this.analysisLabels, this.gen);
    this.schedule.analysisEnded(t0);
    if (!this.current(era)) return;
    const transfer: Transferable[] = [
      a.points.buffer,
      a.mean.buffer,
      a.axes.buffer,
      a.worst.originals.buffer,
      a.worst.recons.buffer,
    ];
    if (a.manifold) transfer.push(a.manifold.images.buffer);
    this.host.post({ type: 'analysis', ...a }, transfer);
  }

  /** Validation is always the per-pixel MSE, whatever the training loss, so runs compare. */
  private async postVal(era: number): Promise<void> {
    const model = this.model;
    if (!model) return;
    this.schedule.valStarted();
    const n = this.valX.shape[0];
    const sums: tf.Scalar[] = [];
    for (let start = 0; start < n; start += EVAL_CHUNK) {
      const size = Math.min(EVAL_CHUNK, n - start);
      sums.push(
        tf.tidy(() => {
          const x = tf.slice(this.valX, [start, 0], [size, DIGIT_PIXELS]);
          return tf.sum(tf.squaredDifference(model.decode(model.encode(x)), x));
        }),
      );
    }
    const total = tf.addN(sums);
    let value: number;
    try {
      value = (await total.data())[0]!;
    } finally {
      total.dispose();
      for (const s of sums) s.dispose();
    }
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
