// When the trainer's measurements fall due. Training is what the worker is for, so each of them
// (reconstructions with the weight snapshot, validation, the look inside the model) is spaced by
// time and by its own measured cost, and the bursts of steps between yields by their duration.
import { REPORT } from './protocol';

/**
 * The example count of the next scheduled validation: the next multiple of k tenths of an epoch,
 * k the smallest of 1, 2, 5, 10 that keeps validation within REPORT.valShare (5%) of the training
 * time (a 10,000-digit validation costs as much as training on about 3,300 digits). k divides 10,
 * so every whole epoch is validated.
 */
export function nextValidationAt(
  examples: number,
  tenth: number,
  valCostMs: number,
  msPerExample: number,
): number {
  const k =
    [1, 2, 5, 10].find((f) => valCostMs <= REPORT.valShare * f * tenth * msPerExample) ?? 10;
  return (Math.floor(examples / (k * tenth)) + 1) * k * tenth;
}

/**
 * The cadence of the trainer's reports. Times come from `now` (milliseconds); each report says
 * when it starts and ends, and the schedule says when it is due again. The costs carry over from
 * one run to the next: the machine is the same.
 */
export class ReportSchedule {
  /** Steps in the next burst: about REPORT.burstMs of training, 1 to 64. */
  burstSteps = 1;
  /** Training milliseconds per example, from the last burst. */
  private msPerExample = 0;
  private lastReconAt = 0;
  private reconCost = 0;
  private nextValAt = 0;
  private lastValAt = 0;
  /** Milliseconds the last validation took. */
  private valCost = 0;
  private lastAnalysisAt = -Infinity;
  private analysisCost = 0;

  constructor(
    /** Training examples per tenth of an epoch. */
    private readonly tenth: number,
    private readonly now: () => number,
  ) {}

  /** A new run: one step first, and validation at the first tenth of its epoch. */
  restart(): void {
    this.nextValAt = this.tenth;
    this.burstSteps = 1;
  }

  /**
   * A run resumed at `examples`: one step first, and the scheduled validation at `nextValAt`
   * (the snapshotted run's), else at the next tenth of an epoch.
   */
  resume(examples: number, nextValAt?: number): void {
    this.nextValAt = nextValAt ?? nextValidationAt(examples, this.tenth, 0, 0);
    this.burstSteps = 1;
  }

  /** The example count of the next scheduled validation (a snapshot keeps it). */
  get nextValidation(): number {
    return this.nextValAt;
  }

  /** The first reports of a run compile (WebGL shaders): their cost says nothing of the next. */
  forgetFirstCosts(): void {
    this.reconCost = 0;
    this.analysisCost = 0;
  }

  /** Sizes the next burst from one that ran `steps` steps of `batch` examples since `startedAt`. */
  burstEnded(startedAt: number, steps: number, batch: number): void {
    const perStep = Math.max(0.1, (this.now() - startedAt) / steps);
    this.msPerExample = perStep / batch;
    this.burstSteps = Math.max(1, Math.min(64, Math.floor(REPORT.burstMs / perStep)));
  }

  /** Reconstructions and the weight snapshot take at most ~5% of the time on a slow backend. */
  reconDue(): boolean {
    const every = Math.max(REPORT.reconMs, REPORT.reconCostFactor * this.reconCost);
    return this.now() - this.lastReconAt >= every;
  }

  reconStarted(): void {
    this.lastReconAt = this.now();
  }

  reconEnded(): void {
    this.reconCost = this.now() - this.lastReconAt;
  }

  /** Whether training has reached the scheduled validation (see nextValidationAt). */
  valScheduled(examples: number): boolean {
    return examples >= this.nextValAt;
  }

  /**
   * The scheduled validation always runs; the timed one spends at most about 5% of the time
   * (10,000 digits on a conv model take seconds on wasm).
   */
  valDue(examples: number): boolean {
    const every = Math.max(REPORT.valMaxMs, this.valCost / REPORT.valShare);
    return this.valScheduled(examples) || this.now() - this.lastValAt >= every;
  }

  valStarted(): void {
    this.lastValAt = this.now();
  }

  /** Records the validation's cost and schedules the next, `examples` having been seen. */
  valEnded(examples: number): void {
    this.valCost = this.now() - this.lastValAt;
    this.nextValAt = nextValidationAt(examples, this.tenth, this.valCost, this.msPerExample);
  }

  /** A slow backend spends at most about a twentieth of its time looking inside the model. */
  analysisDue(): boolean {
    const every = Math.max(REPORT.analysisMs, REPORT.analysisCostFactor * this.analysisCost);
    return this.now() - this.lastAnalysisAt >= every;
  }

  /** Whether `ms` have passed since the last look inside the model ended, whatever it cost. */
  analysisOlderThan(ms: number): boolean {
    return this.now() - this.lastAnalysisAt >= ms;
  }

  /** Records a look inside the model that started at `startedAt` and ends now. */
  analysisEnded(startedAt: number): void {
    this.lastAnalysisAt = this.now();
    this.analysisCost = this.lastAnalysisAt - startedAt;
  }
}
