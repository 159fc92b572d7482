/**
 * Every setting of the bot, read once from the environment (and .env when present) and validated with zod.
 * The rest of the code receives a typed Config and never reads process.env itself.
 */
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";
import { databaseEngine, defaultDatabaseUrl, postgresConnection } from "./db/url.js";
import { fixedOffsetMinutes } from "./domain/dates/zones.js";
import type { FileLimits } from "./services/file-bounds.js";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const int = (min: number, max: number) =>
  z.coerce
    .number({ message: "expected a whole number" })
    .int({ message: "expected a whole number" })
    .min(min, { message: `expected a whole number from ${min} to ${max}` })
    .max(max, { message: `expected a whole number from ${min} to ${max}` });

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "expected a time of day as HH:MM, e.g. 07:30" });

const platformUserList = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().regex(/^(telegram|zalo-bot|zalo|web):[A-Za-z0-9_-]+$/, {
        message: 'expected a comma-separated list like "telegram:123456,zalo:7890"',
      }),
    ),
  );

const offsets = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean)
      .map(Number),
  )
  .pipe(
    z
      .array(z.number().int().min(-60).max(60), { message: "expected day offsets like 7,3,1,0,-1,-3" })
      .min(1, { message: "expected day offsets like 7,3,1,0,-1,-3" }),
  );

/** A zone of fixed offset is checked against its table: asking Intl would load ICU's date formatting (about 8 MB). */
const timezone = z.string().refine(
  (tz) => {
    if (fixedOffsetMinutes(tz) !== undefined) return true;
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "expected an IANA time zone such as Asia/Ho_Chi_Minh" },
);

