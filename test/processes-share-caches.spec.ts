/**
 * Two processes on one PostgreSQL remember a person's roles and a chat's row for a few seconds each; a change made
 * through one is heard by the other at once (LISTEN/NOTIFY), so a role granted in one counts in both.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { CacheChange } from "../src/db/cache-bus.js";
import { PostgresCacheBus } from "../src/db/cache-bus-pg.js";
import { openDatabase } from "../src/db/client.js";
import { silentLogger } from "../src/logger.js";
import { giveRole, testApp } from "./helpers/app.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";

const server = await postgresOrSkip("the shared-cache checks");
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** One "process": its own client, hot store, services and cache bus on the shared schema. */
async function processOn(url: string) {
  const db = await openDatabase(url);
  const bus = await PostgresCacheBus.open(url);
  cleanups.push(
    () => db.$disconnect(),
    () => bus.close(),
  );
  const base = await testApp({ db });
  return { app: createApp({ config: base.config, db, logger: silentLogger, clock: base.clock, cacheBus: bus }), bus };
}

function next(bus: PostgresCacheBus, topic: CacheChange["topic"]): Promise<CacheChange> {
  return new Promise((resolve) => {
    const stop = bus.subscribe((c) => {
      if (c.topic !== topic) return;
      stop();
      resolve(c);
    });
  });
}

describe.skipIf(!server)("two processes on one PostgreSQL", () => {
  it("see a role granted through the other at once, not after their cache's 30 seconds", async () => {
    const s = await freshSchema(server ?? "");
    cleanups.push(s.drop);
    const a = await processOn(s.url);
    const b = await processOn(s.url);
    const staff = await giveRole(a.app, "1", "Cán bộ", "staff", "LC-TD");
    const lan = await b.app.services.people.resolve("telegram", "850", "Chị Lan");
    expect(lan.grants.map((g) => g.role)).not.toContain("chair");

    const heard = next(b.bus, "person");
    const actor = await a.app.services.people.actorOf(staff, "telegram", "1");
    expect((await a.app.services.roles.grant(actor, lan.personId, "chair", "LC-TD-01")).ok).toBe(true);
    expect(await heard).toEqual({ topic: "person", key: String(lan.personId) });
    const again = await b.app.services.people.resolve("telegram", "850", "Chị Lan");
    expect(again.grants.map((g) => g.role)).toContain("chair");
  });
});
