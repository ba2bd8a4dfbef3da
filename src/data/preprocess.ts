// MNIST-style preprocessing of a hand drawing: crop to the ink, area-average the longest side down
// (or up) to 20 px, and place it in a 28x28 frame with its centre of mass at the centre, the way
// LeCun et al. prepared MNIST. Pure and DOM-free so it runs in Node, a worker or the main thread.
//
// It runs on every pointer move, so it reads the input twice (the second time only the crop) and
// does O(crop + 28 * 28) arithmetic besides:
//  1. one scan that collects per-column and per-row ink sums (the bounding box falls out of them);
//  2. the offsets that centre the mass are solved per axis on those 1-D profiles alone, because a
//     separable box filter maps column sums to output column sums independently of the rows;
//  3. one separable resample of the crop straight into the 28x28 frame at those fractional offsets.

/** Grayscale drawing: values in [0,1] (1 = ink), row-major, width*height. */
export interface GrayImage {
  data: Float32Array;
  width: number;
  height: number;
}

const FRAME = 28;
const BOX = 20;
const CENTRE = FRAME / 2;
// The offset is found to ~2e-10 px. When that is within float noise of a multiple of 1/4096 px it
// is snapped there: a dyadic offset keeps the box edges exact in floating point, so a shape whose
// ideal offset is a whole pixel gets crisp edges instead of 1e-13 slivers in the next row.
const BISECTION_STEPS = 32;
const OFFSET_GRID = 4096;
const SNAP_TOLERANCE = 1e-8;

/**
 * Per-axis box-filter coverage. Output pixel i reads the contiguous source cells lo[i]..hi[i]:
 * the end cells with their partial coverage wLo[i] / wHi[i] (in output pixels) and every cell in
 * between with the full `scale`. Contiguous runs keep the inner loops gather-free.
 */
interface AxisWeights {
  lo: Int32Array;
  hi: Int32Array;
  wLo: Float64Array;
  wHi: Float64Array;
  scale: number;
  /** First and last output pixel that receives any coverage. */
  first: number;
  last: number;
}

// Module-level scratch, grown on demand, so a call on every pointer move allocates only its result.
// Sharing it is safe: calls are synchronous and never re-enter, and each worker has its own copy.
let colSums: Float64Array = new Float64Array(0);
let rowSums: Float64Array = new Float64Array(0);
let rowsResampled: Float64Array = new Float64Array(0);
const outRow = new Float64Array(FRAME);
const xAxis: AxisWeights = newAxis();
const yAxis: AxisWeights = newAxis();

function newAxis(): AxisWeights {
  return {
    lo: new Int32Array(FRAME),
    hi: new Int32Array(FRAME),
    wLo: new Float64Array(FRAME),
    wHi: new Float64Array(FRAME),
    scale: 1,
    first: 0,
    last: -1,
  };
}

function grown(buf: Float64Array, size: number): Float64Array {
  return buf.length >= size ? buf : new Float64Array(Math.max(size, buf.length * 2));
}

/** Integral of the pixel-centre coordinate floor(t) + 0.5 over t in [0, x], for x >= 0. */
function pixelCentreIntegral(x: number): number {
  const n = Math.floor(x);
  return n * n * 0.5 + (n + 0.5) * (x - n);
}

/**
 * Centre of mass, in output pixel-centre coordinates, of a 1-D profile resampled with the box
 * filter at `offset`. Each source cell spreads uniformly over [a, a + scale], so its contribution
 * is the mean of floor(t) + 0.5 over that span, which has a closed form.
 */
function resampledCom(
  profile: Float64Array,
  base: number,
  n: number,
  scale: number,
  offset: number,
  mass: number,
): number {
  let acc = 0;
  for (let u = 0; u < n; u++) {
    const p = profile[base + u]!;
    if (p === 0) continue;
    const a = offset + u * scale;
    acc += p * (pixelCentreIntegral(a + scale) - pixelCentreIntegral(a));
  }
  return acc / (mass * scale);
}

/**
 * Offset of the scaled box inside the frame that puts the resampled centre of mass at CENTRE,
 * clamped so the box stays inside the frame.
 */
function solveOffset(profile: Float64Array, base: number, n: number, longSide: number): number {
  const scale = BOX / longSide;
  const maxOffset = FRAME - n * scale;
  let mass = 0;
  let moment = 0;
  for (let u = 0; u < n; u++) {
    const p = profile[base + u]!;
    mass += p;
    moment += p * (u + 0.5);
  }
  // Continuous centre of mass lands on CENTRE here; binning to pixel centres moves each bit of
  // mass by at most 0.5 px, so the discrete answer lies within 0.5 of it.
  const ideal = CENTRE - (moment / mass) * scale;
  let lo = Math.max(0, ideal - 0.5);
  let hi = Math.min(maxOffset, ideal + 0.5);
  let offset: number;
  if (lo > hi) {
    offset = ideal < 0 ? 0 : maxOffset;
  } else if (resampledCom(profile, base, n, scale, lo, mass) >= CENTRE) {
    offset = lo;
  } else if (resampledCom(profile, base, n, scale, hi, mass) <= CENTRE) {
    offset = hi;
  } else {
    // The binned centre of mass is continuous and non-decreasing in the offset but only piecewise
    // linear (flat while a thin feature sits inside one pixel), so bisection, not Newton.
    for (let step = 0; step < BISECTION_STEPS; step++) {
      const mid = (lo + hi) * 0.5;
      if (resampledCom(profile, base, n, scale, mid, mass) < CENTRE) lo = mid;
      else hi = mid;
    }
    offset = (lo + hi) * 0.5;
  }
  const snapped = Math.round(offset * OFFSET_GRID) / OFFSET_GRID;
  if (Math.abs(snapped - offset) < SNAP_TOLERANCE) offset = snapped;
  return Math.min(Math.max(offset, 0), maxOffset);
}

