// The worker is only a switch on the typed command; the work lives in trainer.ts, loadData.ts,
// modelFiles.ts (Download/Load model) and device.ts (the WebGL context and its loss).
import * as tf from '@tensorflow/tfjs-core';
import { gatherDigits, pickDisplayIndices } from '../data/dataset';
import { startBackend } from './backend';
import type { Dataset } from '../data/dataset';
import { WebglDevice } from './device';
import { loadDataset } from './loadData';
import { exportModel, importModel } from './modelFiles';
import { explain, openRunDb, type RunDb } from '../persist/runDb';
import type {
  FromPca,
  FromWorker,
  SaveFailure,
  ToPca,
  ToWorker,
  TrainerSnapshot,
} from './protocol';
import { errorMessage, Trainer } from './trainer';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

// MessageChannel yields to the event loop without the 4 ms setTimeout clamp and without
// requestAnimationFrame, so training continues in a hidden tab.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

let trainer: Trainer | null = null;
let device: WebglDevice | null = null;
let heartbeat: ReturnType<typeof setInterval> | null = null;
const PER_CLASS = 2;
/** Classes the reconstruction grid shows at most. */
const MAX_SHOWN_CLASSES = 20;
const HEARTBEAT_MS = 1000;
/** PCA's error is computed for every code size up to the input's: past it, PCA is exact. */
const PCA_MAX_K = 784;

/** The dataset, until the first model is built: the PCA worker starts after that. */
let pcaPending: Dataset | null = null;

let runDb: Promise<RunDb> | null = null;

/**
 * Writes the saved run: `cloned` settles once IndexedDB has its copy (the snapshot's buffers may
 * then be transferred), `committed` with the outcome.
 */
function saveRun(
  fields: Record<string, unknown>,
  snapshot: TrainerSnapshot,
): { cloned: Promise<void>; committed: Promise<SaveFailure | null> } {
  runDb ??= openRunDb();
  const put = runDb.then((d) => ({ commit: d.put({ ...fields, snapshot }) }));
  return {
    cloned: put.then(
      () => undefined,
      () => undefined,
    ),
    committed: put
      .then((p) => p.commit)
      .then(
        () => null,
        (err: unknown) => {
          const e = explain(err, 'save');
          return { kind: e.kind, message: e.message };
        },
      ),
  };
}

async function load(msg: Extract<ToWorker, { type: 'load' }>): Promise<void> {
  // A message a second says this worker is alive; a lost context that sent no event is noticed
  // with it.
  heartbeat ??= setInterval(() => {
    post({ type: 'heartbeat' });
    device?.poll();
  }, HEARTBEAT_MS);
  // The download and decode run while the backend starts; a data error is reported only once the
  // backend is up (a backend error stops here first).
  const loading = loadDataset(msg.dataset, msg.baseUrl, (loaded, total) =>
    post({ type: 'progress', loaded, total }),
  );
  loading.catch(() => undefined);
  try {
    const info = await startBackend(msg.backend);
    device = new WebglDevice(
      msg.backend,
      () => trainer?.deviceLost(),
      () => performance.now(),
    );
    device.watch();
    post({ type: 'backend', ...info });
  } catch (err) {
    post({ type: 'error', scope: 'backend', message: errorMessage(err) });
    return;
  }
  try {
    const { data, decodeMs, classCount } = await loading;
    // Many classes (a person's data): one of each, of the first MAX_SHOWN_CLASSES.
    const indices =
      classCount > 10
        ? pickDisplayIndices(data.testLabels, 1, Math.min(classCount, MAX_SHOWN_CLASSES))
        : pickDisplayIndices(data.testLabels, PER_CLASS, classCount);
    trainer = new Trainer(
      data,
      { post, now: () => performance.now(), yieldToEvents, device: device ?? undefined },
      {
        valSize: msg.valSize,
        displayIndices: indices,
      },
    );
    const pixels = gatherDigits(data.testPixels, indices);
    post(
      {
        type: 'dataReady',
        decodeMs,
        display: { pixels, labels: indices.map((i) => data.testLabels[i]!) },
        analysisLabels: trainer.analysisLabels.slice(),
        classCount,
      },
      [pixels.buffer],
    );
    pcaPending = data;
  } catch (err) {
    post({ type: 'error', scope: 'data', message: errorMessage(err) });
  }
}

/** Builds a model; the first build also starts the PCA, so it does not delay the first picture. */
async function configure(msg: Extract<ToWorker, { type: 'configure' }>): Promise<void> {
  await trainer?.configure(msg.gen, msg.model, msg.hyper, msg.restore);
  if (pcaPending) {
    startPca(pcaPending);
    pcaPending = null;
  }
}

