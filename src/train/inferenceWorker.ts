// Only the message switch; the work is in inference.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { InferenceEngine } from './inference';
import type { FromInference, ToInference } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromInference, transfer: Transferable[] = []) =>
  scope.postMessage(msg, transfer);
const ready = tf.setBackend('cpu');
const engine = new InferenceEngine(post);

scope.onmessage = (ev: MessageEvent<ToInference>) => {
  ready
    .then(() => engine.handle(ev.data))
    .catch((err: unknown) =>
      post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
};
