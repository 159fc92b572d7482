/**
 * /hanchot, /chuanop and /danop read one model of a deadline's occurrences: what they say agrees with each other and
 * with the reminders, before, on and after the due day, and bad input is refused with the reason, recording nothing.
 */
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { Scheduler } from "../src/scheduler/reminders.js";
import { choicesOf, giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { FakeSender } from "./helpers/fake-sender.js";

afterAll(closeAll);

const at = (local: string) => new Date(`${local}+07:00`);

async function setup(start = "2026-11-23T09:00:00") {
  const clock = new FakeClock(at(start));
  const app = await testApp({ clock });
  for (const code of ["LC-TD", "LC-TD-01", "LC-TD-02", "LC-PT"]) {
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code } });
    await app.db.chat.create({
      data: { platform: "telegram", platformChatId: `chat-${code}`, kind: "group", unitId: unit.id },
    });
  }
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
  await giveRole(app, "10", "Chủ tịch Bình Lư", "chair", "LC-TD-01");
  await giveRole(app, "20", "Chủ tịch Tam Đường", "chair", "LC-TD");
  const staff = Talker.private(app, "1", "Cán bộ tỉnh");
  const chair = Talker.group(app, "chat-LC-TD-01", "10", "Chủ tịch Bình Lư");
  const district = Talker.private(app, "20", "Chủ tịch Tam Đường");
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
  const runAt = async (local: string) => {
    clock.set(at(local));
    const before = sender.sent.length;
    await scheduler.tick();
    await worker.drain();
    return sender.sent.slice(before);
  };
  const staffActor = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const deadline = async (phrase: string, codes: string[], what = "Báo cáo kết quả") => {
    const units = await app.db.unit.findMany({ where: { code: { in: codes } } });
    const root = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
    return app.services.deadlines.create(staffActor, {
      what,
      phrase,
      spec: readDatePhrase(phrase)!.spec,
      owingUnitIds: units.map((u) => u.id),
      rootUnitId: root.id,
    });
  };
  return { app, clock, staff, chair, district, runAt, deadline };
}

describe("a deadline already past when it is added", () => {
  it("is said to be past in the review and the confirmation, with when the overdue reminder goes out", async () => {
    const { staff } = await setup();
    await staff.send("/themhanchot");
    await staff.send("Báo cáo sơ kết");
    const units = await staff.send("trước ngày 01/11/2026");
    const review = await staff.press(choicesOf(units)[1]!.id);
    expect(lastText(review)).toContain("Hạn: trước ngày 01/11/2026 (hạn 31/10/2026, đã qua)");
    expect(lastText(await staff.press(choicesOf(review)[0]!.id))).toBe(
      "Đã thêm hạn H1: Báo cáo sơ kết (1 lần nộp được lập lịch).\n" +
        "Lưu ý: hạn này đã qua (31/10/2026). Các đơn vị chưa nộp sẽ nhận lời nhắc quá hạn lúc 07:30 24/11/2026, " +
        "rồi nhắc lại mỗi 7 ngày cho đến khi nộp hoặc được miễn.",
    );
  });

  it("shows as overdue everywhere, is reminded at the next reminder time, and stays submitted once marked", async () => {
    const { app, chair, staff, runAt, deadline } = await setup();
    await deadline("trước ngày 01/11/2026", ["LC-TD-01", "LC-TD-02"]);
    expect(lastText(await chair.send("/hanchot"))).toContain(
      "• H1 — Báo cáo kết quả — 31/10/2026 (trước ngày 01/11/2026) — LC-TD-01: quá hạn 23 ngày",
    );
    expect(lastText(await staff.send("/chuanop H1"))).toBe(
      "Chưa nộp H1: Báo cáo kết quả (hạn 31/10/2026) — 2/2 đơn vị:\n" +
        "• LC-TD-01 CĐCS Ủy ban nhân dân xã Bình Lư (quá hạn 23 ngày)\n" +
        "• LC-TD-02 CĐCS Công ty TNHH Chè Tam Đường (quá hạn 23 ngày)",
    );
    const first = await runAt("2026-11-24T07:30:00");
    expect(first.map((o) => o.chatId).sort()).toEqual(["chat-LC-TD-01", "chat-LC-TD-02"]);
    expect(lastText(await chair.send("/danop H1"))).toBe(
      "Đã ghi nhận CĐCS Ủy ban nhân dân xã Bình Lư nộp báo cáo (trước ngày 01/11/2026, hạn 31/10/2026), nộp muộn. " +
        "Bot sẽ không nhắc đơn vị nữa.",
    );
    expect(lastText(await chair.send("/hanchot"))).toContain("— LC-TD-01: đã nộp muộn ngày 24/11/2026");
    const weekLater = await runAt("2026-12-01T07:30:00");
    expect(weekLater.map((o) => o.chatId)).toEqual(["chat-LC-TD-02"]);
    await runAt("2027-03-01T07:30:00");
    expect(lastText(await chair.send("/hanchot"))).toContain("— LC-TD-01: đã nộp muộn ngày 24/11/2026");
    expect(lastText(await chair.send("/danop H1"))).toMatch(/^CĐCS Ủy ban nhân dân xã Bình Lư đã nộp hoặc được miễn/);
    expect(await app.db.submission.count()).toBe(1);
  });
});

