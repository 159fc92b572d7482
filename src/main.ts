/** Composition root: config → database → application → platforms → scheduler → start. Nothing else lives here. */
import { createApp } from "./app.js";
import { OffsetClock, systemClock } from "./clock.js";
import { type Config, ConfigError, loadConfigFromProcess } from "./config.js";
import { databaseFile, openDatabase } from "./db/client.js";
import { createLogger } from "./logger.js";
import type { PlatformSender } from "./platforms/port.js";
import { createTelegramAdapter } from "./platforms/telegram/adapter.js";
import { createZaloAdapter } from "./platforms/zalo/adapter.js";
import { loginFromFile, ZaloLoginError } from "./platforms/zalo/login.js";
import { startPlayground } from "./platforms/web/server.js";
import { OutboxWorker } from "./scheduler/outbox-worker.js";
import { PacedSender } from "./scheduler/paced-sender.js";
import { realTime, SharedPacer, telegramChatKind } from "./scheduler/pacer.js";
import { InboxStore } from "./services/inbox.js";
import { Scheduler } from "./scheduler/reminders.js";
import { formatDayTime } from "./domain/dates/due.js";
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
  const db = await openDatabase(config.databaseUrl);
  const clock = config.playground.enabled ? new OffsetClock() : systemClock;
  const app = createApp({ config, db, logger, clock });
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
    ),
    zalo: new SharedPacer({ perSecond: 1000, perChatPerMinute: 20, minIntervalMs: config.zalo.sendIntervalMs }),
  };

  if (config.telegram.enabled) {
    const telegram = createTelegramAdapter({
      token: config.telegram.token,
      apiRoot: config.telegram.apiRoot,
      core: app.core,
      i18n: app.i18n,
      logger,
      loadStoredFile: async (id) => (await db.storedFile.findUniqueOrThrow({ where: { id } })).data,
      pacer: pacers.telegram,
      sendTimeoutMs,
      inbox: new InboxStore(databaseFile(db)!),
    });
    await telegram.init();
    await telegram.replayInbox();
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
    else telegram.startPolling();
    logger.info({ bot: telegram.bot.botInfo.username, mode: config.telegram.mode }, "telegram started");
    senders.telegram = telegram.paced;
    stops.push(() => telegram.stop());
  }

  if (config.zalo.enabled) {
    try {
      const api = await loginFromFile(config.zalo.credentialsFile);
      let zaloPaced: PacedSender | undefined;
      const zalo = createZaloAdapter({
        api,
        core: app.core,
        db,
        i18n: app.i18n,
        language: config.defaultLanguage,
        logger,
        sendIntervalMs: config.zalo.sendIntervalMs,
        loadStoredFile: async (id) => (await db.storedFile.findUniqueOrThrow({ where: { id } })).data,
        send: (out) => zaloPaced!.send(out),
      });
      zaloPaced = new PacedSender(zalo.sender, pacers.zalo, { timeoutMs: sendTimeoutMs, logger });
      zalo.start();
      senders.zalo = zaloPaced;
      stops.push(() => zalo.stop());
      logger.info("zalo started");
    } catch (err) {
      if (!(err instanceof ZaloLoginError)) throw err;
      logger.error(err.message);
      console.error(err.message);
    }
  }

  const scheduler = new Scheduler(app);
  if (config.playground.enabled) {
    await seedSamples(db);
    const advance = async () => {
      const next = await app.services.deadlines.nextReminderAt();
      const t = app.i18n.forLanguage(config.defaultLanguage);
      if (!next || !(clock instanceof OffsetClock)) return t("playground-no-reminder");
      clock.advanceTo(next);
      const queued = await scheduler.tick();
      return t("playground-advanced", { at: formatDayTime(next, config.timezone), n: queued });
    };
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
      `\nSân thử (playground) đang chạy / is running: ${playground.url}\nMở địa chỉ này trong trình duyệt. Open it in a browser. Ctrl+C để dừng / to stop.\n`,
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
  });
  worker.start();
  stops.unshift(() => worker.stop());
  scheduler.start();
  stops.unshift(async () => scheduler.stop());

  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    await db.$disconnect();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

await main();
