import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../src/app.js";
import type { HotStore } from "../src/db/hot.js";
import { createLogger } from "../src/logger.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll, freshSqliteDb, sqliteOnly } from "./helpers/db.js";

/** These faults are SQLite's (a full disk, a read-only or vanished file): its hot store has the knobs. */
const sqliteHot = (app: App) => app.deps.hot as HotStore;

afterAll(closeAll);
const onPostgres = sqliteOnly("locks, a full disk, a read-only or deleted database file");

describe.skipIf(onPostgres)("locks between connections", () => {
  it("makes every one of eight first writers in four just-linked groups a member and answers each", async () => {
    const app = await testApp();
    const groups = ["LC-TD-01", "LC-TD-02", "LC-PT-01", "LC-PT-02"];
    for (const [i, code] of groups.entries()) {
      await giveRole(app, `80${i}`, `Chủ tịch ${i}`, "chair", code);
      expect(lastText(await Talker.group(app, `-80${i}`, `80${i}`, `Chủ tịch ${i}`).send(`/lienket ${code}`))).toMatch(
        /^Đã liên kết/,
      );
    }
    const writers = groups.flatMap((code, g) =>
      [0, 1].map((k) => ({ code, talker: Talker.group(app, `-80${g}`, `81${g}${k}`, `Người ${g}${k}`) })),
    );
    // Meanwhile other updates keep arriving: each is marked as seen by the hot path's own connection, between the
    // reads and writes of the Prisma transactions that make the chats and memberships.
    let busy = true;
    const noise = (async () => {
      for (let i = 0; busy; i++) {
        for (let k = 0; k < i % 7; k++) await Promise.resolve();
        await app.deps.hot.markUpdate("web", `noise-${i}`, new Date().toISOString());
        if (i % 20 === 19) await new Promise((r) => setImmediate(r));
      }
    })();
    const answers = await Promise.all(writers.map((w) => w.talker.send("/vaitro")));
    busy = false;
    await noise;
    for (const [i, w] of writers.entries()) {
      expect(lastText(answers[i]!)).toContain(w.code);
      const unit = await app.db.unit.findUniqueOrThrow({ where: { code: w.code } });
      const person = await app.services.people.findByPlatformUser("telegram", w.talker.user.id);
      expect(await app.db.membership.count({ where: { personId: person!.id, unitId: unit.id } })).toBe(1);
    }
  });
});

function captureLogger() {
  const lines: { msg: string; kind?: string; level: number; err?: { message: string } }[] = [];
  const logger = createLogger({
    level: "info",
    destination: { write: (s: string) => void lines.push(JSON.parse(s)) },
  });
  return { logger, lines };
}

/** The app over a database that can be made "full": its file may not grow past the pages it has now. */
async function appWithLog() {
  const base = await testApp();
  const { logger, lines } = captureLogger();
  const app = createApp({ config: base.config, db: base.db, logger, clock: base.clock });
  return { app, lines, clock: base.clock };
}

/** Fills the file to its page limit on both connections (PRAGMA max_page_count), as a full disk would. */
async function fillDisk(app: App): Promise<void> {
  const pages = Number((sqliteHot(app).pragma("page_count") as { page_count: number }[])[0]!.page_count);
  sqliteHot(app).pragma(`max_page_count = ${pages}`);
  await app.db.$queryRawUnsafe(`PRAGMA max_page_count = ${pages}`);
  // Long rows first, then shorter ones, until not even the shortest fits anywhere.
  let i = 0;
  for (const size of [400, 100, 20, 0]) {
    for (;;) {
      try {
        await app.deps.hot.markUpdate("f", `${i++}${"x".repeat(size)}`, "");
      } catch (err) {
        expect((err as { code?: string }).code).toBe("SQLITE_FULL");
        break;
      }
    }
  }
}

async function freeDisk(app: App): Promise<void> {
  sqliteHot(app).pragma("max_page_count = 1073741823");
  await app.db.$queryRawUnsafe("PRAGMA max_page_count = 1073741823");
}

const SORRY_VI = "Xin lỗi, bot chưa lưu được dữ liệu lúc này (lỗi lưu trữ). Vui lòng thử lại sau ít phút.";
const SORRY_EN = "Sorry, the bot cannot save right now (a storage problem). Please try again in a few minutes.";

