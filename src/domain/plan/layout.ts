/**
 * Undoes page layout in plan text before it is read: the two columns of an official header or of a Nơi nhận / signer
 * block printed side by side on one line ("ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", as
 * `pdftotext -layout`, a PDF viewer's copy or a flattened .docx table give them), and table debris from web pages
 * ("| Số: 12/KH | Hà Nội, ngày … |"). A block of side-by-side lines becomes its left column's lines, then its right
 * column's; a table of three or more columns becomes one line per cell, row by row. Page numbers on their own line go.
 */

interface Cell {
  text: string;
  start: number;
}

/** Two cells on one line are apart by a tab or at least three spaces. */
const GAP = /\t+|\s{3,}/;
/** Document types printed as the heading above a title. */
export const DOCUMENT_TYPES = [
  "KẾ HOẠCH",
  "QUYẾT ĐỊNH",
  "CÔNG VĂN",
  "THÔNG BÁO",
  "BÁO CÁO",
  "HƯỚNG DẪN",
  "CHƯƠNG TRÌNH",
  "CHƯƠNG TRÌNH HÀNH ĐỘNG",
  "CHỈ THỊ",
  "NGHỊ QUYẾT",
  "KẾT LUẬN",
  "TỜ TRÌNH",
  "THÔNG TRI",
  "ĐỀ ÁN",
];

export function normaliseLayout(raw: string): string {
  const lines = raw
    .replace(/\r\n?/g, "\n")
    .replace(/\\r\\n|\\n/g, "\n") // line breaks a web page left as the letters "\r\n"
    .split("\n")
    .flatMap(pipeCells)
    .flatMap((l) =>
      l
        .replace(/^(\s*Số\s*:?\s*\S+)\s+(?=V\/v\s)/u, "$1\n")
        // "Nơi nhận: T/M BAN THƯỜNG VỤ" with one space between the columns: the signer's line is its own.
        .replace(/^(\s*N[ơo]i\s+nh[ậaâ]n\s*:) {1,2}(?=(?:T\/?M|KT|TL|TUQ)[.\s])/u, "$1\n")
        .split("\n"),
    );
  const out: string[] = [];
  let i = 0;
  for (let line = lines[i]; line !== undefined; line = lines[i]) {
    const cells = cellsOf(line);
    if (cells.length < 2) {
      if (!/^\s{6,}\d{1,3}\s*$/.test(line)) out.push(line);
      i++;
      continue;
    }
    const end = blockEnd(lines, i);
    out.push(...unfold(lines.slice(i, end)));
    i = end;
  }
  return out.join("\n");
}

const PIPE_COLUMN = 1000;
/** Marks a line that is one table cell, so the cleaner never glues it to the cell before. */
export const TABLE_CELL = "\u2063";

/**
 * "| a | b |" → "a" and "b" at fixed columns, so the cells of one column line up from row to row; a cell holding
 * several lines apart by wide gaps ("KT. BỘ TRƯỞNG THỨ TRƯỞNG     Lê Công Thành") stacks them. A rule row goes.
 */
function pipeCells(line: string): string[] {
  if (!/^\s*\|/.test(line) && !/\S\s+\|\s+\S/.test(line)) return [line];
  if (/^[\s|:-]+$/.test(line)) return [];
  const cells = line
    .split("|")
    .map((c) => c.replace(/[-_=]{3,}/g, " ").trim())
    .filter(Boolean)
    .map((c) => c.split(/\s{3,}|\s+(?=\*?V\/v\s)/u));
  const height = Math.max(0, ...cells.map((c) => c.length));
  const rows: string[] = [];
  for (let k = 0; k < height; k++) {
    let row = "";
    cells.forEach((parts, i) => {
      const at = i * PIPE_COLUMN;
      if (parts[k]) row = (row.length + 3 > at && i ? `${row}   ` : row.padEnd(at)) + parts[k];
    });
    rows.push(row);
  }
  return rows;
}