/**
 * Exact coverage weights, in output pixels, of source cells [0, n) mapped to
 * [offset, offset + n * BOX / longSide] in the frame.
 */
function buildAxis(axis: AxisWeights, n: number, longSide: number, offset: number): void {
  const scale = BOX / longSide;
  axis.scale = scale;
  axis.first = FRAME;
  axis.last = -1;
  for (let i = 0; i < FRAME; i++) {
    // Multiply before dividing so that exact (dyadic offset, integer) edges stay exact.
    let lo = ((i - offset) * longSide) / BOX;
    let hi = ((i + 1 - offset) * longSide) / BOX;
    if (lo < 0) lo = 0;
    if (hi > n) hi = n;
    if (hi <= lo) continue;
    if (i < axis.first) axis.first = i;
    axis.last = i;
    const uLo = Math.floor(lo);
    const uHi = Math.ceil(hi) - 1;
    axis.lo[i] = uLo;
    axis.hi[i] = uHi;
    if (uLo === uHi) {
      axis.wLo[i] = (hi - lo) * scale;
      axis.wHi[i] = 0;
    } else {
      axis.wLo[i] = (uLo + 1 - lo) * scale;
      axis.wHi[i] = (hi - uHi) * scale;
    }
  }
}

function addRow(tmp: Float64Array, t: number, weight: number, first: number, last: number): void {
  for (let i = first; i <= last; i++) outRow[i] = outRow[i]! + weight * tmp[t + i]!;
}

/**
 * Turns a drawing into a 28x28 MNIST-like digit: crop to the ink's bounding box, scale the longest
 * side to 20 px keeping aspect ratio with area averaging (box filter over exact fractional pixel
 * coverage, so grey levels are anti-aliased, not nearest-neighbour), then place it in a 28x28 frame
 * so its centre of mass sits at the centre (14,14) in pixel-centre coordinates
 * (i.e. sum(v*(x+0.5))/sum(v) == 14). Output values are in [0,1], white ink on black, row-major
 * length 784.
 *
 * Centring is sub-pixel: the box is resampled straight into the frame at a fractional offset solved
 * so that the output's own centre of mass is at (14,14) to float precision (~1e-6 px). Where
 * centring would push the box out of the frame (mass bunched at one end), the offset is clamped so
 * nothing is cut off, and the centre of mass is then as close to 14 as the frame allows.
 *
 * Values are coverage, not normalised: each output pixel is the mean ink over the area it covers,
 * so the interior of a solid stroke (input 1) at least one output pixel wide comes out at 1, its
 * edges are partial, and the total ink is conserved (output sum = input sum * (20 / longSide)^2).
 * The maximum is deliberately not stretched to 1, so a light stroke stays light and a hairline
 * thinner than an output pixel fades in proportion to its width, as anti-aliasing would draw it.
 *
 * @param img Drawing; values outside [0,1] are clamped.
 * @param inkThreshold Values at or below this count as background: they neither extend the bounding
 *   box nor contribute to the result, so faint canvas noise does not shrink the digit.
 * @returns Float32Array(784), or null when the drawing has no ink (all values <= threshold),
 *   including a 0x0 image.
 * @throws RangeError if the dimensions are not non-negative integers or `data` is too short.
 */
