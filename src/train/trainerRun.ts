// Building and keeping runs: a fresh model, one restored from a snapshot (weights, Adam's state,
// counters), a model too large for the device, and the snapshots and checkpoints of a run.
import * as tf from '@tensorflow/tfjs-core';
import { createModel } from '../model';
import { countParams } from '../model/types';
import { createAdam } from './adam';
import { DataOrder } from './dataOrder';
import { isOutOfMemory, tooLargeMessage } from './failures';
import type { ModelConfig, TrainerSnapshot } from './protocol';
import { configAtStep, readWithState, snapshotMisfit } from './snapshot';
import { TrainerCore, type Counters } from './trainerCore';

export abstract class TrainerRun extends TrainerCore {
  /** Rebuilds the run on a working backend after its device was lost (trainer.ts). */
  protected abstract recover(): Promise<void>;
  /** Waits for a recovery under way, and begins one if the device is found lost (trainer.ts). */
  protected abstract deviceReady(): Promise<void>;
  /** A fresh model for `model`, at step 0. */
  protected buildFresh(model: ModelConfig): void {
    this.model = createModel(model);
    this.optimizer = createAdam(this.model.variables, this.hyper.lr);
    this.setCounters(model, { step: 0, examples: 0 });
  }
  /**
   * The snapshot's run in a model for `model`: weights, Adam's state, counters. Posts the reason
   * and returns false when the snapshot does not fit (nothing is kept then).
   */
  protected async buildRestored(model: ModelConfig, snap: TrainerSnapshot): Promise<boolean> {
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
  protected setCounters(model: ModelConfig, at: Partial<Counters>): void {
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
  protected async failBuild(err: unknown, during: 'building' | 'training'): Promise<void> {
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
        read = await readWithState(model.variables, state, this.readbacks);
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
  protected counters(model: ModelConfig): Counters {
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
  protected startCheckpoint(): void {
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
}
