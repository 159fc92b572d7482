/** Composition root: config → database → application → platforms → scheduler → start. Nothing else lives here. */
import { createApp } from "./app.js";
import { ConfigError, loadConfigFromProcess } from "./config.js";
import { openDatabase } from "./db/client.js";
import { createLogger } from "./logger.js";
import type { PlatformSender } from "./platforms/port.js";
import { createTelegramAdapter } from "./platforms/telegram/adapter.js";
import { OutboxWorker } from "./scheduler/outbox-worker.js";

async function main(): Promise<void> {
  let config;
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
  const app = createApp({ config, db, logger });
  const stops: (() => Promise<void>)[] = [];
  const senders: Partial<Record<string, PlatformSender>> = {};

  if (config.telegram.enabled) {
    const telegram = createTelegramAdapter({
      token: config.telegram.token, apiRoot: config.telegram.apiRoot, core: app.core, i18n: app.i18n, logger,
      loadStoredFile: async (id) => (await db.storedFile.findUniqueOrThrow({ where: { id } })).data,
    });
    await telegram.init();
    await telegram.registerCommandMenus().catch((err) => logger.warn({ err: String(err) }, "could not register the command menu"));
    if (config.telegram.mode === "webhook") await telegram.startWebhook({ url: config.telegram.webhookUrl, secret: config.telegram.webhookSecret, host: config.telegram.host, port: config.telegram.port });
    else telegram.startPolling();
    logger.info({ bot: telegram.bot.botInfo.username, mode: config.telegram.mode }, "telegram started");
    senders.telegram = telegram.outboxSender;
    stops.push(() => telegram.stop());
  }

  const worker = new OutboxWorker({
    outbox: app.services.outbox, senders, clock: app.clock, logger,
    pacing: {
      telegram: { perSecond: config.outbox.globalPerSecond, perChatPerMinute: config.outbox.perChatPerMinute },
      zalo: { perSecond: Math.max(1, Math.floor(1000 / config.zalo.sendIntervalMs)), perChatPerMinute: 10 },
    },
    onFailed: (m, failure) => app.services.announcements.deliveryFailed(m, failure),
  });
  worker.start();
  stops.unshift(() => worker.stop());

  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    await db.$disconnect();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

await main();