/** PCA in a worker of its own, fed copies of the pixels, relayed to the page. */
function startPca(data: Dataset): void {
  const worker = new Worker(new URL('./pcaWorker.ts', import.meta.url), { type: 'module' });
  const fail = (message: string) => {
    post({ type: 'error', scope: 'pca', message: `The PCA baseline failed: ${message}` });
    worker.terminate();
  };
  worker.onmessage = (ev: MessageEvent<FromPca>) => {
    const m = ev.data;
    switch (m.type) {
      case 'progress':
        return post({ type: 'pcaProgress', fraction: m.fraction });
      case 'done':
        post({ type: 'pca', mseByK: m.mseByK, ms: m.ms }, [m.mseByK.buffer]);
        // The first answer covers k = 1…64; the second, every k up to the input's size.
        if (m.mseByK.length >= PCA_MAX_K) worker.terminate();
        return;
      case 'failed':
        return fail(m.message);
    }
  };
  worker.onerror = (ev) => {
    ev.preventDefault();
    fail(ev.message || 'worker error');
  };
  const train = data.trainPixels.slice();
  const test = data.testPixels.slice();
  const msg: ToPca = {
    type: 'fit',
    train,
    trainCount: data.trainCount,
    test,
    testCount: data.testCount,
    maxK: PCA_MAX_K,
  };
  worker.postMessage(msg, [train.buffer, test.buffer]);
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'load':
      return load(msg);
    case 'configure':
      return configure(msg);
    case 'hyper':
      return trainer?.setHyper(msg.hyper);
    case 'run':
      return trainer?.run();
    case 'pause':
      return trainer?.pause();
    case 'step':
      return trainer?.stepOnce();
    case 'hand':
      return trainer?.setHandBusy(msg.busy);
    case 'snapshot': {
      let taken: Awaited<ReturnType<Trainer['takeSnapshot']>> | undefined;
      try {
        taken = await trainer?.takeSnapshot();
      } catch (err) {
        // The page waits for an answer; the failure is reported as well.
        post({ type: 'snapshot', id: msg.id, gen: trainer?.progress.gen ?? 0, snapshot: null });
        if (msg.save) post({ type: 'saved', id: msg.save.id, error: null });
        throw err;
      }
      const snapshot = taken?.snapshot ?? null;
      // The record is cloned into IndexedDB before the snapshot's buffers go to the page.
      const written = snapshot && msg.save ? saveRun(msg.save.fields, snapshot) : null;
      if (written) await written.cloned;
      const arrays = snapshot
        ? [
            ...snapshot.weights,
            ...(snapshot.optimizer ? [...snapshot.optimizer.m, ...snapshot.optimizer.v] : []),
          ]
        : [];
      post(
        { type: 'snapshot', id: msg.id, gen: taken?.gen ?? 0, snapshot },
        arrays.map((a) => a.buffer),
      );
      if (!msg.save) return;
      const error = written ? await written.committed : null;
      return post({ type: 'saved', id: msg.save.id, error });
    }
    case 'exportModel': {
      if (!trainer)
        return post({
          type: 'exportFailed',
          id: msg.id,
          message: 'There is no model to save yet.',
        });
      const answer = await exportModel(trainer, msg);
      return post(answer.msg, answer.transfer);
    }
    case 'importModel': {
      const answer = importModel(msg, trainer?.progress.hyper ?? { lr: 1e-3, batch: 128 });
      return post(answer.msg, answer.transfer);
    }
    case 'explainStep': {
      const fail = (message: string) => post({ type: 'explainFailed', id: msg.id, message });
      if (!trainer) return fail('There is no model yet.');
      let answer: Awaited<ReturnType<Trainer['explainStep']>>;
      try {
        answer = await trainer.explainStep();
      } catch (err) {
        // The page waits for an answer; the failure is reported as well.
        fail('Training failed during the step.');
        throw err;
      }
      if ('failure' in answer) return fail(answer.failure);
      const e = answer.explanation;
      const arrays = [e.inputs, e.codes, e.recons, ...(e.clean ? [e.clean] : [])];
      return post(
        { type: 'explained', id: msg.id, gen: answer.gen, ...e },
        arrays.map((a) => a.buffer),
      );
    }
    case 'probeMemory': {
      const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
      return post({
        type: 'memory',
        id: msg.id,
        numTensors: m.numTensors,
        numBytes: m.numBytes,
        numBytesInGPU: m.numBytesInGPU,
        inFlight: trainer?.inFlightTensors ?? 0,
      });
    }
  }
}

scope.onmessage = (ev: MessageEvent<ToWorker>) => {
  handle(ev.data).catch((err: unknown) =>
    post({ type: 'error', scope: 'train', message: errorMessage(err) }),
  );
};
