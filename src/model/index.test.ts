// Every variant, through createModel: the contract each keeps with the trainer and the inference
// worker, then what is particular to each (the conv model has its own file: it loads wasm too).
// One file, because on this project's machines each test file costs ~2 s of tfjs import.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type LossKind, type ModelConfig, type ModelKind } from './config';
import { corruptBatch, createDenoisingAutoencoder } from './denoising';
import { createDenseAutoencoder } from './dense';
import { createModel } from './index';
import {
  bceWithLogits,
  klDivergence,
  lossLabel,
  meanAbs,
  minimizeWithParts,
  nearZeroFraction,
  reconstructionLoss,
} from './losses';
import { createSparseAutoencoder } from './sparse';
import { countParams } from './types';
import { createVariationalAutoencoder } from './vae';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scalar = (f: () => tf.Tensor) => tf.tidy(() => f().dataSync()[0]!);

function uniformBatch(n: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.randomUniform([n, 784], 0, 1, 'float32', seed)) as tf.Tensor2D;
}

/** A fixed batch of "digits": a horizontal and a vertical bar, placed differently in each row. */
function strokeBatch(n: number): tf.Tensor2D {
  const data = new Float32Array(n * 784);
  for (let r = 0; r < n; r++) {
    const row = 5 + ((r * 5) % 18);
    const col = 5 + ((r * 7) % 18);
    for (let i = 0; i < 28; i++)
      for (let j = 0; j < 28; j++) {
        const across = Math.abs(i - row) <= 1 && j >= 4 && j < 24;
        const down = Math.abs(j - col) <= 1 && i >= 4 && i < 24;
        data[r * 784 + i * 28 + j] = across || down ? 1 : 0;
      }
  }
  return tf.tensor2d(data, [n, 784]);
}

const config = (kind: ModelKind, loss: LossKind): ModelConfig => ({
  ...DEFAULT_MODEL,
  kind,
  loss,
  hidden: 16,
  latent: 4,
  depth: 2,
  seed: 5,
  noiseLevel: 0.2,
  sparsity: 1e-2,
});

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

const CASES: [ModelKind, LossKind][] = [
  ['dense', 'mse'],
  ['dense', 'bce'],
  ['conv', 'mse'], // conv with BCE: see conv.test.ts (a conv step costs ~10 dense ones on cpu)
  ['denoising', 'mse'],
  ['denoising', 'bce'],
  ['sparse', 'mse'],
  ['sparse', 'bce'],
  ['vae', 'mse'],
  ['vae', 'bce'],
];

