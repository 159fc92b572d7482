/**
 * Group commit for small writes that arrive many at a time (the inbox's new updates, its "handled" marks), and the same
 * for small reads (the inbox's "is an earlier update of this chat pending?"): a write asked for while the previous one
 * is still in flight waits for it and goes with the others that arrived meanwhile, in one statement and one commit.
 * Nothing waits for a timer: alone, a write goes at once; under load, each round trip and each WAL flush carries as
 * many as arrived during the last one, so the database's pace no longer caps the callers'.
 * Each caller's promise settles when its batch is written (or failed: every caller of that batch sees the error).
 */
export class GroupWrite<I, R> {
  private queued: { item: I; resolve: (r: R) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;

  /** `write` gets a batch and answers one result per item, in order. */
  constructor(
    private readonly write: (items: I[]) => Promise<R[]>,
    private readonly o: { maxBatch: number; parallel: number } = { maxBatch: 500, parallel: 1 },
  ) {}

  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.inFlight < this.o.parallel && this.queued.length) {
      const batch = this.queued.splice(0, this.o.maxBatch);
      this.inFlight++;
      this.write(batch.map((b) => b.item))
        .then(
          (results) => {
            for (const [i, b] of batch.entries()) b.resolve(results[i] as R);
          },
          (err: unknown) => {
            for (const b of batch) b.reject(err);
          },
        )
        .finally(() => {
          this.inFlight--;
          this.next();
        });
    }
  }
}