describe("listings for staff and chairs", () => {
  it("give staff in their private chat every deadline of their scope with counts, and the per-unit list by code", async () => {
    const { staff, chair, deadline, clock } = await setup();
    await deadline("chậm nhất ngày 30/11/2026", ["LC-TD-01", "LC-TD-02", "LC-PT"]);
    await deadline("sau 01 tuần khi kết thúc hội nghị", ["LC-TD-01"], "Báo cáo tổng hợp ý kiến");
    await chair.send("/danop H1 Gửi qua email");
    clock.set(at("2026-12-02T09:00:00"));
    expect(lastText(await staff.send("/hanchot"))).toBe(
      [
        "Hạn báo cáo trong phạm vi của bạn (lần nộp gần nhất):",
        "• H1 — Báo cáo kết quả — 30/11/2026 (chậm nhất ngày 30/11/2026): đã nộp 1/3, quá hạn 2, chưa tới hạn 0, được miễn 0",
        "• H2 — Báo cáo tổng hợp ý kiến — chờ ngày mốc: đã nộp 0/1, quá hạn 0, chưa tới hạn 0, được miễn 0",
        "",
        "Xem từng đơn vị: /hanchot MÃ_HẠN (ví dụ /hanchot H3). Đơn vị chưa nộp: /chuanop MÃ_HẠN",
      ].join("\n"),
    );
    expect(lastText(await staff.send("/hanchot H1"))).toBe(
      [
        "H1 — Báo cáo kết quả — 30/11/2026 (chậm nhất ngày 30/11/2026) — 3 đơn vị:",
        "• LC-PT LĐLĐ huyện Phong Thổ: quá hạn 2 ngày",
        "• LC-TD-01 CĐCS Ủy ban nhân dân xã Bình Lư: đã nộp ngày 23/11/2026",
        "• LC-TD-02 CĐCS Công ty TNHH Chè Tam Đường: quá hạn 2 ngày",
      ].join("\n"),
    );
  });

  it("give a district chair only the units under the district", async () => {
    const { district, deadline } = await setup();
    await deadline("chậm nhất ngày 30/11/2026", ["LC-TD-01", "LC-TD-02", "LC-PT"]);
    expect(lastText(await district.send("/hanchot H1"))).toBe(
      [
        "H1 — Báo cáo kết quả — 30/11/2026 (chậm nhất ngày 30/11/2026) — 2 đơn vị:",
        "• LC-TD-01 CĐCS Ủy ban nhân dân xã Bình Lư: chưa nộp, còn 7 ngày",
        "• LC-TD-02 CĐCS Công ty TNHH Chè Tam Đường: chưa nộp, còn 7 ngày",
      ].join("\n"),
    );
    const pt = await deadline("chậm nhất ngày 30/11/2026", ["LC-PT"]);
    expect(lastText(await district.send(`/hanchot ${pt.deadline.code}`))).toBe(
      "Hạn H2 không có đơn vị nào trong phạm vi của bạn.",
    );
  });
});