describe('createModel', () => {
  it.each(CASES)('%s (%s) keeps the contract', (kind, loss) => {
    const cfg = config(kind, loss);
    const model = createModel(cfg);
    // A conv step costs ~10 dense ones on the cpu backend, so it gets a smaller batch.
    const n = kind === 'conv' ? 4 : 8;
    const x = strokeBatch(n);
    expect(model.latentSize).toBe(4);
    expect(model.lossName.length).toBeGreaterThan(0);

    // Shapes and range.
    const y = tf.tidy(() => model.decode(model.encode(x)));
    expect(y.shape).toEqual([n, 784]);
    const values = y.dataSync();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    y.dispose();

    // Falling loss on a fixed batch; no tensor survives a step once Adam's slots exist.
    const opt = tf.train.adam(1e-2);
    const step = () =>
      tf.tidy(() => opt.minimize(() => model.trainLoss(x).total, true, model.variables)!);
    step().dispose();
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const l = step();
      losses.push(l.dataSync()[0]!);
      l.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-3))).toBeLessThan(mean(losses.slice(0, 3)) * 0.8);

    // Parts are scalars that make up the total (sparse: their sum; vae: recon + β·kl, β = 1).
    const terms = tf.tidy(() => {
      const l = model.trainLoss(x);
      return [l.total, ...Object.values(l.parts ?? {})];
    });
    const [total, ...parts] = terms.map((t) => t.dataSync()[0]!);
    tf.dispose(terms);
    expect(tf.memory().numTensors).toBe(before);
    if (kind === 'sparse' || kind === 'vae') {
      expect(parts).toHaveLength(2);
      expect(parts[0]! + parts[1]!).toBeCloseTo(total!, 3);
    } else expect(parts).toHaveLength(0);

    // The code statistics are a fraction.
    const stats = model.codeStats!(x);
    const nearZero = stats.nearZero.dataSync()[0]!;
    stats.nearZero.dispose();
    expect(nearZero).toBeGreaterThanOrEqual(0);
    expect(nearZero).toBeLessThanOrEqual(1);
    expect(tf.memory().numTensors).toBe(before);

    // A model rebuilt from the same config takes the trained weights, in order, and then
    // reconstructs exactly as the original does (what the inference worker relies on).
    const twin = createModel(cfg);
    expect(twin.variables.map((v) => v.shape)).toEqual(model.variables.map((v) => v.shape));
    expect(countParams(twin)).toBe(countParams(model));
    const a = tf.tidy(() => model.decode(model.encode(x)));
    const fresh = tf.tidy(() => twin.decode(twin.encode(x)));
    expect(tf.max(tf.abs(tf.sub(a, fresh))).dataSync()[0]!).toBeGreaterThan(1e-4);
    tf.tidy(() => twin.variables.forEach((v, i) => v.assign(model.variables[i]!)));
    const b = tf.tidy(() => twin.decode(twin.encode(x)));
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));

    tf.dispose([a, b, fresh, x]);
    opt.dispose();
    twin.dispose();
    model.dispose();
  });

  it('builds each kind with the parameter count its architecture implies', () => {
    const at = (kind: ModelKind, extra: Partial<ModelConfig> = {}) => {
      const m = createModel({ ...DEFAULT_MODEL, kind, hidden: 256, latent: 32, ...extra });
      const n = countParams(m);
      m.dispose();
      return n;
    };
    const dense1 = 784 * 256 + 256 + 256 * 32 + 32 + 32 * 256 + 256 + 256 * 784 + 784;
    expect(at('dense', { depth: 1 })).toBe(dense1);
    expect(at('denoising', { depth: 1 })).toBe(dense1);
    expect(at('sparse', { depth: 1 })).toBe(dense1);
    // The VAE adds the log-variance head.
    expect(at('vae', { depth: 1 })).toBe(dense1 + 256 * 32 + 32);
    // conv 1→16, 16→32, dense 1568→32, dense 32→1568, conv 32→16, conv 16→1.
    expect(at('conv')).toBe(
      9 * 16 +
        16 +
        9 * 16 * 32 +
        32 +
        1568 * 32 +
        32 +
        32 * 1568 +
        1568 +
        9 * 32 * 16 +
        16 +
        9 * 16 +
        1,
    );
  });

  it('offers corrupt only on the denoising model and sample only on the variational one', () => {
    for (const kind of ['dense', 'conv', 'denoising', 'sparse', 'vae'] as const) {
      const m = createModel({ ...config(kind, 'mse') });
      expect(typeof m.corrupt === 'function').toBe(kind === 'denoising');
      expect(typeof m.sample === 'function').toBe(kind === 'vae');
      m.dispose();
    }
  });
});

