import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { FakeClock } from "../src/clock.js";
import { formatDayTime } from "../src/domain/dates/due.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { Scheduler } from "../src/scheduler/reminders.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { FakeSender } from "./helpers/fake-sender.js";

afterAll(closeAll);

const TZ = "Asia/Ho_Chi_Minh";
const at = (local: string) => new Date(`${local}+07:00`);

async function setup(start = "2026-03-02T09:00:00") {
  const clock = new FakeClock(at(start));
  const app = await testApp({ clock });
  for (const code of ["LC-TD", "LC-PT", "LC-TD-01", "LC-TD-02", "LC-GD"]) {
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code } });
    await app.db.chat.create({
      data: { platform: "telegram", platformChatId: `chat-${code}`, kind: "group", unitId: unit.id },
    });
  }
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const sender = new FakeSender();
  const scheduler = new Scheduler(app);
  const worker = new OutboxWorker({
    outbox: app.services.outbox,
    senders: { telegram: sender },
    pacing: { telegram: { perSecond: 1000, perChatPerMinute: 1000 } },
    clock: app.clock,
    logger: app.logger,
    time: { now: () => clock.now().getTime(), sleep: async () => undefined },
  });
  /** What the scheduler sends at a local moment. */
  const runAt = async (local: string) => {
    clock.set(at(local));
    const before = sender.sent.length;
    await scheduler.tick();
    await worker.drain();
    return sender.sent.slice(before);
  };
  const deadline = async (phrase: string, codes: string[], what = "Báo cáo kết quả") => {
    const spec = readDatePhrase(phrase)!.spec;
    const units = await app.db.unit.findMany({ where: { code: { in: codes } } });
    const root = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
    return app.services.deadlines.create(staff, {
      what,
      phrase,
      spec,
      owingUnitIds: units.map((u) => u.id),
      rootUnitId: root.id,
    });
  };
  return { app, clock, sender, scheduler, worker, runAt, deadline, staff };
}

const textOf = (o: { reply: unknown }) => (o.reply as { text: string }).text;

