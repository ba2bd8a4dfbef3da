// Pure (no tfjs), so the UI can place a drawing's code in the scatter's plane.

/** Projects one more code (a drawing's, say) the same way as the scatter's. */
export function projectCode(
  code: Float32Array,
  mean: Float32Array,
  axes: Float32Array,
): [number, number] {
  const k = mean.length;
  let p0 = 0;
  let p1 = 0;
  for (let j = 0; j < k; j++) {
    const v = code[j]! - mean[j]!;
    p0 += v * axes[j]!;
    p1 += v * axes[k + j]!;
  }
  return [p0, p1];
}
