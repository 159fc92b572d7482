/**
 * The signs that tell a deadline from a date in passing (pure). A date is a deadline only when the words around it say
 * something is due then: a firm bound ("trước ngày", "chậm nhất", "hạn chót"), a reporting or completing verb ("báo cáo",
 * "hoàn thành", "gửi về", "nộp", "xong") in its clause, or a task table's completion column. The day a meeting, a
 * ceremony or a check takes place is an event: staff see it, units are not reminded of it.
 */
import type { FoundPhrase } from "../dates/types.js";

const L = String.raw`\p{L}`;
const word = (w: string) => `(?<!${L})${w}(?!${L})`;

/** Verbs that make a date the time something is due. "trình" only as a verb ("trình UBND tỉnh"), not "trình độ". */
const DUE_VERB = new RegExp(
  [
    "báo cáo",
    "hoàn thành",
    "hoàn thiện",
    "xong",
    "gửi",
    "nộp",
    "cung cấp",
    String.raw`ban hành(?!\s+kèm)`,
    String.raw`trình(?!\s+(?:độ|bày|tự|diễn|chiếu))`,
    "đăng ký",
  ]
    .map(word)
    .join("|"),
  "iu",
);

/** Words of an event: a meeting, a ceremony, an announcement, a session of a check or a training. */
const EVENT_WORD = new RegExp(
  [
    "hội nghị",
    "hội thảo",
    "hội thi",
    "đại hội",
    "lễ",
    "khai mạc",
    "bế mạc",
    "công bố",
    "tổ chức",
    "diễn ra",
    "tập huấn",
    "huấn luyện",
    "kiểm tra",
    "họp",
    "giao ban",
    "tọa đàm",
    "toạ đàm",
    "gặp mặt",
    "mít tinh",
    "ra quân",
    "bắt đầu",
  ]
    .map(word)
    .join("|"),
  "iu",
);

/** Bound words that set a deadline by themselves: something must be done before or by then. */
const FIRM_BOUND = /^(?:hoàn thành\s+)?(?:trước|chậm nhất|hạn chót|hạn cuối|không quá|không muộn hơn)(?=\s)/iu;

/** The clause a phrase sits in: from the last ";" or sentence end before it to the next one after it. */
export function clauseOf(text: string, p: { index: number; end: number }): string {
  const before = text.slice(0, p.index);
  let start = before.lastIndexOf(";") + 1;
  for (const m of before.matchAll(/\.\s/gu)) start = Math.max(start, (m.index ?? 0) + 1);
  const afterEnd = text.slice(p.end).search(/[;]|\.\s/u);
  return text.slice(start, afterEnd < 0 ? text.length : p.end + afterEnd);
}

/** "trước ngày 05/7/2026", "chậm nhất là 30/6", "hoàn thành trước …": a bound that is a deadline on its own. */
export function hasFirmBound(p: FoundPhrase): boolean {
  return "bound" in p.spec && !!p.spec.bound && FIRM_BOUND.test(p.text.trim());
}

/** A reporting or completing verb in the text ("Báo cáo kết quả …", "hoàn thành trong quý IV"). */
export function hasDueVerb(text: string): boolean {
  return DUE_VERB.test(text);
}

/** Where the last reporting or completing verb of a text begins; -1 when it has none. */
export function lastDueVerbAt(text: string): number {
  let at = -1;
  for (const m of text.matchAll(new RegExp(DUE_VERB.source, "giu"))) at = m.index ?? at;
  return at;
}

/** A word of something that takes place on a day: a meeting, a ceremony, an announcement, a check. */
export function hasEventWord(text: string): boolean {
  return EVENT_WORD.test(text);
}

const EVENT_COLUMN = new RegExp(["công bố", "tổ chức", "khai mạc", "diễn ra", "họp"].map(word).join("|"), "iu");
const COMPLETION_COLUMN = new RegExp(
  [...["hoàn thành", "thực hiện", "xong", "hạn"].map(word), "^Tiến độ"].join("|"),
  "iu",
);

