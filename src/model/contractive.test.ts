// The contractive autoencoder: its penalty is the squared Frobenius norm of the encoder's
// Jacobian, checked against central differences of the model's own encoder, and it trains.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractiveAutoencoder, jacobianNormSquared } from './contractive';
import { mnistDigits, perturbWeights } from './layersFormat.testkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const read = (t: tf.Tensor) => t.dataSync()[0]!;
const PIXELS = 784;

/**
 * ‖∂h/∂x‖²_F of the model's encoder at x, from central differences: all 2·784 shifted copies of x
 * go through `encode` as one batch.
 */
function finiteDifferenceNorm(
  encode: (x: tf.Tensor2D) => tf.Tensor2D,
  x: Float32Array,
  step: number,
): number {
  const shifted = new Float32Array(2 * PIXELS * PIXELS);
  for (let i = 0; i < PIXELS; i++) {
    shifted.set(x, 2 * i * PIXELS);
    shifted.set(x, (2 * i + 1) * PIXELS);
    shifted[2 * i * PIXELS + i]! += step;
    shifted[(2 * i + 1) * PIXELS + i]! -= step;
  }
  const h = tf.tidy(() => encode(tf.tensor2d(shifted, [2 * PIXELS, PIXELS])).dataSync());
  const k = h.length / (2 * PIXELS);
  let sum = 0;
  for (let i = 0; i < PIXELS; i++)
    for (let j = 0; j < k; j++) {
      const d = (h[2 * i * k + j]! - h[(2 * i + 1) * k + j]!) / (2 * step);
      sum += d * d;
    }
  return sum;
}

