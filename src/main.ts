/**
 * Composition root, read as a list: config → database → application → each configured platform → outbox worker →
 * scheduler, each start returning its stop; then one ordered shutdown list. Each start lives in `src/start/`.
 */
import { createApp } from "./app.js";
import { OffsetClock, systemClock } from "./clock.js";
import { type Config, ConfigError, loadConfigFromProcess, secretValues } from "./config.js";
import { startHeartbeat } from "./db/backup.js";
import { openCoordination, telegramAccount } from "./db/coordination.js";
import { createLogger } from "./logger.js";
import { realTime, SharedPacer, telegramChatKind } from "./scheduler/pacer.js";
import { Scheduler } from "./scheduler/reminders.js";
import { openDatabaseOrExit } from "./start/database.js";
import { startOutboxWorker } from "./start/outbox-worker.js";
import { startPlayground } from "./start/playground.js";
import { nothingToStop, type Running } from "./start/running.js";
import { shutDown } from "./start/shutdown.js";
import { startTelegram } from "./start/telegram.js";
import { fileLinksOf } from "./start/web-handlers.js";
import { startWebView } from "./start/web-view.js";
import { startZalo } from "./start/zalo.js";
import { startZaloBot } from "./start/zalo-bot.js";
import type { RequestHandler } from "./web/handlers-server.js";

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, secrets: secretValues(config) });
  // A promise nobody awaited must not stop the bot for everyone: log it and carry on.
  process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection (the bot carries on)"));
  const db = await openDatabaseOrExit(config, logger);
  const clock = config.playground.enabled ? new OffsetClock() : systemClock;
  // Several processes on one PostgreSQL: per-chat lock, shared caches, one send pace per account (no-ops on SQLite).
  const coordination = await openCoordination(config.databaseUrl, logger);
  const app = createApp({ config, db, logger, clock, cacheBus: coordination.cacheBus });
  const running: Running = {
    config,
    logger,
    db,
    app,
    coordination,
    pacers: pacersOf(config, coordination),
    senders: {},
  };
  const scheduler = new Scheduler(app);
  // Each part's stop, set as it starts: a signal during start-up stops what has started so far.
  const stops = {
    telegram: nothingToStop,
    zalo: nothingToStop,
    zaloBot: nothingToStop,
    playground: nothingToStop,
    webView: nothingToStop,
    worker: nothingToStop,
    heartbeat: nothingToStop,
  };

  // The shutdown, in order: the platforms stop taking updates, the worker marks what it sent, then the connections.
  const stop = async () => {
    await shutDown(
      [
        { name: "zalo", stop: stops.zalo },
        { name: "zalo bot", stop: stops.zaloBot },
        { name: "playground", stop: stops.playground },
        { name: "web view", stop: stops.webView },
        { name: "telegram", stop: stops.telegram },
        { name: "outbox worker", stop: stops.worker },
        { name: "scheduler", stop: async () => scheduler.stop() },
        { name: "heartbeat", stop: stops.heartbeat },
        { name: "outbox connection", stop: () => app.services.outbox.close() },
        { name: "coordination connections", stop: () => coordination.close() },
        { name: "database", stop: () => db.$disconnect() },
      ],
      logger,
    );
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  // Each platform's library (grammY, zca-js, the playground's server) is loaded only when that platform is configured.
  if (config.telegram.enabled) stops.telegram = await startTelegram(running, config.telegram);
  if (config.zalo.enabled) stops.zalo = await startZalo(running);
  // Files the bot made, by signed links (PUBLIC_URL), and Zalo Bot's webhook: served before Zalo Bot registers it.
  const fileLinks = fileLinksOf(running);
  const zaloBot = config.zaloBot.enabled ? await startZaloBot(running, fileLinks) : undefined;
  if (zaloBot) stops.zaloBot = zaloBot.stop;
  const handlers = [fileLinks?.handle, zaloBot?.webhook].filter((h): h is RequestHandler => !!h);
  // The web view (with PUBLIC_URL) serves them before its pages; without it, a plain server serves them alone.
  stops.webView = await startWebView(running, handlers);
  zaloBot?.start();
  if (config.playground.enabled) stops.playground = await startPlayground(running, scheduler);
  if (!config.telegram.enabled && !config.zalo.enabled && !config.zaloBot.enabled && !config.playground.enabled) {
    logger.warn(
      "no platform is configured: set TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN, log in to Zalo (npm run zalo:login), " +
        "or PLAYGROUND=on",
    );
  }
  stops.worker = startOutboxWorker(running);
  scheduler.start();
  // Says this process uses the database (db:restore refuses while it is fresh); removed at a clean stop.
  const heartbeat = startHeartbeat(db, logger);
  stops.heartbeat = async () => heartbeat.stop();
}

/** A setting missing or wrong stops start-up with the message naming it (and never a secret's value). */
function loadConfigOrExit(): Config {
  try {
    return loadConfigFromProcess();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

/** One pacer per platform account: its interactive replies, the outbox and reminders all take slots from it. */
function pacersOf(config: Config, coordination: Running["coordination"]): Running["pacers"] {
  return {
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
    zaloBot: new SharedPacer({
      perSecond: 1000,
      perChatPerMinute: 20,
      minIntervalMs: config.zaloBot.enabled ? config.zaloBot.sendIntervalMs : 0,
    }),
  };
}

await main();