/** What a task table's time column holds, from its heading ("Thời gian hoàn thành", "Thời gian công bố"). */
export type TimeColumn = "completion" | "event" | "plain";

export function timeColumnOf(heading: string): TimeColumn {
  if (EVENT_COLUMN.test(heading)) return "event";
  if (COMPLETION_COLUMN.test(heading)) return "completion";
  return "plain";
}

/** Documents cited by type and date ("Luật Tổ chức chính quyền địa phương ngày 16/6/2025", "Biên bản … ngày …"). */
const CITED =
  /(?:Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Kế hoạch|Công văn|Văn bản|Hướng dẫn|Thông báo|Chương trình|Tờ trình|Báo cáo|Kết luận|Biên bản)[^,;.()]{0,80}?\s(?:ngày|ngày ký)\s*$/u;

/** A document cited before the date ("Kế hoạch số 12/KH-LĐLĐ ngày 05/3/2026"), or a clause that cites one. */
export function isCitation(text: string, p: { index: number }): boolean {
  const before = text.slice(Math.max(0, p.index - 120), p.index);
  if (/\d+\s*[/-]\s*[\p{L}\d./-]*\s*,?\s*(?:ngày\s*(?:ký\s*)?)?$/u.test(before.slice(-40)) || CITED.test(before))
    return true;
  return /^\(?\s*(?:Căn cứ|Thực hiện|Xét|Theo|Ban hành kèm theo|Kèm theo)(?=\s)/iu.test(
    clauseOf(text, { index: p.index, end: p.index }).trim(),
  );
}

/**
 * "Tổ chức Hội nghị vào ngày 20/5/2026", "Ngày 20/5/2026, khai mạc …": the day something takes place, its event word
 * close before it or right after a day that opens the clause. A span ("từ 06/2/2026 đến …"), a date in brackets and a
 * cited document's date are not events.
 */
export function isEventDay(text: string, p: FoundPhrase): boolean {
  const clause = clauseOf(text, p);
  const start = text.indexOf(clause);
  const before = text.slice(Math.max(start, p.index - 80), p.index);
  const after = text.slice(p.end, p.end + 60);
  if (/(?:^|\s|\()từ\s*(?:ngày\s*)?$/u.test(before) && /^\s*(?:đến|-|–)/u.test(after)) return false;
  if ((before.match(/\(/g)?.length ?? 0) > (before.match(/\)/g)?.length ?? 0)) return false;
  if (isCitation(text, p)) return false;
  if (hasEventWord(before)) return true;
  return /^\s*[-+•]?\s*(?:Ngày|Vào ngày|Vào)?\s*$/iu.test(text.slice(start, p.index)) && hasEventWord(after);
}

/**
 * A month right under a short label is a period of the plan ("Đợt 1: Tháng 5 năm 2025", "Thời gian lấy ý kiến: LĐLĐ
 * tỉnh dự kiến tháng 6/2025"). A month deep in a long paragraph is not ("Xét đề nghị của Công ty A tại Văn bản số …;
 * Công ty B …: … báo cáo tháng 3/2026 …" lists letters), nor is one under a citation.
 */
export function isPeriodLabel(label: string, distance: number): boolean {
  return label.length <= 80 && distance <= 120 && !/^(?:Căn cứ|Thực hiện|Xét|Theo)(?=\s)/u.test(label);
}

/** "Từ 13h30’ ngày 02/6/2026": the hour printed before an event's day. */
export function timeBefore(text: string, index: number): string | undefined {
  const m = /(\d{1,2})\s*(?:h|giờ)\s*(\d{2})?\D{0,16}$/u.exec(text.slice(Math.max(0, index - 24), index));
  if (!m) return undefined;
  const hour = Number(m[1]);
  return hour < 24 ? `${String(hour).padStart(2, "0")}:${m[2] ?? "00"}` : undefined;
}
