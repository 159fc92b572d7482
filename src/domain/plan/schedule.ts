/**
 * Deadlines, periods, recurring and relative reports, events and a form's blank deadlines of a plan, each with what is
 * due. "What is due" comes from the line's own words ("Báo cáo …: đầu tháng 6/2025"), its parent bullet for sub-bullets
 * ("+ Trước Đại hội: …"), or the heading it sits under ("1. Liên đoàn Lao động tỉnh" / "- Định kỳ hàng quý …").
 * A date is a deadline only with a sign that something is due then (signs.ts); the day of a meeting is an event.
 */
import { findBlankDates } from "../dates/blanks.js";
import { findDatePhrases, isDeadlineLike } from "../dates/phrases.js";
import type { FoundPhrase } from "../dates/types.js";
import { columnAt, dueKey, readCell, readTimeCell, timeHeadings } from "./cells.js";
import type { CleanLine } from "./clean.js";
import {
  clauseOf,
  hasDueVerb,
  hasFirmBound,
  isCitation,
  isEventDay,
  isPeriodLabel,
  lastDueVerbAt,
  timeBefore,
  timeColumnOf,
} from "./signs.js";
import type { Plan, PlanDeadline } from "./types.js";

type Schedule = Pick<Plan, "deadlines" | "periods" | "recurring" | "relative" | "events" | "blankDeadlines">;

const NUMBERED = /^(\d+(?:\.\d+)*)\.\s+(.+)$/u;
const ROMAN = /^([IVX]{1,4})\.\s+(.+)$/u;
const IDENTIFYING_LABEL = /^(?:(?:Trước|Sau|Trong)\s|(?:Đợt|Lần|Giai đoạn|Bước)\s+\d+$)/u;
/** Union activities a target line is about, in the order people name them; used to summarise recurring targets. */
const ACTIVITIES = [
  "tuyên truyền",
  "thi đua",
  "phát triển đoàn viên",
  "đối thoại",
  "tập huấn",
  "giám sát",
  "chuyển đổi số",
  "an sinh",
  "dân chủ",
  "khen thưởng",
];
const BOILERPLATE_TAILS = [
  " theo quy định",
  " theo đúng quy định",
  " đúng thời gian quy định",
  " theo yêu cầu nhiệm vụ",
  " của tổ chức công đoàn",
  " đảm bảo kịp thời",
];
const ADDRESSEE =
  /^\s*,?\s*(?:tổng hợp\s+)?báo cáo\s+(?:về\s+)?\p{Lu}\p{L}*(?:\s+(?:tỉnh|ủy|uỷ|huyện|thành phố|Trung ương|\p{Lu}\p{L}*))*/u;

interface Context {
  section?: string;
  headings: { depth: number; title: string }[];
  parent?: string;
}

/** Reads the schedule of a plan's body and appendix lines. */
export function extractSchedule(lines: CleanLine[]): Schedule {
  const out: Schedule = { deadlines: [], periods: [], recurring: [], relative: [], events: [], blankDeadlines: [] };
  const ctx: Context = { headings: [] };
  // The cells read since the last time cell: the task of a table row is the longest of them.
  let row: string[] = [];
  let report: ReportPeriod | undefined;
  const headings = timeHeadings(lines);
  for (const [i, line] of lines.entries()) {
    updateContext(ctx, line);
    const cell = readTimeCell(line.text);
    const column = columnAt(headings, i);
    // A bare day ("23/3/2026") or a span of years is a time only in a table with a time column.
    const bare = cell && (cell.span || (cell.phrase.spec.precision === "day" && !cell.phrase.spec.bound));
    if (cell && (!bare || column)) {
      const task = row.reduce((a, b) => (b.length > a.length ? b : a), "");
      readCell(out, cell, task ? trimEnd(task) : headingTail(ctx), column ?? "plain");
      row = [];
      continue;
    }
    // A table's heading row ("Thời gian công bố") is not the task of its first row.
    if (headings.some((h) => h.at === i) && !/\d/u.test(line.text)) {
      row = [];
      continue;
    }
    report = reportPeriodOf(line, report);
    if (report && readReportDays(out, line, report)) continue;
    const phrases = findDatePhrases(line.text);
    readLine(out, ctx, line, phrases);
    readBlanks(out, ctx, line);
    if (line.bullet === "-") ctx.parent = line.text;
    row = [...row.slice(-5), line.text];
  }
  return out;
}

