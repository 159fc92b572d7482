/**
 * /xuatbaocao: the tally as .xlsx (roll-up, opinions, meetings), .csv of opinions (UTF-8 with BOM) and a .docx report.
 * Written as streams at country scale: the opinions are read a page at a time and each row goes straight into
 * exceljs's streaming writer and csv-stringify; nothing is cut off. A list longer than a file should hold is split
 * (the opinions sheet into sheets of OPINIONS_PER_PART rows, the .csv into files of as many), and every part says which
 * part it is and where the rest is; the chat says so too.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import type { Db } from "../db/client.js";
import { OPINION_KINDS } from "../domain/opinions.js";
import type { Tally } from "../services/tally.js";
import { buildReportDocx, type DocxTexts } from "./docx-report.js";
import { addFigureSheets } from "./figures-sheets.js";
import type { T } from "./format.js";
import {
  meetingRows,
  type OpinionRow,
  opinionCount,
  opinionPages,
  opinionRows,
  participationOf,
  releaseReader,
  treeRows,
} from "./report-data.js";
import type { Signer } from "./signer.js";

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
  /** Opinions per .csv file and per opinions sheet (OPINIONS_PER_PART unless the setting says otherwise). */
  opinionsPerPart?: number;
}

/**
 * Opinions per .csv file and per worksheet: a part stays well under Telegram's 50 MB for a file (about 26 MB at
 * 100,000 opinions of a line each) and a sheet's 1,048,576 rows.
 */
export const OPINIONS_PER_PART = 100_000;

export interface ExportFiles {
  baseName: string;
  xlsx: Uint8Array;
  /** The .csv of opinions: one file, or its parts in order (named `${baseName}-phan-N.csv`). */
  csv: { fileName: string; data: Uint8Array }[];
  docx: Uint8Array;
  /** Opinions in all, and the parts the list was split into (1 when it was not). */
  opinions: number;
  parts: number;
}

/**
 * A file being written as a stream to a temporary folder, read back whole once finished (the chat takes a file as
 * bytes): while it is written only the stream's buffers are in memory, and the finished bytes exist once.
 */
function fileOut(dir: string, name: string): { stream: Writable; bytes(): Promise<Uint8Array> } {
  const file = path.join(dir, name);
  const stream = fs.createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => {
    stream.once("close", resolve);
    stream.once("error", reject);
  });
  return {
    stream,
    bytes: async () => {
      await closed;
      const data = await fs.promises.readFile(file);
      await fs.promises.rm(file, { force: true });
      return data;
    },
  };
}

/** One .csv part written as a stream: rows go through csv-stringify into the collector. */
class CsvPart {
  private readonly out: ReturnType<typeof fileOut>;
  private readonly csv = stringify();
  constructor(dir: string, name: string, header: string[]) {
    this.out = fileOut(dir, name);
    this.out.stream.write(Buffer.from("\uFEFF"));
    this.csv.pipe(this.out.stream);
    this.csv.write(header);
  }
  async write(row: unknown[]): Promise<void> {
    if (!this.csv.write(row)) await new Promise((resolve) => this.csv.once("drain", resolve));
  }
  async end(): Promise<Uint8Array> {
    this.csv.end();
    return this.out.bytes();
  }
}

