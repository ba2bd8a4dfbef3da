// The main-thread handle on the training worker. The page talks to the worker only through this.
import type { FromWorker, ToWorker } from './protocol';

export class TrainerClient {
  private readonly worker: Worker;
  private closed = false;

  constructor(onMessage: (msg: FromWorker) => void, onCrash: (message: string) => void) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => {
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

  send(msg: ToWorker, transfer: Transferable[] = []): void {
    if (!this.closed) this.worker.postMessage(msg, transfer);
  }

  terminate(): void {
    this.closed = true;
    this.worker.terminate();
  }
}