const envSchema = z.object({
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/i, {
      message: 'expected an SQLite URL starting with "file:" or a PostgreSQL URL starting with "postgresql://"',
    })
    .optional(),
  TIMEZONE: timezone.default("Asia/Ho_Chi_Minh"),
  DEFAULT_LANGUAGE: z.enum(["vi", "en"]).default("vi"),
  ADMIN_IDS: platformUserList.prefault(""),

  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { message: "expected a BotFather token like 123456:ABC-DEF..." })
    .optional(),
  TELEGRAM_API_ROOT: z
    .string()
    .url({ message: "expected a URL such as https://api.telegram.org" })
    .default("https://api.telegram.org"),
  TELEGRAM_MODE: z.enum(["polling", "webhook"]).default("polling"),
  TELEGRAM_WEBHOOK_URL: z
    .string()
    .url({ message: "expected the public https URL Telegram posts updates to" })
    .optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, { message: "expected 16-256 characters of A-Z, a-z, 0-9, _ or -" })
    .optional(),
  TELEGRAM_WEBHOOK_PORT: int(1, 65535).default(8443),
  TELEGRAM_WEBHOOK_HOST: z.string().default("0.0.0.0"),

  ZALO_CREDENTIALS_FILE: z.string().default("./data/zalo-credentials.json"),
  ZALO_SEND_INTERVAL_MS: int(200, 60000).default(1500),
  ZALO_TIMEOUT_MS: int(1000, 600000).default(60000),

  ZALO_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{8,}$/, {
      message: "expected the token Zalo Bot Manager shows, like 1234567890:abcDEF...",
    })
    .optional(),
  ZALO_BOT_API_ROOT: z
    .string()
    .url({ message: "expected a URL such as https://bot-api.zaloplatforms.com" })
    .default("https://bot-api.zaloplatforms.com"),
  ZALO_BOT_MODE: z.enum(["polling", "webhook"]).default("polling"),
  ZALO_BOT_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,256}$/, { message: "expected 8-256 characters of A-Z, a-z, 0-9, _ or -" })
    .optional(),
  ZALO_BOT_SEND_INTERVAL_MS: int(200, 60000).default(1500),

  PLAYGROUND: z.enum(["auto", "on", "off"]).default("auto"),
  PLAYGROUND_HOST: z.string().default("127.0.0.1"),
  PLAYGROUND_PORT: int(0, 65535).default(3000),

  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
      message: "expected the address people open, like https://bot.example.org",
    })
    .optional(),
  WEB_HOST: z.string().default("127.0.0.1"),
  WEB_PORT: int(0, 65535).default(8080),
  WEB_SESSION_SECRET: z.string().min(32, { message: "expected at least 32 characters" }).max(512).optional(),

  CONVERSATION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  OPINION_MAX_LENGTH: int(100, 20000).default(4000),
  EXPORT_HIDE_AUTHORS: bool.prefault("false"),
  EXPORT_OPINIONS_PER_FILE: int(100, 1_000_000).default(100_000),
  ACKNOWLEDGE_BY: z.enum(["chair", "member"]).default("member"),
  REPORT_PLACE: z.string().min(1).max(60).default("Lai Châu"),

  DUE_TIME: clock.default("23:59"),
  EARLY_MONTH_DAY: int(1, 28).default(5),
  MID_MONTH_DAY: int(1, 28).default(15),
  REMINDER_TIME: clock.default("07:30"),
  REMINDER_OFFSETS_DAYS: offsets.prefault("7,3,1,0,-1,-3"),
  DIGEST_TIME: clock.default("08:00"),
  OVERDUE_REMINDER_EVERY_DAYS: int(1, 365).default(7),
  CONSULTATION_REMINDER_DAYS: int(0, 60).default(2),
  CONSULTATION_REMINDER_BELOW_PERCENT: int(0, 100).default(50),

  OUTBOX_GLOBAL_PER_SECOND: int(1, 1000).default(30),
  OUTBOX_PER_CHAT_PER_MINUTE: int(1, 600).default(20),
  SEND_TIMEOUT_SECONDS: int(1, 3600).default(30),

  FILE_MAX_MB: int(1, 2000).default(20),
  FILE_MAX_UNPACKED_MB: int(1, 2000).default(20),
  FILE_MAX_PAGES: int(1, 100000).default(300),
  FILE_MAX_CHARS: int(1000, 100_000_000).default(1_000_000),

  BACKUP_DIR: z.string().optional(),
  BACKUP_KEEP: int(1, 1000).default(7),
  BACKUP_HOUR: int(0, 23).default(2),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  logLevel: Env["LOG_LEVEL"];
  databaseUrl: string;
  /** `postgresql://` selects PostgreSQL, a `file:` URL (or none) the embedded SQLite. */
  databaseEngine: "sqlite" | "postgresql";
  timezone: string;
  defaultLanguage: "vi" | "en";
  adminIds: string[];
  telegram:
    | { enabled: false; apiRoot: string }
    | ({ enabled: true; token: string; apiRoot: string } & (
        | { mode: "polling" }
        | { mode: "webhook"; webhookUrl: string; webhookSecret: string; port: number; host: string }
      ));
  zalo: { credentialsFile: string; sendIntervalMs: number; timeoutMs: number; enabled: boolean };
  /**
   * Zalo's official Bot Platform (ZALO_BOT_TOKEN): on beside the zca-js account, as a platform of its own. In webhook
   * mode Zalo posts to `webhookUrl` (PUBLIC_URL + /zalo-bot/webhook) with `webhookSecret` in a header.
   */
  zaloBot:
    | { enabled: false; apiRoot: string }
    | {
        enabled: true;
        token: string;
        apiRoot: string;
        sendIntervalMs: number;
        timeoutMs: number;
        mode: "polling" | "webhook";
        webhookUrl?: string;
        webhookSecret?: string;
      };
  playground: { enabled: boolean; host: string; port: number };
  /** The web view for staff and chairs: on when `publicUrl` (PUBLIC_URL) is set. */
  web: { publicUrl?: string; host: string; port: number; sessionSecret?: string };
  conversationIdleMinutes: number;
  opinionMaxLength: number;
  exportHideAuthors: boolean;
  /** Opinions per .csv file and per opinions sheet of an export; a longer list is split into parts (said so). */
  exportOpinionsPerFile: number;
  acknowledgeBy: "chair" | "member";
  reportPlace: string;
  dueDates: { dueTime: string; earlyMonthDay: number; midMonthDay: number };
  reminders: { time: string; offsetsDays: number[]; digestTime: string; overdueEveryDays: number };
  consultationNotices: { reminderDays: number; belowPercent: number };
  /** `sendTimeoutMs`: longest one text send may take (a file or picture upload may take four times as long). */
  outbox: { globalPerSecond: number; perChatPerMinute: number; sendTimeoutMs: number };
  /** Bounds on every file the bot reads (plans, sheets, submissions): see services/file-bounds.ts. */
  files: FileLimits;
  /** The daily backup (src/db/backup.ts): off when `dir` is undefined (BACKUP_DIR empty). */
  backup: { dir?: string; keep: number; hour: number };
  /** The values of the secret settings (SECRET_SETTINGS; the database's password): kept out of every log line. */
  secrets: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/** A PostgreSQL URL whose schema name or pool size is wrong is refused at start-up, not on the first query. */
function databaseProblems(url: string | undefined): string[] {
  if (!url || databaseEngine(url) !== "postgresql") return [];
  try {
    postgresConnection(url);
  } catch (err) {
    return [`Setting DATABASE_URL: ${(err as Error).message}`];
  }
  return [];
}

/** Reads a .env file with Node's own parser; values already in the environment win (see loadConfigFromProcess). */
export function readDotEnv(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  return parseEnv(fs.readFileSync(file, "utf8")) as Record<string, string>;
}