describe('losses', () => {
  it('computes binary cross-entropy from logits, stably', () => {
    const logits = [-3, 0, 2.5, -100, 100, 100];
    const x = [0, 0.3, 1, 1, 0, 1];
    const got = tf.tidy(() => bceWithLogits(tf.tensor1d(x), tf.tensor1d(logits)).dataSync());
    const naive = logits.map((l, i) => {
      const p = 1 / (1 + Math.exp(-l));
      const t = x[i]!;
      return -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
    });
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(naive[i]!, 5);
    // Where the naive form overflows (log 0), the stable one gives |l| or ~0.
    expect(got[3]).toBeCloseTo(100, 4);
    expect(got[4]).toBeCloseTo(100, 4);
    expect(got[5]).toBeCloseTo(0, 6);
  });

  it('reduces the reconstruction error by mean or by per-example sum', () => {
    const x = tf.tensor2d([
      [0, 1, 0.5, 0.2],
      [1, 1, 0, 0],
    ]);
    const logits = tf.tensor2d([
      [0, 2, -1, 0.5],
      [1, -1, 3, 0],
    ]);
    const sig = (l: number) => 1 / (1 + Math.exp(-l));
    const xs = x.arraySync().flat();
    const ls = logits.arraySync().flat();
    const sq = xs.map((t, i) => (sig(ls[i]!) - t) ** 2);
    const mse = sq.reduce((a, b) => a + b, 0) / 8;
    expect(scalar(() => reconstructionLoss('mse', x, logits))).toBeCloseTo(mse, 6);
    expect(scalar(() => reconstructionLoss('mse', x, logits, 'sumPerExample'))).toBeCloseTo(
      mse * 4,
      5,
    );
    const bce = scalar(() => tf.mean(bceWithLogits(x, logits)));
    expect(scalar(() => reconstructionLoss('bce', x, logits))).toBeCloseTo(bce, 6);
    expect(scalar(() => reconstructionLoss('bce', x, logits, 'sumPerExample'))).toBeCloseTo(
      bce * 4,
      5,
    );
    tf.dispose([x, logits]);
  });

  it('computes the KL divergence in closed form', () => {
    const mu = tf.tensor2d([
      [0.5, -1],
      [0, 2],
    ]);
    const logvar = tf.tensor2d([
      [0, 0.5],
      [-1, 0],
    ]);
    // Row 1: −½[(1 + 0 − 0.25 − 1) + (1 + 0.5 − 1 − e^0.5)] = 0.699360635…
    // Row 2: −½[(1 − 1 − 0 − e^−1) + (1 + 0 − 4 − 1)] = 2.183939720…
    expect(scalar(() => klDivergence(mu, logvar))).toBeCloseTo(1.441650178, 5);
    // The prior itself has no divergence.
    expect(scalar(() => klDivergence(tf.zeros([3, 4]), tf.zeros([3, 4])))).toBeCloseTo(0, 7);
    tf.dispose([mu, logvar]);
  });

  it('measures mean |z| and the near-zero fraction', () => {
    const z = tf.tensor2d([
      [1, 0.005, -0.5, 0.02],
      [0, 0, 0, 0],
    ]);
    expect(scalar(() => meanAbs(z))).toBeCloseTo(1.525 / 8, 6);
    // Row 1: only 0.005 is within 1% of the row's largest |z|; row 2 is all zero.
    expect(scalar(() => nearZeroFraction(z))).toBeCloseTo(5 / 8, 6);
    // Scale does not matter.
    expect(scalar(() => nearZeroFraction(tf.mul(z, 1000) as tf.Tensor2D))).toBeCloseTo(5 / 8, 6);
    z.dispose();
  });

  it('names the losses', () => {
    expect(lossLabel('mse')).toBe('MSE');
    expect(lossLabel('bce')).toBe('BCE');
  });

  it('steps an optimizer and hands back the parts, leaking nothing', () => {
    const model = createSparseAutoencoder({ hidden: 16, latent: 4, seed: 1, sparsity: 0.1 });
    const opt = tf.train.adam(1e-3);
    const x = tf.tidy(() => tf.randomUniform([4, 784], 0, 1, 'float32', 1)) as tf.Tensor2D;
    const first = tf.tidy(() => minimizeWithParts(opt, model, x));
    tf.dispose([first.total, ...Object.values(first.parts)]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { total, parts } = tf.tidy(() => minimizeWithParts(opt, model, x));
      expect(Object.keys(parts).sort()).toEqual(['reconstruction', 'sparsity']);
      const sum = parts.reconstruction!.dataSync()[0]! + parts.sparsity!.dataSync()[0]!;
      expect(sum).toBeCloseTo(total.dataSync()[0]!, 6);
      tf.dispose([total, ...Object.values(parts)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    opt.dispose();
    model.dispose();
  });
});

describe('denoising autoencoder', () => {
  it('adds Gaussian noise of the set level, unbiased where clipping does not bite', () => {
    const x = tf.fill([200, 784], 0.5) as tf.Tensor2D;
    const [mean, std] = tf.tidy(() => {
      const d = tf.sub(corruptBatch(x, 'gaussian', 0.1, 7), x);
      const m = tf.mean(d);
      return [m, tf.sqrt(tf.mean(tf.square(tf.sub(d, m))))];
    });
    // 156,800 samples: the standard error of the mean is 0.1/396 ≈ 0.00025.
    expect(Math.abs(mean!.dataSync()[0]!)).toBeLessThan(0.0015);
    expect(std!.dataSync()[0]!).toBeGreaterThan(0.098);
    expect(std!.dataSync()[0]!).toBeLessThan(0.102);
    tf.dispose([mean!, std!, x]);
  });

  it('keeps Gaussian-corrupted pixels in [0, 1]', () => {
    const x = tf.tidy(() =>
      tf.cast(tf.greater(tf.randomUniform([20, 784], 0, 1, 'float32', 3), 0.5), 'float32'),
    ) as tf.Tensor2D;
    const [lo, hi] = tf.tidy(() => {
      const c = corruptBatch(x, 'gaussian', 0.5, 1);
      return [tf.min(c).dataSync()[0]!, tf.max(c).dataSync()[0]!];
    }) as unknown as [number, number];
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    x.dispose();
  });

  it('masks each pixel with the set probability and leaves the rest alone', () => {
    // Every pixel nonzero, so a zero in the output is a masked pixel.
    const x = tf.randomUniform([200, 784], 0.1, 1, 'float32', 11) as tf.Tensor2D;
    const [zeroed, changedKept] = tf.tidy(() => {
      const c = corruptBatch(x, 'masking', 0.3, 5);
      const masked = tf.cast(tf.equal(c, 0), 'float32');
      const kept = tf.sub(1, masked);
      return [
        tf.mean(masked).dataSync()[0]!,
        tf.max(tf.mul(kept, tf.abs(tf.sub(c, x)))).dataSync()[0]!,
      ];
    }) as unknown as [number, number];
    // The standard error of the fraction is sqrt(0.21/156800) ≈ 0.0012.
    expect(Math.abs(zeroed - 0.3)).toBeLessThan(0.006);
    expect(changedKept).toBe(0);
    x.dispose();
  });

  it('wraps the dense model: the same variables, and draws fresh noise at every call', () => {
    const opts = { hidden: 32, latent: 4, seed: 8, depth: 2 };
    const dense = createDenseAutoencoder(opts);
    const model = createDenoisingAutoencoder({ ...opts, noise: 'gaussian', noiseLevel: 0.2 });
    expect(model.variables.map((v) => v.shape)).toEqual(dense.variables.map((v) => v.shape));
    model.variables.forEach((v, i) =>
      expect(Array.from(v.dataSync())).toEqual(Array.from(dense.variables[i]!.dataSync())),
    );
    const x = tf.fill([4, 784], 0.5) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const a = scalar(() => tf.sum(model.corrupt!(x)));
    const b = scalar(() => tf.sum(model.corrupt!(x)));
    const c = scalar(() => tf.sum(model.corrupt!(x, 42)));
    const d = scalar(() => tf.sum(model.corrupt!(x, 42)));
    expect(a).not.toBe(b);
    expect(c).toBe(d);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    dense.dispose();
    model.dispose();
  });

  it('scores the reconstruction of the noisy input against the clean one', () => {
    const opts = { hidden: 32, latent: 4, seed: 8, loss: 'bce' as const };
    const x = tf.tidy(() => tf.randomUniform([6, 784], 0.2, 1, 'float32', 2)) as tf.Tensor2D;
    // No noise: exactly the dense model's loss.
    const dense = createDenseAutoencoder(opts);
    const clean = createDenoisingAutoencoder({ ...opts, noise: 'gaussian', noiseLevel: 0 });
    expect(scalar(() => clean.trainLoss(x).total)).toBeCloseTo(
      scalar(() => dense.trainLoss(x).total),
      6,
    );
    // Everything masked: the input is blank, yet the target is still x.
    const blank = createDenoisingAutoencoder({ ...opts, noise: 'masking', noiseLevel: 1 });
    const expected = scalar(() =>
      reconstructionLoss(
        'bce',
        x,
        tf.log(
          tf.div(
            blank.decode(blank.encode(tf.zerosLike(x))),
            tf.sub(1, blank.decode(blank.encode(tf.zerosLike(x)))),
          ),
        ) as tf.Tensor2D,
      ),
    );
    expect(scalar(() => blank.trainLoss(x).total)).toBeCloseTo(expected, 3);
    [dense, clean, blank].forEach((m) => m.dispose());
    x.dispose();
  });
});

describe('sparse autoencoder', () => {
  it('adds λ·mean|z| to the reconstruction loss and reports both parts', () => {
    const opts = { hidden: 32, latent: 6, seed: 3, depth: 2 };
    const lambda = 0.37;
    const model = createSparseAutoencoder({ ...opts, sparsity: lambda });
    const dense = createDenseAutoencoder(opts);
    expect(model.lossName).toBe('MSE + λ·L1');
    const x = uniformBatch(5, 4);
    const [total, reconstruction, sparsity] = tf.tidy(() => {
      const l = model.trainLoss(x);
      return [l.total, l.parts!.reconstruction!, l.parts!.sparsity!].map((t) => t.dataSync()[0]!);
    }) as unknown as number[];
    const zAbs = scalar(() => tf.mean(tf.abs(model.encode(x))));
    expect(zAbs).toBeGreaterThan(0);
    expect(sparsity).toBeCloseTo(lambda * zAbs, 6);
    expect(reconstruction).toBeCloseTo(
      scalar(() => dense.trainLoss(x).total),
      6,
    );
    expect(total).toBeCloseTo(reconstruction! + sparsity!, 6);
    x.dispose();
    model.dispose();
    dense.dispose();
  });

  it('shrinks the code as λ grows', () => {
    const x = uniformBatch(8, 4);
    const codeSize = (sparsity: number) => {
      const model = createSparseAutoencoder({ hidden: 16, latent: 8, seed: 6, sparsity });
      const opt = tf.train.adam(1e-2);
      for (let i = 0; i < 12; i++)
        tf.tidy(() => {
          opt.minimize(() => model.trainLoss(x).total, false, model.variables);
        });
      const size = scalar(() => tf.mean(tf.abs(model.encode(x))));
      opt.dispose();
      model.dispose();
      return size;
    };
    expect(codeSize(0.5)).toBeLessThan(codeSize(0) * 0.5);
    x.dispose();
  });
});

const vaeOpts = { hidden: 32, latent: 4, seed: 2, depth: 2, beta: 0.5 };

/** Sets the log-variance head to output `value` everywhere. */
function fixLogVariance(model: ReturnType<typeof createVariationalAutoencoder>, value: number) {
  const head = model.variables.filter((v) => v.name.includes('logvar'));
  expect(head.map((v) => v.shape)).toEqual([[16, 4], [4]]);
  tf.tidy(() => {
    head[0]!.assign(tf.zerosLike(head[0]!));
    head[1]!.assign(tf.fill([4], value));
  });
}

describe('variational autoencoder', () => {
  it('has a mean and a log-variance head, and encodes to the mean', () => {
    const model = createVariationalAutoencoder(vaeOpts);
    expect(model.variables.map((v) => v.shape)).toEqual([
      [784, 32],
      [32],
      [32, 16],
      [16], // encoder
      [16, 4],
      [4],
      [16, 4],
      [4], // mean, log-variance
      [4, 16],
      [16],
      [16, 32],
      [32], // decoder
      [32, 784],
      [784],
    ]);
    expect(model.lossName).toBe('ELBO (MSE + β·KL)');
    const x = uniformBatch(3, 9);
    const a = tf.tidy(() => model.encode(x));
    const b = tf.tidy(() => model.encode(x));
    expect(a.shape).toEqual([3, 4]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b, x]);
    model.dispose();
  });

  it('weights the KL term by β, with the closed form KL for the encoder output', () => {
    const model = createVariationalAutoencoder(vaeOpts);
    // logvar ≡ 0: KL = ½·mean_b Σ_j μ².
    fixLogVariance(model, 0);
    const x = uniformBatch(5, 9);
    const [total, reconstruction, kl] = tf.tidy(() => {
      const l = model.trainLoss(x);
      return [l.total, l.parts!.reconstruction!, l.parts!.kl!].map((t) => t.dataSync()[0]!);
    }) as unknown as number[];
    const expectedKl = scalar(() => tf.mul(0.5, tf.mean(tf.sum(tf.square(model.encode(x)), 1))));
    expect(kl).toBeCloseTo(expectedKl, 5);
    expect(total).toBeCloseTo(reconstruction! + 0.5 * kl!, 3);
    x.dispose();
    model.dispose();
  });

  it('sums the reconstruction error over the pixels of a digit', () => {
    const model = createVariationalAutoencoder({ ...vaeOpts, loss: 'bce' });
    expect(model.lossName).toBe('ELBO (BCE + β·KL)');
    // σ ≈ e^−15: the sample is the mean, so the term is deterministic.
    fixLogVariance(model, -30);
    const x = uniformBatch(5, 9);
    const reconstruction = scalar(() => model.trainLoss(x).parts!.reconstruction!);
    const perPixel = scalar(() => {
      const p = model.decode(model.encode(x));
      return tf.neg(
        tf.mean(tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, p))))),
      );
    });
    expect(reconstruction).toBeCloseTo(784 * perPixel, 2);
    x.dispose();
    model.dispose();
  });

  it('samples its training code, so the loss varies from call to call', () => {
    const model = createVariationalAutoencoder(vaeOpts);
    const x = uniformBatch(4, 9);
    const a = scalar(() => model.trainLoss(x).total);
    const b = scalar(() => model.trainLoss(x).total);
    expect(a).not.toBe(b);
    x.dispose();
    model.dispose();
  });

  it('generates digits from N(0, I) codes, reproducibly per seed', () => {
    const model = createVariationalAutoencoder(vaeOpts);
    const before = tf.memory().numTensors;
    const a = model.sample!(6, 1);
    const b = model.sample!(6, 1);
    const c = model.sample!(6, 2);
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(a.shape).toEqual([6, 784]);
    const values = a.dataSync();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Array.from(b.dataSync())).toEqual(Array.from(values));
    expect(Array.from(c.dataSync())).not.toEqual(Array.from(values));
    tf.dispose([a, b, c]);
    model.dispose();
  });
});