describe("bad input to /danop", () => {
  it("refuses a mistyped unit code with the reason and records nothing", async () => {
    const { app, chair, deadline } = await setup();
    await deadline("chậm nhất ngày 30/11/2026", ["LC-TD-01"]);
    expect(lastText(await chair.send("/danop H1 LC-TD-0l"))).toBe(
      "Không có đơn vị mã LC-TD-0l; chưa ghi nhận gì. Kiểm tra mã đơn vị rồi gõ lại, ví dụ /danop H1 LC-TD-01",
    );
    expect(await app.db.submission.count()).toBe(0);
  });

  it("refuses a unit outside the chair's scope and records nothing", async () => {
    const { app, chair, deadline } = await setup();
    await deadline("chậm nhất ngày 30/11/2026", ["LC-TD-01", "LC-PT"]);
    expect(lastText(await chair.send("/danop H1 LC-PT"))).toBe("Bạn không có quyền đánh dấu cho LĐLĐ huyện Phong Thổ.");
    expect(await app.db.submission.count()).toBe(0);
  });

  it("refuses an unknown deadline code in every command", async () => {
    const { app, chair, staff } = await setup();
    expect(lastText(await chair.send("/danop H99"))).toBe("Không có hạn báo cáo H99. Xem các hạn: /hanchot");
    expect(lastText(await staff.send("/chuanop h99"))).toBe("Không có hạn báo cáo H99. Xem các hạn: /hanchot");
    expect(lastText(await staff.send("/hanchot H99"))).toBe("Không có hạn báo cáo H99. Xem các hạn: /hanchot");
    expect(await app.db.submission.count()).toBe(0);
  });

  it("takes a note that merely contains the word huy as a note, not an undo", async () => {
    const { app, chair, deadline } = await setup();
    await deadline("chậm nhất ngày 30/11/2026", ["LC-TD-01"]);
    await chair.send("/danop H1 bản cũ đã huy, gửi bản mới");
    expect((await app.db.submission.findFirstOrThrow()).note).toBe("bản cũ đã huy, gửi bản mới");
  });

  it("tells a relative deadline without its anchor has nothing due yet", async () => {
    const { chair, deadline } = await setup();
    await deadline("sau 01 tuần khi kết thúc hội nghị", ["LC-TD-01"]);
    expect(lastText(await chair.send("/danop H1"))).toBe(
      "Hạn H1 chưa có ngày mốc nên chưa có lần nộp nào. Cán bộ đặt mốc bằng /datmoc H1 NGÀY",
    );
  });
});

