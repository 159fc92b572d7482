/**
 * Thin readers that turn a plan file (.txt/.md, .docx, .pdf) into text of the same shape for the plan reader.
 * A broken or empty file gives a PlanFileError with a reason a person can act on.
 */
import path from "node:path";
import { PlanReadError, parsePlan } from "../domain/plan/parse.js";
import type { Plan } from "../domain/plan/types.js";
import {
  BrokenFileError,
  checkChars,
  checkPdf,
  checkSize,
  checkZip,
  DEFAULT_FILE_LIMITS,
  FileLimitError,
  type FileLimits,
} from "./file-bounds.js";

export type PlanFileKind = "text" | "docx" | "pdf";
export type PlanFileProblem = "unsupported" | "broken" | "empty" | "not-a-plan" | "over-limit";

export class PlanFileError extends Error {
  constructor(
    readonly problem: PlanFileProblem,
    message: string,
    /** With "over-limit": which bound the file went over (see file-bounds.ts). */
    readonly limit?: FileLimitError,
  ) {
    super(message);
    this.name = "PlanFileError";
  }
}

export function planFileKind(fileName: string, mimeType?: string): PlanFileKind | undefined {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === ".txt" || ext === ".md" || mimeType === "text/plain" || mimeType === "text/markdown") return "text";
  if (ext === ".docx" || mimeType === "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return "docx";
  if (ext === ".pdf" || mimeType === "application/pdf") return "pdf";
  return undefined;
}

/**
 * The text of a plan file, read within `limits`: the size as sent, what a .docx or a PDF unpacks to, a PDF's pages and
 * the characters kept are checked before (or, for characters, while) the parser reads it.
 */
export async function readPlanFileText(
  data: Uint8Array,
  fileName: string,
  mimeType?: string,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): Promise<string> {
  const kind = planFileKind(fileName, mimeType);
  if (!kind) throw new PlanFileError("unsupported", `${fileName}: only .txt, .md, .docx and .pdf plans can be read`);
  if (data.byteLength === 0) throw new PlanFileError("empty", `${fileName}: the file is empty`);
  let text: string;
  try {
    if (kind === "text") {
      checkSize(data, limits);
      if (data.byteLength > limits.maxChars * 4) throw new FileLimitError("chars", limits.maxChars);
      text = new TextDecoder("utf-8", { fatal: true }).decode(data);
    } else if (kind === "docx") {
      checkZip(data, limits);
      text = await docxText(data);
    } else {
      checkPdf(data, limits);
      text = await pdfText(data, limits);
    }
    checkChars(text, limits);
  } catch (err) {
    if (err instanceof FileLimitError) throw new PlanFileError("over-limit", `${fileName}: ${err.message}`, err);
    if (err instanceof BrokenFileError) throw new PlanFileError("broken", `${fileName}: ${err.message}`);
    throw new PlanFileError(
      "broken",
      `${fileName}: the file cannot be opened as ${kind === "text" ? "UTF-8 text" : kind.toUpperCase()} (${(err as Error).message.split("\n")[0]})`,
    );
  }
  if (!text.trim()) throw new PlanFileError("empty", `${fileName}: no text inside (a scanned PDF needs OCR first)`);
  return text;
}

/** Word: one line per paragraph, an empty paragraph is a blank line, list items become "- " bullets, a table cell
 * ends with a blank line (so a header table reads as its issuer cell, then its motto cell). */
