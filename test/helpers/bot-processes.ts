/**
 * Several real bot processes on one database, as production runs them behind a load balancer: each is `node` with tsx
 * on src/main.ts, Telegram in webhook mode on a port of its own, the Bot API a fake on loopback (TELEGRAM_API_ROOT),
 * the playground off, Zalo absent. The test talks to a chosen process's webhook (with the secret header), reads what
 * the bot sent at the fake API, and may SIGKILL a process. Used by test/multi-process*.spec.ts and bench/scale.ts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Db } from "../../src/db/client.js";
import type { Received } from "./fake-bot-api.js";
import { freePort, postKeptOpen } from "./telegram.js";

export const BOT_TOKEN = "123456:multi-process-token-abcdefghijklmn";
export const WEBHOOK_SECRET = "multi-process-secret-0123456789";
const WEBHOOK_PATH = "/telegram";
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface BotProcess {
  index: number;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  exited: Promise<number | null>;
  /**
   * Posts one update to this process's webhook; resolves with the HTTP status once the process has stored it (it is
   * handled after: `waitHandled`).
   */
  post(update: object): Promise<number>;
  /** SIGKILL: no clean-up of any kind, as a crash or the OOM killer would. */
  kill(): void;
  /** Everything the process wrote (pino's JSON lines and any error), for a failing test's message. */
  output(): string;
}

export interface BotProcessOptions {
  databaseUrl: string;
  apiRoot: string;
  /** More settings for every process (ADMIN_IDS, OUTBOX_GLOBAL_PER_SECOND, …). */
  env?: Record<string, string>;
  /** Node's own flags for every process (a bench's `--cpu-prof`). */
  nodeArgs?: string[];
  /** Longest wait for one process to say "telegram started". */
  startTimeoutMs?: number;
}

/** Starts `count` processes at once and waits until each has set its webhook and listens. */
export async function startBotProcesses(count: number, o: BotProcessOptions): Promise<BotProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, (_, i) => startBotProcess(i, o)));
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await stopBotProcesses(started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : [])));
    throw (failed as PromiseRejectedResult).reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<BotProcess>).value);
}

export async function startBotProcess(index: number, o: BotProcessOptions): Promise<BotProcess> {
  const port = await freePort();
  // A folder of its own as working directory: no .env of the developer's is read, no Zalo credentials are found.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), `bot-process-${index}-`));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: cwd,
    LOG_LEVEL: "info",
    DATABASE_URL: o.databaseUrl,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: o.apiRoot,
    TELEGRAM_MODE: "webhook",
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_WEBHOOK_HOST: "127.0.0.1",
    TELEGRAM_WEBHOOK_PORT: String(port),
    PLAYGROUND: "off",
    ZALO_CREDENTIALS_FILE: path.join(cwd, "no-zalo.json"),
    ...o.env,
  };
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), "--import", TSX, path.join(ROOT, "src", "main.ts")], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString("utf8")));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString("utf8")));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      fs.rmSync(cwd, { recursive: true, force: true });
      resolve(code);
    }),
  );

  const timeoutMs = o.startTimeoutMs ?? 60_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    const onData = () => {
      if (output.includes('"msg":"telegram started"')) done();
    };
    const onExit = (code: number | null) => fail(`exited with ${code} before starting`);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
    };
    const done = () => {
      cleanup();
      resolve();
    };
    const fail = (why: string) => {
      cleanup();
      child.kill("SIGKILL");
      reject(new Error(`bot process ${index} ${why}:\n${output.slice(-4000)}`));
    };
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
  });

  // As Telegram does: connections kept open and reused (at most 40 to one bot), over plain node:http, whose client
  // costs the bench's process (and so the machine the bot shares with it) a fraction of what fetch's does.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 40 });
  child.once("exit", () => agent.destroy());
  return {
    index,
    port,
    child,
    exited,
    post: (update) => postKeptOpen(agent, { port, path: WEBHOOK_PATH, secret: WEBHOOK_SECRET }, update),
    kill: () => child.kill("SIGKILL"),
    output: () => output,
  };
}

/** SIGTERM (a clean stop), then SIGKILL for any process still there after five seconds. */
export async function stopBotProcesses(processes: BotProcess[]): Promise<void> {
  await Promise.all(
    processes.map(async (p) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return;
      p.child.kill("SIGTERM");
      const timer = setTimeout(() => p.child.kill("SIGKILL"), 5000);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}

/**
 * Telegram updates as the Bot API posts them to a webhook: a private message and a button press. Not from user 1: that
 * is the fake Bot API's bot itself, and a bot ignores its own messages.
 */
let nextUpdateId = 1;
export function messageUpdate(userId: number, text: string, name = "Đoàn viên"): object {
  const id = nextUpdateId++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: name },
      from: { id: userId, is_bot: false, first_name: name, language_code: "vi" },
      text,
      ...(text.startsWith("/")
        ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] }
        : {}),
    },
  };
}

export function callbackUpdate(userId: number, data: string, name = "Đoàn viên"): object {
  const id = nextUpdateId++;
  return {
    update_id: id,
    callback_query: {
      id: String(id),
      chat_instance: "multi-process",
      from: { id: userId, is_bot: false, first_name: name, language_code: "vi" },
      data,
      message: { message_id: 1, date: 0, chat: { id: userId, type: "private", first_name: name } },
    },
  };
}

/** Waits until `count` messages to `chat` have reached the fake Bot API (polling its record; bounded by `timeoutMs`). */
export async function waitForMessages(
  received: Received[],
  chat: number | string,
  count: number,
  timeoutMs = 20_000,
): Promise<Received[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = received.filter((r) => r.chat === String(chat));
    if (mine.length >= count) return mine;
    if (Date.now() > deadline)
      throw new Error(
        `expected ${count} messages to ${chat}, got ${mine.length}: ${JSON.stringify(mine.map((m) => m.text))}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the bot has handled `update` (its inbox row marked handled: its replies went out). */
export async function waitHandled(db: Db, update: object, timeoutMs = 60_000): Promise<void> {
  const updateId = String((update as { update_id: number }).update_id);
  const deadline = Date.now() + timeoutMs;
  while (!(await db.inboxUpdate.count({ where: { platform: "telegram", updateId, handledAt: { not: null } } }))) {
    if (Date.now() > deadline) throw new Error(`update ${updateId} was not handled within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A day `days` after today in the bot's time zone, as a deadline phrase ("chậm nhất ngày 26/11/2026"). */
export function phraseInDays(days: number, timeZone = "Asia/Ho_Chi_Minh"): string {
  const [y, m, d] = new Intl.DateTimeFormat("en-CA", { timeZone })
    .format(new Date(Date.now() + days * 86_400_000))
    .split("-")
    .map(Number);
  return `chậm nhất ngày ${d}/${m}/${y}`;
}

/** The five updates of /ngonngu (a wrong answer among them) that bench/scale.ts and bench/faults.ts post per member. */
export const LANGUAGE_STEPS: ((user: number) => object)[] = [
  (u) => messageUpdate(u, "/ngonngu"),
  (u) => messageUpdate(u, "9"),
  (u) => callbackUpdate(u, "lg|choose|en"),
  (u) => messageUpdate(u, "/ngonngu"),
  (u) => messageUpdate(u, "1"),
];
