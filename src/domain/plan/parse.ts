/**
 * The plan reader: plan text (as converted from PDF or Word) → a typed, validated Plan.
 * Reads as a careful union officer would: number and symbol, place and date, title, issuing body, documents cited,
 * sections, recipients, signer, and (schedule.ts, targets.ts) deadlines, periods, recurring reports and targets.
 */
import { findDatePhrases } from "../dates/phrases.js";
import { type CleanLine, cleanPlanText, isUpperCaseTitle } from "./clean.js";
import { DOCUMENT_TYPES, normaliseLayout } from "./layout.js";
import { extractSchedule } from "./schedule.js";
import { readRecipients, readSigner } from "./signature.js";
import { extractTargets } from "./targets.js";
import { type Plan, planSchema } from "./types.js";

/** A letter (công văn) has no type heading, only its subject under the number: "V/v …", "về việc …". */
const LETTER_SUBJECT = /^(?:V\/[vV]\s*:?|về việc)\s/u;
const ROMAN_HEADING = /^([IVX]{1,4})\.\s+(.+)$/;
const RECIPIENTS_HEADING = /^N[ơo]i\s+nh[ậaâ]n\s*(?::.*)?$/iu;

export class PlanReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanReadError";
  }
}

/** What a document's header says: number, type, place, date, title, issuer. A field it could not read is null. */
export interface PlanHeader {
  number: string | null;
  documentType: string | null;
  place: string | null;
  issuedOn: string | null;
  title: string | null;
  issuingBody: string | null;
}

interface Located {
  lines: CleanLine[];
  footnotes: string[];
  /** the type heading or a letter's subject; -1 when the document has none */
  typeIndex: number;
  documentType: string | null;
  title: { text: string; end: number };
  head: string[];
}

/** A preamble or body line: where a header with no type heading and no title ends. */
const BODY_START = /^(?:Căn cứ|Thực hiện|Kính gửi)(?=\s|:)/u;

function locate(raw: string): Located | undefined {
  const { lines, footnotes } = cleanPlanText(normaliseLayout(typeof raw === "string" ? raw : ""));
  if (!lines.length) return undefined;
  const typeIndex = lines.findIndex((l, i) => i < 40 && (isDocumentType(l.text) || LETTER_SUBJECT.test(l.text)));
  if (typeIndex < 0) {
    // No type heading (a page that dropped it): the header is what comes before the first sentence of the body, after
    // any list a web page puts above it ("- 1Hướng dẫn 26-HD/BTCTW …" of related documents).
    let start = 0;
    while (start < lines.length && start < 10 && lines[start]?.bullet) start++;
    const end = lines.findIndex(
      (l, i) =>
        i >= start &&
        (i >= 40 || l.bullet || l.text.length > 100 || BODY_START.test(l.text) || ROMAN_HEADING.test(l.text)),
    );
    const head = headerLines(lines.slice(start, end < 0 ? lines.length : end));
    const title = { text: "", end: (end < 0 ? lines.length : end) - 1 };
    return { lines, footnotes, typeIndex, documentType: null, title, head };
  }
  const letter = LETTER_SUBJECT.test(lines[typeIndex]!.text);
  const documentType = letter ? "CÔNG VĂN" : documentTypeOf(lines[typeIndex]!.text)!;
  const title = letter ? readLetterSubject(lines, typeIndex) : readTitle(lines, typeIndex);
  // A letter's subject sits in the left column under its number, so the date may come after it.
  const head = headerLines([...lines.slice(0, typeIndex), ...(letter ? letterTail(lines, title.end + 1) : [])]);
  return { lines, footnotes, typeIndex, documentType, title, head };
}

function preambleOf(lines: CleanLine[], titleEnd: number): CleanLine[] {
  const firstSection = lines.findIndex((l, i) => i > titleEnd && ROMAN_HEADING.test(l.text));
  return lines.slice(titleEnd + 1, firstSection < 0 ? Math.min(lines.length, titleEnd + 6) : firstSection);
}

/**
 * Reads only the header, also of a document the reader will not take as a plan (no type heading, no title): what it
 * could read is given, the rest stays null. Never throws.
 */
export function readHeader(raw: string): PlanHeader {
  const doc = locate(raw);
  if (!doc) return { number: null, documentType: null, place: null, issuedOn: null, title: null, issuingBody: null };
  return headerOf(doc);
}

