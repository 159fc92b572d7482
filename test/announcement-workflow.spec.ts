import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Outgoing } from "../src/platforms/port.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { FakeSender } from "./helpers/fake-sender.js";

afterAll(closeAll);

// Province P (no chat) → districts D1..D3 → grassroots G1..G9 (three under each district); every district and grassroots
// unit has a group chat, "-<code>".
function tree(): string {
  const rows = ["code,name,kind,parent_code,member_count", "P,Liên đoàn Lao động tỉnh,province,,0"];
  for (let d = 1; d <= 3; d++) rows.push(`D${d},LĐLĐ huyện ${d},district,P,0`);
  for (let g = 1; g <= 9; g++) rows.push(`G${g},CĐCS số ${g},grassroots,D${1 + ((g - 1) % 3)},${10 + g}`);
  return `${rows.join("\n")}\n`;
}

const PLAN_122 = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures", "plans", "122-KH-LDLD-2025-lay-y-kien-van-kien.txt"),
  "utf8",
);

async function setup() {
  const app = await testApp({ units: tree() });
  for (const u of await app.db.unit.findMany({ where: { NOT: { code: "P" } } }))
    await app.db.chat.create({
      data: { platform: "telegram", platformChatId: `-${u.code}`, kind: "group", unitId: u.id },
    });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
  const sender = new FakeSender();
  const worker = (batch = 50) =>
    new OutboxWorker({
      outbox: app.services.outbox,
      senders: { telegram: sender },
      pacing: { telegram: { perSecond: 10_000, perChatPerMinute: 20 } },
      clock: app.clock,
      logger: app.logger,
      batch,
      concurrency: 1,
      onFailed: (m, f) => app.services.announcements.deliveryFailed(m, f),
      onSettled: (m) => app.services.announcements.deliverySettled(m),
      time: { now: () => app.clock.now().getTime(), sleep: async (ms) => app.clock.advance(ms) },
    });
  return { app, sender, worker, staff: Talker.private(app, "1", "Cán bộ tỉnh") };
}

function pick(out: Outgoing[], label: string): string {
  const c = choicesOf(out).find((x) => x.label.startsWith(label));
  if (!c)
    throw new Error(
      `no choice "${label}" in ${choicesOf(out)
        .map((x) => x.label)
        .join(" | ")}`,
    );
  return c.id;
}

const PLAIN = "Họp giao ban tháng 3 lúc 8 giờ ngày 10/3/2026 tại hội trường LĐLĐ tỉnh.";

