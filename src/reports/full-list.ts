/**
 * "Danh sách đầy đủ": the full list behind an answer about many units, as .xlsx and .csv (UTF-8 with BOM), in unit-code
 * order, one row per unit. The chat gets a summary; the list is never a stream of messages. Loaded on first use.
 */
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { neutraliseCell } from "./exports.js";

export interface FullList {
  /** Sheet name and file base name, e.g. "chua-nop-H3". */
  name: string;
  header: string[];
  rows: (string | number)[][];
}

export async function fullListFiles(list: FullList): Promise<{ xlsx: Uint8Array; csv: Uint8Array }> {
  const safe = list.rows.map((r) => r.map(neutraliseCell));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(list.name.slice(0, 31));
  ws.addRow(list.header).font = { bold: true };
  for (const r of safe) ws.addRow(r);
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 45 : 16;
  });
  const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
  const csv = new TextEncoder().encode(`\uFEFF${stringify([list.header, ...safe])}`);
  return { xlsx, csv };
}