describe('contractive autoencoder', () => {
  it('penalises λ·‖∂h/∂x‖²_F, as central differences of its encoder measure it', () => {
    const lambda = 0.3;
    const model = createContractiveAutoencoder({
      hidden: 32,
      latent: 5,
      seed: 3,
      depth: 1,
      contraction: lambda,
    });
    // Weights away from their init, biases too.
    perturbWeights(model);
    // Three real digits and one of uniform noise.
    const digits = mnistDigits(3);
    const noise = Float32Array.from({ length: PIXELS }, (_, i) => (Math.sin(i * 12.9898) + 1) / 2);
    const inputs = [0, 1, 2].map((d) => digits.slice(d * PIXELS, (d + 1) * PIXELS)).concat(noise);
    const fd = inputs.map((x) => finiteDifferenceNorm(model.encode, x, 1e-2));
    const closed = inputs.map((x) =>
      tf.tidy(() => {
        const xt = tf.tensor2d(x, [1, PIXELS]);
        return read(jacobianNormSquared(model.encode(xt), model.variables[0]! as tf.Tensor2D));
      }),
    );
    for (let d = 0; d < inputs.length; d++) {
      expect(fd[d]).toBeGreaterThan(1e-3);
      expect(Math.abs(closed[d]! - fd[d]!)).toBeLessThan(2e-3 * fd[d]!);
    }
    // The codes differ, so the norms do: a batch's penalty is their mean, times λ.
    expect(Math.max(...fd) / Math.min(...fd)).toBeGreaterThan(1.05);
    const batch = tf.tensor2d(Float32Array.from(inputs.flatMap((x) => Array.from(x))), [4, PIXELS]);
    const [total, reconstruction, contraction] = tf.tidy(() => {
      const l = model.trainLoss(batch);
      return [l.total, l.parts!.reconstruction!, l.parts!.contraction!].map(read);
    });
    const meanFd = fd.reduce((s, v) => s + v, 0) / fd.length;
    expect(Math.abs(contraction! - lambda * meanFd)).toBeLessThan(2e-3 * lambda * meanFd);
    expect(total).toBeCloseTo(reconstruction! + contraction!, 6);
    // The reconstruction part is the plain MSE of decode(encode(x)).
    const mse = tf.tidy(() =>
      read(tf.mean(tf.squaredDifference(model.decode(model.encode(batch)), batch))),
    );
    expect(reconstruction).toBeCloseTo(mse, 6);
    batch.dispose();
    model.dispose();
  });

  it('has an encoder of one sigmoid layer, pixels to code, and the dense decoder', () => {
    const model = createContractiveAutoencoder({
      hidden: 64,
      latent: 6,
      seed: 1,
      depth: 2,
      contraction: 0.1,
    });
    expect(model.lossName).toBe('MSE + λ·‖J‖²');
    expect(model.variables.map((v) => v.shape)).toEqual([
      [784, 6],
      [6],
      [6, 32],
      [32],
      [32, 64],
      [64],
      [64, 784],
      [784],
    ]);
    // The code layer starts with four times Glorot's range (a sigmoid's), the decoder with his.
    const limit = (fanIn: number, fanOut: number) => Math.sqrt(6 / (fanIn + fanOut));
    const largest = (i: number) =>
      Math.max(...Array.from(model.variables[i]!.dataSync(), Math.abs));
    expect(largest(0) / limit(784, 6)).toBeGreaterThan(3.9);
    expect(largest(0) / limit(784, 6)).toBeLessThanOrEqual(4);
    expect(largest(2) / limit(6, 32)).toBeGreaterThan(0.9);
    expect(largest(2) / limit(6, 32)).toBeLessThanOrEqual(1);
    const x = tf.tidy(() => tf.randomUniform([7, PIXELS], 0, 1, 'float32', 2)) as tf.Tensor2D;
    const h = tf.tidy(() => {
      const code = model.encode(x);
      const byHand = tf.sigmoid(tf.add(tf.matMul(x, model.variables[0]!), model.variables[1]!));
      return tf.max(tf.abs(tf.sub(code, byHand)));
    });
    expect(read(h)).toBeLessThan(1e-6);
    tf.dispose([h, x]);
    model.dispose();
  });

  it('has finite gradients that lower its loss, penalty included, step by step', () => {
    const model = createContractiveAutoencoder({
      hidden: 32,
      latent: 4,
      seed: 2,
      contraction: 0.5,
    });
    const x = tf.tensor2d(mnistDigits(16), [16, PIXELS]);
    const opt = tf.train.adam(3e-3);
    const totals: number[] = [];
    const penalties: number[] = [];
    for (let i = 0; i < 8; i++) {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => model.trainLoss(x).total, model.variables);
        for (const v of model.variables) {
          const g = grads[v.name]!.dataSync();
          expect(g.every(Number.isFinite), v.name).toBe(true);
        }
        // The penalty's gradient reaches the encoder's kernel.
        expect(read(tf.max(tf.abs(grads[model.variables[0]!.name]!)))).toBeGreaterThan(0);
        totals.push(read(value));
        opt.applyGradients(model.variables.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
      });
      penalties.push(tf.tidy(() => read(model.trainLoss(x).parts!.contraction!)));
    }
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeLessThan(totals[i - 1]!);
    expect(penalties.at(-1)).toBeLessThan(penalties[0]!);
    opt.dispose();
    x.dispose();
    model.dispose();
  });

  it('contracts more as λ grows', () => {
    const x = tf.tensor2d(mnistDigits(128), [128, PIXELS]);
    const normAfterTraining = (contraction: number) => {
      const model = createContractiveAutoencoder({ hidden: 32, latent: 8, seed: 6, contraction });
      const opt = tf.train.adam(3e-3);
      for (let i = 0; i < 40; i++)
        tf.tidy(() => {
          opt.minimize(() => model.trainLoss(x).total, false, model.variables);
        });
      const norm = tf.tidy(() =>
        read(jacobianNormSquared(model.encode(x), model.variables[0]! as tf.Tensor2D)),
      );
      opt.dispose();
      model.dispose();
      return norm;
    };
    expect(normAfterTraining(0.1)).toBeLessThan(normAfterTraining(1e-4) * 0.3);
    x.dispose();
  });

  it('gives the same loss and gradients on wasm as on cpu', async () => {
    const run = async (backend: string) => {
      expect(await tf.setBackend(backend)).toBe(true);
      const model = createContractiveAutoencoder({
        hidden: 32,
        latent: 4,
        seed: 5,
        activation: 'tanh',
        contraction: 0.2,
      });
      const x = tf.tensor2d(mnistDigits(4), [4, PIXELS]);
      const { value, grads } = tf.variableGrads(() => model.trainLoss(x).total, model.variables);
      const out = [value, ...model.variables.map((v) => grads[v.name]!)].map((t) =>
        Array.from(t.dataSync()),
      );
      tf.dispose([value, x, ...Object.values(grads)]);
      model.dispose();
      return out;
    };
    const onWasm = await run('wasm');
    const onCpu = await run('cpu');
    onCpu.forEach((g, i) => {
      const scale = Math.max(...g.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      const diff = Math.max(...g.map((v, j) => Math.abs(v - onWasm[i]![j]!)));
      expect(diff).toBeLessThanOrEqual(1e-3 * scale + 1e-7);
    });
  });
});
