/**
 * A platform sender behind its account's shared pacer, with a time limit on every send. Interactive replies go through
 * `send` (slot first in line, retried on transient faults and 429s); the outbox uses `sendOnce` with bulk priority and
 * decides itself whether and when to retry.
 */
import type { Logger } from "../logger.js";
import { type Outgoing, type PlatformSender, SendError } from "../platforms/port.js";
import type { PaceTime, Priority, SharedPacer } from "./pacer.js";

export interface PacedSenderOptions {
  /** Longest a text send may take before it counts as a transient failure. */
  timeoutMs?: number;
  /** Longest a file or picture upload may take (a stalled Zalo upload never ends on its own). */
  fileTimeoutMs?: number;
  /** Interactive replies: attempts in all (transient faults and 429s). */
  attempts?: number;
  logger?: Logger;
}

export const DEFAULT_SEND_TIMEOUT_MS = 30_000;

/** Rejects with a transient SendError when `promise` has not settled in `ms` (a real timer, cleared when it does). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendError("transient", `${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

export class PacedSender implements PlatformSender {
  readonly platform;
  readonly capabilities;
  private readonly timeoutMs: number;
  private readonly fileTimeoutMs: number;

  constructor(
    readonly inner: PlatformSender,
    readonly pacer: SharedPacer,
    private readonly o: PacedSenderOptions = {},
  ) {
    this.platform = inner.platform;
    this.capabilities = inner.capabilities;
    this.timeoutMs = o.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
    this.fileTimeoutMs = o.fileTimeoutMs ?? this.timeoutMs * 4;
  }

  get time(): PaceTime {
    return this.pacer.time;
  }

  /**
   * One attempt: wait for a slot, send within the time limit; a 429 rests the whole account as long as it asks.
   * `beforeSend` runs once the slot is had, right before the send, and may throw to call it off (outbox-worker.ts);
   * true from it means it waited (for the database after an outage), and the send takes a new slot: lanes that all
   * waited went out together when the database came back, and Telegram answered 429.
   */
  async sendOnce(
    out: Outgoing,
    priority: Priority,
    beforeSend?: () => Promise<boolean>,
  ): Promise<{ messageId: string }> {
    await this.pacer.acquire(out.chatId, priority);
    if (await beforeSend?.()) await this.pacer.acquire(out.chatId, priority);
    const isFile = out.reply.kind === "file" || out.reply.kind === "picture";
    try {
      return await withTimeout(
        this.inner.send(out),
        isFile ? this.fileTimeoutMs : this.timeoutMs,
        `${this.platform} ${out.reply.kind}`,
      );
    } catch (err) {
      const e = asSendError(err);
      if (e.failure === "rate-limited") this.pacer.pause(this.time.now() + (e.retryAfterSec ?? 1) * 1000);
      throw e;
    }
  }

  /** An interactive reply: first in line, retried with backoff on transient faults and 429s, final errors at once. */
  async send(out: Outgoing): Promise<{ messageId: string }> {
    const attempts = this.o.attempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sendOnce(out, "interactive");
      } catch (err) {
        const e = asSendError(err);
        const retriable = e.failure === "transient" || e.failure === "rate-limited";
        if (!retriable || attempt >= attempts) throw e;
        this.o.logger?.warn({ chat: out.chatId, kind: e.failure, attempt, err: e }, "a reply failed; trying again");
        // A 429 already paused the pacer; a transient fault waits 1, 2, 4 s.
        if (e.failure === "transient") await this.time.sleep(1000 * 2 ** (attempt - 1));
      }
    }
  }

  downloadFile(fileRef: string, maxBytes?: number): Promise<Uint8Array> {
    return this.inner.downloadFile(fileRef, maxBytes);
  }
}

export function asSendError(err: unknown): SendError {
  return err instanceof SendError ? err : new SendError("transient", String((err as Error)?.message ?? err));
}
