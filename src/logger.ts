/**
 * The JSON log (pino). Nothing secret reaches it, whatever a call site hands it: errors are written by their own
 * serializer (name, message, stack, code-like fields and their causes; never the objects an error carries, such as
 * grammY's context with its `api.token`, a request's options or a payload), a few keys are redacted wherever they
 * appear, and every line is scrubbed of the secret values the process knows (`hideInLogs`) and of anything shaped like
 * a Telegram bot token, just before it is written.
 */
import pino, { type Logger } from "pino";

/** Keys whose values never reach the log, wherever they appear in a logged object. */
const SECRET_PATHS = [
  "token",
  "*.token",
  "*.*.token",
  "*.*.*.token",
  "botToken",
  "*.botToken",
  "secret",
  "*.secret",
  "*.webhookSecret",
  "webhookSecret",
  "sessionSecret",
  "*.sessionSecret",
  "cookie",
  "*.cookie",
  "*.*.cookie",
  "imei",
  "*.imei",
  "*.*.imei",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  '*.headers["x-telegram-bot-api-secret-token"]',
];

export type { Logger };

const HIDDEN = "[hidden]";
/** A Bot API token (`123456789:AAH…`), alone or in a URL path (`/bot123456789:AAH…/getMe`). */
const BOT_TOKEN = /\d{3,}:[A-Za-z0-9_-]{20,}/g;
/** Shorter values are not scrubbed: they would blank out ordinary words and numbers. */
const SHORTEST_SECRET = 6;

const secrets = new Set<string>();

/**
 * Makes these values unprintable in every log line of this process from now on (as written, JSON-escaped and
 * percent-encoded): the bot token, the webhook and session secrets, the database password, Zalo's cookie and imei.
 */
export function hideInLogs(...values: readonly (string | undefined)[]): void {
  for (const value of values) {
    if (!value || value.length < SHORTEST_SECRET) continue;
    for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) secrets.add(form);
  }
}

/** The text with every known secret value and anything shaped like a bot token replaced by "[hidden]". */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(HIDDEN);
  return out.replace(BOT_TOKEN, HIDDEN);
}

/** Fields of an error kept when they are plain values (codes, statuses, the Bot API's description). */
const ERROR_FIELDS = ["code", "errno", "syscall", "status", "error_code", "description", "method", "failure", "kind"];
const MAX_CAUSES = 3;

/**
 * An error as the log shows it: its type, message and stack, its code-like fields and, a few levels deep, what caused
 * it (`cause`, grammY's `BotError.error` and `HttpError.error`). Nothing else it carries: grammY's context (with the
 * token), a request's options, a payload with a person's text.
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) {
    if (err === null || typeof err !== "object") return err;
    return { type: Object.prototype.toString.call(err), message: String((err as { message?: unknown }).message ?? "") };
  }
  const out: Record<string, unknown> = { type: err.constructor?.name ?? err.name, message: err.message };
  if (err.stack) out.stack = err.stack;
  const fields = err as unknown as Record<string, unknown>;
  for (const key of ERROR_FIELDS) {
    const v = fields[key];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[key] = v;
  }
  if (depth < MAX_CAUSES) {
    const inner = fields.error instanceof Error ? fields.error : undefined;
    if (inner) out.error = serializeError(inner, depth + 1);
    if (err.cause !== undefined) out.cause = serializeError(err.cause, depth + 1);
  }
  return out;
}

export function createLogger(
  options: { level?: string; destination?: pino.DestinationStream; secrets?: readonly (string | undefined)[] } = {},
): Logger {
  hideInLogs(...(options.secrets ?? []));
  const settings: pino.LoggerOptions = {
    level: options.level ?? "info",
    redact: { paths: SECRET_PATHS, censor: HIDDEN },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError, error: serializeError },
    hooks: { streamWrite: scrubSecrets },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

export const silentLogger: Logger = pino({ level: "silent" });
