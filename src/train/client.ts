// The main-thread handle on the training worker. The page talks to the worker only through this.
import type { OwnDataSummary } from '../persist/dataDb';
import type {
  FromImport,
  FromInference,
  FromWorker,
  ToImport,
  ToInference,
  ToWorker,
} from './protocol';

/** A typed handle on one worker: `In` is what it accepts, `Out` what it sends back. */
class WorkerClient<In, Out> {
  private closed = false;

  constructor(
    private readonly worker: Worker,
    onMessage: (msg: Out) => void,
    onCrash: (message: string) => void,
  ) {
    this.worker.onmessage = (ev: MessageEvent<Out>) => {
      if (!this.closed) onMessage(ev.data);
    };
    this.worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      if (!this.closed) onCrash(ev.message || 'The training worker stopped unexpectedly.');
    };
    this.worker.onmessageerror = () => {
      if (!this.closed) onCrash('A message from the training worker could not be read.');
    };
  }

  send(msg: In, transfer: Transferable[] = []): void {
    if (!this.closed) this.worker.postMessage(msg, transfer);
  }

  terminate(): void {
    this.closed = true;
    this.worker.terminate();
  }
}

export type TrainerClient = WorkerClient<ToWorker, FromWorker>;
export type InferenceClient = WorkerClient<ToInference, FromInference>;

// Vite finds workers by the literal `new Worker(new URL(...))` pattern, so each has its own line.
export function startTrainerWorker(
  onMessage: (msg: FromWorker) => void,
  onCrash: (message: string) => void,
): TrainerClient {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  return new WorkerClient<ToWorker, FromWorker>(worker, onMessage, onCrash);
}

export function startInferenceWorker(
  onMessage: (msg: FromInference) => void,
  onCrash: (message: string) => void,
): InferenceClient {
  const worker = new Worker(new URL('./inferenceWorker.ts', import.meta.url), { type: 'module' });
  return new WorkerClient<ToInference, FromInference>(worker, onMessage, onCrash);
}

/**
 * Reads, checks and keeps a person's IDX files as their dataset, in a worker of its own that
 * ends with its answer.
 * @returns the kept dataset's summary; rejects with a message for a person
 */
export function importIdxFiles(files: File[]): Promise<OwnDataSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module' });
    const end = (settle: () => void) => {
      worker.terminate();
      settle();
    };
    worker.onmessage = (ev: MessageEvent<FromImport>) => {
      const msg = ev.data;
      if (msg.type === 'dataKept') end(() => resolve(msg.summary));
      else end(() => reject(new Error(msg.message)));
    };
    worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      end(() =>
        reject(new Error(`The files could not be read (${ev.message || 'the reader stopped'}).`)),
      );
    };
    const msg: ToImport = { type: 'idx', files };
    worker.postMessage(msg);
  });
}
