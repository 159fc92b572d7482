import pino, { type Logger } from "pino";

/** Keys whose values never reach the log, wherever they appear in a logged object. */
const SECRET_PATHS = [
  "token",
  "*.token",
  "*.*.token",
  "botToken",
  "*.botToken",
  "secret",
  "*.secret",
  "*.webhookSecret",
  "webhookSecret",
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

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const settings = {
    level: options.level ?? "info",
    redact: { paths: SECRET_PATHS, censor: "[hidden]" },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** Removes a bot token that may be embedded in a URL or an error message (Telegram puts it in the path). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join("[hidden]");
  return out.replace(/\/bot\d+:[A-Za-z0-9_-]{20,}/g, "/bot[hidden]");
}

export const silentLogger: Logger = pino({ level: "silent" });
