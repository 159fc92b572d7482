/**
 * The Telegram webhook's HTTP side, on its own so it stays small and testable: whatever arrives, the process goes on.
 * Unknown path → 404; not POST → 405; wrong or missing secret-token header → 401; a body over `maxBytes` → 413; a body
 * that is not a JSON object with an integer update_id (`{not json`, `null`, nothing) → 400; otherwise the update is
 * handed to `handle`, and 200 is answered even when handling failed (it is logged; Telegram would only redeliver it).
 * The one exception: an update that could not be stored (`UpdateNotStored`, the database down) is answered 503, so
 * Telegram delivers it again later instead of it being lost.
 */
import crypto from "node:crypto";
import type http from "node:http";
import type { Logger } from "../../logger.js";

/** Telegram's updates are a few kilobytes; a message of 4,096 characters with entities stays far below this. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

export interface WebhookOptions {
  secret: string;
  /** The webhook URL's path; "/" is accepted too (a reverse proxy may strip the prefix). */
  path: string;
  logger: Logger;
  maxBytes?: number;
  handle(update: { update_id: number } & Record<string, unknown>): Promise<void>;
}

/** Thrown by `handle` when the update could not be written durably: the webhook answers 503 and Telegram retries. */
export class UpdateNotStored extends Error {
  constructor(override readonly cause: unknown) {
    super(`the update could not be stored: ${String((cause as Error)?.message ?? cause)}`);
  }
}

type Outcome = { status: number } | { update: { update_id: number } & Record<string, unknown> };

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(secret).digest();
  return crypto.timingSafeEqual(a, b);
}

async function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > max) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseUpdate(body: Buffer): Outcome {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return { status: 400 };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { status: 400 };
  const id = (value as { update_id?: unknown }).update_id;
  if (typeof id !== "number" || !Number.isSafeInteger(id)) return { status: 400 };
  return { update: value as { update_id: number } & Record<string, unknown> };
}

async function triage(req: http.IncomingMessage, o: WebhookOptions): Promise<Outcome> {
  const path = new URL(req.url ?? "/", "http://webhook").pathname;
  if (path !== o.path && path !== "/") return { status: 404 };
  if (req.method !== "POST") return { status: 405 };
  if (!sameSecret(req.headers["x-telegram-bot-api-secret-token"], o.secret)) return { status: 401 };
  const body = await readBody(req, o.maxBytes ?? WEBHOOK_MAX_BYTES);
  if (!body) return { status: 413 };
  return parseUpdate(body);
}

/** The request listener of the webhook server; it never throws and never leaves a request unanswered. */
export function webhookHandler(o: WebhookOptions): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const answer = (req: http.IncomingMessage, res: http.ServerResponse, status: number) => {
    if (res.headersSent) return;
    // A stored update keeps its connection for the next (Telegram keeps up to 40 open); a refused request's body may
    // still be streaming in, so its connection is closed.
    res.writeHead(status, {
      "content-type": "text/plain; charset=utf-8",
      ...(status === 200 ? {} : { connection: "close" }),
    });
    res.end(status === 200 ? "" : `${status}\n`);
    if (status !== 200) req.resume();
  };
  return (req, res) => {
    req.on("error", () => undefined);
    res.on("error", () => undefined);
    void (async () => {
      try {
        const outcome = await triage(req, o);
        if ("status" in outcome) {
          if (outcome.status !== 404 && outcome.status !== 405)
            o.logger.warn({ status: outcome.status }, "a webhook request was refused");
          return answer(req, res, outcome.status);
        }
        try {
          await o.handle(outcome.update);
        } catch (err) {
          if (err instanceof UpdateNotStored) {
            o.logger.warn(
              { updateId: outcome.update.update_id, err },
              "a webhook update could not be stored; answered 503 so Telegram delivers it again",
            );
            return answer(req, res, 503);
          }
          o.logger.error({ err, updateId: outcome.update.update_id }, "a webhook update could not be handled");
        }
        answer(req, res, 200);
      } catch (err) {
        o.logger.warn({ err }, "a webhook request failed");
        answer(req, res, 400);
      }
    })();
  };
}
