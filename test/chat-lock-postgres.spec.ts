import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type ChatLock, SAME_PROCESS } from "../src/db/chat-lock.js";
import { PostgresChatLock } from "../src/db/chat-lock-pg.js";
import type { Logger } from "../src/logger.js";
import { createTelegramAdapter } from "../src/platforms/telegram/adapter.js";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { pgRelay } from "./helpers/pg-relay.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";
import { recordingFetch, TOKEN } from "./helpers/telegram.js";

const server = await postgresOrSkip("the per-chat lock");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await closeAll();
});

/** `n` processes' locks on one schema (each its own connections), and a way to look at the server's lock table. */
async function locks(n: number, schemaUrl?: string) {
  const url = schemaUrl ?? (await fresh());
  const all = Array.from({ length: n }, () => {
    const lock = new PostgresChatLock(url);
    cleanups.push(() => lock.close());
    return lock;
  });
  return { url, locks: all };
}

async function fresh(): Promise<string> {
  const s = await freshSchema(server ?? "");
  cleanups.push(s.drop);
  return s.url;
}

/** Runs a query on a connection of its own (the server's view of the locks). */
async function admin<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** The advisory lock of a key as pg_locks shows it: granted to how many, waited for by how many. */
async function lockState(key: bigint): Promise<{ granted: number; waiting: number }> {
  const u = BigInt.asUintN(64, key);
  const rows = await admin<{ granted: boolean }>(
    `SELECT granted FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objid = $2::bigint::oid
        AND objsubid = 1`,
    [String(u >> 32n), String(u & 0xffffffffn)],
  );
  return { granted: rows.filter((r) => r.granted).length, waiting: rows.filter((r) => !r.granted).length };
}

/** Asks the server until `want` holds (each question is a round trip; no fixed pause). */
async function until(key: bigint, want: (s: { granted: number; waiting: number }) => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) if (want(await lockState(key))) return;
  throw new Error(`lock state never reached: ${JSON.stringify(await lockState(key))}`);
}

