/**
 * Zalo's answers → the port's failures. zca-js throws `ZaloApiError` (its name is "ZcaApiError") with Zalo's numeric
 * `code`; the codes seen in practice:
 *   221  "Vượt quá số request cho phép" (too many requests)      → rate-limited: the account rests
 *   -69  the request was retried too often                         → rate-limited, a shorter rest
 *   123  "Không thể nhận tin nhắn từ bạn" (not friends, blocked)   → blocked: this person's thread refuses the bot
 * A time-out, a network error or an unknown code is transient (the outbox tries again later).
 */
import { SendError } from "../port.js";

export const RATE_LIMITED = 221;
export const RETRY_LIMIT = -69;
export const CANNOT_MESSAGE = 123;

/** A zca-js call that did not finish in time. */
export class ZaloTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} got no answer from Zalo within ${ms} ms`);
    this.name = "ZaloTimeoutError";
  }
}

/**
 * An attachment Zalo has not confirmed within the time limit (its `file_done` did not come): it may still arrive, as
 * zca-js finishes the send when the event comes. Transient, so the outbox keeps the row; a retry of the same file
 * waits for that first attempt instead of uploading again (attachments.ts).
 */
export class UnconfirmedAttachment extends SendError {
  constructor(message: string) {
    super("transient", message);
    this.name = "UnconfirmedAttachment";
  }
}

/** Resolves or rejects like `p`, or rejects with ZaloTimeoutError after `ms` (the late result is ignored). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ZaloTimeoutError(what, ms)), ms);
  });
  // The late result is ignored (see above): this only keeps a rejection after the timeout from being unhandled.
  p.catch(() => undefined);
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The numeric Zalo code of a zca-js error, when it has one. */
export function zaloCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

export function isZaloApiError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === "ZcaApiError" || name === "ZaloApiError";
}

/** Maps what a zca-js call threw to a SendError; `restMs` is how long a rate-limited account rests. */
export function toSendError(err: unknown, restMs = 60_000): SendError {
  if (err instanceof SendError) return err;
  const message = String((err as Error)?.message ?? err);
  const code = zaloCode(err);
  if (code === RATE_LIMITED) return new SendError("rate-limited", `Zalo 221: ${message}`, Math.ceil(restMs / 1000));
  if (code === RETRY_LIMIT)
    return new SendError("rate-limited", `Zalo -69: ${message}`, Math.ceil(Math.max(1000, restMs / 2) / 1000));
  if (code === CANNOT_MESSAGE) return new SendError("blocked", `Zalo 123: ${message}`);
  if (err instanceof ZaloTimeoutError) return new SendError("transient", message);
  if (/not (a )?member|không phải thành viên|bị chặn|blocked|kicked/i.test(message))
    return new SendError("blocked", message);
  return new SendError("transient", message);
}
