// The training loop. It knows tfjs and the protocol's message shapes, but not the Worker API,
// so it runs the same in a worker, on the main thread (for comparison) and in unit tests.
// trainerCore.ts holds the run's state and reports, trainerRun.ts builds and snapshots runs;
// this file drives them: configure, train, pause, step, and recover from a lost device.
import * as tf from '@tensorflow/tfjs-core';
import { DIGIT_PIXELS } from '../data/sprite';
import { layersPlan } from '../model/layersPlan';
import { countParams } from '../model/types';
import { takeExplainedStep, type ExplainedStep } from './explainStep';
import { isOutOfMemory, tooLargeMessage } from './failures';
import {
  REPORT,
  type HyperParams,
  type ModelConfig,
  type StepExplanation,
  type TrainerSnapshot,
} from './protocol';
import { CHECKPOINT_MS, DeviceLostError, errorMessage, type DeviceGuard } from './trainerCore';
import { TrainerRun } from './trainerRun';

export {
  CHECKPOINT_MS,
  errorMessage,
  type DeviceGuard,
  type TrainerHost,
  type TrainerOptions,
} from './trainerCore';

/** The longest rest between bursts while a hand is busy (a burst is about 25 ms). */
export const HAND_REST_MAX_MS = 100;

export class Trainer extends TrainerRun {
  /** A person's hand is on the drawing pad or a traversal slider. */
  private handBusy = false;

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

  /** A hand on the pad or a traversal slider: see `trainWhileRunning`. */
  setHandBusy(busy: boolean): void {
    this.handBusy = busy;
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
   * One training step on the next batch of the data order, explained: the step is real
   * (counted and reported as Step reports it), and what it saw, made and changed is read back at
   * once (src/train/explainStep.ts). Only while paused. A failure is answered with its reason; a
   * lost device is recovered from as in any step.
   */
  async explainStep(): Promise<
    { gen: number; explanation: StepExplanation } | { failure: string }
  > {
    await this.deviceReady();
    // A loop that was just paused first reports its last steps, so this step is on its own.
    while (this.loopActive && !this.running) await this.host.yieldToEvents();
    const { model, optimizer, modelConfig } = this;
    if (!model || !optimizer || !modelConfig) return { failure: 'There is no model yet.' };
    if (this.running) return { failure: 'Training is running: pause it first.' };
    const era = this.era;
    let explanation: StepExplanation;
    try {
      const b = this.hyper.batch;
      const x = tf.tensor2d(this.nextBatch(), [b, DIGIT_PIXELS]);
      let taken: ExplainedStep;
      try {
        const names = layersPlan(modelConfig).weights.map((w) => w.name);
        taken = takeExplainedStep(model, optimizer, x, names);
      } finally {
        x.dispose();
      }
      this.step += 1;
      this.examples += b;
      const step = this.step;
      const data = await this.readbacks.hold([taken.values], () => taken.values.data());
      if (era !== this.era) return { failure: 'The model changed during the step.' };
      explanation = taken.explain(data as Float32Array, step);
      const counted = this.countLosses(
        { steps: 1, total: explanation.loss, parts: explanation.parts },
        true,
      );
      if (!counted) return { failure: 'The loss of this step is not a number.' };
      await this.postRecon(era);
      if (this.schedule.valScheduled(this.examples)) await this.postVal(era);
      if (this.schedule.analysisOlderThan(REPORT.analysisMs / 3)) await this.postAnalysis(era);
      if (this.host.device?.lost()) throw new DeviceLostError();
    } catch (err) {
      if (era !== this.era) return { failure: 'The model changed during the step.' };
      if (this.host.device?.lost()) {
        await this.recover();
        return { failure: 'The GPU context was lost during the step; the run was restored.' };
      }
      if (isOutOfMemory(err)) {
        await this.failBuild(err, 'training');
        return { failure: 'The device ran out of memory during the step.' };
      }
      throw err;
    }
    if (this.host.device?.canLose()) this.startCheckpoint();
    return { gen: this.gen, explanation };
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
  protected async deviceReady(): Promise<void> {
    if (this.host.device?.lost() && !this.recovering) await this.recover();
    else if (this.recovering) await this.recovering;
  }

  protected recover(): Promise<void> {
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
  protected async rebuildAfterLoss(): Promise<void> {
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
    // Reads from the lost context never finish: their tensors are dropped here.
    this.readbacks.drop();
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

  protected async loop(): Promise<void> {
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
  protected async trainWhileRunning(token: number): Promise<void> {
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
      // While a hand is busy the pictures for the other views (the grid with its weights, the
      // look at the codes) wait: the hand's answers come first, and during a stroke the page
      // holds those views still anyway.
      const forViews = !this.handBusy;
      if (forViews && this.schedule.reconDue()) await this.postRecon(era);
      if (era === this.era && this.schedule.valDue(this.examples)) await this.postVal(era);
      if (forViews && era === this.era && this.schedule.analysisDue()) await this.postAnalysis(era);
      if (
        era === this.era &&
        this.host.device?.canLose() &&
        this.host.now() - this.checkpointAt >= CHECKPOINT_MS
      )
        this.startCheckpoint();
      await this.host.yieldToEvents();
      // While a person draws or moves a traversal slider, training takes at most half of its
      // core: after each burst it rests as long as the burst took. On a phone's CPU, where the
      // worker shares its cores with the page and the inference worker, that is what keeps the
      // answers quick.
      if (this.handBusy && token === this.loopToken) {
        const took = this.host.now() - t0;
        await new Promise<void>((resolve) => setTimeout(resolve, Math.min(HAND_REST_MAX_MS, took)));
      }
    }
  }
}
