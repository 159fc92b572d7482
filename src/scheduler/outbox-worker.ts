/**
 * Sends what the outbox holds: claims due rows, paces them per platform (Telegram: ~30/s overall, 20/min into one
 * group), honours retry_after on 429, retries transient errors with backoff, and fails a chat that blocked or removed
 * the
 * bot without stopping the rest. Safe to run in several processes: a row is claimed by one worker at a time.
 */
import crypto from "node:crypto";
import type { Clock } from "../clock.js";
import { FaultLog, storageFault } from "../db/faults.js";
import type { Logger } from "../logger.js";
import { SendError, type PlatformSender } from "../platforms/port.js";
import type { ClaimedMessage, OutboxService } from "../services/outbox.js";
import { Pacer, type Pacing } from "./pacer.js";

export interface WorkerOptions {
  outbox: OutboxService;
  senders: Partial<Record<string, PlatformSender>>;
  pacing: Partial<Record<string, Pacing>>;
  clock: Clock;
  logger: Logger;
  /** Called once for a message that will never be delivered (blocked chat, rejected, out of attempts). */
  onFailed?: (message: ClaimedMessage, failure: string) => Promise<void>;
  /** Called after each round with the messages it handled (an announcement's sender hears when all are through). */
  onSettled?: (messages: ClaimedMessage[]) => Promise<void>;
  maxAttempts?: number;
  concurrency?: number;
  batch?: number;
  workerId?: string;
  /** Wall time for pacing (tests hand in a fake that advances instantly). */
  time?: { now(): number; sleep(ms: number): Promise<void> };
}

const realTime = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

export class OutboxWorker {
  readonly id: string;
  private readonly pacers = new Map<string, Pacer>();
  private readonly time: { now(): number; sleep(ms: number): Promise<void> };
  private gates = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  private faults?: FaultLog;

  constructor(private readonly o: WorkerOptions) {
    this.id = o.workerId ?? `worker-${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
    this.time = o.time ?? realTime;
    for (const [platform, pacing] of Object.entries(o.pacing)) if (pacing) this.pacers.set(platform, new Pacer(pacing));
  }

  /** One round: claim a batch and send it. Returns how many rows were handled. */
  async runOnce(): Promise<number> {
    const platforms = Object.keys(this.o.senders).filter((p) => this.o.senders[p]);
    if (!platforms.length) return 0;
    const claimed = await this.o.outbox.claim(this.id, this.o.clock.now(), this.o.batch ?? 50, 60_000, platforms);
    // One lane per chat at a time: a chat receives its messages in the order they were queued (summary, then file).
    const byChat = new Map<string, ClaimedMessage[]>();
    for (const m of claimed)
      byChat.set(`${m.platform}:${m.platformChatId}`, [...(byChat.get(`${m.platform}:${m.platformChatId}`) ?? []), m]);
    const queue = [...byChat.values()];
    const lanes = Array.from({ length: Math.min(this.o.concurrency ?? 6, queue.length) }, async () => {
      for (let chat = queue.shift(); chat; chat = queue.shift()) for (const m of chat) await this.deliver(m);
    });
    await Promise.all(lanes);
    if (claimed.length)
      await this.o.onSettled?.(claimed).catch((err) => this.o.logger.error({ err }, "settled hook failed"));
    return claimed.length;
  }

  /** Sends until nothing is due (tests and the benchmark). */
  async drain(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds && !this.stopped; i++) if ((await this.runOnce()) === 0) return;
  }

  /** A storage fault (a full or read-only disk) is logged once a minute, not on every round. */
  private roundFailed(err: unknown): void {
    const kind = storageFault(err);
    if (!kind) return void this.o.logger.error({ err }, "outbox round failed");
    this.faults ??= new FaultLog(this.o.logger, this.o.clock);
    this.faults.report(kind, err);
  }

  start(intervalMs = 1000): void {
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.drain().catch((err) => this.roundFailed(err));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private pacer(platform: string): Pacer {
    let p = this.pacers.get(platform);
    if (!p) {
      p = new Pacer({ perSecond: 30, perChatPerMinute: 20 });
      this.pacers.set(platform, p);
    }
    return p;
  }

  /** Waits for this platform's next free slot; slots are handed out in order. */
  private slot(platform: string, chat: string): Promise<void> {
    const pacer = this.pacer(platform);
    const turn = (this.gates.get(platform) ?? Promise.resolve()).then(async () => {
      for (let d = pacer.globalDelay(this.time.now()); d > 0; d = pacer.globalDelay(this.time.now()))
        await this.time.sleep(d);
      pacer.record(chat, this.time.now());
    });
    this.gates.set(
      platform,
      turn.catch(() => undefined),
    );
    return turn;
  }

  private async deliver(m: ClaimedMessage): Promise<void> {
    const { outbox, clock, logger } = this.o;
    const sender = this.o.senders[m.platform]!;
    const pacer = this.pacer(m.platform);
    const chatWait = pacer.chatDelay(m.platformChatId, this.time.now());
    if (chatWait > 0) {
      await outbox.retryLater(m.id, new Date(clock.now().getTime() + chatWait), null, false);
      return;
    }
    await this.slot(m.platform, m.platformChatId);
    try {
      const sent = await sender.send(outbox.toOutgoing(m));
      await outbox.markSent(m.id, sent.messageId, clock.now());
    } catch (err) {
      const e = err instanceof SendError ? err : new SendError("transient", String((err as Error)?.message ?? err));
      const now = clock.now().getTime();
      if (e.failure === "rate-limited") {
        const wait = (e.retryAfterSec ?? 1) * 1000;
        pacer.pause(this.time.now() + wait);
        await outbox.retryLater(m.id, new Date(now + wait), `429: retry after ${e.retryAfterSec ?? 1}s`, false);
        logger.warn({ chat: m.platformChatId, retryAfter: e.retryAfterSec }, "rate limited; waiting as asked");
      } else if (e.failure === "transient" && m.attempts < (this.o.maxAttempts ?? 8)) {
        const backoff = Math.min(600, 2 ** m.attempts) * 1000;
        await outbox.retryLater(m.id, new Date(now + backoff), e.message);
      } else {
        await outbox.markFailed(m.id, `${e.failure}: ${e.message}`);
        logger.warn({ chat: m.platformChatId, failure: e.failure }, "message given up");
        await this.o.onFailed?.(m, e.failure).catch((err) => logger.error({ err }, "failure hook failed"));
      }
    }
  }
}
