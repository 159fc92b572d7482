/**
 * Right numbers across periods (issue 26: 1, 5, 7, 8; issue 30: 4), on a fake clock over half a year: a quarterly
 * figures deadline owed by two grassroots unions (H2) and a yes/no one owed by the province's eleven districts and
 * sectors (H1). Late figures land in the earliest period still owed; a yes/no share counts only the units that
 * answered; the export has a sheet for every figures deadline in scope; a plain /tiendo picks what the reader's own
 * unit owes; odd figures are questioned also on a first report.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import type { Outgoing } from "../src/platforms/port.js";
import { addFigureSheets } from "../src/reports/figures-sheets.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const at = (local: string) => new Date(`${local}+07:00`);

async function setup() {
  const clock = new FakeClock(at("2026-10-01T09:00:00"));
  const app = await testApp({ clock });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
  await giveRole(app, "10", "Chủ tịch Bình Lư", "chair", "LC-TD-01");
  await giveRole(app, "11", "Chủ tịch Chè Tam Đường", "chair", "LC-TD-02");
  await giveRole(app, "20", "Chủ tịch Tam Đường", "chair", "LC-TD");
  await giveRole(app, "21", "Chủ tịch Phong Thổ", "chair", "LC-PT");
  const staff = Talker.private(app, "1", "Cán bộ tỉnh");
  const binhLu = Talker.private(app, "10", "Chủ tịch Bình Lư");
  const cheTamDuong = Talker.private(app, "11", "Chủ tịch Chè Tam Đường");
  const tamDuong = Talker.private(app, "20", "Chủ tịch Tam Đường");
  const phongTho = Talker.private(app, "21", "Chủ tịch Phong Thổ");
  const actor = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const lc = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
  const create = async (phrase: string, what: string, owing: { id: number }[]) =>
    app.services.deadlines.create(actor, {
      what,
      phrase,
      spec: readDatePhrase(phrase)!.spec,
      owingUnitIds: owing.map((u) => u.id),
      rootUnitId: lc.id,
    });
  // H1: the districts and sectors say whether they held their workers' conference (the older deadline).
  await create(
    "trước ngày 31/12/2026",
    "Báo cáo hội nghị người lao động",
    await app.db.unit.findMany({ where: { parentId: lc.id } }),
  );
  await staff.send("/chitieu H1 them Đã tổ chức hội nghị người lao động | cokhong");
  // H2: two grassroots unions of Tam Đường report each quarter (the newer deadline).
  await create(
    "hàng quý",
    "Báo cáo số liệu phát triển đoàn viên",
    await app.db.unit.findMany({ where: { code: { in: ["LC-TD-01", "LC-TD-02"] } } }),
  );
  await staff.send("/chitieu H2 them Kết nạp đoàn viên | người | 15");
  await staff.send("/chitieu H2 them Tỷ lệ đoàn viên được tập huấn | % | 80");
  return { app, clock, staff, binhLu, cheTamDuong, tamDuong, phongTho };
}

const pick = (out: Outgoing[], suffix: string) => {
  const c = choicesOf(out).find((x) => x.id.endsWith(`|${suffix}`));
  if (!c) throw new Error(`no choice ${suffix} in ${texts(out).join(" / ")}`);
  return c.id;
};

/** A chair answers /baocaoso H2 with these figures, confirming odd ones, and sends. What was said last. */
async function report(chair: Talker, values: string[]): Promise<Outgoing[]> {
  let out = await chair.send("/baocaoso H2");
  for (const v of values) {
    out = await chair.send(v);
    if (choicesOf(out).some((c) => c.id.endsWith("|yes"))) out = await chair.press(pick(out, "yes"));
  }
  return chair.press(pick(out, "send"));
}

