// Owns the two workers: starts and replaces them, numbers the runs and the requests, and lets
// through only what is current: messages of the run now going, answers to the latest requests.
import { startInferenceWorker, startTrainerWorker } from '../train/client';
import type {
  InspectRequest,
  SaveFailure,
  StepExplanation,
  FromInference,
  FromWorker,
  HyperParams,
  ModelConfig,
  RunLossPoint,
  RunMetadata,
  ToInference,
  ToWorker,
  TrainerSnapshot,
} from '../train/protocol';
import type { Cancel, Clock } from './clock';
import { systemClock } from './clock';
import type { InterpolationRequest } from './interpolationPacer';
import { MemoryProbes, type MemoryProbe } from './memoryProbe';
import { Requests } from './requests';
import { Watchdog } from './watchdog';

/** What the supervisor needs of a worker: src/train/client.ts's clients, or a test's object. */
export interface WorkerPort<In> {
  send(msg: In, transfer?: Transferable[]): void;
  terminate(): void;
}

export type StartWorker<In, Out> = (
  onMessage: (msg: Out) => void,
  onCrash: (message: string) => void,
) => WorkerPort<In>;

/** Answers to the supervisor's own requests, and the heartbeat: the store never sees these. */
type Answer = Extract<
  FromWorker,
  {
    type:
      | 'memory'
      | 'heartbeat'
      | 'snapshot'
      | 'saved'
      | 'modelFile'
      | 'exportFailed'
      | 'importFailed'
      | 'imported'
      | 'explained'
      | 'explainFailed';
  }
>;

/** The training worker's messages the store folds in. */
export type TrainerReport = Exclude<FromWorker, Answer>;

/** A traversal slider counts as held this long after its last move. */
export const TRAVERSAL_HOLD_MS = 400;

/** A model as two files: model.json's text and the weights' bytes. */
export interface ModelFile {
  json: string;
  weights: ArrayBuffer;
  name: string;
}

/** A model read from files: its config, a snapshot to restore and the run it was saved with. */
export interface ImportedModel {
  model: ModelConfig;
  snapshot: TrainerSnapshot;
  metadata: RunMetadata;
}

export type LoadRequest = Extract<ToWorker, { type: 'load' }>;
/** What the store may tell the training worker directly; runs and probes go through methods. */
export type TrainerCommand = Extract<ToWorker, { type: 'run' | 'pause' | 'step' | 'hyper' }>;

export interface SupervisorOptions {
  /** A message of the current run from the training worker. */
  onTrainer(msg: TrainerReport): void;
  /** An inference answer to the latest request of its kind, in the current run. */
  onInference(msg: FromInference): void;
  /** Every interpolation answer, current or not: the worker is free for the next one. */
  onInterpolationAnswered(): void;
  /** The inference worker answered an inspection (the current one or an older). */
  onInspectionAnswered?(): void;
  /** Either worker stopped unexpectedly, or the training worker went silent (see Watchdog). */
  onCrash(message: string): void;
  clock?: Clock;
  startTrainer?: StartWorker<ToWorker, FromWorker>;
  startInference?: StartWorker<ToInference, FromInference>;
}

export class Supervisor {
  private trainer: WorkerPort<ToWorker> | null = null;
  private inference: WorkerPort<ToInference> | null = null;
  /** The current run; every message of a run carries it. */
  private gen = 0;
  private drawingId = 0;
  /** The drawing answer now on screen: an older one is never shown after it. */
  private drawingShownId = 0;
  /** A stroke is being drawn: the inference worker keeps the weights it has meanwhile. */
  private stroking = false;
  /** Until when a hand counts as on the traversal's sliders (the same holds for them). */
  private traversingUntil = 0;
  private traversalRelease: Cancel | null = null;
  /** What the training worker was last told of the hand (see ToWorker's 'hand'). */
  private handTold = false;
  private readonly clock: Clock;
  /** The run whose weights the inference worker has. */
  private weightsGen = -1;
  /** The newest weights, held back while a stroke is drawn. */
  private heldWeights: Extract<FromWorker, { type: 'weights' }> | null = null;
  private pickId = 0;
  private sampleId = 0;
  private interpId = 0;
  private inspectId = 0;
  private traverseId = 0;
  private traverseShownId = 0;
  private memoryId = 0;
  private readonly memory = new MemoryProbes();
  private readonly snapshots = new Requests<TrainerSnapshot | null>();
  private readonly saves = new Requests<SaveFailure | null>();
  private readonly exports = new Requests<ModelFile>();
  private readonly imports = new Requests<ImportedModel>();
  private readonly explanations = new Requests<StepExplanation>();
  private readonly watchdog: Watchdog;
  private readonly startTrainer: StartWorker<ToWorker, FromWorker>;
  private readonly startInference: StartWorker<ToInference, FromInference>;

