// PCA runs in its own worker so it never stalls training or drawing. It receives copies of the
// pixels from the training worker and answers with the test MSE at every code size.
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
  const mseByK = pcaMseAllK(model, msg.test, msg.testCount, msg.maxK, (f) =>
    post({ type: 'progress', fraction: 0.8 + f * 0.2 }),
  );
  post({ type: 'done', mseByK, ms: performance.now() - t0 }, [mseByK.buffer]);
}

scope.onmessage = (ev: MessageEvent<ToPca>) => {
  fit(ev.data).catch((err: unknown) =>
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
  );
};
