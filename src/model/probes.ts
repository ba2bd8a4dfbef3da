// Inputs unlike any training digit, for the "Copy or understand?" test: uniform noise, digits
// inverted, digits shifted. A model that understood digits reconstructs them badly (it pulls
// them towards digits); a model that copies its input reconstructs them as well as digits.
// Plain arrays, [n, 784] row by row, values in [0,1].

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** n images of independent uniform [0,1) pixels, the same for the same seed (mulberry32). */
export function uniformNoise(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n * PIXELS);
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

/** Each pixel v becomes 1 − v: white digits on black become black digits on white. */
export function inverted(images: Float32Array): Float32Array {
  return Float32Array.from(images, (v) => 1 - v);
}

/** Each image moved by (dx, dy) pixels (right and down for positive), zeros coming in. */
export function shifted(images: Float32Array, dx: number, dy: number): Float32Array {
  const n = images.length / PIXELS;
  const out = new Float32Array(images.length);
  for (let i = 0; i < n; i++) {
    const o = i * PIXELS;
    for (let y = 0; y < SIDE; y++) {
      const sy = y - dy;
      if (sy < 0 || sy >= SIDE) continue;
      for (let x = 0; x < SIDE; x++) {
        const sx = x - dx;
        if (sx < 0 || sx >= SIDE) continue;
        out[o + y * SIDE + x] = images[o + sy * SIDE + sx]!;
      }
    }
  }
  return out;
}

/** The probes' names for people, in the order the test reports them. */
export const PROBES = ['noise', 'inverted', 'shifted'] as const;
export type Probe = (typeof PROBES)[number];

/** The probe inputs made from `digits` [n, 784]: noise (same count), inverted, shifted by 4 px. */
export function probeInputs(digits: Float32Array, seed = 2011): Record<Probe, Float32Array> {
  const n = digits.length / PIXELS;
  return {
    noise: uniformNoise(n, seed),
    inverted: inverted(digits),
    shifted: shifted(digits, 4, 0),
  };
}
