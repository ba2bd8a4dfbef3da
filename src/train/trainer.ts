// The training loop. It knows tfjs and the protocol's message shapes, but not the Worker API,
// so it runs the same in a worker, on the main thread (for comparison) and in unit tests.
import * as tf from '@tensorflow/tfjs-core';
import { gatherDigits, type Dataset } from '../data/dataset';
import { createRng, shuffleInPlace } from '../data/rng';
import { DIGIT_PIXELS } from '../data/sprite';
import { createModel } from '../model';
import { countParams, type Autoencoder } from '../model/types';
import { createAdam, type StepOptimizer } from './adam';
import { analyse } from './analysis';
import { PendingLosses } from './pendingLosses';
import { REPORT, type FromWorker, type HyperParams, type ModelConfig } from './protocol';
import { ReportSchedule } from './schedule';
import { trainingStep } from './step';

export interface TrainerHost {
  post(msg: FromWorker, transfer?: Transferable[]): void;
  now(): number;
  /** Lets queued messages run; must not depend on requestAnimationFrame (hidden tabs). */
  yieldToEvents(): Promise<void>;
}

export interface TrainerOptions {
  valSize: number;
  displayIndices: number[];
}

/** Evaluates in chunks so a 10,000-digit validation never needs one huge tensor. */
const EVAL_CHUNK = 1000;

export class Trainer {
  private model: Autoencoder | null = null;
  private optimizer: StepOptimizer | null = null;
  private modelConfig: ModelConfig | null = null;
  private hyper: HyperParams = { lr: 1e-3, batch: 128 };
  private gen = 0;
  private running = false;
  private loopActive = false;

  private step = 0;
  private examples = 0;
  private perm: Uint32Array;
  private permPos = 0;
  private rng = createRng(1);
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

  private readonly valX: tf.Tensor2D;
  private readonly displayX: tf.Tensor2D;
  private readonly analysisX: tf.Tensor2D;
  readonly analysisLabels: Uint8Array;

