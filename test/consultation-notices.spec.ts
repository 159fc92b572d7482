/** Consultations as member deadlines: an opening notice, a reminder to units with low participation, a thank-you. */
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { Scheduler } from "../src/scheduler/reminders.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { FakeSender } from "./helpers/fake-sender.js";

afterAll(closeAll);

const at = (local: string) => new Date(`${local}+07:00`);

async function setup() {
  const clock = new FakeClock(at("2026-03-02T09:00:00"));
  const app = await testApp({ clock });
  for (const code of ["LC-TD", "LC-TD-01", "LC-TD-02", "LC-PT"]) {
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code } });
    await app.db.chat.create({
      data: { platform: "telegram", platformChatId: `chat-${code}`, kind: "group", unitId: unit.id },
    });
  }
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const sender = new FakeSender();
  const worker = new OutboxWorker({
    outbox: app.services.outbox,
    senders: { telegram: sender },
    pacing: { telegram: { perSecond: 1000, perChatPerMinute: 1000 } },
    clock: app.clock,
    logger: app.logger,
    time: { now: () => clock.now().getTime(), sleep: async () => undefined },
  });
  const schedulers = [new Scheduler(app), new Scheduler(app)];
  /** Both schedulers (two processes on one database) tick at a local moment; what was sent. */
  const runAt = async (local: string) => {
    clock.set(at(local));
    const before = sender.sent.length;
    await Promise.all(schedulers.map((s) => s.tick()));
    await worker.drain();
    return sender.sent.slice(before).map((o) => ({ chat: o.chatId, text: (o.reply as { text: string }).text }));
  };
  const opinionsFrom = async (unitCode: string, people: number, consultationId: number, itemId: number) => {
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code: unitCode } });
    for (let i = 0; i < people; i++) {
      const id = `${unitCode}-${i}`;
      await giveRole(app, id, `Đoàn viên ${i}`, "member", unitCode);
      const actor = await app.services.people.resolve("telegram", id, `Đoàn viên ${i}`);
      const r = await app.services.opinions.give(actor, {
        consultationId,
        itemId,
        unitId: unit.id,
        kind: "agree",
        text: "Nhất trí",
      });
      expect(r.ok).toBe(true);
    }
  };
  return { app, staff, runAt, opinionsFrom };
}