describe("reminders", () => {
  it("go out 7, 3 and 1 days before, on the morning of the day, and 1 and 3 days after, at 07:30, to the owing unit's chat", async () => {
    const { runAt, deadline } = await setup();
    await deadline("chậm nhất ngày 20/3/2026", ["LC-TD-01"]);
    expect(await runAt("2026-03-13T07:29:00")).toHaveLength(0);
    const seven = await runAt("2026-03-13T07:30:00");
    expect(seven.map((o) => o.chatId)).toEqual(["chat-LC-TD-01"]);
    expect(textOf(seven[0]!)).toBe(
      "Nhắc hạn báo cáo — CĐCS Ủy ban nhân dân xã Bình Lư\nViệc: Báo cáo kết quả\nHạn: 20/03/2026 (chậm nhất ngày 20/3/2026), còn 7 ngày.\nKhi đã nộp, chủ tịch công đoàn gõ /danop H1",
    );
    expect(await runAt("2026-03-13T15:00:00")).toHaveLength(0);
    expect(textOf((await runAt("2026-03-17T07:31:00"))[0]!)).toContain("còn 3 ngày");
    expect(textOf((await runAt("2026-03-19T07:30:00"))[0]!)).toContain("còn 1 ngày");
    expect(textOf((await runAt("2026-03-20T07:30:00"))[0]!)).toContain("hạn là hôm nay");
    expect(textOf((await runAt("2026-03-21T07:30:00"))[0]!)).toContain("đã quá hạn 1 ngày");
    expect(await runAt("2026-03-22T07:30:00")).toHaveLength(0);
    expect(textOf((await runAt("2026-03-23T07:30:00"))[0]!)).toContain("đã quá hạn 3 ngày");
    expect(await runAt("2026-03-29T07:30:00")).toHaveLength(0);
    expect(textOf((await runAt("2026-03-30T07:30:00"))[0]!)).toContain("đã quá hạn 10 ngày");
    expect(await runAt("2026-04-05T07:30:00")).toHaveLength(0);
    expect(textOf((await runAt("2026-04-06T07:30:00"))[0]!)).toContain("đã quá hạn 17 ngày");
  });

  it("for an early-month deadline count back from the 5th", async () => {
    const { runAt, deadline } = await setup();
    await deadline("đầu tháng 4/2026", ["LC-PT"]);
    expect(await runAt("2026-03-28T08:00:00")).toHaveLength(0);
    expect(textOf((await runAt("2026-03-29T08:00:00"))[0]!)).toContain(
      "Hạn: 05/04/2026 (đầu tháng 4/2026), còn 7 ngày.",
    );
  });

  it("for a quarterly report, create each quarter's occurrence across the year", async () => {
    const { app, runAt, deadline } = await setup();
    const { deadline: d } = await deadline("hàng quý", ["LC-TD"], "Báo cáo công tác dân vận");
    const occ = await app.db.deadlineOccurrence.findMany({ where: { deadlineId: d.id }, orderBy: { dueAt: "asc" } });
    expect(occ.map((o) => `${formatDayTime(o.dueAt, TZ)} ${o.label}`)).toEqual([
      "23:59 31/03/2026 quý I/2026",
      "23:59 30/06/2026 quý II/2026",
      "23:59 30/09/2026 quý III/2026",
      "23:59 31/12/2026 quý IV/2026",
      "23:59 31/03/2027 quý I/2027",
    ]);
    const about = async (local: string, label: string) =>
      (await runAt(local)).map(textOf).filter((t) => t.includes(label));
    expect(await about("2026-03-24T07:30:00", "quý I/2026")).toEqual([
      expect.stringContaining("Hạn: 31/03/2026 (quý I/2026), còn 7 ngày."),
    ]);
    // Q1 was never handed in: its weekly overdue reminder falls on the same morning, so both are one message.
    expect(await about("2026-06-23T07:30:00", "quý II/2026")).toEqual([
      expect.stringContaining(
        "1. H1 Báo cáo công tác dân vận — hạn 31/03/2026 (quý I/2026), đã quá hạn 84 ngày.\n" +
          "2. H1 Báo cáo công tác dân vận — hạn 30/06/2026 (quý II/2026), còn 7 ngày.",
      ),
    ]);
    expect(await about("2026-12-24T07:30:00", "quý IV/2026")).toHaveLength(1);
  });

  it("for a relative deadline, wait for the anchor, then remind", async () => {
    const { app, runAt, deadline } = await setup();
    const { deadline: d } = await deadline("sau 01 tuần khi kết thúc hội nghị", ["LC-TD"], "Báo cáo tổng hợp ý kiến");
    expect(await app.db.deadlineOccurrence.count({ where: { deadlineId: d.id } })).toBe(0);
    expect(await runAt("2026-03-10T07:30:00")).toHaveLength(0);
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    expect(lastText(await staff.send(`/datmoc ${d.code} 12/03/2026`))).toBe(
      `Đã đặt mốc cho ${d.code}: hạn nộp là 19/03/2026.`,
    );
    expect(textOf((await runAt("2026-03-12T07:30:00"))[0]!)).toContain(
      "Hạn: 19/03/2026 (sau 01 tuần khi kết thúc hội nghị), còn 7 ngày.",
    );
    expect(lastText(await staff.send("/datmoc H99 12/03/2026"))).toBe("Không có hạn báo cáo H99.");
    expect(lastText(await staff.send(`/datmoc ${d.code} mai`))).toMatch(/^Cách dùng: \/datmoc/);
  });

  it("stop for a unit that has submitted, and start again when staff undo the mark", async () => {
    const { app, runAt, deadline } = await setup();
    await deadline("chậm nhất ngày 20/3/2026", ["LC-TD-01", "LC-TD-02"]);
    expect((await runAt("2026-03-13T07:30:00")).map((o) => o.chatId).sort()).toEqual([
      "chat-LC-TD-01",
      "chat-LC-TD-02",
    ]);
    await giveRole(app, "10", "Chủ tịch Bình Lư", "chair", "LC-TD-01");
    const chair = Talker.group(app, "chat-LC-TD-01", "10", "Chủ tịch Bình Lư");
    expect(lastText(await chair.send("/danop H1 Đã gửi qua email"))).toBe(
      "Đã ghi nhận CĐCS Ủy ban nhân dân xã Bình Lư nộp báo cáo (chậm nhất ngày 20/3/2026, hạn 20/03/2026). Bot sẽ không nhắc đơn vị nữa.",
    );
    expect((await app.db.submission.findFirstOrThrow()).note).toBe("Đã gửi qua email");
    expect((await runAt("2026-03-17T07:30:00")).map((o) => o.chatId)).toEqual(["chat-LC-TD-02"]);
    const missing = lastText(await Talker.private(app, "1", "Cán bộ tỉnh").send("/chuanop H1"));
    expect(missing).toBe(
      "Chưa nộp H1: Báo cáo kết quả (hạn 20/03/2026) — 1/2 đơn vị:\n• LC-TD-02 CĐCS Công ty TNHH Chè Tam Đường",
    );
    expect(lastText(await Talker.private(app, "1", "Cán bộ tỉnh").send("/danop H1 LC-TD-01 huy"))).toMatch(
      /^Đã bỏ đánh dấu nộp của CĐCS Ủy ban nhân dân xã Bình Lư/,
    );
    expect((await runAt("2026-03-19T07:30:00")).map((o) => o.chatId).sort()).toEqual([
      "chat-LC-TD-01",
      "chat-LC-TD-02",
    ]);
    expect(lastText(await Talker.group(app, "chat-LC-TD-01", "11", "Đoàn viên").send("/danop H1"))).toBe(
      "Bạn không có quyền đánh dấu cho CĐCS Ủy ban nhân dân xã Bình Lư.",
    );
    expect(lastText(await chair.send("/danop H1 LC-PT"))).toBe("Bạn không có quyền đánh dấu cho LĐLĐ huyện Phong Thổ.");
  });

  it("after downtime, send only the latest missed reminder, once", async () => {
    const { runAt, deadline } = await setup();
    await deadline("chậm nhất ngày 20/3/2026", ["LC-TD-01"]);
    // Down from 12/3 to 19/3 09:00: the 7-day, 3-day and 1-day reminders were all missed.
    const toUnit = <T extends { chatId: string }>(out: T[]) => out.filter((o) => o.chatId === "chat-LC-TD-01");
    const after = toUnit(await runAt("2026-03-19T09:00:00"));
    expect(after).toHaveLength(1);
    expect(textOf(after[0]!)).toContain("còn 1 ngày");
    expect(await runAt("2026-03-19T09:01:00")).toHaveLength(0);
  });

  it("with two schedulers on one database, each reminder is queued and sent once", async () => {
    const { app, clock, sender, scheduler, worker, deadline } = await setup();
    await deadline("chậm nhất ngày 20/3/2026", ["LC-TD-01", "LC-TD-02", "LC-PT"]);
    const other = createApp({ config: app.config, db: app.db, logger: app.logger, clock });
    const otherScheduler = new Scheduler(other);
    const otherWorker = new OutboxWorker({
      outbox: other.services.outbox,
      senders: { telegram: sender },
      pacing: {},
      clock,
      logger: app.logger,
      workerId: "other",
    });
    clock.set(at("2026-03-13T07:30:00"));
    await Promise.all([scheduler.tick(), otherScheduler.tick()]);
    await Promise.all([worker.drain(), otherWorker.drain()]);
    expect(sender.sent.map((o) => o.chatId).sort()).toEqual(["chat-LC-PT", "chat-LC-TD-01", "chat-LC-TD-02"]);
  });

  it("for a deadline already past at creation, send one overdue reminder at the next reminder time, then weekly", async () => {
    const { runAt, deadline } = await setup("2026-03-10T09:00:00");
    const r = await deadline("chậm nhất ngày 05/3/2026", ["LC-TD-01"]);
    expect(r.past).toBe(true);
    const toUnit = <T extends { chatId: string }>(out: T[]) => out.filter((o) => o.chatId === "chat-LC-TD-01");
    expect(toUnit(await runAt("2026-03-10T09:01:00"))).toHaveLength(0);
    const sent = toUnit(await runAt("2026-03-11T07:30:00"));
    expect(sent).toHaveLength(1);
    expect(textOf(sent[0]!)).toContain("đã quá hạn 6 ngày");
    expect(toUnit(await runAt("2026-03-12T07:30:00"))).toHaveLength(0);
    expect(toUnit(await runAt("2026-03-17T07:30:00"))).toHaveLength(0);
    expect(textOf(toUnit(await runAt("2026-03-18T07:30:00"))[0]!)).toContain("đã quá hạn 13 ngày");
  });

  it("tell the creator each day which units are overdue", async () => {
    const { sender, runAt, deadline } = await setup();
    await deadline("chậm nhất ngày 20/3/2026", ["LC-TD-01", "LC-PT"]);
    await runAt("2026-03-21T08:00:00");
    const digest = sender.to("1");
    expect(digest).toHaveLength(1);
    expect(textOf(digest[0]!)).toBe(
      "Tổng hợp đơn vị quá hạn báo cáo, ngày 21/03/2026:\n• H1 Báo cáo kết quả (20/03/2026, quá hạn 1 ngày): LĐLĐ huyện Phong Thổ, CĐCS Ủy ban nhân dân xã Bình Lư",
    );
    await runAt("2026-03-21T12:00:00");
    expect(sender.to("1")).toHaveLength(1);
  });
});