/**
 * A recurrence that sets a duty: a report, or work done or sent every period ("Hàng năm tổng hợp, đánh giá …",
 * "trước ngày 30 tháng 6 hằng năm gửi …", "xây dựng kế hoạch thanh tra hàng năm"), not a word in passing.
 */
function isRecurringDuty(text: string, p: FoundPhrase): boolean {
  if (/báo cáo/iu.test(text) || /^định kỳ/iu.test(p.text)) return true;
  if (p.spec.precision === "recurring" && p.spec.dayOfMonth) return true;
  if (/kế hoạch(?:\s+\p{L}+){0,3}\s+(?:hàng|hằng)\s+năm/iu.test(text)) return true;
  // "Hàng năm tổng hợp, đánh giá …": the recurrence opens the sentence and a duty follows.
  const opens = /^(?:\S+\s+){0,3}$/u.test(text.slice(0, p.index).replace(/^[-+•\s]+/u, ""));
  return opens && /(?:tổng hợp|gửi|cung cấp|rà soát|kiểm tra|đánh giá)/iu.test(text.slice(p.end, p.end + 60));
}

interface ReportPeriod {
  every: Plan["recurring"][number]["every"];
  label: string;
}

const REPORT_PERIOD = /^Báo cáo\s+(6 tháng|sáu tháng|quý|năm|tháng|tuần)(?:\s+\p{L}+){0,3}\s*:/iu;

/** "- Báo cáo 6 tháng: …" opens a list of report days for that period, until the next bullet or heading. */
function reportPeriodOf(line: CleanLine, current: ReportPeriod | undefined): ReportPeriod | undefined {
  const m = REPORT_PERIOD.exec(line.text);
  if (m) {
    const word = m[1]!.toLowerCase();
    const every = /6|sáu/.test(word)
      ? "half-year"
      : word === "quý"
        ? "quarter"
        : word === "năm"
          ? "year"
          : word === "tháng"
            ? "month"
            : "week";
    return { every: [every], label: line.text.slice(0, line.text.indexOf(":")).trim() };
  }
  if (line.bullet || NUMBERED.test(line.text) || ROMAN.test(line.text)) return undefined;
  return current;
}

/**
 * "Báo cáo 6 tháng: Các cơ quan, đơn vị gửi Sở Tài chính trước ngày 05/7; Sở Tài chính tổng hợp … trước ngày 10/7":
 * a day and month with no year under a report period recur every period.
 */
function readReportDays(out: Schedule, line: CleanLine, report: ReportPeriod): boolean {
  let found = false;
  for (const m of line.text.matchAll(
    /(?:trước|chậm nhất(?:\s+là)?)\s+(?:ngày\s+)?(\d{1,2})\s*\/\s*(\d{1,2})(?![\d/])/gu,
  )) {
    const [day, month] = [Number(m[1]), Number(m[2])];
    if (day < 1 || day > 31 || month < 1 || month > 12) continue;
    const before = line.text.slice(0, m.index);
    const clause = trimEnd(before.slice(Math.max(before.lastIndexOf(";"), before.lastIndexOf(":")) + 1));
    push(out.recurring, {
      text: m[0],
      every: report.every,
      months: [month],
      dayOfMonth: day,
      what: clause ? `${report.label}: ${clause}` : report.label,
    });
    found = true;
  }
  return found;
}

/**
 * "1. Thời gian kiểm tra: 13h30 ngày 29/4/2026 (Thứ Tư)", "Đợt 1: Từ 13h30 ngày 02/6/2026": the day an event of the
 * plan takes place; "Thời gian hoàn thành: ngày 30/6/2026", "Thời hạn nộp: 15/7/2026": the day something is due.
 */