  constructor(private readonly options: SupervisorOptions) {
    this.startTrainer = options.startTrainer ?? startTrainerWorker;
    this.startInference = options.startInference ?? startInferenceWorker;
    this.clock = options.clock ?? systemClock;
    this.watchdog = new Watchdog(this.clock, () =>
      this.options.onCrash('The training worker stopped responding.'),
    );
  }

  /** Whether workers are running (between start and stop). */
  get started(): boolean {
    return this.trainer !== null;
  }

  /** Starts both workers afresh, replacing any running, and has the data loaded. */
  start(load: LoadRequest): void {
    this.stop();
    const crash = (message: string) => this.options.onCrash(message);
    this.trainer = this.startTrainer((msg) => this.fromTrainer(msg), crash);
    this.inference = this.startInference((msg) => this.fromInference(msg), crash);
    this.weightsGen = -1;
    this.heldWeights = null;
    this.handTold = false;
    this.trainer.send(load);
    this.tellHand();
    this.watchdog.start();
  }

  stop(): void {
    this.watchdog.stop();
    this.traversalRelease?.();
    this.traversalRelease = null;
    this.traversingUntil = 0;
    this.trainer?.terminate();
    this.inference?.terminate();
    this.trainer = null;
    this.inference = null;
    const gone = 'The training worker was replaced.';
    this.snapshots.abandon(gone);
    this.saves.abandon(gone);
    this.exports.abandon(gone);
    this.imports.abandon(gone);
    this.explanations.abandon(gone);
  }

  /**
   * A new run: fresh weights, or those of `restore`, which the run continues from. Messages of
   * older runs are ignored from here on.
   */
  newRun(model: ModelConfig, hyper: HyperParams, restore?: TrainerSnapshot): void {
    this.gen += 1;
    this.trainer?.send({ type: 'configure', gen: this.gen, model, hyper, restore });
  }

  /** The run as it stands (weights, Adam's state, counters); null before any model. */
  snapshot(): Promise<TrainerSnapshot | null> {
    const { id, answer } = this.snapshots.open();
    this.trainer?.send({ type: 'snapshot', id });
    return answer;
  }

  /**
   * The run as it stands, which the worker also saves in the browser with the page's `fields`
   * of the record (src/persist/savedRun.ts): `written` settles with the write's outcome (null:
   * saved). Both reject when the worker is replaced first.
   */
  saveRun(fields: Record<string, unknown>): {
    snapshot: Promise<TrainerSnapshot | null>;
    written: Promise<SaveFailure | null>;
  } {
    const asked = this.snapshots.open();
    const saved = this.saves.open();
    this.trainer?.send({ type: 'snapshot', id: asked.id, save: { id: saved.id, fields } });
    return { snapshot: asked.answer, written: saved.answer };
  }

  /** The current model as the files of a TensorFlow.js Layers model, with its run. */
  exportModel(history: RunLossPoint[]): Promise<ModelFile> {
    const { id, answer } = this.exports.open();
    this.trainer?.send({ type: 'exportModel', id, history });
    return answer;
  }