describe("one reminder message a unit a day", () => {
  it("several items due the same morning go to a unit's group as one message listing each", async () => {
    const { runAt, deadline } = await setup();
    await deadline("chậm nhất ngày 20/3/2026", ["LC-TD-01", "LC-TD-02"], "Báo cáo kết quả");
    await deadline("chậm nhất ngày 13/3/2026", ["LC-TD-01"], "Báo cáo sơ kết");
    const sent = await runAt("2026-03-13T07:30:00");
    expect(sent.map((o) => o.chatId).sort()).toEqual(["chat-LC-TD-01", "chat-LC-TD-02"]);
    expect(textOf(sent.find((o) => o.chatId === "chat-LC-TD-01")!)).toBe(
      [
        "Nhắc hạn báo cáo — CĐCS Ủy ban nhân dân xã Bình Lư: 2 việc",
        "1. H2 Báo cáo sơ kết — hạn 13/03/2026 (chậm nhất ngày 13/3/2026), hạn là hôm nay.",
        "2. H1 Báo cáo kết quả — hạn 20/03/2026 (chậm nhất ngày 20/3/2026), còn 7 ngày.",
        "Khi đã nộp, chủ tịch công đoàn gõ /danop kèm mã hạn, ví dụ /danop H2",
      ].join("\n"),
    );
    // The single one keeps the usual text.
    expect(textOf(sent.find((o) => o.chatId === "chat-LC-TD-02")!)).toMatch(/^Nhắc hạn báo cáo — CĐCS Công ty/);
  });

  it("five deadlines of an old plan, past when announced, are one message a week per group, not five", async () => {
    const { app, runAt, deadline } = await setup("2026-03-10T09:00:00");
    for (const [i, day] of ["05/3/2025", "20/5/2025", "30/6/2025", "15/9/2025", "05/12/2025"].entries())
      await deadline(`chậm nhất ngày ${day}`, ["LC-PT", "LC-TD"], `Báo cáo ${i + 1}`);
    const perChat = (out: { chatId: string }[]) =>
      Object.fromEntries(["chat-LC-PT", "chat-LC-TD"].map((c) => [c, out.filter((o) => o.chatId === c).length]));
    const first = await runAt("2026-03-11T07:30:00");
    expect(perChat(first)).toEqual({ "chat-LC-PT": 1, "chat-LC-TD": 1 });
    expect(
      textOf(first[0]!)
        .split("\n")
        .filter((l) => /^\d\. H\d/.test(l)),
    ).toHaveLength(5);
    for (const day of ["12", "13", "14", "15", "16", "17"])
      expect(await runAt(`2026-03-${day}T07:30:00`), day).toHaveLength(0);
    expect(perChat(await runAt("2026-03-18T07:30:00"))).toEqual({ "chat-LC-PT": 1, "chat-LC-TD": 1 });
    // Every item is on record once, with the message that carried it.
    const items = await app.db.reminderSent.findMany();
    expect(items).toHaveLength(20);
    expect(new Set(items.map((i) => i.messageKey.split(":").slice(0, 3).join(":"))).size).toBe(4);
  });

  it("after a restart the same day, or days of downtime, each item still goes out once and in one message", async () => {
    const { app, clock, runAt, deadline } = await setup();
    await deadline("chậm nhất ngày 20/3/2026", ["LC-TD-01"], "Báo cáo kết quả");
    await deadline("chậm nhất ngày 15/3/2026", ["LC-TD-01"], "Báo cáo sơ kết");
    expect(await runAt("2026-03-13T07:30:00")).toHaveLength(1);
    // A second process (or a restart) later that morning queues nothing more.
    const again = createApp({ config: app.config, db: app.db, logger: app.logger, clock });
    clock.set(at("2026-03-13T11:00:00"));
    expect(await new Scheduler(again).tick()).toBe(0);
    // Down from 14/3 to 19/3 09:00: H2's reminders of 14, 15, 16 and 18/3 and H1's of 17 and 19/3 were missed. One
    // message carries the latest of each (due on different days), then nothing more that day or the next morning.
    const toUnit = <T extends { chatId: string }>(out: T[]) => out.filter((o) => o.chatId === "chat-LC-TD-01");
    const after = toUnit(await runAt("2026-03-19T09:00:00"));
    expect(after).toHaveLength(1);
    expect(textOf(after[0]!)).toContain(
      "1. H2 Báo cáo sơ kết — hạn 15/03/2026 (chậm nhất ngày 15/3/2026), đã quá hạn 4 ngày.",
    );
    expect(textOf(after[0]!)).toContain(
      "2. H1 Báo cáo kết quả — hạn 20/03/2026 (chậm nhất ngày 20/3/2026), còn 1 ngày.",
    );
    expect(toUnit(await runAt("2026-03-19T15:00:00"))).toHaveLength(0);
    expect(toUnit(await runAt("2026-03-20T07:00:00"))).toHaveLength(0);
    expect(textOf(toUnit(await runAt("2026-03-20T07:30:00"))[0]!)).toContain("hạn là hôm nay");
  });
});

