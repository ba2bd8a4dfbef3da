import * as tf from '@tensorflow/tfjs-core';

/**
 * The sums of g's columns (a bias gradient) as the product ones[1, batch]·g: on wasm that is
 * XNNPACK's work, over ten times faster than a Sum over axis 0 (measured: 0.09 vs 1.2 ms for
 * [256, 784]), which the backend does as a transpose and a sum along rows.
 */
export function columnSums(g: tf.Tensor2D): tf.Tensor1D {
  const [rows, cols] = g.shape;
  return tf.reshape(tf.matMul(tf.ones([1, rows]), g), [cols]);
}

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
        return [tf.matMul(g2, tf.transpose(sw)), tf.matMul(tf.transpose(sx), g2), columnSums(g2)];
      },
    };
  });
  return op(x, w, b) as tf.Tensor2D;
}

/**
 * x·W + b, then ReLU or nothing, for an x that needs no gradient (the model's input: data).
 * Any customGrad op computes every input's gradient, wanted or not, and the stock fused kernel's
 * gradient does the same; for a first layer, dX = g·Wᵀ is a full-size matrix product thrown
 * away (one of the six largest in a step of the 784-256-k-256-784 model). This op differentiates
 * only W and b. On wasm the product for dW takes an explicit transpose (see
 * denseExplicitTranspose); elsewhere the kernel's transpose flag is free.
 * Differentiating the result with respect to x fails in tfjs with a clear error, not silently.
 * @param x [batch, in]  @param w [in, out]  @param b [out]
 * @returns [batch, out]
 */
export function denseDataInput(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  relu: boolean,
  explicitTranspose: boolean,
): tf.Tensor2D {
  const op = tf.customGrad((wi, bi, save) => {
    const wt = wi as tf.Tensor2D;
    const bt = bi as tf.Tensor1D;
    const activation = relu ? 'relu' : 'linear';
    let y: tf.Tensor2D;
    if (explicitTranspose) {
      const pre = tf.add<tf.Tensor2D>(tf.matMul(x, wt), bt);
      y = relu ? tf.relu(pre) : pre;
    } else {
      y = tf.fused.matMul({ a: x, b: wt, bias: bt, activation }) as tf.Tensor2D;
    }
    // x too: one made inside the differentiated function (a denoiser's noisy copy) is disposed
    // before the backward pass unless it is saved.
    (save as tf.GradSaveFunc)([x, y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [sx, sy] = saved as [tf.Tensor2D, tf.Tensor2D];
        const g = (relu ? tf.mul(dy, tf.step(sy)) : dy) as tf.Tensor2D;
        const dw = explicitTranspose ? tf.matMul(tf.transpose(sx), g) : tf.matMul(sx, g, true);
        return [dw, explicitTranspose ? columnSums(g) : tf.sum(g, 0)];
      },
    };
  });
  return op(w, b) as tf.Tensor2D;
}
