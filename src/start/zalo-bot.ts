/**
 * Zalo Bot (the official Bot Platform): on when ZALO_BOT_TOKEN is set. The adapter is made first, so that its webhook
 * can be mounted on the web server; `start` then reaches Zalo in the background (getMe is waited for while Zalo cannot
 * be reached) without holding up the other platforms.
 */
import { openInbox } from "../db/client.js";
import { INBOX_HEARTBEAT_MS } from "../db/inbox-store.js";
import type { ZaloBotAdapter } from "../platforms/zalo-bot/adapter.js";
import { PacedSender } from "../scheduler/paced-sender.js";
import type { FileLinks } from "../web/file-links.js";
import type { Running, Stop } from "./running.js";

export interface ZaloBotStart {
  /** The webhook's request handler (webhook mode), for the web server. */
  webhook?: ZaloBotAdapter["webhook"];
  /** Reaches Zalo (getMe, the inbox's leftovers, polling or setWebhook) in the background. */
  start(): void;
  stop: Stop;
}

export async function startZaloBot(running: Running, fileLinks: FileLinks | undefined): Promise<ZaloBotStart> {
  const { config, logger, db, app, coordination } = running;
  const zc = config.zaloBot;
  if (!zc.enabled) throw new Error("Zalo Bot is not configured");
  const { createZaloBotAdapter } = await import("../platforms/zalo-bot/adapter.js");
  const { tellStaffZaloBotStopped } = await import("../platforms/zalo-bot/notices.js");
  let paced: PacedSender | undefined;
  const zaloBot = createZaloBotAdapter({
    token: zc.token,
    apiRoot: zc.apiRoot,
    mode: zc.mode,
    ...(zc.webhookUrl && zc.webhookSecret ? { webhook: { url: zc.webhookUrl, secret: zc.webhookSecret } } : {}),
    core: app.core,
    db,
    inbox: openInbox(db),
    chatLock: coordination.chatLock,
    i18n: app.i18n,
    language: config.defaultLanguage,
    logger,
    loadStoredFile: async (id) => (await db.storedFile.findUniqueOrThrow({ where: { id } })).data,
    ...(fileLinks ? { share: (file: Parameters<FileLinks["share"]>[0]) => fileLinks.share(file) } : {}),
    timeoutMs: zc.timeoutMs,
    sendIntervalMs: zc.sendIntervalMs,
    // Replies and the outbox share the account's pacer (ZALO_BOT_SEND_INTERVAL_MS between sends).
    wrapSender: (sender) => {
      paced = new PacedSender(sender, running.pacers.zaloBot, { timeoutMs: config.outbox.sendTimeoutMs, logger });
      return paced;
    },
    onStopped: () => tellStaffZaloBotStopped({ db, outbox: app.services.outbox, i18n: app.i18n, clock: app.clock }),
  });
  running.senders["zalo-bot"] = paced;
  let orphans: NodeJS.Timeout | undefined;
  return {
    ...(zc.mode === "webhook" ? { webhook: (req, res) => zaloBot.webhook(req, res) } : {}),
    start() {
      zaloBot.start().catch((err: unknown) => logger.error({ err }, "Zalo Bot could not start"));
      if (config.databaseEngine !== "postgresql") return;
      // Several processes: what one that died was handling is taken over by another within seconds.
      orphans = setInterval(() => {
        zaloBot.replayInbox().catch((err: unknown) => logger.warn({ err }, "Zalo Bot inbox replay failed"));
      }, INBOX_HEARTBEAT_MS);
      orphans.unref();
    },
    async stop() {
      clearInterval(orphans);
      await zaloBot.stop();
    },
  };
}