describe("the daily digest", () => {
  it("names the late units while they are few, in code order, and says who handed in since yesterday", async () => {
    const { app, sender, runAt, deadline, staff } = await setup();
    const codes = ["LC-TD", "LC-PT", "LC-TD-01", "LC-TD-02", "LC-GD"];
    await deadline("chậm nhất ngày 20/3/2026", codes);
    await runAt("2026-03-21T08:00:00");
    expect(textOf(sender.to("1")[0]!)).toContain(
      "(20/03/2026, quá hạn 1 ngày): Công đoàn ngành Giáo dục tỉnh, LĐLĐ huyện Phong Thổ, LĐLĐ huyện Tam Đường, CĐCS Ủy ban nhân dân xã Bình Lư, CĐCS Công ty TNHH Chè Tam Đường",
    );
    const pt = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-PT" } });
    await app.services.deadlines.submit(staff, "H1", pt, "nộp muộn");
    await runAt("2026-03-22T08:00:00");
    expect(textOf(sender.to("1")[1]!)).toBe(
      "Tổng hợp đơn vị quá hạn báo cáo, ngày 22/03/2026:\n• H1 Báo cáo kết quả (20/03/2026, quá hạn 2 ngày): Công đoàn ngành Giáo dục tỉnh, LĐLĐ huyện Tam Đường, CĐCS Ủy ban nhân dân xã Bình Lư, CĐCS Công ty TNHH Chè Tam Đường — từ hôm qua đã nộp: LĐLĐ huyện Phong Thổ",
    );
    await runAt("2026-03-23T08:00:00");
    expect(textOf(sender.to("1")[2]!)).toBe(
      "Tổng hợp đơn vị quá hạn báo cáo, ngày 23/03/2026:\n• H1 Báo cáo kết quả (20/03/2026, quá hạn 3 ngày): Công đoàn ngành Giáo dục tỉnh, LĐLĐ huyện Tam Đường, CĐCS Ủy ban nhân dân xã Bình Lư, CĐCS Công ty TNHH Chè Tam Đường",
    );
  });
});

