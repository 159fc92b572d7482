/**
 * Turns plan text as converted from PDF/Word into clean lines: markdown marks, <sup> footnote marks, footnote text in
 * the
 * middle of a section, headings glued to their first line, heading tails split off by a page break, words broken across
 * pages.
 */

export interface CleanLine {
  text: string;
  /** "-" for a dash/star bullet, "+" for a sub-bullet */
  bullet?: "-" | "+";
  /** The line was a markdown heading or wholly bold/italic in the source */
  emphasised: boolean;
  /** A blank line came before it (paragraph start) */
  blankBefore: boolean;
  /** One cell of a table (see layout.ts): never glued to the line before */
  cell?: boolean;
}

export interface CleanText {
  lines: CleanLine[];
  footnotes: string[];
}

const FOOTNOTE_LINE = /^[#*\s]*<sup>\s*\d+\s*<\/sup>\s*(.*)$/;

export function cleanPlanText(raw: string): CleanText {
  const text = (typeof raw === "string" ? raw : "")
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\u2007\u202f\t]/g, " ")
    .replace(/[\u200b\ufeff]/g, "");
  const footnotes: string[] = [];
  const out: CleanLine[] = [];
  let blankBefore = true;
  for (const rawLine of splitGluedHeadings(text).split("\n")) {
    const fn = FOOTNOTE_LINE.exec(rawLine);
    if (fn) {
      footnotes.push(stripMarks(fn[1] ?? ""));
      continue;
    }
    if (/^\s*([-*_])\1{2,}\s*$/.test(rawLine)) continue; // horizontal rule before a footnote
    const cell = rawLine.startsWith("\u2063");
    const trimmed = rawLine.replace(/\u2063/g, "").trim();
    if (!trimmed) {
      blankBefore = true;
      continue;
    }
    const emphasised =
      /^#{1,6}\s/.test(trimmed) || /^\*{1,3}[^*].*[^*\s]\*{1,3}$/.test(trimmed.replace(/^[-+]\s+/, ""));
    let body = trimmed.replace(/^#{1,6}\s*/, "");
    let bullet: CleanLine["bullet"];
    const b = /^([-–•*+])\s+(.*)$/.exec(body);
    if (b) {
      bullet = b[1] === "+" ? "+" : "-";
      body = b[2]!;
    }
    body = stripMarks(body);
    if (!body || /^[{}()\s]*$/.test(body)) continue;
    const prev = out[out.length - 1];
    const line: CleanLine = { text: body, bullet, emphasised, blankBefore, ...(cell ? { cell } : {}) };
    if (prev && shouldJoin(prev, line)) {
      prev.text = `${prev.text} ${body}`;
    } else {
      out.push(line);
    }
    blankBefore = false;
  }
  return { lines: out, footnotes };
}

/** "I. MỤC ĐÍCH, YÊU CẦU**1. Mục đích**" → two lines. */
function splitGluedHeadings(text: string): string {
  return text.replace(/(\S)\*{2,4}(?=\d+(?:\.\d+)*\.\s)/g, "$1\n");
}

export function stripMarks(s: string): string {
  return s
    .replace(/<sup>.*?<\/sup>/gi, "")
    .replace(/<\/?[a-z][^>]*>/gi, "")
    .replace(/\\([-*_.#()[\]])/g, "$1")
    .replace(/\*{1,3}/g, "")
    .replace(/(^|\s)_{1,2}(\S)/g, "$1$2")
    .replace(/(\S)_{1,2}(?=\s|$)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

const ENDS_SENTENCE = /[.:;!?…)"”»]$/;
const HEADING_NUMBER = /^(?:[IVX]+|\d+(?:\.\d+)*)\.\s/;

function shouldJoin(prev: CleanLine, next: CleanLine): boolean {
  if (next.bullet || next.cell) return false;
  // A date broken by the line's end: "trước ngày 30 tháng" / "6 hằng năm"; "trong quý IV năm" / "2026. Việc …".
  const dateTail = /^(?:\d{4}\b|\d{1,2}(?:\/\d{1,2})?\s+(?:hằng|hàng|tháng|năm)\b)/u;
  if (prev.text.length > 40 && /\s(?:ngày|tháng|năm|quý|số)$/u.test(prev.text) && dateTail.test(next.text)) return true;
  if (HEADING_NUMBER.test(next.text)) return false;
  // A letter's subject under its number: "Số 2449-CV/ĐU" / "về việc triển khai …".
  if (/^về việc\s/u.test(next.text) && /^Số(?=\s|:)/u.test(prev.text)) return false;
  // A word broken by a page break: "thành" / "uỷ theo dõi"; "lấy" / "ý kiến".
  if (!ENDS_SENTENCE.test(prev.text) && /^\p{Ll}/u.test(next.text) && !/:$/.test(prev.text) && !isUpperBlock(prev.text))
    return true;
  // A heading's tail split off by a footnote: "1.1. Theo dõi, ... đối với đại hội" / "Đảng các cấp."
  if (
    prev.emphasised &&
    next.emphasised &&
    HEADING_NUMBER.test(prev.text) &&
    !ENDS_SENTENCE.test(prev.text) &&
    next.blankBefore &&
    next.text.length < 80
  ) {
    return true;
  }
  return false;
}

function isUpperBlock(s: string): boolean {
  const letters = s.replace(/[^\p{L}]/gu, "");
  return letters.length > 0 && letters === letters.toUpperCase();
}

export function isUpperCaseTitle(s: string): boolean {
  return isUpperBlock(s);
}
