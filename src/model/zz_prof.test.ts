import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { it } from 'vitest';
import { createConvAutoencoder } from './conv';

it('prof', async () => {
  await tf.setBackend('cpu');
  for (const convPath of ['im2col', 'native'] as const) for (const hidden of [32, 256]) {
    const m = createConvAutoencoder({ hidden, latent: 4, seed: 1, convPath });
    const x = tf.randomUniform([8, 784]) as tf.Tensor2D;
    const opt = tf.train.adam(1e-3);
    const step = () => tf.tidy(() => opt.minimize(() => m.trainLoss(x).total, true, m.variables)!);
    step().dispose();
    const t = performance.now();
    for (let i = 0; i < 3; i++) step().dispose();
    console.log(convPath, hidden, 'step ms', (performance.now() - t) / 3);
    const prof = await tf.profile(() => { step().dispose(); });
    const agg = new Map<string, number>();
    for (const k of prof.kernels) agg.set(k.name, (agg.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    console.log(prof.kernels.length, [...agg].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k}:${v.toFixed(1)}`).join(' '));
    m.dispose(); opt.dispose(); x.dispose();
  }
});
