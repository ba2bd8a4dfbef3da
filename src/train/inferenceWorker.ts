// Only the message switch; the work is in inference.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { InferenceEngine } from './inference';
import type { FromInference, ToInference } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromInference, transfer: Transferable[] = []) =>
  scope.postMessage(msg, transfer);
const ready = tf.setBackend('cpu');
// An inspection's slices go after the messages already queued (a drawing first), without the
// 4 ms clamp of nested timeouts.
const channel = new MessageChannel();
const slices: (() => void)[] = [];
channel.port1.onmessage = () => slices.shift()?.();
const engine = new InferenceEngine(post, (fn) => {
  slices.push(fn);
  channel.port2.postMessage(null);
});

scope.onmessage = (ev: MessageEvent<ToInference>) => {
  ready
    .then(() => engine.handle(ev.data))
    .catch((err: unknown) =>
      post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
};