function readWhenLine(out: Schedule, line: CleanLine, phrases: FoundPhrase[]): boolean {
  const { label } = splitLabel(line.text);
  if (!label || !/^(?:(?:Thời gian|Thời hạn|Hạn)(?:\s+\p{Ll}+){0,3}|Đợt\s+\d+|Lần\s+\d+)$/u.test(label)) return false;
  const days = phrases.filter((p) => p.spec.precision === "day");
  if (days.length !== 1 || phrases.length !== 1) return false;
  const p = days[0];
  if (p?.spec.precision !== "day" || p.spec.bound) return false;
  if (timeColumnOf(label) === "completion") {
    push(out.deadlines, { text: trimEnd(p.text), due: p.spec.date, precision: "day", what: label });
  } else {
    const time = p.spec.time ?? timeBefore(line.text, p.index);
    push(out.events, { text: trimEnd(p.text), date: p.spec.date, ...(time ? { time } : {}), what: label });
  }
  return true;
}

function readLine(out: Schedule, ctx: Context, line: CleanLine, phrases: FoundPhrase[]): void {
  const [first] = phrases;
  if (!first) return;
  if (readWhenLine(out, line, phrases)) return;
  const { label, tailStart } = splitLabel(line.text);
  for (const p of phrases) {
    const at: PhraseAt = {
      line,
      ctx,
      label,
      tailStart,
      labelled: label !== undefined && p.index >= tailStart,
      firstIndex: first.index,
    };
    if (p.spec.precision === "relative") readRelative(out, at, p, p.spec);
    else if (p.spec.precision === "recurring") readRecurring(out, at, p, p.spec);
    else readDated(out, at, p);
  }
}

/** Where a phrase sits on its line: the line's label ("Thời gian: …") and whether the phrase is in its tail. */
interface PhraseAt {
  line: CleanLine;
  ctx: Context;
  label: string | undefined;
  tailStart: number;
  labelled: boolean;
  firstIndex: number;
}

type SpecOf<P extends FoundPhrase["spec"]["precision"]> = Extract<FoundPhrase["spec"], { precision: P }>;

function whatAt(at: PhraseAt, p: FoundPhrase, kind: Parameters<typeof whatOf>[6]): string {
  return whatOf(at.line, p, at.firstIndex, at.label, at.labelled, at.ctx, kind);
}

/** "trong 15 ngày kể từ …": a deadline counted from another date. */
function readRelative(out: Schedule, at: PhraseAt, p: FoundPhrase, s: SpecOf<"relative">): void {
  push(out.relative, {
    text: trimEnd(p.text),
    offsetDays: s.offsetDays,
    anchor: s.anchor,
    what: whatAt(at, p, "relative"),
  });
}

/** "hàng tháng", "hàng quý": a duty that comes back, or a target of the targets section. */
function readRecurring(out: Schedule, at: PhraseAt, p: FoundPhrase, s: SpecOf<"recurring">): void {
  const { line, ctx } = at;
  const inTargets = /CHỈ TIÊU/u.test(ctx.section ?? "");
  if (!inTargets && !isRecurringDuty(line.text, p)) return;
  if (inTargets && ctx.section && !line.text.slice(0, p.index).trim()) {
    mergeTarget(out, p.text, s.every, ctx.section, line.text);
    return;
  }
  push(out.recurring, {
    text: recurringText(line.text, p, at.firstIndex),
    every: s.every,
    ...(s.months ? { months: s.months } : {}),
    ...(s.dayOfMonth ? { dayOfMonth: s.dayOfMonth } : {}),
    what: whatAt(at, p, "recurring"),
  });
}

/** A dated phrase: a deadline when something is due at it, else an event's day or a reporting period. */
function readDated(out: Schedule, at: PhraseAt, p: FoundPhrase): void {
  const { line, ctx, label, labelled } = at;
  const s = p.spec;
  const report = isReportContext(line, label, ctx);
  const due = isDue(line, p, ctx, labelled ? label : undefined, report);
  if ((isDeadlineLike(p) || (s.precision === "month" && report)) && due) {
    push(out.deadlines, {
      text: labelled && label && IDENTIFYING_LABEL.test(label) ? `${label}: ${trimEnd(p.text)}` : trimEnd(p.text),
      due: dueKey(p),
      precision: s.precision as PlanDeadline["precision"],
      ...("bound" in s && s.bound ? { bound: s.bound } : {}),
      ...("time" in s && s.time ? { time: s.time } : {}),
      what: whatAt(at, p, "deadline"),
    });
  } else if (s.precision === "day" && !s.bound && !due && isEventDay(line.text, p)) {
    push(out.events, {
      text: trimEnd(p.text),
      date: s.date,
      ...(s.time ? { time: s.time } : {}),
      what: whatAt(at, p, "deadline").replace(/\s+(?:vào\s+)?(?:ngày|vào|lúc|từ)$/iu, ""),
    });
  } else if (s.precision === "month" && labelled && label && isPeriodLabel(label, p.index - at.tailStart)) {
    const tail = line.text.slice(at.tailStart, p.end);
    push(out.periods, {
      text: IDENTIFYING_LABEL.test(label) ? `${label}: ${trimEnd(p.text)}` : trimEnd(tail),
      month: s.month,
      what: IDENTIFYING_LABEL.test(label) ? `${label} ${headingTail(ctx)}`.trim() : label,
    });
  }
}

