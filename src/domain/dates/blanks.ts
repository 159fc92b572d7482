/**
 * Dates a form leaves blanks in: "trước ngày 07/……./2026", "ngày 04 tháng………năm 2026", "ngày … tháng … năm 2026".
 * The year is printed, the day or the month (or both) is a run of dots, an ellipsis, underscores or spaces. Pure.
 */
import type { Bound } from "./types.js";

/** A date with a blank: what is printed of it, and where. */
export interface BlankDate {
  index: number;
  end: number;
  /** The date as printed, with its bound words ("trước ngày 07/……./2026"). */
  text: string;
  year: number;
  /** null where the form has a blank */
  month: number | null;
  day: number | null;
  bound?: Bound;
}

// A blank is a run of dots, ellipses or underscores: one quantifier, so a long run is tried once, not in every split.
const SLASHED = /(?<![\d/.…_])(\d{1,2}|[.…_]+)\s*\/\s*(\d{1,2}|[.…_]+)\s*\/\s*((?:19|20)\d{2})(?![\d/])/gu;
/** A blank of the slashed form: an ellipsis, or at least two dots or underscores (one dot is punctuation). */
const isBlank = (s: string) => /…|[._]{2}/u.test(s);
// Between "ngày" and "tháng" (and "tháng" and "năm") either a number or nothing but blank marks and spaces.
const WORDED = /ngày(?:\s*(\d{1,2}))?[\s.…_]*tháng(?:\s*(\d{1,2}))?[\s.…_]*năm\s*((?:19|20)\d{2})(?!\d)/giu;
/** Bound words right before the date: "trước ngày", "chậm nhất là ngày", "hạn chót". */
const BOUND_WORDS = /(trước|chậm nhất(?:\s+là)?|hạn chót(?:\s+là)?|không quá|không muộn hơn)\s+(?:ngày\s+)?$/iu;

function part(value: string | undefined, max: number): number | null | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : undefined;
}

/** Every date with a blank day or month in a text, with its bound words when it has any. Never throws. */
export function findBlankDates(input: string): BlankDate[] {
  const text = typeof input === "string" ? input.normalize("NFC") : "";
  const found: BlankDate[] = [];
  const take = (m: RegExpMatchArray, dayText: string | undefined, monthText: string | undefined, year: string) => {
    const day = part(dayText, 31);
    const month = part(monthText, 12);
    // A full date is not a blank one, and a number out of range is no date at all.
    if (day === undefined || month === undefined || (day !== null && month !== null)) return;
    const start = m.index ?? 0;
    if (found.some((f) => start < f.end && start + m[0].length > f.index)) return;
    const bound = BOUND_WORDS.exec(text.slice(Math.max(0, start - 40), start));
    const index = bound ? start - bound[0].length : start;
    const end = start + m[0].trimEnd().length;
    found.push({
      index,
      end,
      text: text.slice(index, end),
      year: Number(year),
      month,
      day,
      ...(bound ? { bound: /^trước/iu.test(bound[1] ?? "") ? ("before" as const) : ("by" as const) } : {}),
    });
  };
  for (const m of text.matchAll(SLASHED)) {
    const [day, month] = [m[1] ?? "", m[2] ?? ""];
    if ((/\d/u.test(day) || isBlank(day)) && (/\d/u.test(month) || isBlank(month))) take(m, day, month, m[3] ?? "");
  }
  for (const m of text.matchAll(WORDED)) take(m, m[1], m[2], m[3] ?? "");
  return found.sort((a, b) => a.index - b.index);
}
