/** Reading a targets sheet (.csv, or the first worksheet of an .xlsx) for /giaochitieu. */
import { parse as parseCsv } from "csv-parse/sync";
import { foldVietnamese } from "../domain/units.js";
import {
  BrokenFileError,
  checkChars,
  checkSize,
  checkZip,
  DEFAULT_FILE_LIMITS,
  FileLimitError,
  type FileLimits,
} from "./file-bounds.js";
import type { FigureProblem } from "./indicators.js";

/**
 * Most an .xlsx may unpack to, below FILE_MAX_UNPACKED_MB: exceljs holds the whole workbook, some 30 bytes of memory
 * per byte of XML (75,000 rows, 10 MB of XML, peak at 290 MB); 50,000 rows of three cells are about 6 MB.
 */
const MAX_SHEET_UNPACKED_BYTES = 8 * 1024 * 1024;

/** Longest targets sheet read (a province has some thousands of units; a bigger file is a mistake). */
const MAX_SHEET_ROWS = 50_000;

const HEADERS: Record<string, "code" | "indicator" | "value"> = {
  ma_don_vi: "code",
  ma: "code",
  unit_code: "code",
  unit: "code",
  code: "code",
  chi_tieu: "indicator",
  stt: "indicator",
  indicator: "indicator",
  muc: "value",
  muc_giao: "value",
  target: "value",
  value: "value",
  gia_tri: "value",
};

/**
 * Reads a targets sheet (.csv, or the first worksheet of an .xlsx) into rows with their line numbers, within `limits`
 * (an .xlsx is unpacked by exceljs only after its zip has been measured).
 */
export async function readTargetSheet(
  file: { name: string; data: Uint8Array },
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): Promise<{ rows: { line: number; code: string; indicator: string; value: string }[] } | { problem: FigureProblem }> {
  let table: string[][];
  try {
    if (/\.xlsx$/i.test(file.name)) {
      checkZip(file.data, { ...limits, maxUnpackedBytes: Math.min(limits.maxUnpackedBytes, MAX_SHEET_UNPACKED_BYTES) });
      const { default: ExcelJS } = await import("exceljs"); // loaded on the first sheet, not at start-up
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      table = [];
      ws?.eachRow({ includeEmpty: true }, (row, n) => {
        const values = (row.values as unknown[]).slice(1).map((v) => cellText(v));
        table[n - 1] = values;
      });
      for (let i = 0; i < table.length; i++) table[i] ??= [];
    } else if (/\.csv$/i.test(file.name)) {
      checkSize(file.data, limits);
      if (file.data.byteLength > limits.maxChars * 4) throw new FileLimitError("chars", limits.maxChars);
      const text = new TextDecoder().decode(file.data).replace(/^\uFEFF/, "");
      checkChars(text, limits);
      table = parseCsv(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
    } else return { problem: { key: "figures-import-bad-file" } };
  } catch (err) {
    if (err instanceof FileLimitError) return { problem: { key: `file-limit-${err.limit}`, args: { max: err.max } } };
    if (err instanceof BrokenFileError) return { problem: { key: "figures-import-bad-file" } };
    return { problem: { key: "figures-import-bad-file" } };
  }
  const header = (table[0] ?? []).map((h) => HEADERS[foldVietnamese(String(h)).replace(/\s+/g, "_")]);
  const col = (k: "code" | "indicator" | "value") => header.indexOf(k);
  if (col("code") < 0 || col("indicator") < 0 || col("value") < 0)
    return { problem: { key: "figures-import-bad-header" } };
  const rows = table
    .map((cells, i) => ({
      line: i + 1,
      code: String(cells[col("code")] ?? "").trim(),
      indicator: String(cells[col("indicator")] ?? "").trim(),
      value: String(cells[col("value")] ?? "").trim(),
    }))
    .slice(1)
    .filter((r) => r.code || r.indicator || r.value);
  if (!rows.length) return { problem: { key: "figures-import-empty" } };
  if (rows.length > MAX_SHEET_ROWS)
    return { problem: { key: "figures-import-too-long", args: { max: MAX_SHEET_ROWS } } };
  return { rows };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "result" in (v as object)) return String((v as { result: unknown }).result ?? "");
  if (typeof v === "object" && "text" in (v as object)) return String((v as { text: unknown }).text ?? "");
  return String(v);
}
