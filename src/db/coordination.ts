/**
 * What several processes on one database share beyond the data, chosen by the engine in one place: a chat's updates
 * one at a time (ChatLock), cache changes announced to the others (CacheBus), and one send pace per platform account
 * (AccountPace). On SQLite, one process: the no-op ones, so nothing changes there. On PostgreSQL: the real ones, each
 * with its own few connections (chat lock up to 16, bus 1, pace 2 per account).
 */
import type { Logger } from "../logger.js";
import type { AccountPace } from "../scheduler/pacer.js";
import { type CacheBus, LOCAL_CACHE_BUS } from "./cache-bus.js";
import { type ChatLock, SAME_PROCESS } from "./chat-lock.js";
import type { PostgresSendPace } from "./send-pace-pg.js";
import { databaseEngine } from "./url.js";

export interface Coordination {
  chatLock: ChatLock;
  cacheBus: CacheBus;
  /** The shared pace of an account ("telegram:<bot id>"); undefined when the process paces alone (SQLite). */
  sendPace(account: string): AccountPace | undefined;
  close(): Promise<void>;
}

export async function openCoordination(databaseUrl: string, logger?: Logger): Promise<Coordination> {
  if (databaseEngine(databaseUrl) !== "postgresql")
    return {
      chatLock: SAME_PROCESS,
      cacheBus: LOCAL_CACHE_BUS,
      sendPace: () => undefined,
      close: async () => undefined,
    };
  // Loaded only for PostgreSQL: `pg` costs an SQLite bot about 15 MB it never needs.
  const [{ PostgresCacheBus }, { PostgresChatLock }, { PostgresSendPace }] = await Promise.all([
    import("./cache-bus-pg.js"),
    import("./chat-lock-pg.js"),
    import("./send-pace-pg.js"),
  ]);
  const chatLock = new PostgresChatLock(databaseUrl, { logger });
  const cacheBus = await PostgresCacheBus.open(databaseUrl, { logger });
  const paces = new Map<string, PostgresSendPace>();
  return {
    chatLock,
    cacheBus,
    sendPace(account) {
      let pace = paces.get(account);
      if (!pace) paces.set(account, (pace = new PostgresSendPace(databaseUrl, account, { logger })));
      return pace;
    },
    async close() {
      await Promise.all([chatLock.close(), cacheBus.close(), ...[...paces.values()].map((p) => p.close())]);
    },
  };
}

/** The account name of a Telegram bot for its shared pace: the bot's id (the token's part before ":"), never the token. */
export function telegramAccount(token: string): string {
  return `telegram:${token.split(":")[0]}`;
}
