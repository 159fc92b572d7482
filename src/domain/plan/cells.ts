/**
 * The time column of a task table (pure): "Tháng 10/2025", "Xong trong Quý I/2026", "Trong năm 2026", "Hàng năm",
 * "23/3/2026", "2024 - 2025". What a cell is depends on its column's heading: a single moment under "Thời gian hoàn
 * thành/thực hiện" is a deadline, a day under "Thời gian công bố" (or a bare "Thời gian" of a timetable) is an event,
 * and a span of years is the period a task runs over, never a deadline.
 */
import { findDatePhrases } from "../dates/phrases.js";
import type { FoundPhrase } from "../dates/types.js";
import type { CleanLine } from "./clean.js";
import { hasDueVerb, hasFirmBound, type TimeColumn, timeColumnOf } from "./signs.js";
import type { Plan } from "./types.js";

type Schedule = Pick<Plan, "deadlines" | "periods" | "recurring" | "events">;

/** A time cell: its date phrase, or a span of years ("2024 - 2025", "Giai đoạn 2025 - 2030"). */
export type TimeCell = { span: false; phrase: FoundPhrase } | { span: true; text: string };

const HEADING = /^(?:Thời gian|Thời hạn|Tiến độ)(?!\p{L})/iu;

/** The time columns' headings of a text: where each is and what its column holds. */
export function timeHeadings(lines: CleanLine[]): { at: number; column: TimeColumn }[] {
  return lines.flatMap((l, i) =>
    HEADING.test(l.text) && l.text.length < 60 ? [{ at: i, column: timeColumnOf(l.text) }] : [],
  );
}

/**
 * What the column of a cell at line `i` holds, from the headings near it (a table's heading row comes at most 10 lines
 * before its first cell and its rows run on for 40 lines): an event heading among them wins, then a completion one.
 * undefined when no heading is near: the line is not in a task table.
 */
export function columnAt(headings: { at: number; column: TimeColumn }[], i: number): TimeColumn | undefined {
  const near = headings.filter((h) => h.at - 10 <= i && i <= h.at + 40).map((h) => h.column);
  if (!near.length) return undefined;
  return near.includes("event") ? "event" : near.includes("completion") ? "completion" : "plain";
}

/** A line that holds only a time, as a task table's time cell does; undefined for any other line. */
export function readTimeCell(text: string): TimeCell | undefined {
  const t = text.replace(/[.;,]+$/u, "").trim();
  if (t.length > 60) return undefined;
  if (/^(?:Năm\s+|Giai đoạn\s+)?(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}$/iu.test(t)) return { span: true, text: t };
  const year = /^Năm\s+((?:19|20)\d{2})$/iu.exec(t);
  if (year)
    return {
      span: false,
      phrase: { index: 0, end: t.length, text: t, spec: { precision: "year", year: Number(year[1]) } },
    };
  const found = findDatePhrases(t);
  if (found.length !== 1) return undefined;
  const p = found[0];
  if (!p || p.spec.precision === "relative") return undefined;
  const before = t.slice(0, p.index).trim();
  // "Xong trong Quý I/2026", "Thời gian: Tháng 5/2026", "Thường xuyên, hằng năm": words a time cell may open with.
  const opening = /^(?:(?:Xong|Hoàn thành|Thực hiện|Thời gian|Thời hạn)(?:\s+xong)?\s*:?|Thường xuyên\s*(?:,|và)?)$/iu;
  if (before && !opening.test(before)) return undefined;
  if (
    t
      .slice(p.end)
      .replace(/\(.*\)/u, "")
      .trim()
  )
    return undefined;
  return { span: false, phrase: { ...p, text: t } };
}

/**
 * Reads one time cell into the schedule, `what` being the row's task. A span of years gives nothing; a recurrence is a
 * recurring duty; a day is a deadline under a completion heading, with a firm bound or a task that reports or
 * completes something, and an event otherwise; any other single moment is a deadline, unless its column is an event's.
 */
export function readCell(out: Schedule, cell: TimeCell, what: string, column: TimeColumn): void {
  if (cell.span) return;
  const p = cell.phrase;
  const s = p.spec;
  if (s.precision === "recurring") {
    out.recurring.push({
      text: p.text,
      every: s.every,
      ...(s.months ? { months: s.months } : {}),
      ...(s.dayOfMonth ? { dayOfMonth: s.dayOfMonth } : {}),
      what,
    });
    return;
  }
  if (s.precision === "relative") return;
  const due = hasFirmBound(p) || column === "completion" || (column === "plain" && hasDueVerb(what));
  if (s.precision === "day" && !due) {
    out.events.push({ text: p.text, date: s.date, ...(s.time ? { time: s.time } : {}), what });
    return;
  }
  if (column === "event" && !hasFirmBound(p)) {
    if (s.precision === "month") out.periods.push({ text: p.text, month: s.month, what });
    return;
  }
  out.deadlines.push({
    text: p.text,
    due: dueKey(p),
    precision: s.precision,
    ...("bound" in s && s.bound ? { bound: s.bound } : {}),
    ...("time" in s && s.time ? { time: s.time } : {}),
    what,
  });
}

/** The due key of a phrase: "2026-04-05", "2026-04", "2026-Q2", "2026-H1", "2026". */
export function dueKey(p: FoundPhrase): string {
  const s = p.spec;
  switch (s.precision) {
    case "day":
      return s.date;
    case "early-month":
    case "mid-month":
    case "end-month":
    case "month":
      return s.month;
    case "quarter":
      return `${s.year}-Q${s.quarter}`;
    case "half-year":
      return `${s.year}-H${s.half}`;
    case "year":
      return String(s.year);
    default:
      return "";
  }
}