describe("choosing whom an announcement goes to", () => {
  it("sends to a district alone, or to the district and everything under it", async () => {
    const { app, sender, worker, staff } = await setup();
    await staff.send("/thongbao");
    await staff.press(pick(await staff.send(PLAIN), "Nhập mã đơn vị"));
    const reach = await staff.send("D1");
    expect(lastText(reach)).toBe("Gửi tới D1: chỉ các đơn vị này, hay cả các đơn vị trực thuộc?");
    const only = await staff.press(pick(reach, "Chỉ các đơn vị này (1 đơn vị)"));
    expect(lastText(only)).toBe("Sẽ gửi tới 1 nhóm chat của 1 đơn vị.");
    await staff.press(pick(only, "Gửi"));
    await worker().drain();
    expect(sender.sent.filter((o) => o.chatId !== "1").map((o) => o.chatId)).toEqual(["-D1"]);

    await staff.send("/thongbao");
    await staff.press(pick(await staff.send(PLAIN), "Nhập mã đơn vị"));
    const below = await staff.press(pick(await staff.send("D1"), "Các đơn vị này và toàn bộ"));
    expect(lastText(below)).toBe("Sẽ gửi tới 4 nhóm chat của 4 đơn vị.");
    expect(await app.db.announcement.count()).toBe(1);
  });

  it("sends to one level of the tree: only the grassroots unions", async () => {
    const { app, staff } = await setup();
    await staff.send("/thongbao");
    const levels = await staff.press(pick(await staff.send(PLAIN), "Chỉ một cấp đơn vị"));
    expect(choicesOf(levels).map((c) => c.label)).toEqual([
      "Chỉ LĐLĐ tỉnh (1 đơn vị)",
      "Chỉ LĐLĐ huyện/thành phố (3 đơn vị)",
      "Chỉ công đoàn cơ sở (9 đơn vị)",
      "Quay lại",
      "Hủy",
    ]);
    const confirm = await staff.press(pick(levels, "Chỉ công đoàn cơ sở"));
    expect(lastText(confirm)).toBe("Sẽ gửi tới 9 nhóm chat của 9 đơn vị.");
    await staff.press(pick(confirm, "Gửi"));
    const a = await app.db.announcement.findFirstOrThrow();
    const targeted = await app.db.unit.findMany({ where: { id: { in: JSON.parse(a.targetUnits) as number[] } } });
    expect(new Set(targeted.map((u) => u.kind))).toEqual(new Set(["grassroots"]));
  });

  it("refuses a mistyped code by name, stores nothing, and takes the corrected codes at the same step", async () => {
    const { app, staff } = await setup();
    await staff.send("/thongbao");
    await staff.press(pick(await staff.send(PLAIN), "Nhập mã đơn vị"));
    const refused = await staff.send("LC-XYZ");
    expect(texts(refused)).toEqual([
      "Không có các mã: LC-XYZ\nChưa gửi gì. Hãy gõ lại các mã cho đúng.",
      "Gõ các mã đơn vị, cách nhau bởi dấu cách hoặc dấu phẩy, ví dụ: LC-TD LC-PT",
    ]);
    const reach = await staff.send("G2 G3");
    const confirm = await staff.press(pick(reach, "Chỉ các đơn vị này"));
    expect(lastText(confirm)).toBe("Sẽ gửi tới 2 nhóm chat của 2 đơn vị.");
    // A correction typed at the last step is read as codes too, and checked the same way.
    expect(texts(await staff.send("G4 KHONGCO"))[0]).toBe(
      "Không có các mã: KHONGCO\nChưa gửi gì. Hãy gõ lại các mã cho đúng.",
    );
    const again = await staff.press(pick(await staff.send("G4"), "Chỉ các đơn vị này"));
    expect(lastText(again)).toBe("Sẽ gửi tới 1 nhóm chat của 1 đơn vị.");
    expect(await app.db.announcement.count()).toBe(0);
    expect(await app.db.outboxMessage.count()).toBe(0);
  });

  it("offers no [Gửi] when no chat would receive it, and never creates an empty announcement", async () => {
    const { app, staff } = await setup();
    await staff.send("/thongbao");
    await staff.press(pick(await staff.send(PLAIN), "Nhập mã đơn vị"));
    const none = await staff.press(pick(await staff.send("P"), "Chỉ các đơn vị này"));
    expect(lastText(none)).toBe(
      "Không đơn vị nào được chọn có nhóm chat để nhận.\n" +
        "Không có nhóm chat nào để gửi, nên chưa gửi được. Chọn lại đơn vị nhận, hoặc gõ mã đơn vị khác.",
    );
    expect(choicesOf(none).map((c) => c.label)).toEqual(["Chọn lại đơn vị nhận", "Quay lại", "Hủy"]);
    expect(texts(await staff.send("1"))[0]).toMatch(/^Xem trước thông báo:/); // back to the targets
    expect(await app.db.announcement.count()).toBe(0);
  });
});

