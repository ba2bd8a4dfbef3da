// How many WebGL context losses are too many: past that, training moves to wasm, which has no
// context to lose, rather than losing a second of training again and again.

/** Losses this close together mean WebGL will not hold: training goes on with wasm. */
export const FALLBACK_AFTER = { losses: 3, withinMs: 60_000 } as const;

/** The times of the recent losses, and whether they are too many to stay on WebGL. */
export class LossHistory {
  private times: number[] = [];

  constructor(
    private readonly now: () => number,
    private readonly rule: { losses: number; withinMs: number } = FALLBACK_AFTER,
  ) {}

  /** Records a loss now; true when this makes `rule.losses` within `rule.withinMs`. */
  record(): boolean {
    const t = this.now();
    this.times = [...this.times.filter((s) => t - s < this.rule.withinMs), t];
    return this.times.length >= this.rule.losses;
  }

  get recent(): number {
    return this.times.length;
  }
}
