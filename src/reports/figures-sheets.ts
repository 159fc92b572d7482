/**
 * The figures part of the /xuatbaocao workbook: one sheet per indicator of the newest figures deadline of the unit,
 * with every unit of the subtree's figure per period, the running progress, the target and the percent reached.
 * Added by exports.ts with one call, so the workbook keeps its other sheets as they are.
 */
import type ExcelJS from "exceljs";
import type { Db } from "../db/client.js";
import { formatDay } from "../domain/dates/due.js";
import { type Progress, standaloneProgress } from "../services/progress.js";
import { UnitService } from "../services/units.js";

type T = (key: string, args?: Record<string, string | number>) => string;

/** Adds a sheet per indicator for the unit's newest figures deadline; nothing when it has none. */
export async function addFigureSheets(
  wb: ExcelJS.Workbook,
  db: Db,
  rootUnitId: number,
  o: { t: T; now: Date; timezone: string },
): Promise<number> {
  const units = new UnitService(db);
  const root = await units.byId(rootUnitId);
  if (!root) return 0;
  const figures = standaloneProgress(db, units, { now: () => o.now });
  const r = await figures.forActor(
    {
      personId: 0,
      name: "export",
      language: "vi",
      platform: "web",
      platformUserId: "export",
      grants: [{ role: "staff", unitPath: root.path }],
      memberships: [],
      isEnvAdmin: false,
    },
    root.code,
  );
  if (!r.ok) return 0;
  writeFigureSheets(wb, r.progress, o);
  return r.progress.indicators.length;
}

/** Writes the sheets of one progress: a row per child unit (and the total), a column per period. */
export function writeFigureSheets(wb: ExcelJS.Workbook, p: Progress, o: { t: T; timezone: string }): void {
  const { t } = o;
  const used = new Set(wb.worksheets.map((w) => w.name));
  for (const [i, ind] of p.indicators.entries()) {
    let name = `${t("figures-sheet")} ${i + 1}`.slice(0, 31);
    while (used.has(name)) name = `${name.slice(0, 29)}_${i}`;
    used.add(name);
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
