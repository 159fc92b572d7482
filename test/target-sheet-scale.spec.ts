import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { bigTree } from "./helpers/big-tree.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const DISTRICTS = 10;
const GRASSROOTS = 20_000;

/**
 * A province P of 10 districts with 2,000 grassroots unions each (bigTree puts G i under district D(1 + i % 10)),
 * a figures deadline owed from P with a target of 200,000 new members, and its staff.
 */
async function province() {
  const app = await testApp({ units: false, clock: new FakeClock(new Date("2026-03-01T02:00:00Z")) });
  await bigTree(app.db, { districts: DISTRICTS, grassroots: GRASSROOTS, groups: 0 });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const phrase = "chậm nhất ngày 20/12/2026";
  const { deadline } = await app.services.deadlines.create(staff, {
    what: "Báo cáo kết quả phát triển đoàn viên",
    phrase,
    spec: readDatePhrase(phrase)!.spec,
    owingUnitIds: [],
    rootUnitId: 1,
  });
  const defined = await app.services.indicators.defineIndicators(staff, deadline, [
    {
      name: "Kết nạp đoàn viên",
      measure: "people",
      rollup: "sum",
      comparator: "at-least",
      target: 200_000,
      strive: false,
    },
  ]);
  expect(defined.ok).toBe(true);
  return { app, deadline, talker: Talker.private(app, "1", "Cán bộ tỉnh") };
}

/** Every district 20,000 and every grassroots union 10: each district's 2,000 children add up to it. */
function sheetRows(
  grassrootsTarget: (i: number) => number = () => 10,
  districtTarget: (d: number) => number = () => 20_000,
): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let d = 1; d <= DISTRICTS; d++) rows.push([`D${d}`, 1, districtTarget(d)]);
  for (let i = 1; i <= GRASSROOTS; i++) rows.push([`G${i}`, 1, grassrootsTarget(i)]);
  return rows;
}

const csvOf = (rows: (string | number)[][]) =>
  new TextEncoder().encode(["ma_don_vi,chi_tieu,muc", ...rows.map((r) => r.join(","))].join("\n"));

describe("a targets sheet of 20,010 rows for a province of 20,011 units", () => {
  it("imports through /giaochitieu with a .csv: every row written, no query parameter limit reached", async () => {
    const { app, deadline, talker } = await province();
    Talker.files.set("big.csv", csvOf(sheetRows()));
    const out = await talker.send(`/giaochitieu ${deadline.code}`, {
      attachment: { kind: "file", fileRef: "big.csv", fileName: "chi-tieu.csv" },
    });
    expect(lastText(out)).toBe(`Đã nhập 20.010 chỉ tiêu cho hạn ${deadline.code}.`);
    expect(await app.db.unitTarget.count()).toBe(20_010);
    const g = await app.db.unit.findUniqueOrThrow({ where: { code: "G20000" } });
    expect(await app.db.unitTarget.findFirst({ where: { unitId: g.id } })).toMatchObject({
      value: 10,
      source: "import",
    });

    // An .xlsx moving one member's target from D2 to D1 (G1 lies under D2, G10 under D1) replaces what was stored.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Chỉ tiêu");
    ws.addRow(["Mã đơn vị", "Chỉ tiêu", "Mức"]);
    const moved = sheetRows(
      (i) => (i === 10 ? 11 : i === 1 ? 9 : 10),
      (d) => (d === 1 ? 20_001 : d === 2 ? 19_999 : 20_000),
    );
    for (const r of moved) ws.addRow(r);
    Talker.files.set("big.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const again = await talker.send(`/giaochitieu ${deadline.code}`, {
      attachment: { kind: "file", fileRef: "big.xlsx", fileName: "chi-tieu.xlsx" },
    });
    expect(lastText(again)).toBe(`Đã nhập 20.010 chỉ tiêu cho hạn ${deadline.code}.`);
    expect(await app.db.unitTarget.count()).toBe(20_010);
    const d1 = await app.db.unit.findUniqueOrThrow({ where: { code: "D1" } });
    expect(await app.db.unitTarget.findFirst({ where: { unitId: d1.id } })).toMatchObject({ value: 20_001 });
    const g10 = await app.db.unit.findUniqueOrThrow({ where: { code: "G10" } });
    expect(await app.db.unitTarget.findFirst({ where: { unitId: g10.id } })).toMatchObject({ value: 11 });
  }, 300_000);

  it("checks every district's 2,000 children against its target and writes nothing when one does not add up", async () => {
    const { app, deadline, talker } = await province();
    // G7 lies under district D8: its 2,000 children now add up to 20,005.
    Talker.files.set("off.csv", csvOf(sheetRows((i) => (i === 7 ? 15 : 10))));
    const out = await talker.send(`/giaochitieu ${deadline.code}`, {
      attachment: { kind: "file", fileRef: "off.csv", fileName: "chi-tieu.csv" },
    });
    expect(lastText(out)).toBe(
      [
        "Chưa nhập tệp chỉ tiêu (không có gì bị thay đổi):",
        'Tổng chỉ tiêu các đơn vị trực thuộc LĐLĐ huyện 8 là 20.005, khác chỉ tiêu của LĐLĐ huyện 8 là 20.000 (lệch 5) — "Kết nạp đoàn viên". Chưa lưu gì.',
      ].join("\n"),
    );
    expect(await app.db.unitTarget.count()).toBe(0);

    // A sheet with 25 bad rows names the first twenty with their lines and counts the rest.
    const bad = Array.from({ length: 25 }, (_, k) => [`X${k + 1}`, 1, 5]);
    Talker.files.set("bad.csv", csvOf(bad));
    const refused = await talker.send(`/giaochitieu ${deadline.code}`, {
      attachment: { kind: "file", fileRef: "bad.csv", fileName: "chi-tieu.csv" },
    });
    const lines = lastText(refused).split("\n");
    expect(lines).toHaveLength(1 + 20 + 1);
    expect(lines[1]).toBe("Dòng 2: không có đơn vị mã X1");
    expect(lines.at(-1)).toBe("… và 5 lỗi khác (sửa các lỗi trên rồi gửi lại tệp để xem tiếp).");
  }, 300_000);
});