async function docxText(data: Uint8Array): Promise<string> {
  const { default: mammoth } = await import("mammoth"); // loaded on the first .docx, not at start-up
  // Pictures are never read: they would only become base64 in the HTML.
  const { value: html } = await mammoth.convertToHtml(
    { buffer: Buffer.from(data) },
    { ignoreEmptyParagraphs: false, convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
  );
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li[^>]*>/gi, "- ")
    .replace(/<\/(p|h[1-6]|li|tr)>/gi, "\n")
    .replace(/<\/t[dh]>/gi, "\n\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

interface PdfLine {
  text: string;
  y: number;
  left: number;
  right: number;
}

interface PdfItem {
  str: string;
  x: number;
  y: number;
  w: number;
  size: number;
}

interface PdfRow {
  y: number;
  cells: PdfLine[];
}

/** A run of side-by-side columns, already in reading order (left column, then right): never joined or re-wrapped. */
interface PdfBlock {
  block: string;
}

/** pdf.js's `VerbosityLevel.ERRORS`. */
const PDFJS_ERRORS_ONLY = 0;

/**
 * PDF, read by the position of each piece of text: pieces on one baseline make a row, left to right, whatever order
 * the file lists them in; a gap wider than the font size splits a row into cells. Where rows hold a left and
 * a right column (the official header: issuer beside the national motto; Nơi nhận beside the signer), the left
 * column is read first, then the right. Other lines: one that runs to the right margin was wrapped and continues on
 * the next, a larger vertical gap is a paragraph break, and a row of several cells keeps them apart by wide spaces
 * (a table row, as `pdftotext -layout` would print it).
 */
async function pdfText(data: Uint8Array, limits: FileLimits): Promise<string> {
  const { getDocumentProxy } = await import("unpdf"); // loaded on the first .pdf
  // pdf.js prints its warnings ("Warning: Indexing all PDF objects" for a damaged cross-reference table) with
  // console.log, outside the JSON log: errors only (0); a file it cannot read still throws.
  const pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: PDFJS_ERRORS_ONLY });
  const pages: { parts: (PdfLine | PdfBlock)[] }[] = [];
  let chars = 0;
  try {
    if (pdf.numPages > limits.maxPages) throw new FileLimitError("pages", limits.maxPages);
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const width = (page.view[2] ?? 595) - (page.view[0] ?? 0);
      const items: PdfItem[] = [];
      for (const item of (await page.getTextContent()).items) {
        if (!("str" in item) || !item.str) continue;
        const [x, y, size] = [
          item.transform[4] as number,
          item.transform[5] as number,
          Math.abs(item.transform[3]) || 10,
        ];
        items.push({ str: item.str, x, y, w: item.width, size });
        chars += item.str.length;
      }
      if (chars > limits.maxChars) throw new FileLimitError("chars", limits.maxChars);
      pages.push({ parts: unfoldColumns(pdfRows(mergeCellLines(items, width), width), width) });
    }
  } finally {
    await pdf.destroy();
  }
  const lines = pages.flatMap((p) => p.parts.filter((x): x is PdfLine => "text" in x));
  const margin = Math.max(0, ...lines.map((l) => l.right));
  return pages.map((p) => joinPdfLines(p.parts, margin)).join("\n\n");
}

/**
 * The lines of one narrow table cell come one after another in the file, each under the last at the same left edge
 * ("2024 -" / "2030", "Viện Khoa học" / "Khí tượng thủy"): they are made one piece at the cell's top, so a table row
 * reads as one line of whole cells. A new list item ("- …", "1. …"), a number or a letter's subject starts a piece of its
 * own.
 */
function mergeCellLines(items: PdfItem[], width: number): PdfItem[] {
  const out: PdfItem[] = [];
  let bottom = 0;
  for (const it of items) {
    const prev = out[out.length - 1];
    const dy = prev ? bottom - it.y : 0;
    const joins =
      prev &&
      it.str.trim() &&
      Math.abs(prev.x - it.x) < 1.5 &&
      dy > it.size * 0.9 &&
      dy < it.size * 1.6 &&
      prev.w < width * 0.4 &&
      it.w < width * 0.4 &&
      !/^\s*(?:[-+•]|\d+\.|(?:T\/?M|KT|TL|TUQ)\.|V\/v|về việc|Kính gửi|Số)\s/u.test(it.str) &&
      !/^\s*Số\b/u.test(prev.str) &&
      !/[;:]\s*$/u.test(prev.str);
    if (joins) {
      prev.str = `${prev.str.trimEnd()} ${it.str.trim()}`;
      prev.w = Math.max(prev.w, it.w);
      bottom = it.y;
      continue;
    }
    if (!it.str.trim()) continue;
    out.push({ ...it });
    bottom = it.y;
  }
  return out;
}

function pdfRows(items: PdfItem[], width: number): PdfRow[] {
  const rows: PdfItem[][] = [];
  for (const it of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const row = rows.find((r) => Math.abs(r[0]!.y - it.y) < 2);
    if (row) row.push(it);
    else rows.push([it]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    const cells: PdfLine[] = [];
    let cur: PdfLine | undefined;
    for (const it of row) {
      if (!it.str.trim()) continue; // a run of spaces or a tab: only a gap
      const gap = cur ? it.x - cur.right : 0;
      // A column gap: wider than a letter, or a narrower gap where a cell in the left half meets one in the right.
      const crossing = cur && gap > it.size * 0.5 && cur.right < width * 0.5 && it.x > width * 0.42;
      if (!cur || gap > it.size || crossing) {
        cur = { text: it.str.trim(), y: it.y, left: it.x, right: it.x + it.w };
        cells.push(cur);
        continue;
      }
      cur.text += gap > it.size * 0.15 || /^\s/.test(it.str) ? ` ${it.str.trim()}` : it.str.trimEnd();
      cur.right = Math.max(cur.right, it.x + it.w);
    }
    return { y: row[0]!.y, cells };
  });
}