/**
 * A sign that something is due at a phrase: a firm bound ("trước ngày"), a report's line, or a reporting or completing
 * verb in its clause, in its label ("Thời gian hoàn thành: …"), in the bullet a "+" line hangs under, or in the heading
 * it sits under ("2. Báo cáo kết quả").
 */
function isDue(line: CleanLine, p: FoundPhrase, ctx: Context, label: string | undefined, report: boolean): boolean {
  if (report || hasFirmBound(p) || hasDueVerb(clauseOf(line.text, p))) return true;
  if (label && (timeColumnOf(label) === "completion" || hasDueVerb(label))) return true;
  if (line.bullet === "+" && ctx.parent && hasDueVerb(ctx.parent)) return true;
  const heading = ctx.headings[ctx.headings.length - 1]?.title ?? "";
  return timeColumnOf(heading) === "completion" || hasDueVerb(heading);
}

/** A form's deadline with a blank day or month ("trước ngày 07/……./2026"): staff give the missing part. */
function readBlanks(out: Schedule, ctx: Context, line: CleanLine): void {
  const { label, tailStart } = splitLabel(line.text);
  for (const b of findBlankDates(line.text)) {
    if (!b.bound && (!hasDueVerb(clauseOf(line.text, b)) || isCitation(line.text, b))) continue;
    const labelled = label !== undefined && b.index >= tailStart;
    push(out.blankDeadlines, {
      text: b.text,
      year: b.year,
      month: b.month,
      day: b.day,
      ...(b.bound ? { bound: b.bound } : {}),
      what: whatOf(line, b, b.index, label, labelled, ctx, "deadline"),
    });
  }
}

/**
 * "Hàng năm, 100% đoàn viên … được tuyên truyền …" / "Hàng năm, 100% công đoàn cơ sở tham gia các phong trào thi đua
 * …":
 * one recurring item for the targets section, named by the activities its lines are about: "chỉ tiêu chủ yếu (tuyên
 * truyền, thi đua)".
 */
function mergeTarget(
  out: Schedule,
  text: string,
  every: Plan["recurring"][number]["every"],
  section: string,
  line: string,
): void {
  const title = section.toLowerCase();
  let item = out.recurring.find((r) => r.text === text && r.what.startsWith(title));
  if (!item) {
    item = { text, every, what: title };
    out.recurring.push(item);
  }
  const lower = line.toLowerCase();
  const activity = ACTIVITIES.map((a) => ({ a, at: lower.indexOf(a) }))
    .filter((x) => x.at >= 0)
    .sort((x, y) => x.at - y.at)[0]?.a;
  if (!activity) return;
  const named = /\((.*)\)$/.exec(item.what)?.[1]?.split(", ") ?? [];
  if (!named.includes(activity)) item.what = `${title} (${[...named, activity].join(", ")})`;
}

function updateContext(ctx: Context, line: CleanLine): void {
  const roman = ROMAN.exec(line.text);
  if (roman && !line.bullet) {
    ctx.section = roman[2];
    ctx.headings = [];
    ctx.parent = undefined;
    return;
  }
  const numbered = NUMBERED.exec(line.text);
  if (numbered && !line.bullet && (line.emphasised || !/[.:;]$/.test(line.text)) && line.text.length < 300) {
    const depth = numbered[1]!.split(".").length;
    ctx.headings = ctx.headings.filter((h) => h.depth < depth);
    ctx.headings.push({ depth, title: numbered[2]! });
    ctx.parent = undefined;
  }
}