describe("adding and listing deadlines", () => {
  it("adds one by a guided conversation, refusing a bad phrase with an example of a good one", async () => {
    const { app } = await setup();
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    await staff.send("/themhanchot");
    await staff.send("Báo cáo sơ kết 6 tháng");
    expect(texts(await staff.send("sớm nhất có thể"))[0]).toBe(
      'Chưa đọc được hạn này. Ví dụ hợp lệ: "trước ngày 05/7/2026", "đầu tháng 6/2026", "hàng quý".',
    );
    const units = await staff.send("trước ngày 15/6/2026");
    expect(choicesOf(units).map((c) => c.label)).toEqual([
      "Các đơn vị trực thuộc Liên đoàn Lao động tỉnh Lai Châu",
      "Tất cả LĐLĐ huyện/thành phố",
      "Tất cả công đoàn ngành",
      "Tất cả công đoàn cơ sở",
      "Quay lại",
      "Hủy",
    ]);
    const review = await staff.press(choicesOf(units)[1]!.id);
    expect(lastText(review)).toBe(
      "Thêm hạn báo cáo:\nViệc: Báo cáo sơ kết 6 tháng\nHạn: trước ngày 15/6/2026 (hạn 14/06/2026)\nSố đơn vị phải nộp: 8",
    );
    expect(lastText(await staff.press(choicesOf(review)[0]!.id))).toBe(
      "Đã thêm hạn H1: Báo cáo sơ kết 6 tháng (1 lần nộp được lập lịch).",
    );
    const list = lastText(await Talker.group(app, "chat-LC-TD", "30", "Đoàn viên").send("/hanchot"));
    expect(list).toContain("• H1 — Báo cáo sơ kết 6 tháng — 14/06/2026 (trước ngày 15/6/2026) — LC-TD: chưa nộp");
    expect(lastText(await Talker.private(app, "31", "Đoàn viên").send("/themhanchot"))).toBe(
      "Bạn không có quyền làm việc này.",
    );
  });
});

