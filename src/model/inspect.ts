// The arithmetic behind the views that open the model: the statistics of the code on the test
// digits, the codes whose decodings show what each code unit adds and what moving it does, and a
// unit's incoming weights as an image. Plain arrays, no tensors: the inference worker decodes the
// codes built here, and tests check them against known linear decoders.

/** Per-unit mean and standard deviation of n codes [n, k]. */
export function codeStats(
  codes: Float32Array,
  n: number,
  k: number,
): { mean: Float32Array; std: Float32Array } {
  const mean = new Float32Array(k);
  const std = new Float32Array(k);
  if (n === 0) return { mean, std };
  const sum = new Float64Array(k);
  const sq = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const v = codes[i * k + j]!;
      sum[j]! += v;
      sq[j]! += v * v;
    }
  }
  for (let j = 0; j < k; j++) {
    const m = sum[j]! / n;
    mean[j] = m;
    std[j] = Math.sqrt(Math.max(0, sq[j]! / n - m * m));
  }
  return { mean, std };
}

/**
 * The mean code, then for each of `units` the mean code with that unit moved up by one standard
 * deviation: [(1 + units.length), k]. Decoding them and subtracting the first decoding from each
 * of the others gives what each unit adds to the picture (see contributions).
 */
export function contributionCodes(
  mean: Float32Array,
  std: Float32Array,
  units: readonly number[],
): Float32Array {
  const k = mean.length;
  const out = new Float32Array((1 + units.length) * k);
  for (let r = 0; r <= units.length; r++) out.set(mean, r * k);
  units.forEach((j, r) => {
    out[(r + 1) * k + j] = mean[j]! + std[j]!;
  });
  return out;
}

/** Each decoding after the first, minus the first: [rows − 1, pixels]. */
export function contributions(decoded: Float32Array, pixels: number): Float32Array {
  const rows = decoded.length / pixels;
  const out = new Float32Array((rows - 1) * pixels);
  for (let r = 1; r < rows; r++)
    for (let p = 0; p < pixels; p++)
      out[(r - 1) * pixels + p] = decoded[r * pixels + p]! - decoded[p]!;
  return out;
}

/** The multiples of σ a traversal row steps through: −3σ … +3σ. */
export function traversalSteps(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (count === 1 ? 0 : -3 + (6 * i) / (count - 1)));
}

/**
 * For each of `units`, `steps` codes: `code` with that unit set to its mean plus −3σ … +3σ (the
 * classic traversal figure, a row per unit). [units.length · steps, k].
 */
export function traversalCodes(
  code: Float32Array,
  mean: Float32Array,
  std: Float32Array,
  units: readonly number[],
  steps: number,
): Float32Array {
  const k = code.length;
  const ts = traversalSteps(steps);
  const out = new Float32Array(units.length * steps * k);
  units.forEach((j, r) => {
    ts.forEach((t, s) => {
      const at = (r * steps + s) * k;
      out.set(code, at);
      out[at + j] = mean[j]! + t * std[j]!;
    });
  });
  return out;
}

/** The slider range of a code unit: ±3σ around its mean, widened to hold `value` if it lies out. */
export function unitRange(mean: number, std: number, value: number): [number, number] {
  const half = 3 * (std > 0 ? std : 1);
  return [Math.min(mean - half, value), Math.max(mean + half, value)];
}

/** Column `unit` of a kernel [inputs, units] stored row by row: that unit's incoming weights. */
export function kernelColumn(
  kernel: Float32Array,
  inputs: number,
  units: number,
  unit: number,
): Float32Array {
  const out = new Float32Array(inputs);
  for (let i = 0; i < inputs; i++) out[i] = kernel[i * units + unit]!;
  return out;
}

/**
 * How smooth an image is: the correlation of each pixel with its right and lower neighbours
 * (Pearson, over all such pairs). Noise is near 0; strokes and blobs are well above.
 */
export function neighbourCorrelation(image: Float32Array, side: number): number {
  const a: number[] = [];
  const b: number[] = [];
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const v = image[y * side + x]!;
      if (x + 1 < side) {
        a.push(v);
        b.push(image[y * side + x + 1]!);
      }
      if (y + 1 < side) {
        a.push(v);
        b.push(image[(y + 1) * side + x]!);
      }
    }
  }
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}