function headerOf(doc: Located): PlanHeader {
  const { head, title } = doc;
  const preamble = preambleOf(doc.lines, title.end);
  return {
    number: readNumber(head),
    documentType: doc.documentType,
    ...readPlaceAndDate(head),
    title: title.text || null,
    issuingBody: chooseIssuer(readIssuingBody(preamble), readHeaderIssuer(head)),
  };
}

/** Reads plan text. Throws PlanReadError when the text is not a plan at all; never a half-filled plan. */
export function parsePlan(raw: string): Plan {
  const doc = locate(raw);
  if (!doc) throw new PlanReadError("the document has no text");
  if (!doc.documentType) throw new PlanReadError("no document type (KẾ HOẠCH, THÔNG BÁO, …) found near the top");
  if (!doc.title.text) throw new PlanReadError("no title after the document type");
  const { lines, footnotes, title, head } = doc;
  const recipientsAt = lines.findIndex((l, i) => i > title.end && RECIPIENTS_HEADING.test(l.text));
  const appendixAt = findAppendix(lines, recipientsAt < 0 ? title.end + 1 : recipientsAt + 1);
  const body = lines.slice(title.end + 1, recipientsAt < 0 ? appendixAt : recipientsAt);
  // After Nơi nhận come the signature and any appendix; their task tables carry deadlines too.
  const appendix = recipientsAt < 0 ? lines.slice(appendixAt) : lines.slice(recipientsAt + 1).filter((l) => !l.bullet);

  const plan: Plan = {
    ...headerOf(doc),
    documentType: doc.documentType,
    title: title.text,
    references: readReferences(preambleOf(lines, title.end)),
    signer: readSigner(lines, recipientsAt, appendixAt),
    recipients: recipientsAt < 0 ? [] : readRecipients(lines.slice(recipientsAt, appendixAt)),
    sections: body.filter((l) => isSection(l)).map((l) => l.text),
    ...dropPast(extractSchedule([...body, ...appendix]), head),
    targets: extractTargets(body),
    consultationItems: readConsultationItems([...footnotes, ...body.map((l) => l.text)]),
  };
  return planSchema.parse(plan);
}

/**
 * A time that ended before the document was written is a past fact it reports ("Trong năm 2025" in a 2026 report), not
 * a deadline. The document's date is its issue date, or the first day of its year when a draft leaves the day blank.
 */
function dropPast<T extends Pick<Plan, "deadlines" | "events" | "blankDeadlines">>(schedule: T, head: string[]): T {
  const year = head.map((t) => /ngày[\s\d…._]*tháng[\s\d…._]*năm\s*(\d{4})/u.exec(t)?.[1]).find(Boolean);
  const issued = readPlaceAndDate(head).issuedOn ?? (year ? `${year}-01-01` : undefined);
  if (!issued) return schedule;
  return {
    ...schedule,
    deadlines: schedule.deadlines.filter((d) => periodEnd(d.due) >= issued),
    events: schedule.events.filter((e) => e.date >= issued),
    blankDeadlines: schedule.blankDeadlines.filter((b) => `${b.year}-12-31` >= issued),
  };
}

/** The last day of a due key: "2026-04-05", "2026-04", "2026-Q2", "2026-H1", "2026". */
function periodEnd(due: string): string {
  const [y, part] = due.split("-");
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) return due;
  if (!part) return `${y}-12-31`;
  const month = part.startsWith("Q")
    ? Number(part.slice(1)) * 3
    : part.startsWith("H")
      ? Number(part.slice(1)) * 6
      : Number(part);
  return `${y}-${String(month).padStart(2, "0")}-31`;
}

function isDocumentType(text: string): boolean {
  return documentTypeOf(text) !== undefined;
}

/** "KẾ HOẠCH"; also as OCR leaves it, letters apart and a mark wrong ("K ÉT LUẬN" is KẾT LUẬN). */
function documentTypeOf(text: string): string | undefined {
  if (!isUpperCaseTitle(text) || text.length > 30) return undefined;
  if (DOCUMENT_TYPES.includes(text.toUpperCase())) return text.toUpperCase();
  const bare = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f\s]/g, "")
      .replace(/Đ/g, "D")
      .toUpperCase();
  return DOCUMENT_TYPES.find((t) => bare(t) === bare(text));
}

