/** Composition root: config → database → application → platforms → scheduler → start. Nothing else lives here. */
import { createApp } from "./app.js";
import { OffsetClock, systemClock } from "./clock.js";
import { type Config, ConfigError, loadConfigFromProcess } from "./config.js";
import fs from "node:fs";
import { type Db, openDatabase, openInbox } from "./db/client.js";
import { openCoordination, telegramAccount } from "./db/coordination.js";
import { startHeartbeat } from "./db/backup.js";
import { leadership } from "./db/leadership.js";
import { emptyDatabaseWarning, rememberHasData, StorageStartError } from "./db/startup.js";
import { sqliteFilePath } from "./db/url.js";
import { createLogger, type Logger } from "./logger.js";
import type { PlatformName, PlatformSender } from "./platforms/port.js";
import type { SessionLoss } from "./platforms/zalo/adapter.js";
import { OutboxWorker } from "./scheduler/outbox-worker.js";
import { advanceToNextPost } from "./scheduler/advance.js";
import { PacedSender } from "./scheduler/paced-sender.js";
import { realTime, SharedPacer, telegramChatKind } from "./scheduler/pacer.js";
import { Scheduler } from "./scheduler/reminders.js";
import { seedSamples } from "./services/samples.js";

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfigFromProcess();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  // A promise nobody awaited must not stop the bot for everyone: log it and carry on.
  process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection (the bot carries on)"));
  const db = await openDatabaseOrExit(config, logger);
  const clock = config.playground.enabled ? new OffsetClock() : systemClock;
  // Several processes on one PostgreSQL: per-chat lock, shared caches, one send pace per account (no-ops on SQLite).
  const coordination = await openCoordination(config.databaseUrl, logger);
  const app = createApp({ config, db, logger, clock, cacheBus: coordination.cacheBus });
  const stops: (() => Promise<void>)[] = [];
  const senders: Partial<Record<string, PlatformSender>> = {};
  // One pacer per platform account: its interactive replies, the outbox and reminders all take slots from it.
  const sendTimeoutMs = config.outbox.sendTimeoutMs;
  const pacers = {
    telegram: new SharedPacer(
      {
        perSecond: config.outbox.globalPerSecond,
        perChatPerMinute: config.outbox.perChatPerMinute,
        privateChatIntervalMs: 1000,
      },
      realTime,
      telegramChatKind,
      config.telegram.enabled ? coordination.sendPace(telegramAccount(config.telegram.token)) : undefined,
    ),
    zalo: new SharedPacer({ perSecond: 1000, perChatPerMinute: 20, minIntervalMs: config.zalo.sendIntervalMs }),
  };

  // Each platform's library (grammY, zca-js, the playground's server) is loaded only when that platform is configured.
  if (config.telegram.enabled) {
    const { createTelegramAdapter } = await import("./platforms/telegram/adapter.js");
    const telegram = createTelegramAdapter({
      token: config.telegram.token,
      apiRoot: config.telegram.apiRoot,
      core: app.core,
      chats: app.services.chats,
      i18n: app.i18n,
      language: config.defaultLanguage,
      logger,
      loadStoredFile: async (id) => (await db.storedFile.findUniqueOrThrow({ where: { id } })).data,
      pacer: pacers.telegram,
      sendTimeoutMs,
      inbox: openInbox(db),
      chatLock: coordination.chatLock,
    });
    await telegram.init();
    await telegram.replayInbox();
    if (config.databaseEngine === "postgresql") {
      // Several processes: what one that died was handling is taken over by another within minutes.
      const orphans = setInterval(() => {
        telegram.replayInbox().catch((err: unknown) => logger.warn({ err: String(err) }, "inbox replay failed"));
      }, 60_000);
      orphans.unref();
      stops.unshift(async () => clearInterval(orphans));
    }
    await telegram
      .registerCommandMenus()
      .catch((err) => logger.warn({ err: String(err) }, "could not register the command menu"));
    if (config.telegram.mode === "webhook")
      await telegram.startWebhook({
        url: config.telegram.webhookUrl,
        secret: config.telegram.webhookSecret,
        host: config.telegram.host,
        port: config.telegram.port,
      });
    else startPollingAsLeader(config, logger, stops, () => telegram.startPolling());
    logger.info({ bot: telegram.bot.botInfo.username, mode: config.telegram.mode }, "telegram started");
    senders.telegram = telegram.paced;
    stops.push(() => telegram.stop());
  }

  if (config.zalo.enabled) {
    const { loginWithRetry, ZaloLoginError } = await import("./platforms/zalo/login.js");
    const { createZaloAdapter } = await import("./platforms/zalo/adapter.js");
    const { tellStaffZaloStopped } = await import("./platforms/zalo/notices.js");
    let stopping = false;
    stops.push(async () => {
      stopping = true;
    });
    const tellStaff = (reason: SessionLoss) =>
      tellStaffZaloStopped({ db, outbox: app.services.outbox, i18n: app.i18n, clock: app.clock }, reason).then(
        () => undefined,
      );
    // Logging in waits for the network (retried with backoff) without holding up Telegram or the playground.
    const startZalo = async () => {
      const api = await loginWithRetry(config.zalo.credentialsFile, undefined, {
        stopped: () => stopping,
        onRetry: (attempt, inMs, err) =>
          logger.warn({ attempt, inMs, failure: err.message }, "Zalo cannot be reached; trying again"),
      });
      if (stopping) return;
      let zaloPaced: PacedSender | undefined;
      const zalo = createZaloAdapter({
        api,
        core: app.core,
        db,
        chats: app.services.chats,
        i18n: app.i18n,
        language: config.defaultLanguage,
        logger,
        timeoutMs: config.zalo.timeoutMs,
        sendIntervalMs: config.zalo.sendIntervalMs,
        heartbeatMs: 30_000,
        loadStoredFile: async (id) => (await db.storedFile.findUniqueOrThrow({ where: { id } })).data,
        onSessionLost: tellStaff,
        // Replies and the outbox share the account's pacer (ZALO_SEND_INTERVAL_MS between sends).
        wrapSender: (sender) => {
          zaloPaced = new PacedSender(sender, pacers.zalo, { timeoutMs: sendTimeoutMs, logger });
          return zaloPaced;
        },
      });
      zalo.start();
      senders.zalo = zaloPaced;
      stops.push(() => zalo.stop());
      logger.info("zalo started");
    };
    startZalo().catch(async (err) => {
      if (!(err instanceof ZaloLoginError)) return logger.error({ err }, "Zalo could not start");
      logger.error(err.message);
      console.error(err.message);
      await tellStaff("refused").catch((e) => logger.error({ err: e }, "telling staff about Zalo failed"));
    });
  }

  const scheduler = new Scheduler(app);
  if (config.playground.enabled) {
    await seedSamples(db);
    const advance = async () =>
      clock instanceof OffsetClock
        ? advanceToNextPost(app, scheduler, (at) => clock.advanceTo(at))
        : app.i18n.t(config.defaultLanguage, "playground-no-reminder");
    const { startPlayground } = await import("./platforms/web/server.js");
    const playground = await startPlayground({
      app,
      host: config.playground.host,
      port: config.playground.port,
      logger,
      advance,
    });
    senders.web = playground.transcript;
    stops.push(() => playground.close());
    console.log(
      [
        "",
        `Sân thử (playground) đang chạy / is running: ${playground.url}`,
        "Mở địa chỉ này trong trình duyệt. Open it in a browser. Ctrl+C để dừng / to stop.",
        "",
      ].join("\n"),
    );
  }
  if (!config.telegram.enabled && !config.zalo.enabled && !config.playground.enabled) {
    logger.warn(
      "no platform is configured: set TELEGRAM_BOT_TOKEN, log in to Zalo (npm run zalo:login), or PLAYGROUND=on",
    );
  }

  const worker = new OutboxWorker({
    outbox: app.services.outbox,
    senders,
    clock: app.clock,
    logger,
    // Telegram and Zalo come as PacedSenders with their account's pacer; the playground gets its own.
    pacing: { web: { perSecond: 50, perChatPerMinute: 600 } },
    sendTimeoutMs,
    onFailed: (m, failure) => app.services.announcements.deliveryFailed(m, failure),
    onMoved: (platform, from, to) => app.services.chats.migrate(platform as PlatformName, from, to),
    onSettled: (m) => app.services.announcements.deliverySettled(m),
  });
  worker.start();
  stops.unshift(() => worker.stop());
  scheduler.start();
  stops.unshift(async () => scheduler.stop());
  // Says this process uses the database (db:restore refuses while it is fresh); removed at a clean stop.
  const heartbeat = startHeartbeat(db, logger);
  stops.push(() => heartbeat.stop());

  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    // Last, once the worker has marked what it sent: the outbox's and the coordination's own connections.
    await Promise.all([app.services.outbox.close(), coordination.close()]).catch(() => undefined);
    await db.$disconnect();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** Opens the database; a file that cannot be written stops start-up with one line; an unexpected empty one warns. */
