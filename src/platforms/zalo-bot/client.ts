/**
 * Calls to Zalo's Bot Platform (`<root>/bot<TOKEN>/<method>`, answers `{ok, result}` or `{ok:false, error_code,
 * description}`). Every call has a time limit. An answer that is not such JSON (an HTML page from a proxy), a 5xx, a
 * 429 or a network error is transient and retried a few times with growing pauses (not getUpdates nor
 * sendChatAction); `ok:false` is logged with its error_code. A 401 or 403 means the token no longer works:
 * `onTokenRefused` is called once and every later call fails at once.
 */
import { z } from "zod";
import type { Logger } from "../../logger.js";

const answerSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error_code: z.coerce.number().int().optional(),
    description: z.string().optional(),
  }),
]);

export class ZaloBotApiError extends Error {
  constructor(
    readonly method: string,
    /** The API's error_code (or the HTTP status when the answer had none); undefined for network faults. */
    readonly errorCode: number | undefined,
    readonly description: string,
    readonly transient: boolean,
  ) {
    super(`${method}: ${errorCode ?? "no answer"} ${description}`.trim());
    this.name = "ZaloBotApiError";
  }

  /** The token was refused (revoked in Zalo Bot Manager, or wrong). */
  get tokenRefused(): boolean {
    return this.errorCode === 401 || this.errorCode === 403;
  }
}

export interface ZaloBotClientOptions {
  token: string;
  apiRoot: string;
  logger: Logger;
  /** Longest wait for one call (getUpdates: its long-poll timeout on top). */
  timeoutMs: number;
  /** Attempts after the first for a transient fault (3 unless set). */
  retries?: number;
  /** First pause between attempts; doubled each time (500 ms unless set). */
  retryBaseMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The token was refused: called once. */
  onTokenRefused?: (err: ZaloBotApiError) => void;
}

export class ZaloBotClient {
  private refused?: ZaloBotApiError;

  constructor(private readonly o: ZaloBotClientOptions) {}

  /** Whether the token was refused (the adapter has stopped). */
  get stopped(): boolean {
    return !!this.refused;
  }

  /** `extraMs` lengthens the time limit (a long poll); `signal` ends the call early (stopping). */
  async call(
    method: string,
    params: Record<string, unknown> = {},
    extraMs = 0,
    signal?: AbortSignal,
  ): Promise<unknown> {
    // A long poll is asked again by its loop anyway; a "typing…" that failed is not worth repeating.
    const retries = method === "getUpdates" || method === "sendChatAction" ? 0 : (this.o.retries ?? 3);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(method, params, extraMs, signal);
      } catch (err) {
        if (!(err instanceof ZaloBotApiError) || !err.transient || attempt >= retries) throw err;
        const pause = (this.o.retryBaseMs ?? 500) * 2 ** attempt;
        this.o.logger.warn({ method, attempt: attempt + 1, inMs: pause, err }, "retrying a Zalo Bot call");
        await (this.o.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms))))(pause);
      }
    }
  }

  private async once(
    method: string,
    params: Record<string, unknown>,
    extraMs: number,
    stop?: AbortSignal,
  ): Promise<unknown> {
    if (this.refused) throw this.refused;
    let status: number;
    let body: string;
    try {
      const res = await (this.o.fetch ?? fetch)(`${this.o.apiRoot}/bot${this.o.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(params),
        signal: stop
          ? AbortSignal.any([stop, AbortSignal.timeout(this.o.timeoutMs + extraMs)])
          : AbortSignal.timeout(this.o.timeoutMs + extraMs),
      });
      status = res.status;
      body = await res.text();
    } catch (err) {
      const e = err as Error;
      const why = e.name === "TimeoutError" ? `no answer within ${this.o.timeoutMs + extraMs} ms` : e.message;
      throw new ZaloBotApiError(method, undefined, `network: ${why}`, true);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new ZaloBotApiError(method, status, `answered ${status} with something that is not JSON`, true);
    }
    const answer = answerSchema.safeParse(json);
    if (!answer.success)
      throw new ZaloBotApiError(method, status, `answered ${status} without ok`, status >= 500 || status === 429);
    if (answer.data.ok) return answer.data.result;
    const code = answer.data.error_code ?? status;
    const err = new ZaloBotApiError(method, code, answer.data.description ?? "", code >= 500 || code === 429);
    // An empty long poll is not a fault.
    if (method === "getUpdates" && code === 408) throw err;
    this.o.logger.warn(
      { method, error_code: code, description: err.description },
      "the Zalo Bot API answered ok:false",
    );
    if (err.tokenRefused && !this.refused) {
      this.refused = err;
      this.o.onTokenRefused?.(err);
    }
    throw err;
  }
}