describe("late figures (26.1)", () => {
  it("go to the earliest period still owed, are compared with the last one, and the unit goes on to the next", async () => {
    const { clock, staff, binhLu } = await setup();
    clock.set(at("2026-12-20T09:00:00"));
    await report(binhLu, ["12", "85,5"]);
    // 01/05/2027: quý I/2027 is 31 days overdue, quý II/2027 has begun.
    clock.set(at("2027-05-01T09:00:00"));
    let out = await binhLu.send("/baocaoso H2");
    expect(lastText(out)).toContain("Kỳ: quý I/2027 (hạn 31/03/2027)");
    expect(lastText(out)).toContain("Kỳ trước: 12");
    out = await binhLu.send("50");
    expect(lastText(out)).toContain("Số 50 khác nhiều so với kỳ trước (12).");
    out = await binhLu.press(pick(out, "yes"));
    expect(lastText(out)).toContain("Kỳ trước: 85,5%");
    out = await binhLu.send("90");
    expect(lastText(out)).toContain("Số liệu của CĐCS Ủy ban nhân dân xã Bình Lư, kỳ quý I/2027:");
    out = await binhLu.press(pick(out, "send"));
    expect(texts(out)).toEqual([
      "Đã gửi số liệu của CĐCS Ủy ban nhân dân xã Bình Lư (sau hạn, được ghi là nộp muộn).\n" +
        "Kỳ quý II/2027 (hạn 30/06/2027) đã bắt đầu: bấm nút dưới đây để báo cáo tiếp.",
    ]);
    expect(choicesOf(out)).toEqual([{ id: "bcs|H2", label: "Báo cáo kỳ quý II/2027" }]);

    // Every view reads the period the figures went to.
    const detail = lastText(await staff.send("/hanchot H2"));
    expect(detail).toContain("• LC-TD-01 CĐCS Ủy ban nhân dân xã Bình Lư: đã nộp muộn ngày 01/05/2027");
    const progress = texts(await binhLu.send("/tiendo"))[0]!;
    expect(progress).toContain("Kỳ: quý I/2027 (hạn 31/03/2027)");
    expect(progress).toContain("1. Kết nạp đoàn viên (người): 62");
    expect(progress).toContain("Theo kỳ: 31/12: 12 · 31/03: 62");

    // The next period, from the button: last period is now quý I/2027's.
    out = await binhLu.press("bcs|H2");
    expect(lastText(out)).toContain("Kỳ: quý II/2027 (hạn 30/06/2027)");
    expect(lastText(out)).toContain("Kỳ trước: 50");
  });

  it("say the next period is overdue too when its due day has gone by, not that it has begun", async () => {
    const { clock, binhLu } = await setup();
    clock.set(at("2026-12-20T09:00:00"));
    await report(binhLu, ["12", "85,5"]);
    // 01/08/2027: quý I/2027 and quý II/2027 are both overdue.
    clock.set(at("2027-08-01T09:00:00"));
    const out = await report(binhLu, ["14", "86"]);
    expect(texts(out)).toEqual([
      "Đã gửi số liệu của CĐCS Ủy ban nhân dân xã Bình Lư (sau hạn, được ghi là nộp muộn).\n" +
        "Kỳ quý II/2027 (hạn 30/06/2027) cũng đã quá hạn 32 ngày: bấm nút dưới đây để báo cáo tiếp.",
    ]);
  });
});

describe("/danop on a deadline that asks for figures", () => {
  it("points to /baocaoso with its button instead of marking it sent without figures; staff can still excuse", async () => {
    const { app, clock, staff, binhLu } = await setup();
    clock.set(at("2026-12-20T09:00:00"));
    const out = await binhLu.send("/danop H2");
    expect(texts(out)).toEqual([
      "Hạn H2 cần số liệu: gõ /baocaoso H2 (hoặc bấm nút dưới đây) để báo cáo; số liệu gửi xong được tính là đã nộp.",
    ]);
    expect(choicesOf(out)).toEqual([{ id: "bcs|H2", label: "Báo cáo số liệu" }]);
    expect(await app.db.submission.count()).toBe(0);
    expect(lastText(await staff.send("/danop H2 LC-TD-01 mien đơn vị giải thể"))).toContain("miễn");
    expect(await app.db.submission.count({ where: { kind: "excused" } })).toBe(1);
  });
});

describe("a yes/no figure (26.5)", () => {
  it("shows '—' where nobody answered, and the share over the units that did, with how many", async () => {
    const { clock, staff, tamDuong } = await setup();
    clock.set(at("2026-12-01T09:00:00"));
    const before = texts(await staff.send("/tiendo LC H1"))[0]!;
    expect(before).toContain("1. Đã tổ chức hội nghị người lao động (có/không): —");
    expect(before).toContain("• LĐLĐ huyện Tam Đường (LC-TD): —");
    expect(before).not.toContain("0% đơn vị");
    let out = await tamDuong.send("/baocaoso H1");
    out = await tamDuong.press(pick(out, "1"));
    await tamDuong.press(pick(out, "send"));
    const after = texts(await staff.send("/tiendo LC H1"))[0]!;
    expect(after).toContain("1. Đã tổ chức hội nghị người lao động (có/không): 100% đơn vị (1/11 đơn vị đã báo cáo)");
    expect(after).toContain("• LĐLĐ huyện Tam Đường (LC-TD): 100% đơn vị");
    expect(after).toContain("• LĐLĐ huyện Phong Thổ (LC-PT): —");
    expect(after).not.toContain("9,1%");
  });
});

