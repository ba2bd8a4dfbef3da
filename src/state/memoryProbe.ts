// tf.memory() of the training worker, asked for by id: the benchmark and the console read it.

export interface MemoryProbe {
  numTensors: number;
  numBytes: number;
  numBytesInGPU?: number;
  /** Of numTensors, those held by reads under way (losses queued, readbacks). */
  inFlight?: number;
}

/** The probes awaiting the worker's answer, each answered by the reading with its id. */
export class MemoryProbes {
  private waiters = new Map<number, (reading: MemoryProbe) => void>();

  /** Waits for the answer to probe `id`. A worker replaced meanwhile never answers it. */
  wait(id: number): Promise<MemoryProbe> {
    return new Promise((resolve) => this.waiters.set(id, resolve));
  }

  answer(reading: MemoryProbe & { id: number }): void {
    this.waiters.get(reading.id)?.(reading);
    this.waiters.delete(reading.id);
  }
}