/** An appendix (Phụ lục) after the signature: its tables list tasks with their lead body and time. */
function findAppendix(lines: CleanLine[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    const t = lines[i]!.text;
    if (/^PHỤ LỤC\b/u.test(t) || /^Phụ lục(?:\s+[IVX\d]+)?$/u.test(t)) return i;
    if (/^\(?(?:Kèm|Ban hành kèm) theo\b/u.test(t)) return i > from && isUpperCaseTitle(lines[i - 1]!.text) ? i - 1 : i;
  }
  return lines.length;
}

function isSection(l: CleanLine): boolean {
  const title = ROMAN_HEADING.exec(l.text)?.[2];
  return title !== undefined && isUpperCaseTitle(title) && title.length < 120;
}

function readTitle(lines: CleanLine[], typeIndex: number): { text: string; end: number } {
  let i = typeIndex + 1;
  const parts: string[] = [];
  while (i < lines.length) {
    const l = lines[i]!;
    // A title goes on after a blank line only with a lower-case word: "CỦA ĐOÀN THANH NIÊN …" / "thực hiện Nghị quyết …".
    if (parts.length && l.blankBefore && !/^\p{Ll}/u.test(l.text)) break;
    // A title may itself begin "Thực hiện Nghị quyết …"; after its first line that word opens the preamble.
    if (/^(?:Căn cứ|Kính gửi)(?=\s|:)/u.test(l.text) || ROMAN_HEADING.test(l.text) || l.bullet) break;
    // "(Ban hành kèm theo Nghị quyết số 35-NQ/TU …)" under a title says what the document is attached to.
    if (parts.length && /^\(?\s*(?:Ban hành\s+)?[Kk]èm theo\s/u.test(l.text)) break;
    if (parts.length && /^Thực hiện(?=\s)/u.test(l.text)) break;
    // An upper-case title ends where ordinary sentences begin ("Ngày 07 tháng 10 năm 2024, tại trụ sở …").
    if (parts.length && isUpperCaseTitle(parts.join(" ")) && /^\p{Lu}/u.test(l.text) && !isUpperCaseTitle(l.text))
      break;
    if (parts.length && endsTitle(parts, l.text)) break;
    parts.push(l.text);
    i++;
  }
  return { text: parts.join(" ").replace(/\s+/g, " ").trim(), end: i - 1 };
}

/**
 * A title whose lower-case part closes on a year ("… về xây dựng hạ tầng đến năm 2025, / định hướng đến năm 2030")
 * is over when the next line opens a sentence with a capitalised word ("Hội nghị lần thứ bảy … họp"), even with no
 * blank line between them, as OCR gives it.
 */
function endsTitle(parts: string[], next: string): boolean {
  const lowerPart = parts.some((p) => /^\p{Ll}/u.test(p));
  return lowerPart && /\d{4}\)?$/u.test(parts[parts.length - 1]!) && /^\p{Lu}\p{Ll}+\s+\p{Ll}/u.test(next);
}

const MOTTO =
  /(CỘNG\s+H(?:ÒA|OÀ|OA)\s+XÃ\s+HỘI\s+CHỦ\s+NGH[ĨI]A\s+VI[ỆẾE]T\s+NAM|Đ[ẢÁA]NG\s+CỘNG\s+SẢN\s+VI[ỆẾE]T\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+[Pp]húc)/u;
const PLACE = String.raw`\p{Lu}[\p{L}.'-]*(?:\s+[\p{L}.'-]+){0,4}`;

/**
 * Header lines with the columns a copy glued together taken apart again: the national motto off the issuer's line, the
 * place and date off the number's line ("Số: 57/KH-UBND Điện Biên, ngày 12 tháng 4 năm 2026").
 */
function headerLines(head: CleanLine[]): string[] {
  // The motto may be cut over two lines ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT" / "NAM"): it is matched across them.
  return head
    .map((l) => l.text)
    .join("\n")
    .replace(new RegExp(MOTTO.source, "gu"), (m) => `\n${m.replace(/\s+/g, " ")}\n`)
    .split("\n")
    .flatMap((t) =>
      t
        .replace(new RegExp(String.raw`^(Số\s*:?[^,]*?)\s+(${PLACE},\s*ngày\b)`, "u"), "$1\n$2")
        .split("\n")
        // A web table's cell separator left at either end ("ỦY BAN NHÂN DÂN |") is debris.
        .map((x) => fixOcrMarks(x.replace(/^[|\s]+|[|\s]+$/gu, "")))
        .filter(Boolean),
    );
}

/**
 * A wrong tone mark OCR puts on fixed header words, corrected only where the place leaves one reading: "TÍNH ỦY" is
 * TỈNH ỦY (a provincial party committee); a party number ending "-KL/TƯ" is "-KL/TU" (Tỉnh ủy: "TƯ" alone is no
 * party body's symbol; the central ones write "TW").
 */
export function fixOcrMarks(line: string): string {
  return line
    .replace(/(?<!\p{L})TÍNH(?=\s+(?:ỦY|UỶ)(?!\p{L}))/gu, "TỈNH")
    .replace(/(?<=\d\s*-\s*\p{Lu}\p{L}{0,4}\s*\/\s*)TƯ(?![\p{L}\d-])/gu, "TU");
}

/** "Số: 57 /KH-UBND", "Số: 318 - KH/TWĐTN-VP", "Số:" with the number on the next line; a draft's blank number is none. */
function readNumber(head: string[]): string | null {
  for (const [i, line] of head.entries()) {
    if (!/^Số\s*:?/u.test(line)) continue;
    const text = /^Số\s*:?\s*$/u.test(line) ? `Số: ${head[i + 1] ?? ""}` : line;
    const m = /^Số\s*:?\s*(\d+)\s*([/-])\s*([\p{L}\d.&]+(?:\s*[/-]\s*[\p{L}\d.&]+)*)/u.exec(text);
    if (m) return `${m[1]}${m[2]}${(m[3] ?? "").replace(/\s+/g, "")}`;
  }
  return null;
}

/**
 * "Lào Cai, ngày 10 tháng 3 năm 2026", also when a table cut it into pieces ("Hà" / "Giang, ngày 09 tháng 5" / "năm
 * 2021"). A draft's blank day or month leaves the date empty but keeps the place.
 */
function readPlaceAndDate(head: string[]): { place: string | null; issuedOn: string | null } {
  const re = new RegExp(String.raw`^(${PLACE}?)\s*,\s*ngày\b(.*)$`, "u");
  for (let size = 1; size <= 3; size++) {
    for (let i = 0; i + size <= head.length; i++) {
      // "Sơn" / "La, ngày …": a place cut in two by a table cell.
      const cut = size === 1 && i > 0 && /^\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?$/u.test(head[i - 1]!);
      const m = re.exec(head.slice(cut ? i - 1 : i, i + size).join(" "));
      if (!m) continue;
      const [, place = "", afterDay = ""] = m;
      if (MOTTO.test(place)) continue;
      const rest = `ngày${afterDay}`;
      if (!/^ngày[\s\d…._]*tháng[\s\d…._]*năm\s*\d{4}/u.test(rest)) continue;
      const date = findDatePhrases(rest)[0];
      const issuedOn = date?.index === 0 && date.spec.precision === "day" ? date.spec.date : null;
      return { place: place.trim(), issuedOn };
    }
  }
  return { place: null, issuedOn: null };
}

const PLACELESS_BODY = /^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BAN CHẤP HÀNH|BAN THƯỜNG VỤ)$/u;
const ADMIN_AREA = /^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s/u;