function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe.skipIf(!server)("updates of one chat, one at a time across processes (PostgreSQL)", () => {
  it("makes a second process wait while the first handles an update of the same chat, then lets it in", async () => {
    const { locks: pair } = await locks(2);
    const [a, b] = pair as [PostgresChatLock, PostgresChatLock];
    const key = a.key("telegram", "-100");
    const steps: string[] = [];
    const g = gate();
    const first = a.run("telegram", "-100", async () => {
      steps.push("A starts");
      await g.opened;
      steps.push("A ends");
    });
    await until(key, (s) => s.granted === 1);
    const second = b.run("telegram", "-100", async () => void steps.push("B runs"));
    await until(key, (s) => s.waiting === 1);
    expect(steps).toEqual(["A starts"]);
    g.open();
    await Promise.all([first, second]);
    expect(steps).toEqual(["A starts", "A ends", "B runs"]);
    expect(await lockState(key)).toEqual({ granted: 0, waiting: 0 });
  });

  it("hands a finishing update's connection to the next waiting one, which frees the first chat as it locks its own", async () => {
    const url = await fresh();
    const lock = new PostgresChatLock(url, { max: 1 });
    cleanups.push(() => lock.close());
    const [other] = (await locks(1, url)).locks as [PostgresChatLock];
    const spy = vi.spyOn(pg.Client.prototype, "query");
    const order: string[] = [];
    let sent: string[] = [];
    try {
      await Promise.all(
        ["-1", "-2", "-3"].map((chat) =>
          lock.run("telegram", chat, async () => {
            order.push(chat);
            // The chat handled just before is free already: another process gets it at once.
            if (chat !== "-1") expect(await other.run("telegram", String(Number(chat) + 1), async () => 1)).toBe(1);
          }),
        ),
      );
    } finally {
      sent = spy.mock.calls.map((call) => call[0]).filter((q): q is string => typeof q === "string");
      spy.mockRestore();
    }
    expect(order).toEqual(["-1", "-2", "-3"]);
    // One round trip for each of the two handed over: the first chat's transaction ended, the next one's lock taken.
    expect(sent.filter((q) => q.startsWith("ROLLBACK; BEGIN"))).toHaveLength(2);
    expect(await lockState(lock.key("telegram", "-3"))).toEqual({ granted: 0, waiting: 0 });
  });

  it("lets other chats, and the same chat of a bot in another schema, through meanwhile", async () => {
    const { locks: pair } = await locks(2);
    const [a, b] = pair as [PostgresChatLock, PostgresChatLock];
    const [elsewhere] = (await locks(1)).locks as [PostgresChatLock];
    const g = gate();
    const held = a.run("telegram", "-100", () => g.opened);
    await until(a.key("telegram", "-100"), (s) => s.granted === 1);
    expect(await b.run("telegram", "-200", async () => "other chat")).toBe("other chat");
    expect(await b.run("zalo", "-100", async () => "other platform")).toBe("other platform");
    expect(await elsewhere.run("telegram", "-100", async () => "other schema")).toBe("other schema");
    g.open();
    await held;
  });

  it("survives its connection dying while it ends a transaction nobody holds any more", async () => {
    const lock = new PostgresChatLock(await fresh());
    cleanups.push(() => lock.close());
    const query = pg.Client.prototype.query;
    let armed = true;
    // As pg does when the socket dies under a query: the query fails and the client emits "error", here during the
    // ROLLBACK that frees the chat after its update let go of the connection.
    const spy = vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args) {
      if (!(armed && args[0] === "ROLLBACK")) return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
      armed = false;
      return new Promise((_, reject) =>
        setImmediate(() => {
          const lost = new Error("Connection terminated unexpectedly");
          this.emit("error", lost);
          reject(lost);
        }),
      ) as never;
    });
    try {
      expect(await lock.run("telegram", "9", async () => "handled")).toBe("handled");
      await new Promise((r) => setTimeout(r, 20));
      expect(armed).toBe(false);
    } finally {
      spy.mockRestore();
    }
    expect(await lock.run("telegram", "9", async () => "next")).toBe("next");
  });

  it("frees the chat when the handling fails, and when the holding process dies", async () => {
    const { locks: pair } = await locks(2);
    const [a, b] = pair as [PostgresChatLock, PostgresChatLock];
    await expect(a.run("telegram", "7", async () => Promise.reject(new Error("handler bug")))).rejects.toThrow(
      "handler bug",
    );
    expect(await b.run("telegram", "7", async () => "after a failure")).toBe("after a failure");

    const key = a.key("telegram", "7");
    const never = gate();
    const dying = a.run("telegram", "7", () => never.opened);
    await until(key, (s) => s.granted === 1);
    // The process is killed: the server sees its connection end.
    await admin(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted
      AND classid = $1::bigint::oid AND objid = $2::bigint::oid`,
      [String(BigInt.asUintN(64, key) >> 32n), String(BigInt.asUintN(64, key) & 0xffffffffn)],
    );
    expect(await b.run("telegram", "7", async () => "after a death")).toBe("after a death");
    never.open();
    await dying;
  });

  it("asks for the lock again while the server cannot be reached, and handles the update under it once back", async () => {
    const direct = await fresh();
    const relay = await pgRelay(new URL(direct));
    cleanups.push(() => relay.close());
    const lock = new PostgresChatLock(relay.url(direct));
    cleanups.push(() => lock.close());
    const key = lock.key("telegram", "8");
    await relay.cut(); // a restart: connections reset, new ones refused
    let heldWhileHandled: { granted: number } | undefined;
    const handled = lock.run("telegram", "8", async () => {
      heldWhileHandled = await lockState(key);
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(heldWhileHandled).toBeUndefined(); // not handled without its lock while the server is away
    await relay.restore();
    await handled;
    expect(heldWhileHandled?.granted).toBe(1);
  });

  it("handles the update without the lock, logged, when the server stays away longer than it waits", async () => {
    const direct = await fresh();
    const relay = await pgRelay(new URL(direct));
    cleanups.push(() => relay.close());
    const warned: string[] = [];
    const logger = { warn: (_o: unknown, msg: string) => void warned.push(msg) } as unknown as Logger;
    const lock = new PostgresChatLock(relay.url(direct), { reconnectMs: 300, logger });
    cleanups.push(() => lock.close());
    await relay.cut();
    // The handling's own reads fail next, and the core tells the member to try again later.
    expect(await lock.run("telegram", "9", async () => "handled")).toBe("handled");
    expect(warned).toEqual(["the chat's lock cannot be had: handling without it"]);
    await relay.restore();
  });

  it("keeps a chat's read-then-write handling whole when three processes share its updates", async () => {
    const { locks: three } = await locks(3);
    const handle = async (lock: ChatLock, state: { value: number }) =>
      lock.run("telegram", "77", async () => {
        const seen = state.value;
        await admin("SELECT 1");
        state.value = seen + 1;
      });
    const locked = { value: 0 };
    await Promise.all(Array.from({ length: 30 }, (_, i) => handle(three[i % 3]!, locked)));
    expect(locked.value).toBe(30);
    const unlocked = { value: 0 };
    await Promise.all(Array.from({ length: 30 }, () => handle(SAME_PROCESS, unlocked)));
    expect(unlocked.value).toBeLessThan(30);
  });

  it("is taken by the Telegram adapter: two processes' adapters handle one chat's updates one after the other", async () => {
    const { locks: pair } = await locks(2);
    const app = await testApp();
    const held = gate();
    let first = true;
    const { fetch: record, calls } = recordingFetch();
    // The lock covers handling (not the wait for a send slot): the first update's handling is held open.
    const core = Object.create(app.core) as typeof app.core;
    core.handle = async (event, platform) => {
      if (first) {
        first = false;
        await held.opened;
      }
      return app.core.handle(event, platform);
    };
    const adapters = pair.map((chatLock) =>
      createTelegramAdapter({
        token: TOKEN,
        apiRoot: "http://127.0.0.1:1",
        core,
        chats: app.services.chats,
        i18n: app.i18n,
        logger: app.logger,
        fetch: record,
        loadStoredFile: async () => new Uint8Array(),
        chatLock,
      }),
    );
    for (const adapter of adapters) await adapter.init();
    const update = (id: number, text: string) => ({
      update_id: id,
      message: {
        message_id: id,
        date: 0,
        chat: { id: 77, type: "private" as const, first_name: "Thu" },
        from: { id: 77, is_bot: false, first_name: "Thu" },
        text,
        entities: [{ type: "bot_command" as const, offset: 0, length: text.length }],
      },
    });
    const key = pair[0]!.key("telegram", "77");
    const one = adapters[0]!.bot.handleUpdate(update(901, "/start"));
    await until(key, (s) => s.granted === 1);
    const two = adapters[1]!.bot.handleUpdate(update(902, "/trogiup"));
    await until(key, (s) => s.waiting === 1);
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(0);
    held.open();
    await Promise.all([one, two]);
    const replies = calls.filter((c) => c.method === "sendMessage").map((c) => (c.payload as { text: string }).text);
    expect(replies).toHaveLength(2);
    // /start's greeting first, then /trogiup's list: the second update waited for the first.
    expect(replies[0]).toMatch(/^Xin chào Thu!/);
    expect(replies[1]).not.toMatch(/^Xin chào/);
  });
});
