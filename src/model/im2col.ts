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

/**
 * Calls `tap(from, to)` for every window tap that falls inside the input: `from` is the offset of
 * the input pixel's first channel, `to` that of the tap's first channel in the windows array.
 */
function forEachTap(s: WindowSpec, tap: (from: number, to: number) => void): void {
  const { n, h, w, c, k, stride, pad, oh, ow } = s;
  let o = 0;
  for (let b = 0; b < n; b++) {
    const base = b * h * w * c;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let dy = 0; dy < k; dy++) {
          const y = stride * i + dy - pad;
          for (let dx = 0; dx < k; dx++) {
            const xx = stride * j + dx - pad;
            if (y >= 0 && y < h && xx >= 0 && xx < w) tap(base + (y * w + xx) * c, o);
            o += c;
          }
        }
      }
    }
  }
}

/** [n, h, w, c] → [n, oh, ow, k·k·c] */
export function im2col(x: Float32Array, s: WindowSpec): Float32Array {
  const out = new Float32Array(s.n * s.oh * s.ow * s.k * s.k * s.c);
  const c = s.c;
  forEachTap(s, (from, to) => {
    for (let ch = 0; ch < c; ch++) out[to + ch] = x[from + ch]!;
  });
  return out;
}

/** The adjoint of im2col: sums each window tap back onto the input pixel it read. */
export function col2im(cols: Float32Array, s: WindowSpec): Float32Array {
  const out = new Float32Array(s.n * s.h * s.w * s.c);
  const c = s.c;
  forEachTap(s, (from, to) => {
    for (let ch = 0; ch < c; ch++) out[from + ch]! += cols[to + ch]!;
  });
  return out;
}
