import { afterAll, describe, expect, it } from "vitest";
import { LOCAL_CACHE_BUS } from "../src/db/cache-bus.js";
import { SAME_PROCESS } from "../src/db/chat-lock.js";
import { openPostgresDatabase } from "../src/db/client-pg.js";
import { openCoordination, telegramAccount } from "../src/db/coordination.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";

const server = await postgresOrSkip("the coordination of several processes");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("coordination of several processes", () => {
  it("is nothing on SQLite: one process orders its own chats, caches and sends", async () => {
    const one = await openCoordination("file:./data/union-bot.db");
    expect(one.chatLock).toBe(SAME_PROCESS);
    expect(one.cacheBus).toBe(LOCAL_CACHE_BUS);
    expect(one.sendPace("telegram:1")).toBeUndefined();
    await one.close();
  });

  it("names a Telegram account by its bot id, never by its token", () => {
    expect(telegramAccount("123456:TEST-token-abc")).toBe("telegram:123456");
  });

  it.skipIf(!server)("on PostgreSQL shares the lock, the cache changes and one pace per account", async () => {
    const s = await freshSchema(server ?? "");
    cleanups.push(s.drop);
    await (await openPostgresDatabase(s.url)).$disconnect();
    const [p1, p2] = [await openCoordination(s.url), await openCoordination(s.url)];
    cleanups.push(p1.close, p2.close);
    expect(p1.sendPace("telegram:1")).toBe(p1.sendPace("telegram:1"));
    const spacing = 35;
    expect(await p1.sendPace("telegram:1")!.reserve(1_000, spacing)).toBe(0);
    expect(await p2.sendPace("telegram:1")!.reserve(1_000, spacing)).toBe(35);
    expect(await p2.sendPace("telegram:2")!.reserve(1_000, spacing)).toBe(0);
    const heard = new Promise((resolve) => p2.cacheBus.subscribe(resolve));
    await p1.cacheBus.publish("chat", "telegram:-100");
    expect(await heard).toEqual({ topic: "chat", key: "telegram:-100" });
    expect(await p2.chatLock.run("telegram", "-100", async () => "handled")).toBe("handled");
  });
});