/**
 * The issuing body from the header's upper-case block: its lowest lines under the superior body ("UBND TỈNH LÀO CAI /
 * SỞ CÔNG THƯƠNG" → "SỞ CÔNG THƯƠNG"), or the whole name when the first line names no place ("ỦY BAN NHÂN DÂN / TỈNH
 * LÀO CAI").
 */
function readHeaderIssuer(head: string[]): string | null {
  const block = head.filter(
    (t) =>
      isUpperCaseTitle(t) &&
      !MOTTO.test(t) &&
      !/^(?:Số|SỐ)\s*:/u.test(t) &&
      !/^[/\d-]/u.test(t) &&
      !/^(?:DỰ THẢO|BẢN SAO|MẬT|KHẨN)\b/u.test(t),
  );
  if (!block.length) return null;
  const [first = "", second] = block;
  if (second === undefined) return first;
  if (PLACELESS_BODY.test(first) && ADMIN_AREA.test(second)) return block.join(" ");
  return block.slice(1).join(" ");
}

function letterTail(lines: CleanLine[], from: number): CleanLine[] {
  const end = lines.findIndex((l, i) => i >= from && l.text.length > 100);
  return lines.slice(from, Math.min(end < 0 ? lines.length : end, from + 8));
}

/** A body named only by its kind and level ("Ban Thường vụ LĐLĐ huyện", "UBND tỉnh"), not by its name. */
const GENERIC_BODY =
  /^(?:(?:Ban Thường vụ|Ban Chấp hành|Thường trực|Đoàn Chủ tịch)\s+)?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Liên đoàn Lao động|LĐLĐ|Công đoàn)(?:\s+(?:tỉnh|huyện|xã|phường|thành phố|quận|thị xã|ngành|cơ sở))?$/iu;

