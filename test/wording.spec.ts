/** What a first-time user reads: counts that match, nothing said twice, and no answer that points nowhere. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { choicesOf, giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const PLAN_143 = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures", "plans", "143-KH-LDLD-2025-thang-cao-diem-phat-trien-doan-vien.txt"),
  "utf8",
);

describe("the wording staff and chairs read", () => {
  it("counts every past deadline in the preview (the recurring ones too) and says each period's month once", async () => {
    const app = await testApp(); // 02/03/2026: two of plan 143's three deadlines have gone by
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    await staff.send("/thongbao");
    const preview = lastText(await staff.send(PLAN_143));
    expect(preview).toContain("⚠ 2 hạn đã qua so với hôm nay."); // the dated one and the weekly series of 2025
    expect(preview).toContain("• Đợt 1 tháng cao điểm: Tháng 5 năm 2025\n• Đợt 2 tháng cao điểm: Tháng 7 năm 2025");
  });

  it("says how many units a broadcast reaches apart from those that have no group", async () => {
    const app = await testApp();
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    const td01 = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
    await app.db.chat.create({ data: { platform: "telegram", platformChatId: "-1", kind: "group", unitId: td01.id } });
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    await staff.send("/thongbao");
    const preview = await staff.send("Họp giao ban ngày 10/3/2026 tại hội trường LĐLĐ tỉnh.");
    const confirm = await staff.press(choicesOf(preview).find((c) => c.label.startsWith("Toàn bộ"))!.id);
    expect(lastText(confirm)).toBe(
      "Sẽ gửi tới 1 nhóm chat của 1 đơn vị; 35 đơn vị khác được chọn chưa có nhóm liên kết nên chưa nhận được.",
    );
    await staff.send("/ngonngu en");
    await staff.send("/announce");
    const en = await staff.send("Briefing on 10/3/2026.");
    const confirmEn = await staff.press(choicesOf(en).find((c) => c.label.startsWith("All units"))!.id);
    expect(lastText(confirmEn)).toBe(
      "It will go to 1 group chat of 1 unit; 35 other chosen units have no linked group, so they do not get it yet.",
    );
  });

  it("tells staff why a deadline they added has no proposed indicators, and /trogiup names the subcommands that exist", async () => {
    const app = await testApp();
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    await staff.send("/themhanchot");
    await staff.send("Báo cáo sơ kết");
    await staff.send("trước ngày 31/3/2026");
    const units = await staff.send("LC-TD-01");
    await staff.press(choicesOf(units).find((c) => c.label === "Lưu")!.id);
    expect(lastText(await staff.send("/chitieu H1"))).toBe(
      "Hạn H1 do cán bộ thêm, không đến từ kế hoạch nào, nên bot không có chỉ tiêu để đề xuất. Thêm bằng tay: /chitieu H1 them Tên | người | 70",
    );
    const help = lastText(await staff.send("/trogiup"));
    expect(help).toContain("/chitieu MÃ_HẠN [dung | them … | sua SỐ …]");
    expect(help).not.toContain("dexuat");
  });

  it("names the unit a chair reports figures for from the first question, not only at the review", async () => {
    const app = await testApp();
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    await giveRole(app, "2", "Chủ tịch", "chair", "LC-TD-01");
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    await staff.send("/themhanchot");
    await staff.send("Báo cáo số liệu đoàn viên");
    await staff.send("trước ngày 31/3/2026");
    const units = await staff.send("LC-TD-01");
    await staff.press(choicesOf(units).find((c) => c.label === "Lưu")!.id);
    await staff.send("/chitieu H1 them Kết nạp đoàn viên mới | người | 20");
    const first = lastText(await Talker.private(app, "2", "Chủ tịch").send("/baocaoso"));
    expect(first).toMatch(
      /^Số liệu của CĐCS Ủy ban nhân dân xã Bình Lư\nChỉ tiêu 1\/1: Kết nạp đoàn viên mới \(người\)/,
    );
  });
});
