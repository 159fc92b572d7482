import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { choicesOf, giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { bigTree } from "./helpers/big-tree.js";
import { closeAll } from "./helpers/db.js";
import { FakeSender } from "./helpers/fake-sender.js";

afterAll(closeAll);

const PLAN_122 = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures", "plans", "122-KH-LDLD-2025-lay-y-kien-van-kien.txt"),
  "utf8",
);

// SQLite through Prisma refuses a statement with more than 999 parameters (P2029); a province has thousands of units.
describe("a province larger than a query's parameter limit", () => {
  it("announces to 1,512 units and 1,200 groups, shows the status, takes an acknowledgement and sets deadlines", async () => {
    const app = await testApp({ units: false });
    await bigTree(app.db, { districts: 11, grassroots: 1500, groups: 1200 });
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    await staff.send("/thongbao");
    const targets = await staff.send(PLAN_122);
    const whole = choicesOf(targets)[0]!;
    const confirm = await staff.press(whole.id);
    expect(lastText(confirm)).toContain("1.200 nhóm chat của 1.200 đơn vị; 312 đơn vị khác");
    const queued = await staff.press(choicesOf(confirm)[0]!.id);
    expect(lastText(queued)).not.toContain("lỗi");
    expect(await app.db.outboxMessage.count({ where: { kind: "announcement" } })).toBe(1200);
    expect(await app.db.deadlineUnit.count()).toBeGreaterThan(0);

    const sender = new FakeSender();
    const worker = new OutboxWorker({
      outbox: app.services.outbox,
      senders: { telegram: sender },
      pacing: { telegram: { perSecond: 100_000, perChatPerMinute: 20 } },
      clock: app.clock,
      logger: app.logger,
      time: { now: () => app.clock.now().getTime(), sleep: async (ms) => app.clock.advance(ms) },
    });
    await worker.drain();
    expect(new Set(sender.sent.map((o) => o.chatId)).size).toBe(1200);

    const g = await app.db.unit.findUniqueOrThrow({ where: { code: "G1000" } });
    const chair = Talker.group(app, `-${100000 + g.id}`, "77", "Chủ tịch G1000");
    await giveRole(app, "77", "Chủ tịch G1000", "chair", "G1000");
    const ack = await chair.press(`ack|1`);
    expect(lastText(ack)).toContain("G1000".replace("G", "CĐCS số "));

    const status = await app.services.announcements.status(await app.services.people.resolve("telegram", "1", "x"), 1);
    expect(status.ok && status.rows.length).toBe(1512);
    expect(status.ok && status.rows.filter((r) => r.sent === 1).length).toBe(1200);
    expect(status.ok && status.rows.filter((r) => r.ackAt).length).toBe(1);
    expect(await app.services.outbox.progress(1)).toEqual({
      chats: { pending: 0, sent: 1200, failed: 0 },
      files: { pending: 0, sent: 0, failed: 0 },
    });
  }, 60_000);
});

describe("reminders for a province", () => {
  it("queue one message per group for 1,500 units owing two deadlines, each item on record once, then nothing", async () => {
    const app = await testApp({ units: false, clock: new FakeClock(new Date("2026-03-13T00:30:00Z")) });
    await bigTree(app.db, { districts: 11, grassroots: 1500, groups: 1200 });
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
    const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    app.clock.set(new Date("2026-03-01T02:00:00Z"));
    const owing = await app.db.unit.findMany({ where: { kind: "grassroots" }, select: { id: true } });
    for (const phrase of ["chậm nhất ngày 20/3/2026", "chậm nhất ngày 16/3/2026"])
      await app.services.deadlines.create(staff, {
        what: `Báo cáo ${phrase}`,
        phrase,
        spec: readDatePhrase(phrase)!.spec,
        owingUnitIds: owing.map((u) => u.id),
        rootUnitId: 1,
      });
    // 13/03 07:30: seven days before the one, three before the other.
    app.clock.set(new Date("2026-03-13T00:30:00Z"));
    expect(await app.services.reminders.queueReminders()).toBe(1200);
    expect(await app.db.reminderSent.count()).toBe(2400);
    app.clock.set(new Date("2026-03-13T00:31:00Z"));
    expect(await app.services.reminders.queueReminders()).toBe(0);
    const one = await app.db.outboxMessage.findFirstOrThrow({ where: { kind: "reminder" } });
    expect(JSON.parse(one.payload).text).toMatch(/: 2 việc\n1\. H2 .* còn 3 ngày\.\n2\. H1 .* còn 7 ngày\./);
  }, 60_000);
});
