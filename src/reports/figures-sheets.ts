/**
 * The figures part of the /xuatbaocao workbook: one sheet per indicator of every figures deadline owed in the unit's
 * subtree (its own and its units'), named by the deadline's code and the indicator, with every unit of the subtree's
 * figure per period, the running progress, the target and the percent reached. Added by exports.ts with one call, so
 * the workbook keeps its other sheets as they are.
 */
import type ExcelJS from "exceljs";
import type { Db } from "../db/client.js";
import { formatDay } from "../domain/dates/due.js";
import { type Progress, standaloneProgress } from "../services/progress.js";
import { UnitService } from "../services/units.js";
import type { T } from "./format.js";

/** A workbook in memory or the exports' streaming writer: both add sheets and find one by its name. */
export type SheetBook = Pick<ExcelJS.Workbook, "addWorksheet" | "getWorksheet">;

/** Adds a sheet per indicator of each figures deadline owed in the unit's subtree; how many sheets were added. */
export async function addFigureSheets(
  wb: SheetBook,
  db: Db,
  rootUnitId: number,
  o: { t: T; now: Date; timezone: string },
): Promise<number> {
  const units = new UnitService(db);
  const root = await units.byId(rootUnitId);
  if (!root) return 0;
  const figures = standaloneProgress(db, units, { now: () => o.now });
  let sheets = 0;
  for (const deadline of await figures.figureDeadlinesIn(root)) {
    const progress = await figures.compute(deadline, root);
    if (!progress) continue;
    writeFigureSheets(wb, progress, o);
    sheets += progress.indicators.length;
  }
  return sheets;
}

/** Characters a worksheet name may not hold (Excel), and its longest length. */
const NOT_IN_SHEET_NAME = /[:\\/?*[\]]/g;
const SHEET_NAME_MAX = 31;

/** "H3 2 Kết nạp đoàn viên": the deadline's code, the indicator's number and as much of its name as fits. */
function sheetName(code: string, position: number, name: string, used: Set<string>, wb: SheetBook): string {
  const base = `${code} ${position} ${name.replace(NOT_IN_SHEET_NAME, " ")}`.replace(/\s+/g, " ");
  // Cut at a word when the name is too long ("H2 2 Tỷ lệ đoàn viên được tập", not "… tập h").
  let out = base.length <= SHEET_NAME_MAX ? base : base.slice(0, base.lastIndexOf(" ", SHEET_NAME_MAX)).trim();
  const taken = (n: string) => used.has(n.toLowerCase()) || wb.getWorksheet(n) !== undefined;
  for (let k = 2; taken(out); k++) out = `${base.slice(0, SHEET_NAME_MAX - 3).trim()}~${k}`;
  used.add(out.toLowerCase());
  return out;
}

/** Writes the sheets of one progress: a row per child unit (and the total), a column per period. */
export function writeFigureSheets(wb: SheetBook, p: Progress, o: { t: T; timezone: string }): void {
  const { t } = o;
  const used = new Set<string>();
  for (const ind of p.indicators) {
    const name = sheetName(p.deadline.code, ind.indicator.position, ind.indicator.name, used, wb);
    const ws = wb.addWorksheet(name);
    ws.addRow([`${p.deadline.code}: ${ind.indicator.name}`]);
    ws.addRow([t(`figures-measure-${ind.indicator.measure}`), t(`figures-rollup-${ind.indicator.rollup}`)]);
    ws.addRow([
      t("report-col-unit-code"),
      t("report-col-unit"),
      ...p.occurrences.map((occ) => formatDay(occ.dueAt, o.timezone)),
      t("figures-col-progress"),
      t("figures-col-target"),
      t("figures-col-percent"),
    ]);
    for (const [k, c] of [ind.total, ...ind.children].entries())
      ws.addRow([c.unit.code, `${k ? "  " : ""}${c.unit.name}`, ...c.periods, c.value, c.target, c.percent]);
    ws.getRow(3).font = { bold: true };
    ws.getRow(1).font = { bold: true };
    ws.getColumn(2).width = 44;
  }
}
