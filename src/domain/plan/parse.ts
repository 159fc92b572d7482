/**
 * The plan reader: plan text (as converted from PDF or Word) → a typed, validated Plan.
 * Reads as a careful union officer would: number and symbol, place and date, title, issuing body, documents cited,
 * sections, recipients, signer, and (schedule.ts, targets.ts) deadlines, periods, recurring reports and targets.
 */
import { findDatePhrases } from "../dates/phrases.js";
import { cleanPlanText, isUpperCaseTitle, type CleanLine } from "./clean.js";
import { extractSchedule } from "./schedule.js";
import { extractTargets } from "./targets.js";
import { planSchema, type Plan } from "./types.js";

const DOCUMENT_TYPES = [
  "KẾ HOẠCH",
  "QUYẾT ĐỊNH",
  "CÔNG VĂN",
  "THÔNG BÁO",
  "BÁO CÁO",
  "HƯỚNG DẪN",
  "CHƯƠNG TRÌNH",
  "CHỈ THỊ",
  "NGHỊ QUYẾT",
  "TỜ TRÌNH",
];
const ROMAN_HEADING = /^([IVX]{1,4})\.\s+(.+)$/;
const RECIPIENTS_HEADING = /^N[ơo]i\s+nh[ậa]n\s*:?\s*$/iu;
const SIGN_ON_BEHALF = /^(T\/?M|KT|TL|TUQ|Q)\.?\s+\p{Lu}/u;

export class PlanReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanReadError";
  }
}

/** Reads plan text. Throws PlanReadError when the text is not a plan at all; never a half-filled plan. */
export function parsePlan(raw: string): Plan {
  const { lines, footnotes } = cleanPlanText(raw);
  if (!lines.length) throw new PlanReadError("the document has no text");
  const typeIndex = lines.findIndex(
    (l, i) => i < 40 && DOCUMENT_TYPES.includes(l.text.toUpperCase()) && isUpperCaseTitle(l.text),
  );
  if (typeIndex < 0) throw new PlanReadError("no document type (KẾ HOẠCH, THÔNG BÁO, …) found near the top");
  const documentType = lines[typeIndex]!.text.toUpperCase();
  const head = lines.slice(0, typeIndex);

  const title = readTitle(lines, typeIndex);
  if (!title.text) throw new PlanReadError("no title after the document type");
  const firstSection = lines.findIndex((l, i) => i > title.end && ROMAN_HEADING.test(l.text));
  const preamble = lines.slice(title.end + 1, firstSection < 0 ? Math.min(lines.length, title.end + 6) : firstSection);
  const recipientsAt = lines.findIndex((l) => RECIPIENTS_HEADING.test(l.text));
  const body = lines.slice(title.end + 1, recipientsAt < 0 ? undefined : recipientsAt);

  const plan: Plan = {
    number: readNumber(head),
    documentType,
    ...readPlaceAndDate(head),
    title: title.text,
    issuingBody: readIssuingBody(preamble),
    references: readReferences(preamble),
    signer: readSigner(lines),
    recipients: recipientsAt < 0 ? [] : readRecipients(lines.slice(recipientsAt + 1)),
    sections: body.filter((l) => isSection(l)).map((l) => l.text),
    ...extractSchedule(body),
    targets: extractTargets(body),
    consultationItems: readConsultationItems([...footnotes, ...body.map((l) => l.text)]),
  };
  return planSchema.parse(plan);
}

function isSection(l: CleanLine): boolean {
  const m = ROMAN_HEADING.exec(l.text);
  return !!m && isUpperCaseTitle(m[2]!) && m[2]!.length < 120;
}

function readTitle(lines: CleanLine[], typeIndex: number): { text: string; end: number } {
  let i = typeIndex + 1;
  const parts: string[] = [];
  while (i < lines.length) {
    const l = lines[i]!;
    if (parts.length && l.blankBefore) break;
    if (/^(Căn cứ|Thực hiện)(?=\s)/u.test(l.text) || ROMAN_HEADING.test(l.text) || l.bullet) break;
    parts.push(l.text);
    i++;
  }
  return { text: parts.join(" ").replace(/\s+/g, " ").trim(), end: i - 1 };
}

