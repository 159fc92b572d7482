import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { participation } from "../src/domain/tally.js";
import type { Outgoing } from "../src/platforms/port.js";
import { midSentence, reportSubject } from "../src/reports/docx-report.js";
import { signatureName } from "../src/reports/signer.js";
import { moveUnit } from "../src/services/unit-import.js";
import { giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const OUTPUT = path.join(import.meta.dirname, "..", "test-output");

// P ─┬─ D1 ─┬─ G1 (10) ── T1 (4)      Four levels; D1, D2 and P have no members of their own.
//    │      └─ G2 (10)
//    └─ D2 ─┬─ G3 (20)
//           └─ G4 (8)
const TREE = `code,name,kind,parent_code,member_count
P,Liên đoàn Lao động tỉnh,province,,0
D1,LĐLĐ huyện Một,district,P,0
D2,LĐLĐ huyện Hai,district,P,0
G1,CĐCS Gia Một,grassroots,D1,10
T1,Tổ công đoàn Một,other,G1,4
G2,CĐCS Gia Hai,grassroots,D1,10
G3,CĐCS Gia Ba,grassroots,D2,20
G4,CĐCS Gia Bốn,grassroots,D2,8
`;

let app: App & { clock: import("../src/clock.js").FakeClock };
let consultationId: number;
let items: number[];

/** Through the service, as the conversation does: the participation table stays in step with the opinions. */
async function opinion(
  person: string,
  unit: string,
  item: number,
  kind: "agree" | "add" | "amend" | "propose" | "other",
  text: string,
  withdraw = false,
) {
  await giveRole(app, person, `Người ${person}`, "member", unit);
  const actor = await app.services.people.resolve("telegram", person, `Người ${person}`);
  const u = await app.db.unit.findUniqueOrThrow({ where: { code: unit } });
  const r = await app.services.opinions.give(actor, { consultationId, itemId: items[item]!, unitId: u.id, kind, text });
  if (!r.ok) throw new Error(r.problem);
  if (withdraw) await app.services.opinions.withdraw(actor.personId, r.id);
}

beforeAll(async () => {
  app = await testApp({ units: TREE });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const r = await app.services.consultations.open(staff, {
    title: "dự thảo văn kiện",
    items: ["Báo cáo chính trị", "Báo cáo kinh tế"],
    rootUnitCode: "P",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
  if (!r.ok) throw new Error(r.problem);
  consultationId = r.consultation.id;
  items = r.consultation.items.map((i) => i.id);
  await opinion("a", "G1", 0, "agree", "Tán thành toàn bộ.");
  await opinion("a", "G1", 1, "add", "Bổ sung mục tiêu việc làm.");
  await opinion("b", "G1", 0, "amend", "Sửa câu chữ đoạn 2.");
  await opinion("c", "T1", 0, "propose", "Kiến nghị tăng lương tối thiểu vùng.");
  await opinion("d", "G2", 1, "other", "Ý kiến khác về đào tạo nghề.");
  await opinion("e", "G2", 0, "agree", "Đã rút.", true);
  await giveRole(app, "20", "Chủ tịch Gia Ba", "chair", "G3");
  const chair = await app.services.people.resolve("telegram", "20", "Chủ tịch Gia Ba");
  const g3 = await app.db.unit.findUniqueOrThrow({ where: { code: "G3" } });
  const saved = await app.services.opinions.saveMeeting(chair, {
    consultationId,
    unitId: g3.id,
    heldOn: "2026-02-20",
    attendees: 15,
    items: [
      { itemId: items[0]!, counts: { agree: 5, add: 0, amend: 1, propose: 0, other: 0 }, keyPoints: "Nhất trí cao." },
      { itemId: items[1]!, counts: { agree: 2, add: 2, amend: 0, propose: 0, other: 1 }, keyPoints: "" },
    ],
  });
  if (!saved.ok) throw new Error(saved.problem);
  await giveRole(app, "10", "Chủ tịch huyện Một", "chair", "D1");
});

async function tallyOf(unitCode: string) {
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const r = await app.services.tally.forActor(staff, unitCode);
  if (!r.ok) throw new Error(r.problem);
  return r.tally;
}

describe("the tally rolls counts up through every level", () => {
  it("matches hand-computed numbers at each level (a withdrawn opinion is not counted)", async () => {
    const t = await tallyOf("P");
    const byCode = new Map<string, typeof t.root>();
    const walk = (n: typeof t.root) => {
      byCode.set(n.unit.code, n);
      n.children.forEach(walk);
    };
    walk(t.root);
    const pick = (code: string) => {
      const c = byCode.get(code)!.total;
      return {
        members: c.members,
        people: c.people,
        opinions: c.opinions,
        meetings: c.meetings,
        attendees: c.attendees,
        meetingOpinions: c.meetingOpinions,
      };
    };
    expect(pick("T1")).toEqual({ members: 4, people: 1, opinions: 1, meetings: 0, attendees: 0, meetingOpinions: 0 });
    expect(pick("G1")).toEqual({ members: 14, people: 3, opinions: 4, meetings: 0, attendees: 0, meetingOpinions: 0 });
    expect(pick("G2")).toEqual({ members: 10, people: 1, opinions: 1, meetings: 0, attendees: 0, meetingOpinions: 0 });
    expect(pick("D1")).toEqual({ members: 24, people: 4, opinions: 5, meetings: 0, attendees: 0, meetingOpinions: 0 });
    expect(pick("D2")).toEqual({
      members: 28,
      people: 0,
      opinions: 0,
      meetings: 1,
      attendees: 15,
      meetingOpinions: 11,
    });
    expect(pick("P")).toEqual({ members: 52, people: 4, opinions: 5, meetings: 1, attendees: 15, meetingOpinions: 11 });
    const p = t.root.total;
    expect(p.byKind).toEqual({ agree: 1, add: 1, amend: 1, propose: 1, other: 1 });
    expect(p.meetingByKind).toEqual({ agree: 7, add: 2, amend: 1, propose: 0, other: 1 });
    expect(p.byItem[items[0]!]).toEqual({ agree: 1, add: 0, amend: 1, propose: 1, other: 0 });
    expect(p.meetingByItem[items[1]!]).toEqual({ agree: 2, add: 2, amend: 0, propose: 0, other: 1 });
    expect(participation(p)).toBe(7.7);
    expect(participation(byCode.get("D1")!.total)).toBe(16.7);
    expect(p.unitsWithMembers - p.unitsTakingPart).toBe(1); // G4
  });

  it("counts a meeting's opinions in the line of the unit that held it", async () => {
    const text = texts(await Talker.private(app, "1", "Cán bộ tỉnh").send("/tonghop P"))[0]!;
    expect(text).toContain("• LĐLĐ huyện Hai (D2): 0/28 người (0,0%), 0 ý kiến cá nhân, 1 hội nghị (11 ý kiến)");
  });

  it("sends the chair a short text with the top of the tree and a chart picture", async () => {
    const out = await Talker.private(app, "10", "Chủ tịch huyện Một").send("/tonghop");
    const text = texts(out)[0]!;
    expect(text).toContain("TỔNG HỢP Ý KIẾN GY1: dự thảo văn kiện");
    expect(text).toContain("Đoàn viên góp ý: 4/24 (16,7%)");
    expect(text).toContain("Ý kiến cá nhân: 5 (Đồng ý 1, Bổ sung 1, Sửa đổi 1, Kiến nghị 1, Khác 1)");
    expect(text).toContain("• CĐCS Gia Một (G1): 3/14 người (21,4%), 4 ý kiến cá nhân, 0 hội nghị (0 ý kiến)");
    expect(text).toContain("Chi tiết: /xuatbaocao D1 GY1");
    expect(text.split("\n").length).toBeLessThan(25);
    const picture = out.find((o) => o.reply.kind === "picture")!.reply as Extract<
      Outgoing["reply"],
      { kind: "picture" }
    >;
    const png = PNG.sync.read(Buffer.from(picture.data));
    expect(png.width).toBe(900);
    expect(png.height).toBeGreaterThan(150);
    let dark = 0;
    let coloured = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      if (r < 80 && g < 80 && b < 80) dark++;
      if (b > 150 && r < 80) coloured++;
    }
    expect(dark).toBeGreaterThan(2000); // text drawn
    expect(coloured).toBeGreaterThan(500); // participation bars drawn
  });

  it("refuses a unit outside the chair's subtree, politely, and unknown codes", async () => {
    const chair = Talker.private(app, "10", "Chủ tịch huyện Một");
    expect(lastText(await chair.send("/tonghop D2"))).toBe(
      "Bạn chỉ xem được tổng hợp của đơn vị mình và các đơn vị trực thuộc; LĐLĐ huyện Hai nằm ngoài phạm vi đó.",
    );
    expect(lastText(await chair.send("/tonghop P"))).toMatch(/nằm ngoài phạm vi/);
    expect(lastText(await chair.send("/tonghop XYZ"))).toBe("Không tìm thấy đơn vị hoặc đợt có mã XYZ.");
    expect(lastText(await chair.send("/tonghop G1 GY9"))).toBe("Không có đợt lấy ý kiến GY9.");
    expect(lastText(await Talker.private(app, "a", "Người a").send("/tonghop"))).toBe(
      "Chỉ chủ tịch công đoàn và cán bộ mới xem được tổng hợp.",
    );
    expect(texts(await chair.send("/tonghop G1"))[0]).toContain("Đoàn viên góp ý: 3/14");
  });

  it("counts a unit moved to another parent under the new one", async () => {
    await moveUnit(app.db, "G2", (await app.db.unit.findUniqueOrThrow({ where: { code: "D2" } })).id);
    try {
      const t = await tallyOf("P");
      const d1 = t.root.children.find((c) => c.unit.code === "D1")!.total;
      const d2 = t.root.children.find((c) => c.unit.code === "D2")!.total;
      expect([d1.members, d1.people, d1.opinions]).toEqual([14, 3, 4]);
      expect([d2.members, d2.people, d2.opinions]).toEqual([38, 1, 1]);
      expect(t.root.total.people).toBe(4);
    } finally {
      await moveUnit(app.db, "G2", (await app.db.unit.findUniqueOrThrow({ where: { code: "D1" } })).id);
    }
  });
});

describe("exports", () => {
  async function files(): Promise<Map<string, Uint8Array>> {
    const out = await Talker.private(app, "1", "Cán bộ tỉnh").send("/xuatbaocao P GY1");
    const map = new Map<string, Uint8Array>();
    for (const o of out)
      if (o.reply.kind === "file") map.set(o.reply.fileName.split(".").pop()!, o.reply.data as Uint8Array);
    return map;
  }

  it("sends .xlsx, .csv and .docx that open and contain the figures", async () => {
    const f = await files();
    expect([...f.keys()].sort()).toEqual(["csv", "docx", "xlsx"]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.get("xlsx")!) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tổng hợp", "Ý kiến", "Hội nghị"]);
    const rollup = wb.getWorksheet("Tổng hợp")!;
    const d1 = rollup.getRows(2, rollup.rowCount - 1)!.find((r) => r.getCell(1).value === "D1")!;
    expect([d1.getCell(3).value, d1.getCell(4).value, d1.getCell(5).value, d1.getCell(6).value]).toEqual([
      24, 4, 16.7, 5,
    ]);
    const opinions = wb.getWorksheet("Ý kiến")!;
    expect(opinions.rowCount).toBe(6);
    const texts = opinions.getRows(2, 5)!.map((r) => r.getCell(7).value);
    expect(texts).toContain("Kiến nghị tăng lương tối thiểu vùng.");
    expect(texts).not.toContain("Đã rút.");
    expect(opinions.getRows(2, 5)!.map((r) => r.getCell(8).value)).toContain("Người c");
    expect(wb.getWorksheet("Hội nghị")!.rowCount).toBe(3);

    const csv = Buffer.from(f.get("csv")!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvText = csv.toString("utf8");
    expect(csvText).toContain("Mã ý kiến,Mã đơn vị,Đơn vị,Nội dung,Loại ý kiến,Ngày,Ý kiến,Người góp ý");
    expect(csvText).toContain("Bổ sung mục tiêu việc làm.");

    const docText = (await mammoth.extractRawText({ buffer: Buffer.from(f.get("docx")!) })).value;
    fs.mkdirSync(OUTPUT, { recursive: true });
    fs.writeFileSync(path.join(OUTPUT, "report-p.docx"), f.get("docx")!);
    expect(docText).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(docText).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(docText).toMatch(/Lai Châu, ngày 02 tháng 03 năm 2026/);
    expect(docText).toContain("BÁO CÁO");
    expect(docText).toContain("Tổng hợp ý kiến góp ý dự thảo văn kiện");
    expect(docText).toContain("Số đoàn viên góp ý: 4/52 (7,7%)");
    expect(docText).toContain("- Sửa câu chữ đoạn 2. (CĐCS Gia Một; Người b)");
    expect(docText).toContain("CĐCS Gia Ba (20/02/2026, 15 người dự)");
    expect(docText).toContain("Nơi nhận:");
    // Individual, meeting and total counts side by side, per kind and in all.
    expect(docText).toContain("tổng số ý kiến: 16.");
    expect(docText).toMatch(/Loại ý kiến\s+Cá nhân\s+Qua hội nghị\s+Tổng cộng/);
    expect(docText).toMatch(/Đồng ý\s+1\s+7\s+8/);
    expect(docText).toMatch(/Tổng số\s+5\s+11\s+16/);
    // The province reports to the confederation; staff sign for the chair (KT.), the name alone on its line.
    expect(docText).toContain("- Tổng Liên đoàn Lao động Việt Nam (để báo cáo);\n");
    expect(docText).toContain("- Lưu: VT.");
    expect(docText).toMatch(/TM\. BAN THƯỜNG VỤ\s+KT\. CHỦ TỊCH\s+PHÓ CHỦ TỊCH\s+Cán bộ tỉnh\s*$/);
  });

  it("has the chair sign a district's report (TM.) and sends it to the province, named in Nơi nhận", async () => {
    await giveRole(app, "11", "Lò Văn Nam (chủ tịch LĐLĐ huyện Một)", "chair", "D1");
    const out = await Talker.private(app, "11", "Lò Văn Nam (chủ tịch LĐLĐ huyện Một)").send("/xuatbaocao D1 GY1");
    const docx = out.find((o) => o.reply.kind === "file" && o.reply.fileName.endsWith(".docx"))!.reply as {
      data: Uint8Array;
    };
    const docText = (await mammoth.extractRawText({ buffer: Buffer.from(docx.data) })).value;
    expect(docText).toContain("LIÊN ĐOÀN LAO ĐỘNG TỈNH\n");
    expect(docText).toContain("- Liên đoàn Lao động tỉnh (để báo cáo);");
    expect(docText).toContain("- Các công đoàn trực thuộc;");
    expect(docText).toMatch(/TM\. BAN THƯỜNG VỤ\s+CHỦ TỊCH\s+Lò Văn Nam\s*$/);
    expect(docText).not.toContain("KT.");
    fs.mkdirSync(OUTPUT, { recursive: true });
    fs.writeFileSync(path.join(OUTPUT, "report-d1.docx"), docx.data);
  });

  it("writes a title that continues the sentence without a capital, unless it starts with a name or acronym", () => {
    expect(midSentence("Nắm tình hình tư tưởng đoàn viên")).toBe("nắm tình hình tư tưởng đoàn viên");
    expect(midSentence("Dự thảo Báo cáo chính trị")).toBe("dự thảo Báo cáo chính trị");
    expect(midSentence("Đại hội Công đoàn tỉnh lần thứ XV")).toBe("Đại hội Công đoàn tỉnh lần thứ XV");
    expect(midSentence("KH 122/KH-LĐLĐ")).toBe("KH 122/KH-LĐLĐ");
    // The template already says "ý kiến góp ý": a consultation titled "Góp ý …" does not repeat it.
    expect(reportSubject("Góp ý dự thảo văn kiện Đại hội")).toBe("dự thảo văn kiện Đại hội");
    expect(reportSubject("Lấy ý kiến góp ý vào Dự thảo Báo cáo chính trị")).toBe("dự thảo Báo cáo chính trị");
    expect(reportSubject("Nắm tình hình đoàn viên")).toBe("nắm tình hình đoàn viên");
    expect(signatureName("Nguyễn Thị Hoa (chủ tịch LĐLĐ Tam Đường)")).toBe("Nguyễn Thị Hoa");
  });

  it("hides authors when the setting says so", async () => {
    const hidden = await testApp({ db: app.db, env: { EXPORT_HIDE_AUTHORS: "true" } });
    const out = await Talker.private(hidden, "1", "Cán bộ tỉnh").send("/xuatbaocao P GY1");
    const csv = Buffer.from(
      (out.find((o) => o.reply.kind === "file" && o.reply.fileName.endsWith(".csv"))!.reply as any).data,
    ).toString("utf8");
    expect(csv).not.toContain("Người c");
    expect(csv).toContain("(ẩn danh)");
  });

  it("moves to the private chat when asked in a group, and refuses outside the subtree", async () => {
    const out = await Talker.group(app, "-900", "10", "Chủ tịch huyện Một").send("/xuatbaocao");
    expect(out[0]!.reply).toMatchObject({ kind: "continue-privately", payload: "baocao_D1_GY1" });
    expect(lastText(await Talker.private(app, "10", "Chủ tịch huyện Một").send("/xuatbaocao D2"))).toMatch(
      /nằm ngoài phạm vi/,
    );
  });
});
