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
        const g2 = g as tf.Tensor2D;
        const [batch, fanIn] = sx.shape;
        const fanOut = sw.shape[1];
        // dW = xᵀ·g, or (gᵀ·x)ᵀ when transposing g and the [out, in] result moves fewer numbers
        // (im2col layers with few output channels have a tall, wide x).
        const dw =
          batch * fanIn <= batch * fanOut + fanIn * fanOut
            ? tf.matMul(tf.transpose(sx), g2)
            : tf.transpose(tf.matMul(tf.transpose(g2), sx));
        return [tf.matMul(g2, tf.transpose(sw)), dw, tf.sum(g, 0)];
      },
    };
  });
  return op(x, w, b) as tf.Tensor2D;
}