/** What webhook mode needs from Telegram's settings, one line per missing setting. */
function telegramProblems(e: Env): string[] {
  if (!e.TELEGRAM_BOT_TOKEN || e.TELEGRAM_MODE !== "webhook") return [];
  const problems: string[] = [];
  if (!e.TELEGRAM_WEBHOOK_URL)
    problems.push(
      "Setting TELEGRAM_WEBHOOK_URL: expected the public https URL Telegram posts updates to " +
        "(it is missing; TELEGRAM_MODE is webhook)",
    );
  if (!e.TELEGRAM_WEBHOOK_SECRET)
    problems.push(
      "Setting TELEGRAM_WEBHOOK_SECRET: expected 16-256 characters of A-Z, a-z, 0-9, _ or - " +
        "(it is missing; TELEGRAM_MODE is webhook)",
    );
  return problems;
}

/** Telegram on when a token is set, by webhook or by polling. */
function telegramOf(e: Env): Config["telegram"] {
  if (!e.TELEGRAM_BOT_TOKEN) return { enabled: false, apiRoot: e.TELEGRAM_API_ROOT };
  if (e.TELEGRAM_MODE !== "webhook")
    return { enabled: true, token: e.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT, mode: "polling" };
  return {
    enabled: true,
    token: e.TELEGRAM_BOT_TOKEN,
    apiRoot: e.TELEGRAM_API_ROOT,
    mode: "webhook",
    webhookUrl: e.TELEGRAM_WEBHOOK_URL ?? "",
    webhookSecret: e.TELEGRAM_WEBHOOK_SECRET ?? "",
    port: e.TELEGRAM_WEBHOOK_PORT,
    host: e.TELEGRAM_WEBHOOK_HOST,
  };
}

/** What webhook mode needs from the Zalo Bot's settings, one line per missing setting. */
function zaloBotProblems(e: Env): string[] {
  if (!e.ZALO_BOT_TOKEN || e.ZALO_BOT_MODE !== "webhook") return [];
  const problems: string[] = [];
  if (!e.ZALO_BOT_WEBHOOK_SECRET)
    problems.push(
      "Setting ZALO_BOT_WEBHOOK_SECRET: expected 8-256 characters of A-Z, a-z, 0-9, _ or - " +
        "(it is missing; ZALO_BOT_MODE is webhook)",
    );
  if (!e.PUBLIC_URL)
    problems.push(
      "Setting PUBLIC_URL: expected the address Zalo posts updates to, like https://bot.example.org " +
        "(it is missing; ZALO_BOT_MODE is webhook)",
    );
  return problems;
}

/** The Zalo Bot on when a token is set; by webhook at PUBLIC_URL's /zalo-bot/webhook, or by polling. */
function zaloBotOf(e: Env, publicUrl: string | undefined): Config["zaloBot"] {
  if (!e.ZALO_BOT_TOKEN) return { enabled: false, apiRoot: e.ZALO_BOT_API_ROOT };
  return {
    enabled: true,
    token: e.ZALO_BOT_TOKEN,
    apiRoot: e.ZALO_BOT_API_ROOT.replace(/\/+$/, ""),
    sendIntervalMs: e.ZALO_BOT_SEND_INTERVAL_MS,
    timeoutMs: e.ZALO_TIMEOUT_MS,
    mode: e.ZALO_BOT_MODE,
    ...(e.ZALO_BOT_MODE === "webhook"
      ? { webhookUrl: `${publicUrl}/zalo-bot/webhook`, webhookSecret: e.ZALO_BOT_WEBHOOK_SECRET }
      : {}),
  };
}

