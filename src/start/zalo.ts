/** Zalo: zca-js loaded only when logged in; the login waits for the network without holding up the other platforms. */
import type { SessionLoss } from "../platforms/zalo/adapter.js";
import { PacedSender } from "../scheduler/paced-sender.js";
import type { Running, Stop } from "./running.js";

/** Logs in (retried with backoff) in the background and starts the adapter; the stop ends the retries or the adapter. */
export async function startZalo(running: Running): Promise<Stop> {
  const { config, logger, db, app } = running;
  const { loginWithRetry, ZaloLoginError } = await import("../platforms/zalo/login.js");
  const { createZaloAdapter } = await import("../platforms/zalo/adapter.js");
  const { tellStaffZaloStopped } = await import("../platforms/zalo/notices.js");
  let stopping = false;
  let stopAdapter: Stop | undefined;
  const tellStaff = (reason: SessionLoss) =>
    tellStaffZaloStopped({ db, outbox: app.services.outbox, i18n: app.i18n, clock: app.clock }, reason).then(
      () => undefined,
    );
  const login = async () => {
    const api = await loginWithRetry(config.zalo.credentialsFile, undefined, {
      stopped: () => stopping,
      onRetry: (attempt, inMs, err) => logger.warn({ attempt, inMs, err }, "Zalo cannot be reached; trying again"),
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
        zaloPaced = new PacedSender(sender, running.pacers.zalo, { timeoutMs: config.outbox.sendTimeoutMs, logger });
        return zaloPaced;
      },
    });
    zalo.start();
    running.senders.zalo = zaloPaced;
    stopAdapter = () => zalo.stop();
    logger.info("zalo started");
  };
  login().catch(async (err) => {
    if (!(err instanceof ZaloLoginError)) return logger.error({ err }, "Zalo could not start");
    logger.error(err.message);
    console.error(err.message);
    await tellStaff("refused").catch((e) => logger.error({ err: e }, "telling staff about Zalo failed"));
  });
  return async () => {
    stopping = true;
    await stopAdapter?.();
  };
}
