// PCA runs in its own worker so it never stalls training or drawing. It receives copies of the
// pixels from the training worker and answers with the test MSE at every code size: k = 1…64 on
// every test digit first, then (a second answer) on to k = 784, the input's size, where PCA
// reconstructs exactly; past 64 on the first TAIL_DIGITS test digits, since the pass costs time
// in proportion to k.
import { fitPca, pcaMseAllK } from '../model/pca';
import { startBackend } from './backend';
import type { FromPca, ToPca } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromPca, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

async function fit(msg: ToPca): Promise<void> {
  const t0 = performance.now();
  // wasm has the fastest matmul that needs no GPU; the training worker may hold the GPU.
  await startBackend('wasm');
  const model = await fitPca(msg.train, msg.trainCount, 784, msg.maxK, (f) =>
    post({ type: 'progress', fraction: f * 0.8 }),
  );
  const first = Math.min(msg.maxK, FULL_K);
  const mseByK = pcaMseAllK(model, msg.test, msg.testCount, first, (f) =>
    post({ type: 'progress', fraction: 0.8 + f * 0.2 }),
  );
  const ms = performance.now() - t0;
  const answer = mseByK.slice();
  post({ type: 'done', mseByK: answer, ms }, [answer.buffer]);
  if (msg.maxK <= first) return;
  const n = Math.min(TAIL_DIGITS, msg.testCount);
  const tail = pcaMseAllK(model, msg.test.subarray(0, n * 784), n, msg.maxK);
  const all = new Float64Array(msg.maxK);
  all.set(mseByK);
  all.set(tail.subarray(first), first);
  post({ type: 'done', mseByK: all, ms }, [all.buffer]);
}

/** Code sizes scored on every test digit. */
const FULL_K = 64;
/** Test digits that score the larger code sizes. */
const TAIL_DIGITS = 1000;

scope.onmessage = (ev: MessageEvent<ToPca>) => {
  fit(ev.data).catch((err: unknown) =>
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
  );
};