async function openDatabaseOrExit(config: Config, logger: Logger): Promise<Db> {
  if (config.databaseEngine === "postgresql") return openPostgresOrExit(config.databaseUrl);
  const file = sqliteFilePath(config.databaseUrl);
  const created = !fs.existsSync(file);
  let db: Db;
  try {
    db = await openDatabase(config.databaseUrl);
  } catch (err) {
    if (!(err instanceof StorageStartError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
  const [units, chats, people] = await Promise.all([db.unit.count(), db.chat.count(), db.person.count()]);
  const seen = { created, units, chats, people, zaloCredentialsFile: config.zalo.credentialsFile };
  const warning = emptyDatabaseWarning(file, seen);
  if (warning) {
    logger.error(warning);
    console.error(`\n${warning}\n`);
  }
  rememberHasData(file, seen, new Date());
  // A database created by this run gets its marker once it holds data (checked every ten minutes).
  const marker = setInterval(() => {
    void Promise.all([db.unit.count(), db.chat.count(), db.person.count()])
      .then(([u, c, p]) => rememberHasData(file, { created, units: u, chats: c, people: p }, new Date()))
      .catch(() => undefined);
  }, 600_000);
  marker.unref();
  return db;
}

/**
 * Polls Telegram once this process is the only poller of the database (several processes on PostgreSQL: the others
 * wait as standbys and one takes over when the poller dies; webhook mode lets every process take updates).
 */
function startPollingAsLeader(
  config: Config,
  logger: Logger,
  stops: (() => Promise<void>)[],
  startPolling: () => void,
): void {
  const poller = leadership("telegram-poller", {
    engine: config.databaseEngine,
    databaseUrl: config.databaseUrl,
    onWaiting: () =>
      logger.info(
        "another process polls Telegram: this one waits as a standby (TELEGRAM_MODE=webhook lets all take updates)",
      ),
    onLost: (err) => {
      logger.error({ failure: err.message }, "the poller lost its PostgreSQL session; exiting so a standby takes over");
      process.exit(1);
    },
  });
  stops.unshift(() => poller.release());
  poller.held.then(
    (held) => {
      if (!held) return;
      startPolling();
      if (config.databaseEngine === "postgresql") logger.info("this process polls Telegram");
    },
    (err: unknown) => logger.error({ err }, "could not take the Telegram poller's lock"),
  );
}

/** PostgreSQL that does not answer, refuses the login or has the wrong collation stops start-up with one line. */
async function openPostgresOrExit(url: string): Promise<Db> {
  try {
    return await openDatabase(url);
  } catch (err) {
    const where = url.replace(/\/\/[^@/]*@/, "//…@");
    console.error(`Cannot open the PostgreSQL database ${where}: ${(err as Error).message || String(err)}`);
    process.exit(1);
  }
}

await main();