  /** Reads files a person chose; rejects with the reason a person can read. */
  importModel(files: { name: string; bytes: Uint8Array }[]): Promise<ImportedModel> {
    const { id, answer } = this.imports.open();
    this.trainer?.send(
      { type: 'importModel', id, files },
      files.map((f) => f.bytes.buffer),
    );
    return answer;
  }

  /**
   * One training step on the next batch, explained (the worker must be paused first). Rejects
   * with a reason a person can read: no model, another run, a lost device, a replaced worker.
   */
  explainStep(): Promise<StepExplanation> {
    const { id, answer } = this.explanations.open();
    this.trainer?.send({ type: 'explainStep', id });
    return answer;
  }

  command(msg: TrainerCommand): void {
    this.trainer?.send(msg);
  }

  /** Asks the inference worker for a drawing's reconstruction; returns the request's id. */
  encodeDrawing(input: Float32Array): number {
    this.drawingId += 1;
    const pixels = input.slice();
    this.inference?.send({ type: 'encodeDrawing', id: this.drawingId, pixels }, [pixels.buffer]);
    return this.drawingId;
  }

  /** The answer to drawing request `id` reached the screen. */
  drawingShown(id: number): void {
    this.drawingShownId = id;
  }

  /** Decodes one point of the latent plane; a newer pick makes an older one's answer stale. */
  decode(x: number, y: number): void {
    this.pickId += 1;
    this.inference?.send({
      type: 'decode',
      id: this.pickId,
      codes: new Float32Array([x, y]),
      count: 1,
    });
  }

  sample(count: number, seed: number): void {
    this.sampleId += 1;
    this.inference?.send({ type: 'sample', id: this.sampleId, count, seed });
  }

  interpolate({ a, b, steps }: InterpolationRequest): void {
    this.interpId += 1;
    this.inference?.send({ type: 'interpolate', id: this.interpId, a, b, steps });
  }

  /** Asks the inference worker to open the model at a digit; a newer request makes it stale. */
  inspect(request: InspectRequest): void {
    this.inspectId += 1;
    this.inference?.send({ type: 'inspect', id: this.inspectId, ...request });
  }

  /**
   * Decodes an edited code; answers come in order, each newer than the last shown is shown.
   * Returns the request's id.
   */
  traverse(code: Float32Array): number {
    this.traverseId += 1;
    this.traversingUntil = this.clock.now() + TRAVERSAL_HOLD_MS;
    this.traversalRelease ??= this.clock.after(TRAVERSAL_HOLD_MS, this.traversalSettled);
    this.tellHand();
    const copy = code.slice();
    this.inference?.send({ type: 'traverse', id: this.traverseId, code: copy }, [copy.buffer]);
    return this.traverseId;
  }

  /** tf.memory() of the training worker. */
  probeMemory(): Promise<MemoryProbe> {
    this.memoryId += 1;
    const answer = this.memory.wait(this.memoryId);
    this.trainer?.send({ type: 'probeMemory', id: this.memoryId });
    return answer;
  }

  private fromTrainer(msg: FromWorker): void {
    this.watchdog.heard();
    if (this.answered(msg)) return;
    if ('gen' in msg && msg.gen !== this.gen) return;
    // A read from a lost device never finishes: an explanation under way is not coming.
    if (msg.type === 'recovered')
      this.explanations.abandon('The GPU context was lost during the step; the run was restored.');
    if (msg.type === 'weights') {
      // While a stroke is drawn, the stroke's answers come from the weights it began with (a
      // new run's first weights excepted): taking in new ones each time the run sends them
      // would hold up the answers on a slow CPU. The newest go over as the stroke ends, and
      // the store hears of them then (it has the drawing answered again by them).
      if (this.interacting() && this.weightsGen === msg.gen) {
        this.heldWeights = msg;
        return;
      }
      this.sendWeights(msg);
    }
    this.options.onTrainer(msg);
  }

