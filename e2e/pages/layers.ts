// Loads model.json + model.weights.bin with the stock tfjs Layers API (no code of the app) and
// predicts, so e2e/keep.spec.ts can hold the app's downloaded files to what any page sees.
import * as tf from '@tensorflow/tfjs';

interface Prediction {
  outputs: string[];
  code: number[];
  reconstruction: number[];
}

async function predict(json: string, weights: number[], pixels: number[]): Promise<Prediction> {
  await tf.setBackend('cpu');
  const files = [
    new File([json], 'model.json', { type: 'application/json' }),
    new File([new Uint8Array(weights)], 'model.weights.bin'),
  ];
  const model = await tf.loadLayersModel(tf.io.browserFiles(files));
  const out = model.predict(tf.tensor2d(pixels, [1, 784])) as tf.Tensor[];
  const [code, reconstruction] = await Promise.all(out.slice(0, 2).map((t) => t.data()));
  return {
    outputs: model.outputNames,
    code: Array.from(code ?? []),
    reconstruction: Array.from(reconstruction ?? []),
  };
}

(window as unknown as { predict: typeof predict }).predict = predict;