describe("undo and excusal by staff", () => {
  it("undo takes back a submission and the unit is overdue and reminded again", async () => {
    const { app, chair, staff, deadline, runAt } = await setup();
    await deadline("chậm nhất ngày 30/11/2026", ["LC-TD-01"]);
    await chair.send("/danop H1");
    expect(lastText(await staff.send("/danop H1 LC-TD-01 huy"))).toBe(
      "Đã bỏ đánh dấu nộp của CĐCS Ủy ban nhân dân xã Bình Lư (chậm nhất ngày 30/11/2026).",
    );
    expect(await app.db.submission.count()).toBe(0);
    expect((await runAt("2026-12-01T07:30:00")).map((o) => o.chatId)).toEqual(["chat-LC-TD-01"]);
    expect(lastText(await staff.send("/danop H1 LC-TD-01 huy"))).toBe(
      "CĐCS Ủy ban nhân dân xã Bình Lư chưa có lần nộp nào để bỏ.",
    );
    expect(lastText(await chair.send("/danop H1 LC-TD-01 huy"))).toBe(
      "Bạn không có quyền đánh dấu cho CĐCS Ủy ban nhân dân xã Bình Lư.",
    );
  });

  it("excuses a unit (no reminder, shown as excused), refuses a chair, and undoes the excusal", async () => {
    const { app, chair, staff, deadline, runAt } = await setup();
    await deadline("chậm nhất ngày 30/11/2026", ["LC-TD-01", "LC-TD-02"]);
    expect(lastText(await chair.send("/danop H1 LC-TD-01 mien"))).toBe(
      "Bạn không có quyền đánh dấu cho CĐCS Ủy ban nhân dân xã Bình Lư.",
    );
    expect(lastText(await staff.send("/danop H1 LC-TD-02 mien Đơn vị đang sáp nhập"))).toBe(
      "Đã miễn cho CĐCS Công ty TNHH Chè Tam Đường lần nộp chậm nhất ngày 30/11/2026 (hạn 30/11/2026). " +
        "Bot sẽ không nhắc đơn vị cho lần này.",
    );
    const row = await app.db.submission.findFirstOrThrow();
    expect([row.kind, row.note]).toEqual(["excused", "Đơn vị đang sáp nhập"]);
    expect((await runAt("2026-11-27T07:30:00")).map((o) => o.chatId)).toEqual(["chat-LC-TD-01"]);
    expect(lastText(await staff.send("/hanchot H1"))).toContain(
      "• LC-TD-02 CĐCS Công ty TNHH Chè Tam Đường: được miễn",
    );
    expect(lastText(await staff.send("/danop H1 LC-TD-02 huy"))).toBe(
      "Đã bỏ miễn cho CĐCS Công ty TNHH Chè Tam Đường (chậm nhất ngày 30/11/2026); bot sẽ nhắc lại nếu đơn vị chưa nộp.",
    );
    expect((await runAt("2026-11-29T07:30:00")).map((o) => o.chatId).sort()).toEqual([
      "chat-LC-TD-01",
      "chat-LC-TD-02",
    ]);
  });
});

describe("right after a unit reports (26.9)", () => {
  it("its listing says the period was received, and the deadline's listing agrees with the unit's line", async () => {
    const { chair, staff, deadline, clock } = await setup();
    await deadline("hàng quý", ["LC-TD-01", "LC-TD-02"], "Báo cáo quý");
    clock.set(at("2026-12-06T09:00:00"));
    expect(lastText(await chair.send("/danop H1"))).toContain("hạn 31/12/2026");
    expect(lastText(await chair.send("/hanchot"))).toContain(
      "• H1 — Báo cáo quý — 31/12/2026 (quý IV/2026) — LC-TD-01: đã nộp ngày 06/12/2026",
    );
    const detail = lastText(await staff.send("/hanchot H1"));
    expect(detail).toContain("H1 — Báo cáo quý — 31/12/2026 (quý IV/2026) — 2 đơn vị:");
    expect(detail).toContain("• LC-TD-01 CĐCS Ủy ban nhân dân xã Bình Lư: đã nộp ngày 06/12/2026");
    expect(detail).not.toContain("31/03/2027");
    // Nothing more to mark until the next quarter begins.
    expect(lastText(await chair.send("/danop H1"))).toMatch(/^CĐCS Ủy ban nhân dân xã Bình Lư đã nộp hoặc được miễn/);
    // In the next quarter the unit is at quý I/2027, and its line still says the last quarter was received.
    clock.set(at("2027-01-05T09:00:00"));
    expect(lastText(await chair.send("/hanchot"))).toContain(
      "— LC-TD-01: chưa nộp, còn 85 ngày (kỳ trước quý IV/2026: đã nộp ngày 06/12/2026)",
    );
  });
});