describe("deadlines from a seed plan", () => {
  it("become reminders in the chats of the units the plan addresses, at the right times", async () => {
    const { app, sender, runAt } = await setup("2025-07-01T09:00:00");
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    await staff.send("/thongbao");
    const targets = await staff.send(
      fs.readFileSync(
        path.join(import.meta.dirname, "fixtures", "plans", "143-KH-LDLD-2025-thang-cao-diem-phat-trien-doan-vien.txt"),
        "utf8",
      ),
    );
    const confirm = await staff.press(choicesOf(targets).find((c) => c.label.startsWith("Theo Nơi nhận"))!.id);
    const done = await staff.press(choicesOf(confirm)[0]!.id);
    expect(texts(done)[1]).toMatch(/^Đã tạo \d+ hạn báo cáo từ kế hoạch cho 11 đơn vị/);
    sender.sent.length = 0;
    const reminders = (await runAt("2025-07-28T07:30:00")).filter((o) => textOf(o).includes("trước ngày 05/8/2025"));
    expect(reminders.map((o) => o.chatId).sort()).toEqual(["chat-LC-GD", "chat-LC-PT", "chat-LC-TD"]);
    // The plan's other reports may fall on the same morning: then they are lines of one message.
    expect(textOf(reminders[0]!)).toMatch(/[Hh]ạn:? 04\/08\/2025 \(trước ngày 05\/8\/2025\), còn 7 ngày\./);
  });
});