describe("consultation notices", () => {
  it("announce the opening to the covered units' groups, remind those below the threshold, and thank each at close, once", async () => {
    const { app, staff, runAt, opinionsFrom } = await setup();
    const opened = await app.services.consultations.open(staff, {
      title: "Góp ý dự thảo Báo cáo chính trị",
      items: ["Phần I", "Phần II"],
      rootUnitCode: "LC-TD",
      closesAt: at("2026-03-20T23:59:00"),
    });
    if (!opened.ok) throw new Error(opened.problem);
    const c = opened.consultation;
    const open = await runAt("2026-03-02T09:01:00");
    expect(open.map((o) => o.chat)).toEqual(["chat-LC-TD", "chat-LC-TD-01", "chat-LC-TD-02"]);
    expect(open[0]!.text).toBe(
      "Đợt lấy ý kiến GY1 đã mở: Góp ý dự thảo Báo cáo chính trị\n" +
        "Áp dụng: LĐLĐ huyện Tam Đường và các đơn vị trực thuộc. Nhận ý kiến đến 23:59 20/03/2026.\n" +
        "Đoàn viên gõ /gopy GY1 để góp ý.",
    );
    expect(await runAt("2026-03-03T09:00:00")).toEqual([]);

    // Bình Lư (27 members): 15 gave an opinion (56 %); Chè Tam Đường (145 members): 2 (1 %).
    await opinionsFrom("LC-TD-01", 15, c.id, c.items[0]!.id);
    await opinionsFrom("LC-TD-02", 2, c.id, c.items[0]!.id);
    expect(await runAt("2026-03-18T07:29:00")).toEqual([]);
    // The district's group hears its whole subtree (17 of 172 members, as /tonghop rolls it up), not its own 0 of 0.
    expect(await runAt("2026-03-18T07:30:00")).toEqual([
      {
        chat: "chat-LC-TD",
        text:
          "Nhắc góp ý — LĐLĐ huyện Tam Đường: đợt GY1 (Góp ý dự thảo Báo cáo chính trị) đóng lúc 23:59 20/03/2026. " +
          "Đơn vị và các đơn vị trực thuộc mới có 17/172 đoàn viên góp ý. Gõ /gopy GY1 để góp ý.",
      },
      {
        chat: "chat-LC-TD-02",
        text:
          "Nhắc góp ý — CĐCS Công ty TNHH Chè Tam Đường: đợt GY1 (Góp ý dự thảo Báo cáo chính trị) đóng lúc " +
          "23:59 20/03/2026. Đơn vị mới có 2/145 đoàn viên góp ý. Gõ /gopy GY1 để góp ý.",
      },
    ]);
    expect(await runAt("2026-03-19T07:30:00")).toEqual([]);

    const thanks = await runAt("2026-03-21T07:30:00");
    expect(thanks.map((o) => o.chat)).toEqual(["chat-LC-TD", "chat-LC-TD-01", "chat-LC-TD-02"]);
    expect(thanks[1]!.text).toBe(
      "Đợt lấy ý kiến GY1 (Góp ý dự thảo Báo cáo chính trị) đã kết thúc. Cảm ơn CĐCS Ủy ban nhân dân xã Bình Lư: " +
        "15 đoàn viên đã góp 15 ý kiến.",
    );
    expect(thanks[0]!.text).toBe(
      "Đợt lấy ý kiến GY1 (Góp ý dự thảo Báo cáo chính trị) đã kết thúc. Cảm ơn LĐLĐ huyện Tam Đường: " +
        "17 đoàn viên của đơn vị và các đơn vị trực thuộc đã góp 17 ý kiến.",
    );
    expect(await runAt("2026-03-22T07:30:00")).toEqual([]);
    expect(await app.db.outboxMessage.count({ where: { kind: "notice" } })).toBe(8);
  });

  it("queue the opening notice with the opening itself, so no clock move, restart or downtime can skip it", async () => {
    const { app, staff, runAt } = await setup();
    const opened = await app.services.consultations.open(staff, {
      title: "Góp ý dự thảo",
      items: ["Phần I"],
      rootUnitCode: "LC-TD",
      closesAt: at("2026-03-20T23:59:00"),
    });
    if (!opened.ok) throw new Error(opened.problem);
    // Before any scheduler run: the notices are already in the outbox, one per linked group.
    const queued = await app.db.outboxMessage.findMany({ where: { kind: "notice" }, orderBy: { id: "asc" } });
    expect(queued.map((m) => m.platformChatId)).toEqual(["chat-LC-TD", "chat-LC-TD-01", "chat-LC-TD-02"]);
    // The playground's clock then moves ten days on, past the week the scheduler would still have queued them in:
    // every group gets its notice, once, with the low-participation reminder that is due by then.
    const sent = await runAt("2026-03-18T07:30:00");
    const notices = sent.filter((o) => o.text.startsWith("Đợt lấy ý kiến GY1 đã mở"));
    expect(notices.map((o) => o.chat)).toEqual(["chat-LC-TD", "chat-LC-TD-01", "chat-LC-TD-02"]);
    expect(await runAt("2026-03-18T07:31:00")).toEqual([]);
  });

  it("count a unit's meeting as /tonghop does: a unit below the threshold is reminded, and thanked for both", async () => {
    const { app, staff, runAt, opinionsFrom } = await setup();
    const opened = await app.services.consultations.open(staff, {
      title: "Góp ý dự thảo",
      items: ["Phần I", "Phần II"],
      rootUnitCode: "LC-TD",
      closesAt: at("2026-03-20T23:59:00"),
    });
    if (!opened.ok) throw new Error(opened.problem);
    const c = opened.consultation;
    // Bình Lư (27 members): two members give 5 opinions between them, and its meeting of 40 people gives 88.
    await opinionsFrom("LC-TD-01", 2, c.id, c.items[0]!.id);
    const first = await app.services.people.resolve("telegram", "LC-TD-01-0", "Đoàn viên 0");
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
    for (let i = 0; i < 3; i++)
      await app.services.opinions.give(first, {
        consultationId: c.id,
        itemId: c.items[1]!.id,
        unitId: unit.id,
        kind: "add",
        text: `Bổ sung ${i + 1}`,
      });
    await giveRole(app, "chair-01", "Chủ tịch Bình Lư", "chair", "LC-TD-01");
    const chair = await app.services.people.resolve("telegram", "chair-01", "Chủ tịch Bình Lư");
    const zero = { agree: 0, add: 0, amend: 0, propose: 0, other: 0 };
    const saved = await app.services.opinions.saveMeeting(chair, {
      consultationId: c.id,
      unitId: unit.id,
      heldOn: "2026-03-10",
      attendees: 40,
      items: [
        { itemId: c.items[0]!.id, counts: { ...zero, agree: 60, add: 8 }, keyPoints: "" },
        { itemId: c.items[1]!.id, counts: { ...zero, agree: 20 }, keyPoints: "" },
      ],
    });
    expect(saved.ok).toBe(true);
    await runAt("2026-03-02T09:01:00");
    const reminders = await runAt("2026-03-18T07:30:00");
    expect(reminders.find((o) => o.chat === "chat-LC-TD-01")?.text).toBe(
      "Nhắc góp ý — CĐCS Ủy ban nhân dân xã Bình Lư: đợt GY1 (Góp ý dự thảo) đóng lúc 23:59 20/03/2026. " +
        "Đơn vị mới có 2/27 đoàn viên góp ý. Gõ /gopy GY1 để góp ý. Qua hội nghị: 1 hội nghị, 88 ý kiến.",
    );
    const thanks = await runAt("2026-03-21T07:30:00");
    expect(thanks.find((o) => o.chat === "chat-LC-TD-01")?.text).toBe(
      "Đợt lấy ý kiến GY1 (Góp ý dự thảo) đã kết thúc. Cảm ơn CĐCS Ủy ban nhân dân xã Bình Lư: " +
        "2 đoàn viên đã góp 5 ý kiến. Qua hội nghị: 1 hội nghị, 88 ý kiến.",
    );
    // The same numbers /tonghop gives for the unit.
    const tally = await app.services.tally.compute(c, await app.services.units.byId(unit.id).then((u) => u!));
    expect([
      tally.root.own.people,
      tally.root.own.opinions,
      tally.root.own.meetings,
      tally.root.own.meetingOpinions,
    ]).toEqual([2, 5, 1, 88]);
  });

  it("thank the groups at the next tick when staff close a consultation early, and stay silent about old ones", async () => {
    const { app, staff, runAt } = await setup();
    const opened = await app.services.consultations.open(staff, {
      title: "Góp ý nhanh",
      items: ["Nội dung"],
      rootUnitCode: "LC-PT",
      closesAt: at("2026-04-30T23:59:00"),
    });
    if (!opened.ok) throw new Error(opened.problem);
    expect((await runAt("2026-03-02T10:00:00")).map((o) => o.chat)).toEqual(["chat-LC-PT"]);
    await app.services.consultations.close(staff, "GY1");
    expect((await runAt("2026-03-02T10:01:00")).map((o) => o.text)).toEqual([
      "Đợt lấy ý kiến GY1 (Góp ý nhanh) đã kết thúc. LĐLĐ huyện Phong Thổ không có ý kiến nào trong đợt này.",
    ]);
    expect(await runAt("2026-05-30T10:00:00")).toEqual([]);
  });
});