describe("the preview", () => {
  it("names the fields the reader could not read and lets staff correct number, date, title and a deadline", async () => {
    const { app, sender, worker, staff } = await setup();
    const withoutNumber = PLAN_122.replace("Số: 122 /KH-LĐLĐ", "").replace(
      "Lai Châu, ngày 14 tháng 02 năm 2025",
      "Lai Châu",
    );
    await staff.send("/thongbao");
    const preview = await staff.send(withoutNumber);
    expect(texts(preview)[0]).toContain("KẾ HOẠCH số — ngày —");
    expect(texts(preview)[0]).toContain("⚠ Bot chưa đọc được: số văn bản, ngày ban hành.");

    const fields = await staff.press(pick(preview, "Sửa"));
    expect(choicesOf(fields).map((c) => c.label)).toEqual([
      "Số văn bản",
      "Ngày ban hành",
      "Tiêu đề",
      "Hạn báo cáo",
      "Quay lại",
      "Xong",
      "Hủy",
    ]);
    await staff.press(pick(fields, "Số văn bản"));
    expect(texts(await staff.send("mười hai"))[0]).toBe("Số văn bản có dạng SỐ/KÝ-HIỆU, ví dụ 122/KH-LĐLĐ.");
    let shown = await staff.send("122/KH-LĐLĐ");
    expect(texts(shown)[0]).toBe("Đã sửa. Xem lại bản xem trước:");
    await staff.press(pick(shown, "Sửa"));
    expect(lastText(await staff.send("2"))).toBe("Ngày hiện tại: —. Gõ ngày ban hành đúng, ví dụ 14/02/2025");
    shown = await staff.send("14/02/2026");
    await staff.press(pick(shown, "Sửa"));
    await staff.send("3");
    shown = await staff.send("Nắm tình hình đoàn viên năm 2026");
    await staff.press(pick(shown, "Sửa"));
    const ask = await staff.send("4");
    expect(lastText(ask)).toContain("1. 05/06/2025: Báo cáo tình hình đoàn viên");
    expect(texts(await staff.send("9: 15/8/2026"))[0]).toMatch(/^Chưa hiểu\. Dùng «2: 15\/8\/2025»/);
    // Deadlines take several corrections in a row; "Xong" returns to the preview with all of them.
    shown = await staff.send("1: trước ngày 15/6/2026");
    expect(texts(shown)[0]).toBe("Đã sửa. Sửa tiếp, hoặc bấm «Xong» để xem lại bản xem trước.");
    expect(lastText(shown)).toContain("1. 14/06/2026: Báo cáo tình hình đoàn viên");
    shown = await staff.press(pick(shown, "Xong"));
    const text = lastText(shown);
    expect(text).toContain("KẾ HOẠCH số 122/KH-LĐLĐ ngày 14/02/2026\nNắm tình hình đoàn viên năm 2026");
    expect(text).toContain(
      "1. 14/06/2026: Báo cáo tình hình đoàn viên, người lao động đối với Đại hội Đảng bộ cấp cơ sở\n",
    );
    expect(text).toContain("⚠ 4 hạn đã qua so với hôm nay.");
    expect(text).not.toContain("Bot chưa đọc được");

    await staff.press(pick(await staff.press(pick(shown, "Toàn bộ")), "Gửi"));
    await worker().drain();
    const message = (sender.to("-G1")[0]!.reply as { text: string }).text;
    expect(message).toMatch(/^THÔNG BÁO KẾ HOẠCH số 122\/KH-LĐLĐ ngày 14\/02\/2026\nNắm tình hình đoàn viên năm 2026/);
    expect(await app.db.plan.findFirstOrThrow()).toMatchObject({ number: "122/KH-LĐLĐ", issuedOn: "2026-02-14" });
  });

  it("asks for a file when the pasted plan is longer than a message, and says so when a paste may have been cut", async () => {
    const { staff } = await setup();
    await staff.send("/thongbao");
    expect(texts(await staff.send("Kế hoạch rất dài. ".repeat(1300)))[0]).toBe(
      "Nội dung quá dài để dán vào một tin nhắn (quá 3.500 ký tự với thông báo thường). Hãy gửi kế hoạch dưới dạng tệp .docx, .pdf hoặc .txt.",
    );
    const cut = await staff.send(PLAN_122.slice(0, 4096));
    expect(texts(cut)[0]).toContain("⚠ Nội dung dán vào dài bằng một tin nhắn nên có thể đã bị cắt.");
    // The second half of the paste arrives as the next message: a hint, not "choose 1 to 6".
    expect(texts(await staff.send(PLAN_122.slice(4096)))[0]).toMatch(
      /^Có vẻ đây là phần tiếp theo của một kế hoạch dài .* gửi kế hoạch dưới dạng tệp \.docx, \.pdf hoặc \.txt\.$/,
    );
  });
});

