import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { it } from 'vitest';
import { conv3x3 } from './conv';
import './init';
type L = { w: tf.Variable<tf.Rank.R4>; b: tf.Variable<tf.Rank.R1> };
it('dbg', async () => {
  const mk = (ci: number, co: number, s: number): L => ({ w: tf.variable(tf.randomUniform([3, 3, ci, co], -1, 1, 'float32', s)) as tf.Variable<tf.Rank.R4>, b: tf.variable(tf.fill([co], 0.01)) as tf.Variable<tf.Rank.R1> });
  const chains: [string, (x: tf.Tensor4D, a: L, b: L) => tf.Tensor][] = [
    ['conv-conv', (x, a, b) => conv3x3(conv3x3(x, a, 1, 'linear', 'portable'), b, 1, 'linear', 'portable')],
    ['convrelu-conv', (x, a, b) => conv3x3(conv3x3(x, a, 1, 'relu', 'portable'), b, 1, 'linear', 'portable')],
    ['conv-up-conv', (x, a, b) => conv3x3(tf.image.resizeNearestNeighbor(conv3x3(x, a, 1, 'linear', 'portable'), [28, 28]), b, 1, 'linear', 'portable')],
    ['mul-conv', (x, a, b) => conv3x3(tf.mul(x, 2), b, 1, 'linear', 'portable')],
  ];
  for (const [name, f] of chains) {
    const res: number[][][] = [];
    for (const be of ['cpu', 'wasm']) {
      await tf.setBackend(be);
      const x = tf.randomUniform([2, 14, 14, 4], -1, 1, 'float32', 1) as tf.Tensor4D;
      const a = mk(4, 4, 3), b = mk(4, 2, 4);
      const out = f(x, a, b);
      const r = tf.randomUniform(out.shape, -1, 1, 'float32', 2);
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(f(x, a, b), r)) as tf.Scalar, [a.w, b.w, b.b]);
      res.push([out, grads[a.w.name] ?? tf.zeros([1]), grads[b.w.name]!].map((t) => Array.from(t.dataSync())));
    }
    const d = [0, 1, 2].map((k) => { const s = Math.max(...res[0]![k]!.map(Math.abs)); return (Math.max(...res[0]![k]!.map((v, j) => Math.abs(v - res[1]![k]![j]!))) / s).toExponential(1); });
    console.log('RES', name, 'rel diff out, ga, gb', d.join(' '));
  }
});