/** The files of /xuatbaocao, written as streams to a temporary folder removed afterwards. */
export async function buildExports(db: Db, tally: Tally, o: ExportOptions): Promise<ExportFiles> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "xuatbaocao-"));
  try {
    return await writeFiles(db, tally, o, dir);
  } finally {
    releaseReader(db);
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

async function writeFiles(db: Db, tally: Tally, o: ExportOptions, dir: string): Promise<ExportFiles> {
  const { t } = o;
  const kindLabels = OPINION_KINDS.map((k) => t(`opinion-kind-${k}`));
  const opinionOptions = {
    hideAuthors: o.hideAuthors,
    timezone: o.timezone,
    voiceLabel: (s: number) => t("opinion-voice", { seconds: s }),
    hidden: t("report-author-hidden"),
  };
  const total = await opinionCount(db, tally);
  const perPart = o.opinionsPerPart ?? OPINIONS_PER_PART;
  const parts = Math.max(1, Math.ceil(total / perPart));
  const baseName = `tong-hop-${tally.consultation.code}-${tally.root.unit.code}`.toLowerCase();
  const csvName = (k: number) => (parts > 1 ? `${baseName}-phan-${k}.csv` : `${baseName}.csv`);
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
  const opinionValues = (r: OpinionRow) =>
    safeRow([
      r.id,
      r.unitCode,
      r.unitName,
      `${r.item}. ${r.itemTitle}`,
      t(`opinion-kind-${r.kind}`),
      r.date,
      r.text,
      r.author,
    ]);
  const xlsxOut = fileOut(dir, "report.xlsx");
  // Without styles: a bold header costs as much again on every cell of 60,000 rows; column widths need none.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: xlsxOut.stream,
    useStyles: false,
    useSharedStrings: false,
  });
  wb.creator = "union-chat-bot";
  wb.created = o.now;
  const sheet = (name: string, widths: Record<number, number>, header: string[]) => {
    const ws = wb.addWorksheet(name);
    for (let c = 1; c <= header.length; c++) ws.getColumn(c).width = widths[c] ?? 16;
    ws.addRow(header).commit();
    return ws;
  };
  const rollup = sheet(t("report-sheet-rollup"), { 2: 48 }, [
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
    rollup
      .addRow(
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
      )
      .commit();
  }
  rollup.commit();

  // The opinions, page by page, into the worksheet and the .csv at once; a new sheet and file every part.
  const sheetName = (k: number) => (parts > 1 ? `${t("report-sheet-opinions")} (${k})` : t("report-sheet-opinions"));
  const partNote = (k: number) => t("report-part-note", { part: k, parts, total, per: perPart });
  const csvFiles: { fileName: string; data: Uint8Array }[] = [];
  let part = 1;
  let inPart = 0;
  let ws = sheet(sheetName(1), { 7: 80 }, opinionHeader);
  let csv = new CsvPart(dir, csvName(1), opinionHeader);
  const closePart = async () => {
    if (parts > 1) {
      ws.addRow([partNote(part)]).commit();
      await csv.write([partNote(part)]);
    }
    ws.commit();
    csvFiles.push({ fileName: csvName(part), data: await csv.end() });
  };
  for await (const page of opinionPages(db, tally, opinionOptions)) {
    for (const r of page) {
      if (inPart === perPart) {
        await closePart();
        part += 1;
        inPart = 0;
        ws = sheet(sheetName(part), { 7: 80 }, opinionHeader);
        csv = new CsvPart(dir, csvName(part), opinionHeader);
      }
      const values = opinionValues(r);
      ws.addRow(values).commit();
      await csv.write(values);
      inPart += 1;
    }
  }
  await closePart();

  const meetings = await meetingRows(db, tally);
  const sheetMeetings = sheet(t("report-sheet-meetings"), {}, [
    t("report-col-unit-code"),
    t("report-col-unit"),
    t("report-col-date"),
    t("report-col-attendees"),
    t("report-col-item"),
    ...kindLabels,
    t("report-col-key-points"),
  ]);
  for (const m of meetings)
    sheetMeetings
      .addRow(
        safeRow([m.unitCode, m.unitName, m.heldOn, m.attendees, `${m.item}. ${m.itemTitle}`, ...m.counts, m.keyPoints]),
      )
      .commit();
  sheetMeetings.commit();
  await addFigureSheets(wb, db, tally.root.unit.id, { t, now: o.now, timezone: o.timezone });
  await wb.commit();
  const xlsx = await xlsxOut.bytes();

  const texts: DocxTexts = {
    t,
    place: o.place,
    now: o.now,
    signer: o.signer,
    parentName: o.parentName,
    timezone: o.timezone,
    kindLabels,
    opinionTotal: total,
  };
  const docx = await buildReportDocx(tally, await opinionRows(db, tally, opinionOptions), meetings, texts);
  return { baseName, xlsx, csv: csvFiles, docx, opinions: total, parts: csvFiles.length };
}
