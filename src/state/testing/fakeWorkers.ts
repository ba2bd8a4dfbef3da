// Workers as plain objects that record what they were sent (used by the unit tests): a test
// plays the worker's side through `reply` and `crash`.
import type { FromInference, FromWorker, ToInference, ToWorker } from '../../train/protocol';
import type { StartWorker, WorkerPort } from '../supervisor';

export class FakeWorker<In, Out> implements WorkerPort<In> {
  readonly sent: In[] = [];
  readonly transfers: Transferable[][] = [];
  terminated = false;

  constructor(
    readonly reply: (msg: Out) => void,
    readonly crash: (message: string) => void,
  ) {}

  send(msg: In, transfer: Transferable[] = []): void {
    this.sent.push(msg);
    this.transfers.push(transfer);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** What was sent of one type. */
  sentOf<T extends string>(type: T): Extract<In, { type: T }>[] {
    return this.sent.filter(
      (m): m is Extract<In, { type: T }> => (m as { type?: unknown }).type === type,
    );
  }
}

export type FakeTrainer = FakeWorker<ToWorker, FromWorker>;
export type FakeInference = FakeWorker<ToInference, FromInference>;

/** Factories for a Supervisor or Store, and every worker they started, oldest first. */
export function fakeWorkers() {
  const trainers: FakeTrainer[] = [];
  const inferences: FakeInference[] = [];
  const startTrainer: StartWorker<ToWorker, FromWorker> = (onMessage, onCrash) => {
    const worker: FakeTrainer = new FakeWorker(onMessage, onCrash);
    trainers.push(worker);
    return worker;
  };
  const startInference: StartWorker<ToInference, FromInference> = (onMessage, onCrash) => {
    const worker: FakeInference = new FakeWorker(onMessage, onCrash);
    inferences.push(worker);
    return worker;
  };
  return {
    trainers,
    inferences,
    startTrainer,
    startInference,
    /** The worker started last. */
    get trainer(): FakeTrainer {
      const worker = trainers.at(-1);
      if (!worker) throw new Error('no training worker started');
      return worker;
    },
    get inference(): FakeInference {
      const worker = inferences.at(-1);
      if (!worker) throw new Error('no inference worker started');
      return worker;
    },
  };
}