describe("following an announcement up with /tinhtrang", () => {
  async function sendPlan(ctx: Awaited<ReturnType<typeof setup>>, text = PLAN_122) {
    await ctx.staff.send("/thongbao");
    const targets = await ctx.staff.send(text);
    await ctx.staff.press(pick(await ctx.staff.press(pick(targets, "Toàn bộ")), "Gửi"));
  }

  it("shows progress while sending, tells the sender once it is through, and re-sends the failed chats", async () => {
    const ctx = await setup();
    const { app, sender, worker, staff } = ctx;
    sender.blocked.add("-G5");
    await sendPlan(ctx);
    await worker(5).runOnce();
    const running = lastText(await staff.send("/tinhtrang 1"));
    expect(running).toContain("Đang gửi: 5/12 nhóm chat xong (lỗi 0), còn 7 nhóm.");
    await worker().drain();
    const notices = sender.to("1").map((o) => (o.reply as { text: string }).text);
    expect(notices).toContain(
      "Đã gửi xong thông báo số 1 tới 11/12 nhóm; lỗi: CĐCS số 5 (bot bị chặn hoặc bị xóa khỏi nhóm). Xem: /tinhtrang 1",
    );
    const done = await staff.send("/tinhtrang 1");
    expect(lastText(done)).toContain("Đã gửi xong: 11/12 nhóm chat; lỗi 1.");
    expect(choicesOf(done).map((c) => c.label)).toEqual([
      "Gửi lại tới 1 nhóm bị lỗi",
      "Nhắc 11 đơn vị chưa xác nhận",
      "Cập nhật",
    ]);

    // The unit added the bot back; staff re-send, and hear again when that round is through.
    sender.blocked.delete("-G5");
    expect(lastText(await staff.press(pick(done, "Gửi lại")))).toBe(
      "Đã xếp gửi lại thông báo số 1 tới 1 nhóm chat. Bot sẽ báo khi gửi xong.",
    );
    expect((await app.db.chat.findFirstOrThrow({ where: { platformChatId: "-G5" } })).status).toBe("active");
    await worker().drain();
    expect(sender.to("-G5")).toHaveLength(1);
    expect((sender.to("1").at(-1)!.reply as { text: string }).text).toBe(
      "Đã gửi xong thông báo số 1 tới 12/12 nhóm; lỗi: không có. Xem: /tinhtrang 1",
    );
    expect(lastText(await staff.press(pick(done, "Gửi lại")))).toBe("Thông báo số 1 không còn nhóm nào bị lỗi.");
  });

  it("says who acknowledged and when, and reminds only the units that have not", async () => {
    const ctx = await setup();
    const { app, sender, worker, staff } = ctx;
    await sendPlan(ctx);
    await worker().drain();
    const button = (sender.to("-G1")[0]!.reply as { choices: { id: string }[] }).choices[0]!.id;
    // Writing in the unit's group makes her a member; only then may her press acknowledge for it (ACKNOWLEDGE_BY=member).
    const mai = Talker.group(app, "-G1", "60", "Lò Thị Mai");
    await mai.send("Chào cả nhà");
    await mai.press(button);
    const status = await staff.send("/tinhtrang 1");
    expect(lastText(status)).toContain(
      "• G1 CĐCS số 1: đã gửi 1, lỗi 0, đang chờ 0; đã nhận lúc 09:00 02/03/2026 (Lò Thị Mai)",
    );
    expect(lastText(status)).toContain("Đã xác nhận: 1/12 đơn vị đã nhận được thông báo.");
    const before = sender.sent.length;
    expect(lastText(await staff.press(pick(status, "Nhắc 11 đơn vị")))).toBe(
      "Đã nhắc 11 đơn vị chưa xác nhận thông báo số 1 (11 nhóm chat).",
    );
    await worker().drain();
    const reminders = sender.sent.slice(before);
    expect(reminders).toHaveLength(11);
    expect(reminders.map((o) => o.chatId)).not.toContain("-G1");
    expect((reminders[0]!.reply as { text: string }).text).toMatch(
      /^NHẮC: đơn vị chưa xác nhận đã nhận thông báo số 1/,
    );
    expect(reminders[0]!.reply).toMatchObject({ choices: [{ label: "Đã nhận" }] });
    // Reminders are not deliveries: the figures stay the same, and no second "through" notice goes out.
    expect(lastText(await staff.send("/tinhtrang 1"))).toContain("Đã gửi xong: 12/12 nhóm chat; lỗi 0.");
    expect(sender.to("1")).toHaveLength(1);
    expect(await app.db.auditLog.count({ where: { action: "announcement.remind" } })).toBe(1);
    // The buttons are staff's: a unit's chair pressing a forwarded one is refused and nothing is queued.
    await giveRole(app, "71", "Chủ tịch G2", "chair", "G2");
    const queued = await app.db.outboxMessage.count();
    expect(lastText(await Talker.private(app, "71", "Chủ tịch G2").press(pick(status, "Nhắc")))).toBe(
      "Thông báo này nằm ngoài phạm vi của bạn.",
    );
    expect(await app.db.outboxMessage.count()).toBe(queued);
  });

  it("shows an announcement to 1,500 units without passing one SQL parameter per unit", async () => {
    const app = await testApp({ units: false });
    await app.db.unit.create({ data: { id: 1, code: "P", name: "Tỉnh", kind: "province", path: "/1/" } });
    await app.db.unit.createMany({
      data: Array.from({ length: 1500 }, (_, i) => ({
        id: i + 2,
        code: `G${i + 1}`,
        name: `CĐCS ${i + 1}`,
        kind: "grassroots",
        parentId: 1,
        path: `/1/${i + 2}/`,
        depth: 1,
      })),
    });
    const staffId = await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
    const units = await app.db.unit.findMany({ select: { id: true } });
    const p = 1;
    await app.db.announcement.create({
      data: {
        seq: 1,
        title: "Thông báo lớn",
        body: "",
        rootUnitId: p,
        targetUnits: JSON.stringify(units.map((u) => u.id)),
        createdById: staffId,
      },
    });
    const status = lastText(await Talker.private(app, "1", "Cán bộ tỉnh").send("/tinhtrang 1"));
    // Units never sent anything are not counted as not acknowledging; they are listed apart, in code order.
    expect(status).toContain("Đã xác nhận: 0/0 đơn vị đã nhận được thông báo.");
    expect(status).toContain("Chưa có nhóm liên kết nên chưa gửi được (1.501 đơn vị): G1, G2, G3, G4,");
  }, 60_000);

  it("lists the latest announcements with their figures when no number is given", async () => {
    const ctx = await setup();
    const { app, worker, staff, sender } = ctx;
    expect(lastText(await staff.send("/tinhtrang"))).toBe(
      "Chưa có thông báo nào trong phạm vi của bạn. Gửi thông báo: /thongbao",
    );
    await sendPlan(ctx);
    await worker().drain();
    const button = (sender.to("-D2")[0]!.reply as { choices: { id: string }[] }).choices[0]!.id;
    const tu = Talker.group(app, "-D2", "61", "Anh Tú");
    await tu.send("Đã đọc");
    await tu.press(button);
    await sendPlan(ctx, PLAIN);
    const list = await staff.send("/tinhtrang");
    expect(lastText(list)).toBe(
      [
        "Các thông báo gần đây:",
        "Số 2 (09:00 02/03/2026): Họp giao ban tháng 3 lúc 8 giờ ngày 10/3/2026 tại hội trường LĐLĐ tỉnh.",
        "→ đã gửi 0/12 nhóm (lỗi 0, đang chờ 12); đã xác nhận 0/13 đơn vị",
        "Số 1 (09:00 02/03/2026): Nắm tình hình đoàn viên, người lao động đối với đại hội Đảng các cấp; tổ chức lấy ý kiến…",
        "→ đã gửi 12/12 nhóm (lỗi 0, đang chờ 0); đã xác nhận 1/13 đơn vị",
        "",
        "Xem từng đơn vị: /tinhtrang SỐ hoặc bấm nút.",
      ].join("\n"),
    );
    expect(lastText(await staff.press(pick(list, "Xem số 1")))).toMatch(/^Tình trạng thông báo số 1: Nắm tình hình/);
  });

  it("lets a district chair follow the province's announcements for their own units, without staff's buttons", async () => {
    const ctx = await setup();
    const { app, worker, sender } = ctx;
    await giveRole(app, "70", "Chủ tịch D1", "chair", "D1");
    const chair = Talker.private(app, "70", "Chủ tịch D1");
    expect(lastText(await chair.send("/tinhtrang"))).toBe("Chưa có thông báo nào gửi tới đơn vị của bạn.");
    await sendPlan(ctx);
    await worker().drain();
    const button = (sender.to("-G4")[0]!.reply as { choices: { id: string }[] }).choices[0]!.id;
    const lan = Talker.group(app, "-G4", "62", "Chị Lan");
    await lan.send("Đã đọc");
    await lan.press(button);
    expect(lastText(await chair.send("/tinhtrang"))).toBe(
      [
        "Các thông báo gần đây:",
        "Số 1 (09:00 02/03/2026): Nắm tình hình đoàn viên, người lao động đối với đại hội Đảng các cấp; tổ chức lấy ý kiến…",
        "→ đã gửi 4/4 nhóm (lỗi 0, đang chờ 0); đã xác nhận 1/4 đơn vị",
        "",
        "Xem từng đơn vị: /tinhtrang SỐ hoặc bấm nút.",
      ].join("\n"),
    );
    const detail = await chair.send("/tinhtrang 1");
    const text = lastText(detail);
    expect(text).toContain("Đã xác nhận: 1/4 đơn vị đã nhận được thông báo.");
    expect(text).toMatch(/• G4 CĐCS số 4: đã gửi 1, lỗi 0, đang chờ 0; đã nhận lúc .* \(Chị Lan\)/);
    expect(text).not.toContain("D2");
    expect(text).toContain("Chưa xác nhận: D1, G1, G7");
    // Reminding and re-sending stay with the staff who sent it.
    expect(choicesOf(detail).map((c) => c.label)).toEqual(["Cập nhật"]);
    expect(lastText(await chair.press("st|remind|1"))).toBe("Thông báo này nằm ngoài phạm vi của bạn.");
    // A chair of another district's unit still sees nothing of D1's units.
    await giveRole(app, "71", "Chủ tịch G2", "chair", "G2");
    expect(lastText(await Talker.private(app, "71", "Chủ tịch G2").send("/tinhtrang 1"))).not.toContain("G4");
  });
});