/** Rows whose cells all sit in the left or the right part of the page, with both parts used, read column by column. */
function unfoldColumns(rows: PdfRow[], width: number): (PdfLine | PdfBlock)[] {
  // The right column (motto, date, signer) starts well in from the text's left edge; the left column does not reach far.
  const margin = Math.min(...rows.flatMap((r) => r.cells.map((c) => c.left)));
  const side = (c: PdfLine) => (c.left > margin + width * 0.22 ? "right" : c.right < width * 0.62 ? "left" : undefined);
  const columnar = (r: PdfRow) =>
    r.cells.length > 0 &&
    r.cells.length <= 2 &&
    r.cells.every((c) => side(c)) &&
    (r.cells.length === 1 || (side(r.cells[0]!) === "left" && side(r.cells[1]!) === "right"));
  const gaps = rows
    .slice(1)
    .map((r, k) => rows[k]!.y - r.y)
    .sort((a, b) => a - b);
  // The usual distance between two lines of one paragraph (the lower quartile of all row gaps).
  const lineGap = gaps[Math.floor(gaps.length / 4)] ?? 0;
  const out: (PdfLine | PdfBlock)[] = [];
  let i = 0;
  while (i < rows.length) {
    let end = i;
    // A run ends at a wide vertical gap too: the header block stands apart from the title under it.
    while (end < rows.length && columnar(rows[end]!) && (end === i || rows[end - 1]!.y - rows[end]!.y <= lineGap * 2))
      end++;
    const run = rows.slice(i, end);
    const cells = run.flatMap((r) => r.cells);
    const both = cells.some((c) => side(c) === "left") && cells.some((c) => side(c) === "right");
    const interleaved = run.some((r) => r.cells.length === 2) || (both && run.length > 2);
    if (run.length && both && interleaved) {
      const left = cells.filter((c) => side(c) === "left").map((c) => c.text);
      const right = cells.filter((c) => side(c) === "right").map((c) => c.text);
      out.push({ block: [...left, "", ...right].join("\n") });
      i = end;
      continue;
    }
    const row = rows[i]!;
    if (row.cells.length) {
      out.push({
        text: row.cells.map((c) => c.text).join("     "),
        y: row.y,
        left: row.cells[0]!.left,
        right: row.cells[row.cells.length - 1]!.right,
      });
    }
    i++;
  }
  return out;
}

function joinPdfLines(parts: (PdfLine | PdfBlock)[], margin: number): string {
  const lines = parts.filter((x): x is PdfLine => "text" in x);
  const gaps = lines
    .slice(1)
    .map((l, i) => lines[i]!.y - l.y)
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const lineGap = gaps[Math.floor(gaps.length / 2)] ?? 0;
  let text = "";
  let prev: PdfLine | undefined;
  for (const cur of parts) {
    if ("block" in cur) {
      text += `\n\n${cur.block}\n\n`;
      prev = undefined;
      continue;
    }
    if (!prev) text += cur.text;
    else {
      const gap = prev.y - cur.y;
      if (lineGap && gap > lineGap * 1.5) text += `\n\n${cur.text}`;
      else if (
        prev.right > margin - 40 &&
        !/\s{3,}/.test(prev.text) &&
        !/^(?:(?:[IVX]+|\d+(?:\.\d+)*)\.\s|Căn cứ\s|Thực hiện\s|Kính gửi)/u.test(cur.text) &&
        !(/[.:;]$/.test(prev.text) && /^[-+•]\s/.test(cur.text))
      )
        text += ` ${cur.text}`;
      else text += `\n${cur.text}`;
    }
    prev = cur;
  }
  return text;
}

/** Reads and parses a plan file; throws PlanFileError for anything a person must fix. */
export async function readPlanFile(
  data: Uint8Array,
  fileName: string,
  mimeType?: string,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): Promise<{ plan: Plan; text: string }> {
  const text = await readPlanFileText(data, fileName, mimeType, limits);
  return { plan: parsePlanText(text, fileName), text };
}

export function parsePlanText(text: string, name = "text"): Plan {
  try {
    return parsePlan(text);
  } catch (err) {
    if (err instanceof PlanReadError) throw new PlanFileError("not-a-plan", `${name}: ${err.message}`);
    throw err;
  }
}
