// Requests to a worker that come back as answers with the same id: each a promise, settled by
// its answer, rejected when the worker that was asked goes away.

export class Requests<T> {
  private nextId = 0;
  private pending = new Map<number, { resolve(v: T): void; reject(e: Error): void }>();

  /** A new id and the promise of its answer. */
  open(): { id: number; answer: Promise<T> } {
    this.nextId += 1;
    const id = this.nextId;
    const answer = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    return { id, answer };
  }

  resolve(id: number, value: T): void {
    this.pending.get(id)?.resolve(value);
    this.pending.delete(id);
  }

  reject(id: number, error: Error): void {
    this.pending.get(id)?.reject(error);
    this.pending.delete(id);
  }

  /** The worker was replaced or stopped: nothing it was asked will be answered. */
  abandon(reason: string): void {
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }
}
