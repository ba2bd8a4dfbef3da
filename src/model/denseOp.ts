import * as tf from '@tensorflow/tfjs-core';

/**
 * x·W + b, then ReLU or nothing, with a hand-written gradient whose matrix products take no
 * transpose flags: the transposes are explicit kernels. On the wasm backend a transposed
 * BatchMatMul falls off XNNPACK onto a slow single-threaded loop, and backprop needs two of
 * them per layer; an explicit transpose plus a plain product is several times faster there.
 * @param x [batch, in]  @param w [in, out]  @param b [out]
 * @returns [batch, out]
 */
export function denseExplicitTranspose(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  relu: boolean,
): tf.Tensor2D {
  const op = tf.customGrad((xi, wi, bi, save) => {
    const xt = xi as tf.Tensor2D;
    const wt = wi as tf.Tensor2D;
    const pre = tf.add(tf.matMul(xt, wt), bi as tf.Tensor1D);
    const y = relu ? tf.relu(pre) : pre;
    (save as tf.GradSaveFunc)([xt, wt, y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [sx, sw, sy] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const g = relu ? tf.mul(dy, tf.step(sy)) : dy;
        // dW = xᵀ·g. Measured on wasm, (gᵀ·x)ᵀ is slower in nearly every layer here, even for
        // im2col layers with few outputs: a fresh, large second operand is costly to pack.
        const g2 = g as tf.Tensor2D;
        return [tf.matMul(g2, tf.transpose(sw)), tf.matMul(tf.transpose(sx), g2), tf.sum(g, 0)];
      },
    };
  });
  return op(x, w, b) as tf.Tensor2D;
}