describe.skipIf(onPostgres)("a full disk", () => {
  it("answers every person in their own language, logs once a minute, and works again by itself when space is back", async () => {
    const { app, lines, clock } = await appWithLog();
    await giveRole(app, "850", "Chị Lan", "member", "LC-TD-01");
    const vi = Talker.private(app, "850", "Chị Lan");
    const en = Talker.private(app, "851", "Mr Brown");
    expect(lastText(await en.send("/ngonngu en"))).toMatch(/English/);
    await fillDisk(app);
    expect(texts(await vi.send("/vaitro"))).toEqual([SORRY_VI]);
    expect(texts(await en.send("/role"))).toEqual([SORRY_EN]);
    expect(texts(await Talker.private(app, "852", "Người mới").send("/start"))).toEqual([SORRY_VI]);
    const faults = () => lines.filter((l) => l.msg.startsWith("storage fault (full)"));
    expect(faults()).toHaveLength(1);
    clock.advance(61_000);
    await vi.send("/vaitro");
    expect(faults()).toHaveLength(2);
    await freeDisk(app);
    expect(lastText(await vi.send("/vaitro"))).toContain("LC-TD-01");
    expect(lastText(await en.send("/role"))).not.toBe(SORRY_EN);
  });

  it("stays quiet in a group about chatter not meant for the bot, but answers a command there", async () => {
    const { app } = await appWithLog();
    await giveRole(app, "855", "Chủ tịch", "chair", "LC-TD-01");
    const chair = Talker.group(app, "-855", "855", "Chủ tịch");
    expect(lastText(await chair.send("/lienket LC-TD-01"))).toMatch(/^Đã liên kết/);
    await fillDisk(app);
    const member = Talker.group(app, "-855", "856", "Chị Hà");
    expect(await member.send("Chào cả nhà, mai họp lúc mấy giờ?")).toEqual([]);
    const sorry = await member.send("/vaitro");
    expect(texts(sorry)).toEqual([SORRY_VI]);
    expect(sorry[0]!.replyToMessageId).toBeDefined();
  });

  it("during /gopy: the member is told to try again, keeps the conversation, and the opinion is stored once space is back", async () => {
    const { app } = await appWithLog();
    await giveRole(app, "9100", "Cán bộ tỉnh", "staff", "LC");
    const staff = await app.services.people.resolve("telegram", "9100", "Cán bộ tỉnh");
    const opened = await app.services.consultations.open(staff, {
      title: "Góp ý dự thảo",
      items: ["Dự thảo Báo cáo chính trị", "Dự thảo Báo cáo kinh tế - xã hội"],
      rootUnitCode: "LC",
      closesAt: new Date(app.clock.now().getTime() + 30 * 86_400_000),
    });
    expect(opened.ok).toBe(true);
    await giveRole(app, "860", "Anh Tùng", "member", "LC-TD-01");
    const m = Talker.private(app, "860", "Anh Tùng");
    await m.send("/gopy");
    await m.send("1");
    await m.send("2");
    const review = await m.send("Đề nghị bổ sung chỉ tiêu đào tạo nghề.");
    await fillDisk(app);
    expect(texts(await m.press(choicesOf(review)[0]!.id))).toEqual([SORRY_VI]);
    expect(await app.db.opinion.count()).toBe(0);
    await freeDisk(app);
    expect(lastText(await m.press(choicesOf(review)[0]!.id))).toMatch(/^Cảm ơn bạn! Ý kiến đã được ghi nhận/);
    expect(await app.db.opinion.count()).toBe(1);
  });
});

describe.skipIf(onPostgres)("a database that cannot be written while the bot runs", () => {
  it("read-only: people are told to try again later, and it works again when writing is allowed", async () => {
    const { app, lines } = await appWithLog();
    const p = Talker.private(app, "870", "Chị Mai");
    expect(lastText(await p.send("/start"))).toMatch(/^Xin chào/);
    sqliteHot(app).pragma("query_only = ON");
    await app.db.$queryRawUnsafe("PRAGMA query_only = ON");
    expect(texts(await p.send("/trogiup"))).toEqual([SORRY_VI]);
    expect(lines.filter((l) => l.msg.startsWith("storage fault (read-only)"))).toHaveLength(1);
    sqliteHot(app).pragma("query_only = OFF");
    await app.db.$queryRawUnsafe("PRAGMA query_only = OFF");
    expect(lastText(await p.send("/trogiup"))).not.toBe(SORRY_VI);
  });

  it("deleted: noticed at the next update (SQLite would keep writing to the unlinked file), with a clear log line", async () => {
    const { db, file } = await freshSqliteDb();
    const base = await testApp({ db });
    const { logger, lines } = captureLogger();
    const app = createApp({ config: base.config, db, logger, clock: base.clock });
    const p = Talker.private(app, "880", "Anh Nam");
    expect(lastText(await p.send("/start"))).toMatch(/^Xin chào/);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    expect(texts(await p.send("/trogiup"))).toEqual([SORRY_VI]);
    const gone = lines.filter((l) => l.msg.startsWith("storage fault (gone)"));
    expect(gone).toHaveLength(1);
    expect(gone[0]!.msg).toContain("put the copy named above (or a backup) in its place");
    // Nothing is lost: what the running bot still held was copied next to where the file was.
    expect(await sqliteHot(app).rescuedCopy()).toBe(true);
    const rescued = fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith("test.db.rescued-"));
    expect(rescued).toHaveLength(1);
    expect(gone[0]!.err?.message).toContain(rescued[0]);
    const copy = new Database(path.join(path.dirname(file), rescued[0]!), { readonly: true });
    expect(copy.prepare(`SELECT displayName FROM "Identity" WHERE platformUserId = '880'`).get()).toEqual({
      displayName: "Anh Nam",
    });
    expect(copy.prepare(`SELECT count(*) AS n FROM "Unit"`).get()).toEqual({ n: 36 });
    copy.close();
  });
});
