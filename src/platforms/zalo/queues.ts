/** Small containers the Zalo adapter keeps its state in. */

/** A chain of tasks per key: tasks of one key run in order, keys run in parallel. A failing task is skipped. */
export class KeyedQueues {
  private readonly tails = new Map<string, Promise<void>>();

  push(key: string, task: () => Promise<void>): void {
    // Each task catches and logs its own failures; this catch only keeps one failure from stopping the chain.
    const next = (this.tails.get(key) ?? Promise.resolve()).then(task).catch(() => undefined);
    this.tails.set(key, next);
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  /** Whether any task is queued or running. */
  get busy(): boolean {
    return this.tails.size > 0;
  }

  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all(this.tails.values());
  }
}

/** A Map that forgets its oldest entry beyond `max` (setting a key again makes it the newest). */
export class Bounded<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value as K);
    return this;
  }
}