  /** The inference worker answers drawings from the latest weights of the current run. */
  private sendWeights(msg: Extract<FromWorker, { type: 'weights' }>): void {
    this.heldWeights = null;
    this.weightsGen = msg.gen;
    this.inference?.send(
      { type: 'weights', gen: msg.gen, model: msg.model, values: msg.values },
      msg.values.map((v) => v.buffer),
    );
  }

  /** A hand on the pad or on a traversal slider: the inference worker answers it first. */
  private interacting(): boolean {
    return this.stroking || this.clock.now() < this.traversingUntil;
  }

  /** Tells the training worker whether a hand is busy, when that changes. */
  private tellHand(): void {
    const busy = this.interacting();
    if (busy === this.handTold || !this.trainer) return;
    this.handTold = busy;
    this.trainer.send({ type: 'hand', busy });
  }

  /** The hand has left: the newest weights held back go over. */
  private release(): void {
    this.tellHand();
    const held = this.heldWeights;
    if (this.interacting() || !held) return;
    this.heldWeights = null;
    if (held.gen !== this.gen) return;
    this.sendWeights(held);
    this.options.onTrainer(held);
  }

  private readonly traversalSettled = (): void => {
    const left = this.traversingUntil - this.clock.now();
    this.traversalRelease = left > 0 ? this.clock.after(left, this.traversalSettled) : null;
    if (left <= 0) this.release();
  };

  /** A stroke began (true) or ended (false); see `fromTrainer` for what it holds back. */
  setStroking(on: boolean): void {
    this.stroking = on;
    if (on) this.tellHand();
    else this.release();
  }

  /** Settles the request a message answers; false when it is a report for the store. */
  private answered(msg: FromWorker): msg is Answer {
    switch (msg.type) {
      case 'heartbeat':
        return true;
      case 'memory':
        this.memory.answer(msg);
        return true;
      case 'snapshot':
        // A snapshot of an older run is of no use to this one.
        this.snapshots.resolve(msg.id, msg.gen === this.gen ? msg.snapshot : null);
        return true;
      case 'saved':
        this.saves.resolve(msg.id, msg.error);
        return true;
      case 'modelFile':
        this.exports.resolve(msg.id, { json: msg.json, weights: msg.weights, name: msg.name });
        return true;
      case 'exportFailed':
        this.exports.reject(msg.id, new Error(msg.message));
        return true;
      case 'importFailed':
        this.imports.reject(msg.id, new Error(msg.message));
        return true;
      case 'explained': {
        const { type: _type, id, gen, ...explanation } = msg;
        if (gen === this.gen) this.explanations.resolve(id, explanation);
        else this.explanations.reject(id, new Error('The model changed during the step.'));
        return true;
      }
      case 'explainFailed':
        this.explanations.reject(msg.id, new Error(msg.message));
        return true;
      case 'imported':
        this.imports.resolve(msg.id, {
          model: msg.model,
          snapshot: msg.snapshot,
          metadata: msg.metadata,
        });
        return true;
      default:
        return false;
    }
  }

  private fromInference(msg: FromInference): void {
    // The pacer hears first: it may send the next request, which makes this answer stale.
    if (msg.type === 'interpolated') this.options.onInterpolationAnswered();
    if (msg.type === 'inspected') this.options.onInspectionAnswered?.();
    if (this.isCurrent(msg)) this.options.onInference(msg);
  }

  private isCurrent(msg: FromInference): boolean {
    switch (msg.type) {
      case 'error':
        return true;
      case 'drawingResult':
        // Answers arrive in order; any newer than the one on screen is worth showing.
        return msg.gen === this.gen && msg.id > this.drawingShownId;
      case 'decoded':
        return msg.gen === this.gen && msg.id === this.pickId;
      case 'sampled':
        return msg.gen === this.gen && msg.id === this.sampleId;
      case 'interpolated':
        return msg.gen === this.gen && msg.id === this.interpId;
      case 'inspected':
        return msg.gen === this.gen && msg.id === this.inspectId;
      case 'traversed':
        if (msg.gen !== this.gen || msg.id <= this.traverseShownId) return false;
        this.traverseShownId = msg.id;
        return true;
    }
  }
}
