import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlTime } from "../src/db/client.js";
import type { Outgoing } from "../src/platforms/port.js";
import { giveRole, Talker, testApp, texts } from "./helpers/app.js";
import { bigTree } from "./helpers/big-tree.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

// 2,550 opinions over 300 grassroots unions, one in fifty withdrawn: 2,499 to export.
const WRITTEN = 2_550;
const ACTIVE = WRITTEN - Math.floor(WRITTEN / 50);

/** A province of 311 units with a consultation of two items and its opinions, written set-based. */
async function province(env: Record<string, string> = {}) {
  const app = await testApp({ units: false, env });
  await bigTree(app.db, { districts: 10, grassroots: 300, groups: 0 });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const r = await app.services.consultations.open(staff, {
    title: "dự thảo văn kiện",
    items: ["Báo cáo chính trị", "Báo cáo kinh tế"],
    rootUnitCode: "P",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
  if (!r.ok) throw new Error(r.problem);
  const [first, second] = r.consultation.items.map((i) => i.id);
  const now = sqlTime(app.clock.now());
  const series = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${WRITTEN})`;
  await app.db.$executeRawUnsafe(
    `${series} INSERT INTO "Person" (id, "displayName", language, "createdAt")
     SELECT 10000 + i, 'Đoàn viên ' || i, 'vi', ? FROM n`,
    now,
  );
  await app.db.$executeRawUnsafe(
    `${series} INSERT INTO "Opinion" ("consultationId", "itemId", "unitId", "personId", kind, text, status, "createdAt", "updatedAt")
     SELECT ${r.consultation.id}, CASE WHEN i % 2 = 0 THEN ${first} ELSE ${second} END, 12 + i % 300, 10000 + i,
            CASE i % 5 WHEN 0 THEN 'agree' WHEN 1 THEN 'add' WHEN 2 THEN 'amend' WHEN 3 THEN 'propose' ELSE 'other' END,
            'Ý kiến số ' || i, CASE WHEN i % 50 = 0 THEN 'withdrawn' ELSE 'active' END, ?, ?
       FROM n`,
    now,
    now,
  );
  await app.db.$executeRawUnsafe(
    `INSERT INTO "Participation" ("consultationId", "unitId", "personId", opinions)
     SELECT "consultationId", "unitId", "personId", COUNT(*) FROM "Opinion" WHERE status = 'active'
      GROUP BY "consultationId", "unitId", "personId"`,
  );
  return { app, code: r.consultation.code, talker: Talker.private(app, "1", "Cán bộ tỉnh") };
}

const files = (out: Outgoing[], ext: string) =>
  out.flatMap((o) => (o.reply.kind === "file" && o.reply.fileName.endsWith(ext) ? [o.reply] : []));
const bytes = (d: unknown) => Buffer.from(d as Uint8Array);
const csvRows = (d: unknown) =>
  parse(
    bytes(d)
      .toString("utf8")
      .replace(/^\uFEFF/, ""),
    { relax_column_count: true },
  );

describe("an export whose opinions need more than one file", () => {
  let out: Outgoing[];
  let code: string;
  beforeAll(async () => {
    const p = await province({ EXPORT_OPINIONS_PER_FILE: "1000" });
    code = p.code;
    out = await p.talker.send(`/xuatbaocao P ${code}`);
  }, 300_000);

  it("sends every opinion in .csv parts of 1,000, each saying which part it is, and says so in the chat", () => {
    const parts = files(out, ".csv");
    expect(parts.map((f) => f.fileName)).toEqual(
      [1, 2, 3].map((k) => `tong-hop-${code.toLowerCase()}-p-phan-${k}.csv`),
    );
    const ids: string[] = [];
    for (const [k, f] of parts.entries()) {
      const rows = csvRows(f.data) as string[][];
      expect(rows[0]![0]).toBe("Mã ý kiến");
      const note = rows.at(-1)!;
      expect(note).toEqual([
        `Phần ${k + 1}/3 của danh sách 2.499 ý kiến (mỗi phần tối đa 1.000 ý kiến); các phần khác ở tệp .csv và trang tính cùng tên, số phần khác.`,
      ]);
      ids.push(...rows.slice(1, -1).map((r) => r[0]!));
    }
    expect(ids.length).toBe(ACTIVE);
    expect(new Set(ids).size).toBe(ACTIVE);
    expect(texts(out)).toContain(
      'Danh sách có 2.499 ý kiến, dài hơn một tệp nên giữ, nên được chia thành 3 tệp .csv (mỗi tệp tối đa 1.000 ý kiến) và 3 trang tính "Ý kiến (1)"… trong tệp .xlsx; không ý kiến nào bị bỏ.',
    );
  });

  it("puts the same parts on sheets of the workbook, each ending with its note", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes(files(out, ".xlsx")[0]!.data) as unknown as ArrayBuffer);
    const sheets = [1, 2, 3].map((k) => wb.getWorksheet(`Ý kiến (${k})`)!);
    expect(sheets.map((s) => s.rowCount)).toEqual([1002, 1002, 501]);
    expect(String(sheets[2]!.getRow(501).getCell(1).value)).toMatch(/^Phần 3\/3 của danh sách 2\.499 ý kiến/);
    expect(wb.getWorksheet("Tổng hợp")!.rowCount).toBe(1 + 311);
  });

  it("quotes the first 2,000 opinions in the .docx, counts every one and says where the rest are", async () => {
    const docx = files(out, ".docx")[0]!;
    const text = (await mammoth.extractRawText({ buffer: bytes(docx.data) })).value;
    expect(text).toContain(
      "Báo cáo trích 2.000 trong 2.499 ý kiến; toàn bộ ý kiến có trong tệp .xlsx và .csv gửi kèm.",
    );
    expect(text.match(/^- Ý kiến số \d+/gm)?.length).toBe(2000);
  });
});

describe("an export that fits one file", () => {
  it("sends one .csv with every opinion and no note", async () => {
    const p = await province();
    const out = await p.talker.send(`/xuatbaocao P ${p.code}`);
    const csv = files(out, ".csv");
    expect(csv.map((f) => f.fileName)).toEqual([`tong-hop-${p.code.toLowerCase()}-p.csv`]);
    expect((csvRows(csv[0]!.data) as string[][]).length).toBe(1 + ACTIVE);
    expect(texts(out).join("\n")).not.toContain("chia thành");
  }, 300_000);
});