function readNumber(head: CleanLine[]): string | null {
  for (const l of head) {
    const m = /^Số\s*:?\s*(\d+)\s*([/-])\s*([\p{L}\d.&]+(?:\s*[/-]\s*[\p{L}\d.&]+)*)/u.exec(l.text);
    if (m) return `${m[1]}${m[2]}${m[3]!.replace(/\s+/g, "")}`;
  }
  return null;
}

function readPlaceAndDate(head: CleanLine[]): { place: string | null; issuedOn: string | null } {
  for (const l of head) {
    const m = /^([\p{L} .'-]+?)\s*,\s*(ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})/u.exec(l.text);
    if (!m) continue;
    const date = findDatePhrases(m[2]!)[0];
    if (date?.spec.precision === "day") return { place: m[1]!.trim(), issuedOn: date.spec.date };
  }
  return { place: null, issuedOn: null };
}

/** "…, Ban Thường vụ Liên đoàn Lao động tỉnh ban hành kế hoạch" → "Ban Thường vụ Liên đoàn Lao động tỉnh". */
function readIssuingBody(preamble: CleanLine[]): string | null {
  for (const l of preamble) {
    const m =
      /(?:^|[,;.]\s*)([^,;.]+?)\s+(?:ban hành|xây dựng|triển khai)\s+(?:kế hoạch|Kế hoạch|chương trình|Chương trình)/u.exec(
        l.text,
      );
    if (m) return m[1]!.trim();
  }
  return null;
}

/** Numbers of the documents cited in "Căn cứ …" / "Thực hiện …": "150-KH/BDVTU", "3710/TLĐ-ToC". */
function readReferences(preamble: CleanLine[]): string[] {
  const refs: string[] = [];
  for (const l of preamble) {
    if (!/^(Căn cứ|Thực hiện)(?=\s)/u.test(l.text)) continue;
    for (const m of l.text.matchAll(/số\s+(\d+\s*[-/]\s*[\p{L}\d&]+(?:\s*[-/]\s*[\p{L}\d&]+)*)/gu)) {
      const ref = m[1]!.replace(/\s+/g, "");
      if (!refs.includes(ref)) refs.push(ref);
    }
  }
  return refs;
}

function readRecipients(after: CleanLine[]): string[] {
  const out: string[] = [];
  for (const l of after) {
    if (!l.bullet) {
      if (out.length) break;
      continue;
    }
    const item = l.text
      .replace(/^[{}]+\s*(\([^)]*\))?\s*$/u, "")
      .replace(/\s*[{}]\s*(\((?:b\/c|B\/c|để b\/c)\))?\s*$/u, "")
      .replace(/[;,]\s*$/u, "")
      .replace(/(?<!\.\p{Lu})\.$/u, "")
      .trim();
    if (item) out.push(item);
  }
  return out;
}

function readSigner(lines: CleanLine[]): Plan["signer"] {
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 25); i--) {
    const l = lines[i]!;
    if (l.bullet || !SIGN_ON_BEHALF.test(l.text)) continue;
    // "TM. BAN THƯỜNG VỤ PHÓ CHỦ TỊCH" may arrive on one line when the converter joined them.
    let onBehalfOf = l.text;
    let title = lines[i + 1]?.text ?? "";
    const joined =
      /^(.*?VỤ|.*?ỦY BAN|.*?BAN CHẤP HÀNH)\s+((?:PHÓ\s+)?(?:CHỦ TỊCH|BÍ THƯ|TRƯỞNG BAN|GIÁM ĐỐC|TRƯỞNG).*)$/u.exec(
        l.text,
      );
    let nameIndex = i + 2;
    if (joined) {
      onBehalfOf = joined[1]!;
      title = joined[2]!;
      nameIndex = i + 1;
    }
    const nameLine = lines
      .slice(nameIndex)
      .reverse()
      .find((x) => /^\p{Lu}\p{Ll}*(\s+\p{Lu}\p{Ll}*){1,5}$/u.test(x.text));
    if (!title || !nameLine) return null;
    return { name: nameLine.text, title, onBehalfOf };
  }
  return null;
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