  constructor(
    private readonly data: Dataset,
    private readonly host: TrainerHost,
    opts: TrainerOptions,
  ) {
    this.perm = new Uint32Array(data.trainCount).map((_, i) => i);
    this.schedule = new ReportSchedule(REPORT.valEpochFraction * data.trainCount, () => host.now());
    const valCount = Math.min(opts.valSize, data.testCount);
    const valIdx = Array.from({ length: valCount }, (_, i) => i);
    this.valX = tf.tensor2d(gatherDigits(data.testPixels, valIdx), [valCount, DIGIT_PIXELS]);
    this.displayX = tf.tensor2d(gatherDigits(data.testPixels, opts.displayIndices), [
      opts.displayIndices.length,
      DIGIT_PIXELS,
    ]);
    const nA = Math.min(REPORT.analysisCount, data.testCount);
    const aIdx = Array.from({ length: nA }, (_, i) => i);
    this.analysisX = tf.tensor2d(gatherDigits(data.testPixels, aIdx), [nA, DIGIT_PIXELS]);
    this.analysisLabels = data.testLabels.slice(0, nA);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Replaces the model with a fresh one; everything of the previous run is dropped. */
  async configure(gen: number, model: ModelConfig, hyper: HyperParams): Promise<void> {
    this.disposeModel();
    this.gen = gen;
    this.modelConfig = model;
    this.hyper = { ...hyper };
    this.model = createModel(model);
    this.optimizer = createAdam(this.model.variables, hyper.lr);
    this.step = 0;
    this.examples = 0;
    this.rng = createRng(model.seed ^ 0x9e3779b9);
    this.perm = shuffleInPlace(
      this.perm.map((_, i) => i),
      this.rng,
    );
    this.permPos = 0;
    this.lossSum = 0;
    this.lossCount = 0;
    this.lastStatsAt = this.host.now();
    this.lastStatsExamples = 0;
    this.schedule.restart();
    this.host.post({
      type: 'modelReady',
      gen,
      model,
      params: countParams(this.model),
      lossName: this.model.lossName,
    });
    // The untrained model's output is the first thing a person sees.
    await this.postRecon(gen);
    await this.postVal(gen);
    await this.postAnalysis(gen);
    this.schedule.forgetFirstCosts();
  }

  setHyper(hyper: HyperParams): void {
    this.hyper = { ...hyper };
    // Adam reads its rate at every update, so a live change keeps the moment estimates.
    if (this.optimizer) this.optimizer.learningRate = hyper.lr;
  }

  run(): void {
    if (!this.model) return;
    this.running = true;
    this.host.post({ type: 'running', running: true });
    void this.loop();
  }

  pause(): void {
    if (this.running) {
      this.running = false;
      this.host.post({ type: 'running', running: false });
    }
  }

  /** One batch, then report everything at once (for the Step button). */
  async stepOnce(): Promise<void> {
    if (!this.model || this.running) return;
    const gen = this.gen;
    this.trainStep();
    await this.flushLosses(gen, true);
    if (gen !== this.gen) return;
    await this.postRecon(gen);
    if (this.schedule.valScheduled(this.examples)) await this.postVal(gen);
    if (this.schedule.analysisOlderThan(REPORT.analysisMs / 3)) await this.postAnalysis(gen);
  }

  dispose(): void {
    this.running = false;
    this.disposeModel();
    this.valX.dispose();
    this.displayX.dispose();
    this.analysisX.dispose();
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
    try {
      for (;;) {
        await this.trainWhileRunning();
        // Paused: report the last steps, validate the model as it stands and show its
        // reconstructions, so the numbers and pictures on screen describe it. A click on Train
        // meanwhile carries on here (this loop still owns the worker).
        if (this.model && this.lossCount > 0) this.postStats(this.gen, false);
        if (this.model && this.valExamples !== this.examples) await this.postVal(this.gen);
        if (this.model && this.reconStep !== this.step) await this.postRecon(this.gen);
        if (!this.running || !this.model) break;
      }
    } catch (err) {
      this.running = false;
      this.host.post({ type: 'running', running: false });
      this.host.post({ type: 'error', scope: 'train', message: errorMessage(err) });
    } finally {
      this.loopActive = false;
    }
  }

  /** Bursts of steps with their reports, until paused or the model goes. */
  private async trainWhileRunning(): Promise<void> {
    while (this.running && this.model) {
      const gen = this.gen;
      const t0 = this.host.now();
      const steps = this.schedule.burstSteps;
      for (let i = 0; i < steps; i++) this.trainStep();
      // Reading the loss waits for the queued GPU work, so the queue never grows past a burst.
      const ok = await this.flushLosses(gen, false);
      if (!ok || gen !== this.gen) continue;
      this.schedule.burstEnded(t0, steps, this.hyper.batch);
      if (this.schedule.reconDue()) await this.postRecon(gen);
      if (gen === this.gen && this.schedule.valDue(this.examples)) await this.postVal(gen);
      if (gen === this.gen && this.schedule.analysisDue()) await this.postAnalysis(gen);
      await this.host.yieldToEvents();
    }
  }

  private nextBatch(): Float32Array {
    const b = this.hyper.batch;
    if (this.batchBuf.length !== b * DIGIT_PIXELS)
      this.batchBuf = new Float32Array(b * DIGIT_PIXELS);
    if (this.permPos + b > this.perm.length) {
      shuffleInPlace(this.perm, this.rng);
      this.permPos = 0;
    }
    gatherDigits(
      this.data.trainPixels,
      this.perm.subarray(this.permPos, this.permPos + b),
      this.batchBuf,
    );
    this.permPos += b;
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
  private async flushLosses(gen: number, force: boolean): Promise<boolean> {
    const sums = await this.pending.read();
    if (!sums) return true;
    if (gen !== this.gen) return false;
    for (const [n, v] of Object.entries(sums.parts)) this.partSums[n] = (this.partSums[n] ?? 0) + v;
    const total = sums.total;
    if (!Number.isFinite(total)) {
      this.running = false;
      this.host.post({ type: 'running', running: false });
      this.host.post({
        type: 'halted',
        gen,
        message: `The loss became ${Number.isNaN(total) ? 'NaN' : 'infinite'} at step ${this.step}, so training was paused. The learning rate (${this.hyper.lr.toPrecision(2)}) is probably too high: lower it and press Reset.`,
      });
      return false;
    }
    this.lossSum += total;
    this.lossCount += sums.steps;
    if (force || this.host.now() - this.lastStatsAt >= REPORT.statsMs) this.postStats(gen, force);
    return true;
  }

  /** Reports the losses summed since the last report. */
  private postStats(gen: number, force: boolean): void {
    const now = this.host.now();
    const dt = (now - this.lastStatsAt) / 1000;
    const rate = dt > 0 ? (this.examples - this.lastStatsExamples) / dt : 0;
    this.host.post({
      type: 'stats',
      gen,
      step: this.step,
      epoch: this.examples / this.data.trainCount,
      examples: this.examples,
      loss: this.lossSum / this.lossCount,
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

  private async postRecon(gen: number): Promise<void> {
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
    const pixels = Float32Array.from((await out.data()) as Float32Array);
    const noisy = input ? Float32Array.from((await input.data()) as Float32Array) : undefined;
    out.dispose();
    input?.dispose();
    if (gen !== this.gen) return;
    const transfer = noisy ? [pixels.buffer, noisy.buffer] : [pixels.buffer];
    this.reconStep = this.step;
    this.host.post({ type: 'recon', gen, step: this.step, pixels, noisy }, transfer);
    await this.postWeights(gen);
    this.schedule.reconEnded();
  }

  /** A snapshot of the weights, so drawings are answered elsewhere without waiting on a step. */
  private async postWeights(gen: number): Promise<void> {
    const model = this.model;
    const config = this.modelConfig;
    if (!model || !config) return;
    // Copies: on the cpu backend data() hands out the variable's own storage, which a transfer
    // would detach.
    const values = (await Promise.all(model.variables.map((v) => v.data()))).map((d) =>
      Float32Array.from(d as Float32Array),
    );
    if (gen !== this.gen) return;
    this.host.post(
      { type: 'weights', gen, model: config, values },
      values.map((v) => v.buffer),
    );
  }

  private async postAnalysis(gen: number): Promise<void> {
    const model = this.model;
    if (!model) return;
    const t0 = this.host.now();
    const a = await analyse(model, this.analysisX, this.analysisLabels, gen);
    this.schedule.analysisEnded(t0);
    if (gen !== this.gen) return;
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
  private async postVal(gen: number): Promise<void> {
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
    const value = (await total.data())[0]!;
    this.schedule.valEnded(this.examples);
    this.valExamples = this.examples;
    total.dispose();
    for (const s of sums) s.dispose();
    if (gen !== this.gen) return;
    this.host.post({
      type: 'val',
      gen,
      examples: this.examples,
      valLoss: value / (n * DIGIT_PIXELS),
    });
  }

  /** For tests and diagnostics. */
  get snapshot() {
    return { step: this.step, examples: this.examples, gen: this.gen, model: this.modelConfig };
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
