// How many WebGL context losses are too many: past that, training moves to wasm, which has no
// context to lose, rather than losing a second of training again and again.
//
// A context that trains for a few seconds before it is lost again is worth keeping: each loss
// costs at most about a second (the checkpoint), and the GPU is several times faster than wasm.
// A context lost again almost as soon as the run is rebuilt on it means WebGL will not hold.

export interface FallbackRule {
  /** Losses in a row, each this soon after the recovery before it, that mean WebGL will not hold. */
  quick: { losses: number; afterRecoveryMs: number };
  /** However long each context held, this many losses within this window are too many. */
  many: { losses: number; withinMs: number };
}

export const FALLBACK_AFTER: FallbackRule = {
  quick: { losses: 3, afterRecoveryMs: 5_000 },
  many: { losses: 20, withinMs: 10 * 60_000 },
};

/** Why WebGL is given up, in words for the page; null while it is kept. */
export type FallbackReason = null | { quick: number } | { many: number };

/** The recent losses and recoveries, and whether they are too many to stay on WebGL. */
export class LossHistory {
  private times: number[] = [];
  private streak = 0;
  private recoveredAt = -Infinity;

  constructor(
    private readonly now: () => number,
    private readonly rule: FallbackRule = FALLBACK_AFTER,
  ) {}

  /** Records a loss now; why WebGL should be given up, or null to start it again. */
  record(): FallbackReason {
    const t = this.now();
    const { quick, many } = this.rule;
    this.times = [...this.times.filter((s) => t - s < many.withinMs), t];
    this.streak = t - this.recoveredAt < quick.afterRecoveryMs ? this.streak + 1 : 1;
    if (this.streak >= quick.losses) return { quick: this.streak };
    if (this.times.length >= many.losses) return { many: this.times.length };
    return null;
  }

  /** The run is training again on a new context: a loss from now on is measured from here. */
  recovered(): void {
    this.recoveredAt = this.now();
  }
}

/** The page's words for why training left WebGL. */
export function fallbackWhy(reason: Exclude<FallbackReason, null>): string {
  return 'quick' in reason
    ? `The GPU lost its WebGL context ${reason.quick} times in a row, each within seconds of training resuming`
    : `The GPU lost its WebGL context ${reason.many} times within ${FALLBACK_AFTER.many.withinMs / 60_000} minutes`;
}