export function preprocessDrawing(img: GrayImage, inkThreshold = 0.01): Float32Array | null {
  const { data, width, height } = img;
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 0 ||
    height < 0 ||
    data.length < width * height
  ) {
    throw new RangeError(`bad GrayImage: ${width}x${height} with ${data.length} values`);
  }
  // NaN or negative thresholds would let zero pixels count as ink.
  const threshold = inkThreshold > 0 ? inkThreshold : 0;

  colSums = grown(colSums, width);
  rowSums = grown(rowSums, height);
  const cols = colSums;
  const rows = rowSums;
  cols.fill(0, 0, width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x < width; x++) {
      let v = data[row + x]!;
      if (v > threshold) {
        if (v > 1) v = 1;
        cols[x] = cols[x]! + v;
        sum += v;
      }
    }
    rows[y] = sum;
  }

  let x0 = 0;
  while (x0 < width && cols[x0] === 0) x0++;
  if (x0 === width) return null;
  let x1 = width - 1;
  while (cols[x1] === 0) x1--;
  let y0 = 0;
  while (rows[y0] === 0) y0++;
  let y1 = height - 1;
  while (rows[y1] === 0) y1--;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const longSide = Math.max(w, h);

  buildAxis(xAxis, w, longSide, solveOffset(cols, x0, w, longSide));
  buildAxis(yAxis, h, longSide, solveOffset(rows, y0, h, longSide));
  const scale = xAxis.scale;
  const { first: iFirst, last: iLast, lo: xLo, hi: xHi, wLo: xWLo, wHi: xWHi } = xAxis;
  const { first: jFirst, last: jLast, lo: yLo, hi: yHi, wLo: yWLo, wHi: yWHi } = yAxis;

  // Rows pass: every crop row shrinks to FRAME columns. Ink-free rows are skipped here and below.
  rowsResampled = grown(rowsResampled, h * FRAME);
  const tmp = rowsResampled;
  for (let v = 0; v < h; v++) {
    if (rows[y0 + v] === 0) continue;
    const src = (y0 + v) * width + x0;
    const t = v * FRAME;
    for (let i = iFirst; i <= iLast; i++) {
      const a = src + xLo[i]!;
      const b = src + xHi[i]!;
      let p = data[a]!;
      let acc = p > threshold ? xWLo[i]! * (p < 1 ? p : 1) : 0;
      if (b > a) {
        let mid = 0;
        for (let k = a + 1; k < b; k++) {
          p = data[k]!;
          if (p > threshold) mid += p < 1 ? p : 1;
        }
        p = data[b]!;
        if (p > threshold) acc += xWHi[i]! * (p < 1 ? p : 1);
        acc += mid * scale;
      }
      tmp[t + i] = acc;
    }
  }

  // Columns pass, accumulated in float64 so exact coverage sums such as 0.5 or 1 survive.
  const out = new Float32Array(FRAME * FRAME);
  for (let j = jFirst; j <= jLast; j++) {
    outRow.fill(0);
    const a = yLo[j]!;
    const b = yHi[j]!;
    for (let v = a; v <= b; v++) {
      if (rows[y0 + v] === 0) continue;
      const weight = v === a ? yWLo[j]! : v === b ? yWHi[j]! : scale;
      addRow(tmp, v * FRAME, weight, iFirst, iLast);
    }
    const o = j * FRAME;
    for (let i = iFirst; i <= iLast; i++) {
      const v = outRow[i]!;
      out[o + i] = v < 1 ? v : 1;
    }
  }
  return out;
}

/**
 * Centre of mass of an image in pixel-centre coordinates {x, y}: pixel (0,0) has its centre at
 * (0.5, 0.5), so a perfectly centred 28x28 digit gives {x: 14, y: 14}.
 * @returns null if the image has no positive total mass.
 * @throws RangeError if `pixels` is shorter than width*height.
 */
export function centreOfMass(
  pixels: Float32Array,
  width = FRAME,
  height = FRAME,
): { x: number; y: number } | null {
  if (pixels.length < width * height) {
    throw new RangeError(`centreOfMass: ${pixels.length} values for ${width}x${height}`);
  }
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let rowMass = 0;
    for (let x = 0; x < width; x++) {
      const v = pixels[row + x]!;
      rowMass += v;
      mx += v * (x + 0.5);
    }
    mass += rowMass;
    my += rowMass * (y + 0.5);
  }
  if (!(mass > 0)) return null;
  return { x: mx / mass, y: my / mass };
}

/**
 * Extracts ink from RGBA canvas data (e.g. `ImageData.data`) as ink = alpha * luminance, with
 * BT.601 luma (0.299 R + 0.587 G + 0.114 B) and both factors in [0,1].
 *
 * The convention is light ink: strokes drawn in white. Multiplying by alpha makes that work both on
 * a transparent canvas (RGB stays white, alpha carries the anti-aliased coverage) and on an opaque
 * black one (alpha is 1, RGB carries it). Dark strokes would read as no ink; use white strokes.
 * Integer weights keep the result exact: opaque white is exactly 1, transparent anything exactly 0.
 *
 * @throws RangeError if `rgba` holds fewer than width*height*4 bytes.
 */
export function rgbaToGray(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): GrayImage {
  const n = width * height;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`rgbaToGray: bad size ${width}x${height}`);
  }
  if (rgba.length < n * 4) {
    throw new RangeError(`rgbaToGray: ${rgba.length} bytes for ${width}x${height} RGBA`);
  }
  const data = new Float32Array(n);
  // Divide rather than multiply by a reciprocal: division is correctly rounded, so exact ratios
  // such as opaque white (1) or opaque red (0.299) come out as the nearest float.
  const norm = 1000 * 255 * 255;
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const luma = 299 * rgba[p]! + 587 * rgba[p + 1]! + 114 * rgba[p + 2]!;
    data[i] = (luma * rgba[p + 3]!) / norm;
  }
  return { data, width, height };
}
