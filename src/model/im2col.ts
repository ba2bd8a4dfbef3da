/**
 * im2col and its adjoint on plain arrays, NHWC. Window (i, j) of a k×k window layout at stride s
 * with p pixels of zero padding before covers input rows s·i − p … s·i − p + k − 1 (columns
 * alike); its taps are stored in (dy, dx, channel) order, the layout of a [k, k, c, out] filter
 * flattened to [k·k·c, out]. Pixels outside the input read as 0.
 */
export interface WindowSpec {
  n: number;
  h: number;
  w: number;
  c: number;
  /** window side */
  k: number;
  stride: number;
  /** zero padding before the first row and column */
  pad: number;
  /** output rows and columns */
  oh: number;
  ow: number;
}

/** [n, h, w, c] → [n, oh, ow, k·k·c] */
export function im2col(x: Float32Array, s: WindowSpec): Float32Array {
  const { n, h, w, c, k, stride, pad, oh, ow } = s;
  const row = k * k * c;
  const out = new Float32Array(n * oh * ow * row);
  let o = 0;
  for (let b = 0; b < n; b++) {
    const base = b * h * w * c;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let dy = 0; dy < k; dy++) {
          const y = stride * i + dy - pad;
          for (let dx = 0; dx < k; dx++) {
            const xx = stride * j + dx - pad;
            if (y >= 0 && y < h && xx >= 0 && xx < w) {
              const from = base + (y * w + xx) * c;
              for (let ch = 0; ch < c; ch++) out[o + ch] = x[from + ch]!;
            }
            o += c;
          }
        }
      }
    }
  }
  return out;
}

/** The adjoint of im2col: sums each window tap back onto the input pixel it read. */
export function col2im(cols: Float32Array, s: WindowSpec): Float32Array {
  const { n, h, w, c, k, stride, pad, oh, ow } = s;
  const out = new Float32Array(n * h * w * c);
  let o = 0;
  for (let b = 0; b < n; b++) {
    const base = b * h * w * c;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let dy = 0; dy < k; dy++) {
          const y = stride * i + dy - pad;
          for (let dx = 0; dx < k; dx++) {
            const xx = stride * j + dx - pad;
            if (y >= 0 && y < h && xx >= 0 && xx < w) {
              const to = base + (y * w + xx) * c;
              for (let ch = 0; ch < c; ch++) out[to + ch]! += cols[o + ch]!;
            }
            o += c;
          }
        }
      }
    }
  }
  return out;
}
