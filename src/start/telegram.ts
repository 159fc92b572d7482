/** Telegram: grammY loaded only when a token is set; webhook, or polling by one process of the database at a time. */

import { z } from "zod";
import type { Config } from "../config.js";
import { openInbox } from "../db/client.js";
import { INBOX_HEARTBEAT_MS } from "../db/inbox-store.js";
import { leadership } from "../db/leadership.js";
import type { Logger } from "../logger.js";
import type { Running, Stop } from "./running.js";

/** The Telegram settings once a token is set. */
type TelegramConfig = Extract<Config["telegram"], { enabled: true }>;

/** Starts the Telegram adapter (its inbox replayed first) and registers its sender; the stop ends polling or webhook. */
export async function startTelegram(running: Running, telegramConfig: TelegramConfig): Promise<Stop> {
  const { config, logger, db, app, coordination } = running;
  const { createTelegramAdapter } = await import("../platforms/telegram/adapter.js");
  const telegram = createTelegramAdapter({
    token: telegramConfig.token,
    apiRoot: telegramConfig.apiRoot,
    core: app.core,
    chats: app.services.chats,
    i18n: app.i18n,
    language: config.defaultLanguage,
    logger,
    loadStoredFile: async (id) => (await db.storedFile.findUniqueOrThrow({ where: { id } })).data,
    pacer: running.pacers.telegram,
    sendTimeoutMs: config.outbox.sendTimeoutMs,
    inbox: openInbox(db),
    chatLock: coordination.chatLock,
    pauseAfterHandleMs: testPause(process.env.TEST_PAUSE_AFTER_COMMIT_MS),
  });
  await telegram.init();
  await telegram.replayInbox();
  const stopOrphans =
    config.databaseEngine === "postgresql" ? replayOrphans(() => telegram.replayInbox(), logger) : undefined;
  await telegram.registerCommandMenus().catch((err) => logger.warn({ err }, "could not register the command menu"));
  let releasePoller: Stop | undefined;
  if (telegramConfig.mode === "webhook")
    await telegram.startWebhook({
      url: telegramConfig.webhookUrl,
      secret: telegramConfig.webhookSecret,
      host: telegramConfig.host,
      port: telegramConfig.port,
    });
  else releasePoller = startPollingAsLeader(config, logger, () => telegram.startPolling());
  logger.info({ bot: telegram.bot.botInfo.username, mode: telegramConfig.mode }, "telegram started");
  running.senders.telegram = telegram.paced;
  return async () => {
    await telegram.stop();
    stopOrphans?.();
    await releasePoller?.();
  };
}

/** TEST_PAUSE_AFTER_COMMIT_MS (specs only: test/replay.spec.ts kills the process in that pause); unset in production. */
function testPause(value: string | undefined): number | undefined {
  const parsed = z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .optional()
    .safeParse(value || undefined);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Several processes: what one that died was handling is taken over by another within seconds (its heartbeat stopped;
 * see db/inbox-pg.ts).
 */
function replayOrphans(replayInbox: () => Promise<unknown>, logger: Logger): () => void {
  const orphans = setInterval(() => {
    replayInbox().catch((err: unknown) => logger.warn({ err }, "inbox replay failed"));
  }, INBOX_HEARTBEAT_MS);
  orphans.unref();
  return () => clearInterval(orphans);
}

/**
 * Polls Telegram once this process is the only poller of the database (several processes on PostgreSQL: the others
 * wait as standbys and one takes over when the poller dies; webhook mode lets every process take updates).
 */
function startPollingAsLeader(config: Config, logger: Logger, startPolling: () => void): Stop {
  const poller = leadership("telegram-poller", {
    engine: config.databaseEngine,
    databaseUrl: config.databaseUrl,
    onWaiting: () =>
      logger.info(
        "another process polls Telegram: this one waits as a standby (TELEGRAM_MODE=webhook lets all take updates)",
      ),
    onLost: (err) => {
      logger.error({ err }, "the poller lost its PostgreSQL session; exiting so a standby takes over");
      process.exit(1);
    },
  });
  poller.held.then(
    (held) => {
      if (!held) return;
      startPolling();
      if (config.databaseEngine === "postgresql") logger.info("this process polls Telegram");
    },
    (err: unknown) => logger.error({ err }, "could not take the Telegram poller's lock"),
  );
  return () => poller.release();
}
