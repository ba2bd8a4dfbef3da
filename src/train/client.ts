// The main-thread handle on the training worker. The page talks to the worker only through this.
import type { OwnDataSummary } from '../persist/dataDb';
import type {
  FromImport,
  FromInference,
  FromWorker,
  ImageFile,
  ImageOptions,
  ImagePreview,
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

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A worker that reads a person's files as their dataset (src/train/importWorker.ts): one request
 * at a time, each answered once; it ends with `end`, or after the dataset is kept.
 */
export class DataImport {
  private worker: Worker | null = null;
  private pending: {
    id: number;
    resolve: (msg: FromImport) => void;
    reject: (err: Error) => void;
    onProgress?: (done: number, total: number) => void;
  } | null = null;

  private lastId = 0;

  private ask(
    msg: DistributiveOmit<ToImport, 'id'>,
    onProgress?: (done: number, total: number) => void,
  ): Promise<FromImport> {
    this.pending?.reject(new Error('Replaced by a newer choice.'));
    this.worker ??= this.start();
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject, onProgress };
      this.worker!.postMessage({ ...msg, id } as ToImport);
    });
  }

  private start(): Worker {
    const worker = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (ev: MessageEvent<FromImport>) => {
      const msg = ev.data;
      const pending = this.pending;
      if (!pending || msg.id !== pending.id) return;
      if (msg.type === 'imagesProgress') return pending.onProgress?.(msg.done, msg.total);
      this.pending = null;
      if (msg.type === 'dataRefused') pending.reject(new Error(msg.message));
      else pending.resolve(msg);
    };
    worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      const pending = this.pending;
      this.end();
      pending?.reject(
        new Error(`The files could not be read (${ev.message || 'the reader stopped'}).`),
      );
    };
    return worker;
  }

  /** Reads, checks and keeps the four IDX files; the worker then ends. */
  async importIdx(files: File[]): Promise<OwnDataSummary> {
    const answer = await this.ask({ type: 'idx', files });
    this.end();
    if (answer.type !== 'dataKept') throw new Error('The files could not be read.');
    return answer.summary;
  }

  /** Reads images into a set to preview; the worker holds the set for `keep`. */
  async readImages(
    files: ImageFile[],
    options: ImageOptions,
    seed: number,
    onProgress: (done: number, total: number) => void,
  ): Promise<ImagePreview> {
    const answer = await this.ask({ type: 'images', files, options, seed }, onProgress);
    if (answer.type !== 'imagesRead') throw new Error('The images could not be read.');
    return answer.preview;
  }

  /** Keeps the set the last readImages prepared; the worker then ends. */
  async keep(): Promise<OwnDataSummary> {
    const answer = await this.ask({ type: 'keep' });
    this.end();
    if (answer.type !== 'dataKept') throw new Error('The images could not be kept.');
    return answer.summary;
  }

  end(): void {
    this.worker?.terminate();
    this.worker = null;
    this.pending = null;
  }
}
