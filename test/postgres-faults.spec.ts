/**
 * PostgreSQL's own faults, for real: the server stops answering (a TCP relay in front of it is cut), and two
 * transactions deadlock. People hear "try again later", the log says what to check, nothing stored is lost, and the
 * bot works again by itself once the server is back; a deadlock's victim is run again.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { openDatabase } from "../src/db/client.js";
import { isBusy, storageFault } from "../src/db/faults.js";
import { createLogger } from "../src/logger.js";
import { giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { pgRelay } from "./helpers/pg-relay.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";

const server = await postgresOrSkip("the PostgreSQL fault checks");
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A relay to the server that can be cut and restored on the same port (closed after the file's tests). */
async function relay(target: URL) {
  const r = await pgRelay(target);
  cleanups.push(() => r.close());
  return r;
}

interface Latch {
  promise: Promise<void>;
  resolve(): void;
}

function latch(): Latch {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function schemaUrl(): Promise<string> {
  const s = await freshSchema(server ?? "");
  cleanups.push(s.drop);
  return s.url;
}

const SORRY_VI = "Xin lỗi, bot chưa lưu được dữ liệu lúc này (lỗi lưu trữ). Vui lòng thử lại sau ít phút.";

describe.skipIf(!server)("PostgreSQL that stops answering", () => {
  it("tells people to try again later, logs what to check, loses nothing, and works again when it is back", async () => {
    const direct = new URL(await schemaUrl());
    const r = await relay(direct);
    const viaRelay = new URL(direct);
    viaRelay.host = `127.0.0.1:${r.port}`;
    const db = await openDatabase(viaRelay.toString());
    cleanups.push(() => db.$disconnect());
    const base = await testApp({ db });
    const lines: { msg: string; kind?: string }[] = [];
    const logger = createLogger({
      level: "info",
      destination: { write: (s: string) => void lines.push(JSON.parse(s)) },
    });
    const app = createApp({ config: base.config, db, logger, clock: base.clock });
    await giveRole(app, "850", "Chị Lan", "member", "LC-TD-01");
    const lan = Talker.private(app, "850", "Chị Lan");
    expect(lastText(await lan.send("/trogiup"))).not.toBe(SORRY_VI);
    const unitsBefore = await db.unit.count();

    await r.cut();
    expect(lastText(await lan.send("/trogiup"))).toBe(SORRY_VI);
    expect(lastText(await lan.send("/trogiup"))).toBe(SORRY_VI);
    const faults = lines.filter((l) => l.msg.startsWith("storage fault (unreachable)"));
    expect(faults).toHaveLength(1);
    expect(faults[0]!.msg).toContain("PostgreSQL server does not answer");
    await r.restore();
    expect(lastText(await lan.send("/trogiup"))).not.toBe(SORRY_VI);
    expect(await db.unit.count()).toBe(unitsBefore);
  });

  it("classifies the errors of Prisma's adapter and of pg when nothing listens as 'unreachable'", async () => {
    const closed = new URL(await schemaUrl());
    const r = await relay(closed);
    await r.cut();
    closed.host = `127.0.0.1:${r.port}`;
    const failure = await openDatabase(closed.toString()).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(storageFault(failure)).toBe("unreachable");
    // A pooled connection the cut broke, handed out again after it: pg's words (seen in bench/faults.ts's logs).
    const broken = new Error("Client has encountered a connection error and is not queryable");
    expect(storageFault(broken)).toBe("unreachable");
    // Prisma's answer for a transaction whose connection the cut closed under it.
    const closedUnder = Object.assign(new Error("Transaction API error: Transaction already closed"), {
      code: "P2028",
    });
    expect(storageFault(closedUnder)).toBe("busy");
  });
});

describe.skipIf(!server)("two PostgreSQL transactions that deadlock", () => {
  it("are both done: the one PostgreSQL chose as the victim is run again", async () => {
    const url = await schemaUrl();
    const [a, b] = [await openDatabase(url), await openDatabase(url)];
    cleanups.push(
      () => a.$disconnect(),
      () => b.$disconnect(),
    );
    const [x, y] = await Promise.all(
      ["X", "Y"].map((code) => a.unit.create({ data: { code, name: code, kind: "district", path: `/${code}/` } })),
    );
    // Each transaction locks one row, waits until the other has locked the other row, then asks for it.
    const locked = { a: latch(), b: latch() };
    const victims: unknown[] = [];
    const swap = (db: typeof a, first: number, second: number, mine: Latch, theirs: Promise<void>) =>
      db.$transaction(async (tx) => {
        await tx.unit.update({ where: { id: first }, data: { memberCount: { increment: 1 } } });
        mine.resolve();
        await theirs;
        try {
          await tx.unit.update({ where: { id: second }, data: { memberCount: { increment: 1 } } });
        } catch (err) {
          victims.push(err);
          throw err;
        }
      });
    await Promise.all([
      swap(a, x!.id, y!.id, locked.a, locked.b.promise),
      swap(b, y!.id, x!.id, locked.b, locked.a.promise),
    ]);
    expect(victims).toHaveLength(1);
    expect(isBusy(victims[0])).toBe(true);
    const counts = await a.unit.findMany({ orderBy: { code: "asc" }, select: { memberCount: true } });
    expect(counts).toEqual([{ memberCount: 2 }, { memberCount: 2 }]);
  });
});