/**
 * The body named in the preamble ("Ban Thường vụ Liên đoàn Lao động tỉnh … ban hành kế hoạch"), unless it is only the
 * short form of the body the header names in full ("UBND tỉnh" under "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Ban Thường vụ
 * LĐLĐ huyện" under "LIÊN ĐOÀN LAO ĐỘNG HUYỆN YÊN ĐỊNH").
 */
function chooseIssuer(preamble: string | null, header: string | null): string | null {
  if (!preamble) return header;
  if (!header || !GENERIC_BODY.test(preamble)) return preamble;
  const sameKind = /Liên đoàn|LĐLĐ|Công đoàn/iu.test(preamble)
    ? /LIÊN ĐOÀN LAO ĐỘNG|LĐLĐ|CÔNG ĐOÀN|CĐCS/u.test(header)
    : /^(?:ỦY|UỶ) BAN NHÂN DÂN(?:\s|$)/u.test(header);
  return sameKind ? header : preamble;
}

/** A letter's subject: "V/v tăng cường công tác quản / lý, …", up to a blank line or "Kính gửi". */
function readLetterSubject(lines: CleanLine[], at: number): { text: string; end: number } {
  const parts = [lines[at]!.text];
  let i = at + 1;
  while (i < lines.length && !lines[i]!.blankBefore && !/^Kính gửi\b/u.test(lines[i]!.text) && parts.length < 4) {
    const t = lines[i]!.text;
    if (lines[i]!.bullet || /^(Căn cứ|Thực hiện)\s/u.test(t) || /^Số\s*:/u.test(t)) break;
    if (MOTTO.test(t) || isUpperCaseTitle(t) || /,\s*ngày\s/u.test(t)) break;
    parts.push(lines[i]!.text);
    i++;
  }
  return { text: parts.join(" ").replace(/\s+/g, " ").trim(), end: i - 1 };
}

/** "…, Ban Thường vụ Liên đoàn Lao động tỉnh ban hành kế hoạch" → "Ban Thường vụ Liên đoàn Lao động tỉnh". */
function readIssuingBody(preamble: CleanLine[]): string | null {
  const issuing =
    /(?:^|[,;.]\s*)([^,;.]+?)\s+(?:ban hành|xây dựng|triển khai)\s+(?:kế hoạch|Kế hoạch|chương trình|Chương trình)/gu;
  for (const l of preamble) {
    // "Thực hiện Quyết định số … của Thủ tướng Chính phủ ban hành Chương trình …": a cited document's issuer.
    const issuer = [...l.text.matchAll(issuing)]
      .map(([, body = ""]) => body.trim())
      .find((body) => !/^(?:Căn cứ|Thực hiện)\s/u.test(body));
    if (issuer !== undefined) return issuer;
  }
  return null;
}

/** Numbers of the documents cited in "Căn cứ …" / "Thực hiện …": "150-KH/BDVTU", "3710/TLĐ-ToC". */
function readReferences(preamble: CleanLine[]): string[] {
  const refs: string[] = [];
  for (const l of preamble) {
    if (!/^(Căn cứ|Thực hiện)(?=\s)/u.test(l.text)) continue;
    for (const m of l.text.matchAll(/số\s+(\d+\s*[-/]\s*[\p{L}\d&]+(?:\s*[-/]\s*[\p{L}\d&]+)*)/gu)) {
      const ref = (m[1] ?? "").replace(/\s+/g, "");
      if (!refs.includes(ref)) refs.push(ref);
    }
  }
  return refs;
}

/** Drafts listed for comment: "(1) Dự thảo Báo cáo chính trị …; (2) Dự thảo …". */
function readConsultationItems(texts: string[]): string[] {
  for (const t of texts) {
    if (!/\(1\)\s*Dự thảo/u.test(t)) continue;
    const list = t.slice(t.indexOf("(1)"));
    return list
      .split(/\(\d+\)\s*/u)
      .map((x) =>
        x
          .trim()
          .replace(/[;,.]\s*$/u, "")
          .trim(),
      )
      .filter(Boolean);
  }
  return [];
}
