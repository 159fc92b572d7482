/**
 * How many updates this process handles at once (from the chat's turn to its replies queued). The webhook answers once
 * an update is stored, and storing must keep ahead of a burst (Telegram holds at most 40 requests open, so a slow
 * answer slows every later update): started all at once, the handling of thousands of stored updates would take the
 * one event loop (and, on SQLite, its one writer) from the webhook, which would then answer at the handling's pace
 * (#33: a p99 of seconds from arrival to stored). So while updates keep arriving (one stored within the last
 * `quietMs`), only `whileArriving` updates are handled at once; the rest wait in memory (they are in the inbox already)
 * and catch up once the burst is over. Each handling first lets the loop read the requests that arrived meanwhile.
 */
export class HandlingSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private arrivingUntil = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly o: {
      /** Updates handled at once while none arrive. */
      size: number;
      /** …and while they arrive. */
      whileArriving: number;
      /** How long after the last arrival the webhook counts as quiet. */
      quietMs?: number;
    },
  ) {}

  /** An update arrived (the webhook is storing it). */
  arrived(): void {
    this.arrivingUntil = Date.now() + (this.o.quietMs ?? 100);
  }

  private get free(): boolean {
    const arriving = Date.now() < this.arrivingUntil;
    return this.running < (arriving ? this.o.whileArriving : this.o.size);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free) this.running++;
    else await this.queue();
    try {
      await new Promise((r) => setImmediate(r));
      return await fn();
    } finally {
      this.running--;
      this.wake();
    }
  }

  private queue(): Promise<void> {
    return new Promise<void>((r) => {
      this.waiting.push(r);
      // Once arrivals stop, the waiting ones get the room the quiet leaves.
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.wake();
      }, this.o.quietMs ?? 100);
    });
  }

  private wake(): void {
    while (this.waiting.length && this.free) {
      this.running++;
      this.waiting.shift()?.();
    }
    if (this.waiting.length && !this.timer)
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.wake();
        },
        Math.max(1, this.arrivingUntil - Date.now()),
      );
  }
}