function cellsOf(line: string): Cell[] {
  const body = line.replace(/\t/g, "    ").trimEnd();
  const cells: Cell[] = [];
  let from = body.length - body.trimStart().length;
  for (const m of body.matchAll(new RegExp(GAP.source, "g"))) {
    if (m.index < from) continue;
    const text = body.slice(from, m.index).trim();
    if (text) cells.push({ text, start: from });
    from = m.index + m[0].length;
  }
  const last = body.slice(from).trim();
  if (last) cells.push({ text: last, start: from });
  return mergeBlanks(cells);
}

/**
 * A draft's blanks are wide gaps inside one cell: "Số:     /KH-SCT", "Số:   4390     /UBND-NLN", "ngày     tháng 4 năm
 * 2026". Such pieces are put back together.
 */
function mergeBlanks(cells: Cell[]): Cell[] {
  const out: Cell[] = [];
  for (const c of cells) {
    const prev = out[out.length - 1];
    const glued =
      prev &&
      (/^Số\s*:?$/u.test(prev.text) ||
        (/^Số\s*:?\s*\d+$/u.test(prev.text) && /^[/-]/u.test(c.text)) ||
        (/^Số(?=\s|:)/u.test(prev.text) && /^[/-]\s*\p{Lu}/u.test(c.text)) ||
        (/(?:^|\s)(?:ngày|tháng)\s*$/u.test(prev.text) && /^(?:tháng\b|năm\s+\d)/u.test(c.text)));
    if (prev && glued) prev.text = `${prev.text} ${c.text}`;
    else out.push({ ...c });
  }
  return out;
}

/**
 * A block runs from a side-by-side line to a blank line, or to a line that is neither between two side-by-side lines
 * nor the continuation of a column's list.
 */
function blockEnd(lines: string[], start: number): number {
  const anchors = cellsOf(lines[start]!).map((c) => c.start);
  let end = start + 1;
  let lastMulti = start;
  let lastLeft = cellsOf(lines[start]!)[0]?.text;
  while (end < lines.length && lines[end]!.trim()) {
    const cells = cellsOf(lines[end]!);
    if (cells.length >= 2) {
      lastMulti = end;
      lastLeft = cells[0]!.start <= anchors[0]! + 4 ? cells[0]!.text : lastLeft;
      end++;
      continue;
    }
    const cell = cells[0]!;
    if (DOCUMENT_TYPES.includes(cell.text) || /^V\/v\b/u.test(cell.text)) break;
    // Between two side-by-side lines anything belongs; after the last one only a line in one of the columns.
    const nextMulti = lines.slice(end + 1, end + 4).some((l) => l.trim() && cellsOf(l).length >= 2);
    // In the left column: a further "- " item of Nơi nhận, or the tail of a wrapped one; in another column, anything.
    const column = anchors.findIndex((a) => Math.abs(a - cell.start) <= 4);
    const continues =
      /^(?:[-–•+]\s|\p{Ll})/u.test(cell.text) ||
      (!!lastLeft && /^[-–•+]\s/u.test(lastLeft) && !/[;.:]$/u.test(lastLeft));
    if (!nextMulti && (column < 0 || (column === 0 && !continues))) break;
    if (column === 0) lastLeft = cell.text;
    end++;
  }
  return Math.max(lastMulti + 1, end);
}

function unfold(block: string[]): string[] {
  const rows = block.map(cellsOf);
  const anchors: number[] = [];
  for (const row of rows) {
    if (row.length < 2) continue;
    for (const c of row) if (!anchors.some((a) => Math.abs(a - c.start) <= 8)) anchors.push(c.start);
  }
  anchors.sort((a, b) => a - b);
  const widest = Math.max(...rows.map((r) => r.length));
  if (widest >= 3) {
    // A table: one line per cell, row by row, so a task's cells stay together and a time cell stands alone.
    return [...rows.flatMap((row) => row.map((c) => `${TABLE_CELL}${c.text}`)), ""];
  }
  const columns: string[][] = anchors.map(() => []);
  for (const row of rows) {
    for (const c of row) columns[nearest(anchors, c.start)]!.push(c.text);
  }
  return columns.flatMap((col) => [...col, ""]);
}

function nearest(anchors: number[], x: number): number {
  let best = 0;
  for (let i = 1; i < anchors.length; i++) if (Math.abs(anchors[i]! - x) < Math.abs(anchors[best]! - x)) best = i;
  return best;
}