describe("the export (26.7)", () => {
  it("has a sheet per indicator of every figures deadline in the reader's scope, named by code and indicator", async () => {
    const { app, clock, binhLu, tamDuong } = await setup();
    clock.set(at("2026-12-20T09:00:00"));
    await report(binhLu, ["12", "85,5"]);
    let out = await tamDuong.send("/baocaoso H1");
    out = await tamDuong.press(pick(out, "1"));
    await tamDuong.press(pick(out, "send"));
    const wb = new ExcelJS.Workbook();
    const district = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD" } });
    const n = await addFigureSheets(wb, app.db, district.id, {
      t: (k, a) => app.i18n.t("vi", k, a),
      now: clock.now(),
      timezone: "Asia/Ho_Chi_Minh",
    });
    expect(n).toBe(3);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "H1 1 Đã tổ chức hội nghị người",
      "H2 1 Kết nạp đoàn viên",
      "H2 2 Tỷ lệ đoàn viên được tập",
    ]);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([
      "H1: Đã tổ chức hội nghị người lao động",
    ]);
    // The same sheets go into /xuatbaocao's streaming workbook (written to a file, read back).
    const file = path.join(os.tmpdir(), `figures-${process.pid}-${Date.now()}.xlsx`);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    await addFigureSheets(writer, app.db, district.id, {
      t: (k, a) => app.i18n.t("vi", k, a),
      now: clock.now(),
      timezone: "Asia/Ho_Chi_Minh",
    });
    await writer.commit();
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    fs.rmSync(file, { force: true });
    expect(back.worksheets.map((w) => w.name)).toEqual(wb.worksheets.map((w) => w.name));
  });
});

describe("a plain /tiendo (26.8)", () => {
  it("picks the deadline the reader's own unit owes, before newer ones its units owe", async () => {
    const { clock, staff, binhLu, tamDuong } = await setup();
    clock.set(at("2026-12-20T09:00:00"));
    expect(texts(await tamDuong.send("/tiendo"))[0]).toMatch(
      /^TIẾN ĐỘ H1: Báo cáo hội nghị người lao động — LĐLĐ huyện Tam Đường/,
    );
    expect(texts(await binhLu.send("/tiendo"))[0]).toMatch(/^TIẾN ĐỘ H2: /);
    // Staff of the province, which owes nothing itself: the newest deadline owed in the scope.
    expect(texts(await staff.send("/tiendo"))[0]).toMatch(/^TIẾN ĐỘ H2: /);
  });
});

describe("odd figures in /baocaoso (30.4)", () => {
  it("are questioned on a first report when over the unit's members or far above its target, and on a jump", async () => {
    const { app, clock, binhLu, cheTamDuong } = await setup();
    const [members] = await app.services.indicators.indicatorsOf((await app.services.deadlines.byCode("H2"))!.id);
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
    await app.db.unitTarget.create({
      data: { indicatorId: members!.id, unitId: unit.id, value: 15, source: "hand", setById: 1 },
    });
    clock.set(at("2026-12-20T09:00:00"));
    await binhLu.send("/baocaoso H2");
    let out = await binhLu.send("1.000");
    expect(lastText(out)).toBe(
      [
        "Số 1.000 nhiều hơn số đoàn viên của CĐCS Ủy ban nhân dân xã Bình Lư (27).",
        "Số 1.000 cao hơn nhiều so với chỉ tiêu của đơn vị (15).",
        "Có đúng không?",
      ].join("\n"),
    );
    out = await binhLu.press(pick(out, "no"));
    expect(lastText(out)).toContain("Chỉ tiêu 1/2: Kết nạp đoàn viên (người)");
    out = await binhLu.send("40");
    expect(lastText(out)).toBe(
      ["Số 40 nhiều hơn số đoàn viên của CĐCS Ủy ban nhân dân xã Bình Lư (27).", "Có đúng không?"].join("\n"),
    );
    out = await binhLu.press(pick(out, "no"));
    out = await binhLu.send("12");
    expect(lastText(out)).toContain("Chỉ tiêu 2/2");
    // A unit without a target of its own (145 members): 100 is within its members, and nothing to compare with yet.
    await cheTamDuong.send("/baocaoso H2");
    expect(lastText(await cheTamDuong.send("100"))).toContain("Chỉ tiêu 2/2");
  });
});
