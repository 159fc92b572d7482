/**
 * Attachments zca-js may still deliver after the bot stopped waiting for them. A non-image file is sent only once
 * Zalo's `file_done` socket event arrives, which can come after the time limit, or never (zca-js issues #155, #180,
 * #224); when it does come, zca-js finishes that send by itself. So a file that timed out is not retried blindly:
 * a retry of the same file to the same chat (the PacedSender's, or the outbox's minutes later) waits for that first
 * attempt, or takes its late delivery as its own, instead of uploading a second copy.
 */
import type { FileData } from "../port.js";
import { UnconfirmedAttachment, withTimeout, ZaloTimeoutError } from "./errors.js";

/** How long an unconfirmed attempt may still be joined or claimed: beyond the outbox's retries (about 18 minutes). */
export const UNCONFIRMED_KEPT_MS = 30 * 60_000;
/** At most this many unconfirmed attempts are remembered (the oldest are forgotten first). */
const MAX_UNCONFIRMED = 500;

interface Attempt {
  promise: Promise<{ messageId: string }>;
  startedAt: number;
  /** Someone stopped waiting for it: its late result is kept for a retry to claim. */
  unconfirmed: boolean;
  delivered?: { messageId: string };
}

export class PendingAttachments {
  private readonly attempts = new Map<string, Attempt>();
  /** A number per byte array: a retry hands in the same array, a new export a new one (never mistaken for a retry). */
  private readonly arrays = new WeakMap<Uint8Array, number>();
  private nextArray = 1;

  constructor(private readonly now: () => number) {}

  /** What makes two sends the same file: the chat, the name and the very bytes (or the stored file) sent. */
  key(chatId: string, fileName: string, data: FileData): string {
    let source: string;
    if (data instanceof Uint8Array) {
      let n = this.arrays.get(data);
      if (n === undefined) {
        n = this.nextArray++;
        this.arrays.set(data, n);
      }
      source = `bytes:${n}`;
    } else source = `stored:${data.storedFileId}`;
    return `${chatId}\n${fileName}\n${source}`;
  }

  /**
   * Sends through `start`, or joins the attempt already under way for `key`, or returns its late delivery; waits at
   * most `ms`, then throws UnconfirmedAttachment (the attempt goes on). A failed attempt is forgotten: the next send
   * starts afresh.
   */
  async send(key: string, start: () => Promise<{ messageId: string }>, ms: number, what: string) {
    this.forgetOld();
    let attempt = this.attempts.get(key);
    if (attempt?.delivered) {
      this.attempts.delete(key);
      return attempt.delivered;
    }
    if (!attempt) {
      const created: Attempt = { promise: start(), startedAt: this.now(), unconfirmed: false };
      this.attempts.set(key, created);
      created.promise.then(
        (result) => {
          if (created.unconfirmed) created.delivered = result;
          else this.forget(key, created);
        },
        () => this.forget(key, created),
      );
      attempt = created;
    }
    try {
      const result = await withTimeout(attempt.promise, ms, what);
      this.forget(key, attempt);
      return result;
    } catch (err) {
      if (!(err instanceof ZaloTimeoutError)) throw err;
      attempt.unconfirmed = true;
      throw new UnconfirmedAttachment(`${err.message}; it may still arrive, and a retry waits for it`);
    }
  }

  /** How many attempts are remembered (tests). */
  get size(): number {
    return this.attempts.size;
  }

  private forget(key: string, attempt: Attempt): void {
    if (this.attempts.get(key) === attempt) this.attempts.delete(key);
  }

  private forgetOld(): void {
    const oldest = this.now() - UNCONFIRMED_KEPT_MS;
    for (const [key, attempt] of this.attempts) {
      if (attempt.startedAt >= oldest && this.attempts.size <= MAX_UNCONFIRMED) break;
      this.attempts.delete(key);
    }
  }
}
