/**
 * Thin readers that turn a plan file (.txt/.md, .docx, .pdf) into text of the same shape for the plan reader.
 * A broken or empty file gives a PlanFileError with a reason a person can act on.
 */
import path from "node:path";
import mammoth from "mammoth";
import { getDocumentProxy } from "unpdf";
import { parsePlan, PlanReadError } from "../domain/plan/parse.js";
import type { Plan } from "../domain/plan/types.js";

export type PlanFileKind = "text" | "docx" | "pdf";
export type PlanFileProblem = "unsupported" | "broken" | "empty" | "not-a-plan" | "too-large";

export class PlanFileError extends Error {
  constructor(
    readonly problem: PlanFileProblem,
    message: string,
  ) {
    super(message);
    this.name = "PlanFileError";
  }
}

export const MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024;

export function planFileKind(fileName: string, mimeType?: string): PlanFileKind | undefined {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === ".txt" || ext === ".md" || mimeType === "text/plain" || mimeType === "text/markdown") return "text";
  if (ext === ".docx" || mimeType === "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return "docx";
  if (ext === ".pdf" || mimeType === "application/pdf") return "pdf";
  return undefined;
}

export async function readPlanFileText(data: Uint8Array, fileName: string, mimeType?: string): Promise<string> {
  const kind = planFileKind(fileName, mimeType);
  if (!kind) throw new PlanFileError("unsupported", `${fileName}: only .txt, .md, .docx and .pdf plans can be read`);
  if (data.byteLength > MAX_PLAN_FILE_BYTES) throw new PlanFileError("too-large", `${fileName}: larger than 20 MB`);
  if (data.byteLength === 0) throw new PlanFileError("empty", `${fileName}: the file is empty`);
  let text: string;
  try {
    if (kind === "text") text = new TextDecoder("utf-8", { fatal: true }).decode(data);
    else if (kind === "docx") text = await docxText(data);
    else text = await pdfText(data);
  } catch (err) {
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
  const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(data) }, { ignoreEmptyParagraphs: false });
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

/**
 * PDF: text items are grouped into lines by position; a line that stops short of the right margin ends there, a line
 * that
 * runs to the margin was wrapped and continues on the next; a larger vertical gap is a paragraph break (blank line).
 */
async function pdfText(data: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(data));
  const pages: PdfLine[][] = [];
  try {
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      const items: PdfItem[] = [];
      for (const item of content.items) {
        if (!("str" in item) || !item.str) continue;
        const size = Math.abs(item.transform[3] as number) || 10;
        items.push({
          str: item.str,
          x: item.transform[4] as number,
          y: item.transform[5] as number,
          w: item.width,
          size,
        });
      }
      pages.push(pdfLines(items));
    }
  } finally {
    await pdf.destroy();
  }
  const margin = Math.max(0, ...pages.flat().map((l) => l.right));
  return pages.map((lines) => joinPdfLines(lines, margin)).join("\n\n");
}

interface PdfItem {
  str: string;
  x: number;
  y: number;
  w: number;
  size: number;
}

/**
 * Items on one baseline make one line, left to right, whatever order the file lists them in (a table's cells come cell
 * by cell). A gap wider than two letters between two items is a column gap: it becomes five spaces, so the plan reader
 * splits the line into its columns as it does `pdftotext -layout` text.
 */
function pdfLines(items: PdfItem[]): PdfLine[] {
  const rows: PdfItem[][] = [];
  for (const it of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const row = rows.find((r) => Math.abs(r[0]!.y - it.y) < 2);
    if (row) row.push(it);
    else rows.push([it]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    let text = "";
    let right = row[0]!.x;
    for (const it of row) {
      const gap = it.x - right;
      if (text && gap > it.size * 1.5) text += "     ";
      else if (text && gap > it.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(it.str)) text += " ";
      text += it.str;
      right = Math.max(right, it.x + it.w);
    }
    return { text, y: row[0]!.y, left: row[0]!.x, right };
  });
}

function joinPdfLines(lines: PdfLine[], margin: number): string {
  if (!lines.length) return "";
  const gaps = lines
    .slice(1)
    .map((l, i) => lines[i]!.y - l.y)
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const lineGap = gaps[Math.floor(gaps.length / 2)] ?? 0;
  let text = lines[0]!.text;
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!;
    const cur = lines[i]!;
    const gap = prev.y - cur.y;
    if (lineGap && gap > lineGap * 1.5) text += `\n\n${cur.text}`;
    else if (
      prev.right > margin - 40 &&
      !/\s{3,}/.test(prev.text) &&
      !(/[.:;]$/.test(prev.text) && /^[-+•]\s/.test(cur.text))
    )
      text += ` ${cur.text}`;
    else text += `\n${cur.text}`;
  }
  return text;
}

/** Reads and parses a plan file; throws PlanFileError for anything a person must fix. */
export async function readPlanFile(
  data: Uint8Array,
  fileName: string,
  mimeType?: string,
): Promise<{ plan: Plan; text: string }> {
  const text = await readPlanFileText(data, fileName, mimeType);
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
