/**
 * /xuatbaocao: the tally as .xlsx (roll-up, opinions, meetings), .csv of opinions (UTF-8 with BOM) and a .docx report.
 */
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import type { Db } from "../db/client.js";
import { OPINION_KINDS } from "../domain/opinions.js";
import type { Tally } from "../services/tally.js";
import { buildReportDocx, type DocxTexts } from "./docx-report.js";
import { addFigureSheets } from "./figures-sheets.js";
import type { Signer } from "./signer.js";
import { meetingRows, opinionRows, participationOf, treeRows } from "./report-data.js";

type T = (key: string, args?: Record<string, string | number>) => string;

/** A cell a spreadsheet would read as a formula (OWASP "CSV injection"): =, +, -, @, tab or CR first (maybe after
 * spaces). */
const FORMULA_START = /^[=+\-@\t\r]|^\s+[=+\-@]/;

/** Text that would start a formula gets a leading apostrophe, so Excel and LibreOffice show it as text. */
export function neutraliseCell<V>(value: V): V | string {
  return typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;
}

function safeRow<V>(values: V[]): (V | string)[] {
  return values.map(neutraliseCell);
}

export interface ExportOptions {
  t: T;
  timezone: string;
  hideAuthors: boolean;
  place: string;
  signer?: Signer;
  parentName?: string;
  now: Date;
}

export interface ExportFiles {
  baseName: string;
  xlsx: Uint8Array;
  csv: Uint8Array;
  docx: Uint8Array;
  truncated: boolean;
}

export async function buildExports(db: Db, tally: Tally, o: ExportOptions): Promise<ExportFiles> {
  const { t } = o;
  const kindLabels = OPINION_KINDS.map((k) => t(`opinion-kind-${k}`));
  const opinions = await opinionRows(db, tally, {
    hideAuthors: o.hideAuthors,
    timezone: o.timezone,
    voiceLabel: (s) => t("opinion-voice", { seconds: s }),
    hidden: t("report-author-hidden"),
  });
  const meetings = await meetingRows(db, tally);
  const opinionHeader = [
    t("report-col-id"),
    t("report-col-unit-code"),
    t("report-col-unit"),
    t("report-col-item"),
    t("report-col-kind"),
    t("report-col-date"),
    t("report-col-text"),
    t("report-col-author"),
  ];
  const opinionValues = opinions.rows.map((r) =>
    safeRow([
      r.id,
      r.unitCode,
      r.unitName,
      `${r.item}. ${r.itemTitle}`,
      t(`opinion-kind-${r.kind}`),
      r.date,
      r.text,
      r.author,
    ]),
  );

  const wb = new ExcelJS.Workbook();
  wb.creator = "union-chat-bot";
  wb.created = o.now;
  const rollup = wb.addWorksheet(t("report-sheet-rollup"));
  rollup.addRow([
    t("report-col-unit-code"),
    t("report-col-unit"),
    t("report-col-members"),
    t("report-col-people"),
    t("report-col-participation"),
    t("report-col-opinions"),
    ...kindLabels,
    t("report-col-meetings"),
    t("report-col-attendees"),
    t("report-col-meeting-opinions"),
  ]);
  for (const { node, level } of treeRows(tally.root)) {
    const c = node.total;
    rollup.addRow(
      safeRow([
        node.unit.code,
        `${"  ".repeat(level)}${node.unit.name}`,
        c.members,
        c.people,
        participationOf(node) ?? null,
        c.opinions,
        ...OPINION_KINDS.map((k) => c.byKind[k]),
        c.meetings,
        c.attendees,
        c.meetingOpinions,
      ]),
    );
  }
  const sheetOpinions = wb.addWorksheet(t("report-sheet-opinions"));
  sheetOpinions.addRow(opinionHeader);
  for (const v of opinionValues) sheetOpinions.addRow(v);
  if (opinions.truncated) sheetOpinions.addRow([t("report-truncated")]);
  const sheetMeetings = wb.addWorksheet(t("report-sheet-meetings"));
  sheetMeetings.addRow([
    t("report-col-unit-code"),
    t("report-col-unit"),
    t("report-col-date"),
    t("report-col-attendees"),
    t("report-col-item"),
    ...kindLabels,
    t("report-col-key-points"),
  ]);
  for (const m of meetings)
    sheetMeetings.addRow(
      safeRow([m.unitCode, m.unitName, m.heldOn, m.attendees, `${m.item}. ${m.itemTitle}`, ...m.counts, m.keyPoints]),
    );
  for (const ws of [rollup, sheetOpinions, sheetMeetings]) {
    ws.getRow(1).font = { bold: true };
    for (const col of ws.columns) col.width = 16;
  }
  rollup.getColumn(2).width = 48;
  sheetOpinions.getColumn(7).width = 80;
  await addFigureSheets(wb, db, tally.root.unit.id, { t, now: o.now, timezone: o.timezone });
  const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());

  const csv = new TextEncoder().encode(`\uFEFF${stringify([opinionHeader, ...opinionValues])}`);

  const texts: DocxTexts = {
    t,
    place: o.place,
    now: o.now,
    signer: o.signer,
    parentName: o.parentName,
    timezone: o.timezone,
    kindLabels,
  };
  const docx = await buildReportDocx(tally, opinions.rows, meetings, texts);
  const baseName = `tong-hop-${tally.consultation.code}-${tally.root.unit.code}`.toLowerCase();
  return { baseName, xlsx, csv, docx, truncated: opinions.truncated };
}
