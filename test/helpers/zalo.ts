/**
 * The Zalo adapter on zca-js's real `Zalo`/`API` classes, logged in against the local Zalo of zalo-server.ts: every
 * message a test "sends" travels as an encrypted WebSocket frame, every reply as an encrypted HTTP call.
 */
import type { API } from "zca-js";
import type { App } from "../../src/app.js";
import type { Logger } from "../../src/logger.js";
import type { PlatformSender } from "../../src/platforms/port.js";
import { createZaloAdapter, type SessionLoss, type ZaloAdapter } from "../../src/platforms/zalo/adapter.js";
import { ZALO_OPTIONS } from "../../src/platforms/zalo/login.js";
import type { ZaloTime } from "../../src/platforms/zalo/sender.js";
import { FakeZaloServer, GOOD_COOKIE, HARNESS_BOT_UID, type PushedMessage } from "./zalo-server.js";

export const BOT_UID = HARNESS_BOT_UID;
export { FakeZaloServer };

/** Waits until `cond` holds (the socket and the adapter work asynchronously); fails after 5 s. */
export async function until(cond: () => boolean | Promise<boolean>, what = "condition"): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface RigOptions {
  timeoutMs?: number;
  heartbeatMs?: number;
  restMs?: number;
  logger?: Logger;
  wrapSender?: (s: PlatformSender) => PlatformSender;
  server?: FakeZaloServer;
  /** The adapter's wall clock and sleep (ZaloAdapterOptions.time); real time by default. */
  time?: ZaloTime;
  /** ZALO_SEND_INTERVAL_MS for the sender itself (main.ts passes the setting). */
  sendIntervalMs?: number;
}

export interface ZaloRig {
  server: FakeZaloServer;
  api: API;
  adapter: ZaloAdapter;
  lost: SessionLoss[];
  /** Messages the listener has emitted so far (all kinds the adapter listens to). */
  heard(): number;
  /** Pushes one frame of group messages and waits until they are handled and every reply is sent. */
  group(groupId: string, messages: PushedMessage[]): Promise<string[]>;
  user(messages: PushedMessage[]): Promise<string[]>;
  /** Waits for `n` more listener events, then for the adapter to finish. */
  settle(events?: number): Promise<void>;
  /**
   * Freezes the socket both ways at once (see FakeZaloServer.freezeSockets): from this call on the bot receives no
   * frame, not even a pong already on its way.
   */
  freeze(): void;
  close(): Promise<void>;
}

export async function zaloRig(app: App, o: RigOptions = {}): Promise<ZaloRig> {
  const server = o.server ?? (await new FakeZaloServer().start());
  const api = await server
    .zalo(ZALO_OPTIONS)
    .login(server.credentials(GOOD_COOKIE) as Parameters<ReturnType<FakeZaloServer["zalo"]>["login"]>[0]);
  let events = 0;
  for (const name of ["message", "undo", "group_event", "reaction", "old_messages"])
    api.listener.on(name as "message", () => {
      events++;
    });
  const lost: SessionLoss[] = [];
  const adapter = createZaloAdapter({
    api,
    core: app.core,
    db: app.db,
    chats: app.services.chats,
    i18n: app.i18n,
    language: "vi",
    logger: o.logger ?? app.logger,
    timeoutMs: o.timeoutMs ?? 3000,
    heartbeatMs: o.heartbeatMs,
    restMs: o.restMs ?? 20,
    reconnect: { baseMs: 5, maxMs: 40 },
    wrapSender: o.wrapSender,
    time: o.time,
    sendIntervalMs: o.sendIntervalMs,
    loadStoredFile: async (id) => (await app.db.storedFile.findUniqueOrThrow({ where: { id } })).data,
    onSessionLost: (r) => void lost.push(r),
  });
  let connected = false;
  api.listener.once("connected", () => {
    connected = true;
  });
  adapter.start();
  await until(() => connected && server.openSockets > 0, "the socket");
  await until(() => !!(api.listener as unknown as { cipherKey?: string }).cipherKey, "the cipher key");
  const settle = async (n = 0) => {
    const target = events + n;
    await until(() => events >= target, `${n} listener events`);
    await adapter.idle();
  };
  return {
    server,
    api,
    adapter,
    lost,
    heard: () => events,
    settle,
    freeze() {
      server.freezeSockets();
      const ws = (api.listener as unknown as { ws?: { _socket?: import("node:net").Socket } | null }).ws;
      ws?._socket?.pause();
    },
    async group(groupId, messages) {
      const before = events;
      const ids = await server.pushGroup(groupId, messages);
      await until(() => events >= before + messages.length, "the group messages");
      await adapter.idle();
      return ids;
    },
    async user(messages) {
      const before = events;
      const ids = await server.pushUser(messages);
      await until(() => events >= before + messages.length, "the private messages");
      await adapter.idle();
      return ids;
    },
    async close() {
      await adapter.stop();
      await server.close();
    },
  };
}