/** Validates the environment. Throws ConfigError with one line per wrong or missing setting. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? "?");
        return `Setting ${name}: ${i.message}${given(name, cleaned[name])}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const telegram = telegramOf(e);
  problems.push(...telegramProblems(e), ...zaloBotProblems(e));
  problems.push(...databaseProblems(e.DATABASE_URL));
  if (problems.length) throw new ConfigError(problems);

  const credentialsFile = path.resolve(cwd, e.ZALO_CREDENTIALS_FILE);
  const zaloEnabled = fs.existsSync(credentialsFile);
  const anyCredentials = telegram.enabled || zaloEnabled || !!e.ZALO_BOT_TOKEN;
  const publicUrl = e.PUBLIC_URL?.replace(/\/+$/, "");
  return {
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL ?? defaultDatabaseUrl(cwd),
    databaseEngine: databaseEngine(e.DATABASE_URL ?? "file:"),
    timezone: e.TIMEZONE,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    adminIds: e.ADMIN_IDS,
    telegram,
    zalo: {
      credentialsFile,
      sendIntervalMs: e.ZALO_SEND_INTERVAL_MS,
      timeoutMs: e.ZALO_TIMEOUT_MS,
      enabled: zaloEnabled,
    },
    zaloBot: zaloBotOf(e, publicUrl),
    playground: {
      enabled: e.PLAYGROUND === "on" || (e.PLAYGROUND === "auto" && !anyCredentials),
      host: e.PLAYGROUND_HOST,
      port: e.PLAYGROUND_PORT,
    },
    web: {
      ...(publicUrl ? { publicUrl } : {}),
      host: e.WEB_HOST,
      port: e.WEB_PORT,
      ...(e.WEB_SESSION_SECRET ? { sessionSecret: e.WEB_SESSION_SECRET } : {}),
    },
    conversationIdleMinutes: e.CONVERSATION_IDLE_MINUTES,
    opinionMaxLength: e.OPINION_MAX_LENGTH,
    exportHideAuthors: e.EXPORT_HIDE_AUTHORS,
    exportOpinionsPerFile: e.EXPORT_OPINIONS_PER_FILE,
    acknowledgeBy: e.ACKNOWLEDGE_BY,
    reportPlace: e.REPORT_PLACE,
    dueDates: { dueTime: e.DUE_TIME, earlyMonthDay: e.EARLY_MONTH_DAY, midMonthDay: e.MID_MONTH_DAY },
    reminders: {
      time: e.REMINDER_TIME,
      offsetsDays: e.REMINDER_OFFSETS_DAYS,
      digestTime: e.DIGEST_TIME,
      overdueEveryDays: e.OVERDUE_REMINDER_EVERY_DAYS,
    },
    consultationNotices: {
      reminderDays: e.CONSULTATION_REMINDER_DAYS,
      belowPercent: e.CONSULTATION_REMINDER_BELOW_PERCENT,
    },
    outbox: {
      globalPerSecond: e.OUTBOX_GLOBAL_PER_SECOND,
      perChatPerMinute: e.OUTBOX_PER_CHAT_PER_MINUTE,
      sendTimeoutMs: e.SEND_TIMEOUT_SECONDS * 1000,
    },
    files: {
      maxBytes: e.FILE_MAX_MB * 1024 * 1024,
      maxUnpackedBytes: e.FILE_MAX_UNPACKED_MB * 1024 * 1024,
      maxPages: e.FILE_MAX_PAGES,
      maxChars: e.FILE_MAX_CHARS,
    },
    backup: {
      ...(e.BACKUP_DIR ? { dir: path.resolve(cwd, e.BACKUP_DIR) } : {}),
      keep: e.BACKUP_KEEP,
      hour: e.BACKUP_HOUR,
    },
    secrets: secretsOf(cleaned),
  };
}

/** Settings whose values are secret: an error names the setting and what it expects, never what was given. */
export const SECRET_SETTINGS = [
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_WEBHOOK_SECRET",
  "WEB_SESSION_SECRET",
  "DATABASE_URL",
  "ZALO_BOT_TOKEN",
  "ZALO_BOT_WEBHOOK_SECRET",
];

/** What a problem line says of the value given: a secret's only by its length, a database URL's only by its scheme. */
function given(name: string, value: string | undefined): string {
  if (value === undefined) return " (it is missing)";
  if (name === "DATABASE_URL") {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]{0,20}:/.exec(value)?.[0];
    return scheme ? ` (the value given starts with "${scheme}")` : " (the value given is not shown)";
  }
  if (SECRET_SETTINGS.includes(name)) return ` (the value given, ${value.length} characters, is not shown)`;
  return ` (got "${value.length > 40 ? `${value.slice(0, 37)}...` : value}")`;
}

/** The secret values among the settings, for the logger to scrub from every line (logger.ts). */
export function secretValues(config: Config): readonly string[] {
  return config.secrets;
}

/** The values of the secret settings given, and the database password (as written in the URL and decoded). */
function secretsOf(env: Record<string, string | undefined>): string[] {
  const values = SECRET_SETTINGS.filter((name) => name !== "DATABASE_URL").flatMap((name) => env[name] ?? []);
  const url = env.DATABASE_URL;
  if (url && databaseEngine(url) === "postgresql") {
    try {
      const password = new URL(url).password;
      if (password) values.push(password, decodeURIComponent(password));
    } catch {
      // not a URL the database would accept either
    }
  }
  return values;
}

/** The settings as the process sees them: .env merged under the real environment. */
export function loadConfigFromProcess(cwd = process.cwd()): Config {
  return loadConfig({ ...readDotEnv(path.join(cwd, ".env")), ...process.env }, cwd);
}

/** How deadline precisions become moments (used by the plan reader's consumers and reminders). */
export function dueSettings(config: Config): {
  dueTime: string;
  earlyMonthDay: number;
  midMonthDay: number;
  timezone: string;
} {
  return { ...config.dueDates, timezone: config.timezone };
}
