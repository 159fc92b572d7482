/** The outbox worker: sends what the bot queued through each platform's sender as it comes up. */
import type { PlatformName } from "../platforms/port.js";
import { OutboxWorker } from "../scheduler/outbox-worker.js";
import type { Running, Stop } from "./running.js";

/** Starts sending; the stop waits for the sends under way to be marked. */
export function startOutboxWorker(running: Running): Stop {
  const { app, config, logger } = running;
  const worker = new OutboxWorker({
    outbox: app.services.outbox,
    senders: running.senders,
    clock: app.clock,
    logger,
    // Telegram and Zalo come as PacedSenders with their account's pacer; the playground gets its own.
    pacing: { web: { perSecond: 50, perChatPerMinute: 600 } },
    sendTimeoutMs: config.outbox.sendTimeoutMs,
    onFailed: (m, failure) => app.services.announcements.deliveryFailed(m, failure),
    onMoved: (platform, from, to) => app.services.chats.migrate(platform as PlatformName, from, to),
    onSettled: (m) => app.services.announcements.deliverySettled(m),
  });
  worker.start();
  return () => worker.stop();
}