function splitLabel(text: string): { label?: string; tailStart: number } {
  const m = /^([^:]{2,200}?):\s+/u.exec(text);
  if (!m) return { tailStart: 0 };
  return { label: m[1]!.replace(/^\d+(?:\.\d+)*\.\s+/u, "").trim(), tailStart: m[0].length };
}

function isReportContext(line: CleanLine, label: string | undefined, ctx: Context): boolean {
  const about = line.bullet === "+" ? (ctx.parent ?? "") : (label ?? line.text);
  return /^báo cáo/iu.test(about.trim());
}

function whatOf(
  line: CleanLine,
  p: { index: number; end: number },
  firstIndex: number,
  label: string | undefined,
  labelled: boolean,
  ctx: Context,
  kind: "deadline" | "recurring" | "relative",
): string {
  if (line.bullet === "+" && labelled && label && ctx.parent) {
    return `${trimEnd(ctx.parent)} (${lowerFirst(label)})`;
  }
  if (labelled && label) {
    if (/^báo cáo/iu.test(label) || kind !== "deadline") return label;
    const qualifier = headingQualifier(ctx);
    return qualifier ? `${label} (${qualifier})` : label;
  }
  const before = line.text.slice(0, kind === "recurring" ? firstIndex : p.index);
  let clause = before.slice(before.lastIndexOf(";") + 1).trim();
  const report = clause.search(/báo cáo/iu);
  if (report > 0) clause = clause.slice(report);
  // A long sentence ("… kính đề nghị Giám đốc quan tâm thực hiện và gửi các thông tin trên cho …"): what is due is
  // what its last reporting or completing verb says.
  else if (clause.length > 120) clause = clause.slice(Math.max(0, lastDueVerbAt(clause)));
  clause = trimEnd(clause.replace(/[,\s]+$/u, ""));
  if (clause) return clause;
  const subject = (ctx.headings[ctx.headings.length - 1]?.title ?? "").replace(/^Đối với\s+/u, "");
  const rest = dropTails(trimEnd(line.text.slice(p.end).replace(/^[\s,]+/u, "")));
  return [subject, rest].filter(Boolean).join(" ");
}

/**
 * "Định kỳ hàng quý, 6 tháng, một năm, tổng hợp báo cáo Tỉnh ủy": a line that opens with its recurrence keeps the
 * addressee.
 */
function recurringText(text: string, p: FoundPhrase, firstIndex: number): string {
  if (p.index !== firstIndex || text.slice(0, p.index).trim()) return p.text;
  const m = ADDRESSEE.exec(text.slice(p.end));
  return m ? `${p.text}${m[0]}` : p.text;
}

/**
 * The generic label of a deadline qualified by the drafts its heading names: "(dự thảo văn kiện Đại hội … lần thứ
 * XII)".
 */
function headingQualifier(ctx: Context): string | undefined {
  for (const h of [...ctx.headings].reverse()) {
    const at = h.title.search(/dự thảo văn kiện/iu);
    if (at >= 0)
      return h.title
        .slice(at)
        .replace(/\s(?:trình|đại biểu)(?=\s)/gu, "")
        .replace(/\s+/g, " ")
        .trim();
  }
  return undefined;
}

/** "Đợt phát động tháng cao điểm" → "tháng cao điểm". */
function headingTail(ctx: Context): string {
  const title = ctx.headings[ctx.headings.length - 1]?.title ?? "";
  return title.replace(/^Đợt(?:\s+(?:phát động|thi đua|cao điểm))?\s+/u, "");
}

function dropTails(s: string): string {
  let out = s;
  for (let again = true; again; ) {
    again = false;
    for (const tail of BOILERPLATE_TAILS) {
      if (out.endsWith(tail)) {
        out = out.slice(0, -tail.length).trim();
        again = true;
      }
    }
  }
  return out;
}

function trimEnd(s: string): string {
  return s
    .trim()
    .replace(/[.:;,]+$/u, "")
    .trim();
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function push<T extends { text: string; what: string }>(list: T[], item: T): void {
  if (!list.some((x) => x.text === item.text && x.what === item.what)) list.push(item);
}
