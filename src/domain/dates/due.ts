/**
 * Turning a phrase's precision into a concrete due moment, and a recurrence into its occurrences.
 * All wall-clock times are in the configured zone (Asia/Ho_Chi_Minh by default).
 */
import type { DateSpec, DueSettings, PeriodKind } from "./types.js";
import { fixedLocalParts, type LocalParts } from "./zones.js";

const pad = (n: number) => String(n).padStart(2, "0");

/** The UTC instant of a wall-clock time in a time zone. */
export function zonedTime(y: number, m: number, d: number, hh: number, mm: number, timezone: string): Date {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const offset = zoneOffsetMinutes(new Date(guess), timezone);
  const first = guess - offset * 60_000;
  const offset2 = zoneOffsetMinutes(new Date(first), timezone);
  return new Date(guess - offset2 * 60_000);
}

/** Minutes the zone is ahead of UTC at an instant. */
export function zoneOffsetMinutes(at: Date, timezone: string): number {
  const parts = localParts(at, timezone);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock parts of an instant in a zone: by arithmetic for a zone of fixed offset (zones.ts), else by Intl. */
export function localParts(at: Date, timezone: string): LocalParts {
  const fixed = fixedLocalParts(at, timezone);
  if (fixed) return fixed;
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      weekday: "short",
    });
    formatters.set(timezone, f);
  }
  const parts = f.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "0";
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")),
    minute: Number(get("minute")),
    weekday,
  };
}

/** dd/mm/yyyy of an instant in the zone. */
export function formatDay(at: Date, timezone: string): string {
  const p = localParts(at, timezone);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

export function formatDayTime(at: Date, timezone: string): string {
  const p = localParts(at, timezone);
  return `${pad(p.hour)}:${pad(p.minute)} ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** "2025-07-05" → "05/07/2025"; "2025-06" → "06/2025". */
export function formatIso(iso: string): string {
  const [y, m, d] = iso.split("-");
  return d ? `${d}/${m}/${y}` : `${m}/${y}`;
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function at(y: number, m: number, d: number, s: DueSettings, time = s.dueTime): Date {
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return zonedTime(y, m, d, hh, mm, s.timezone);
}

/**
 * When a dated phrase falls due. "trước ngày 05/7" is strictly before the 5th: due at the end of the 4th.
 * "đầu tháng" = EARLY_MONTH_DAY, "giữa tháng" = MID_MONTH_DAY, a month, quarter, half or year = its last day.
 * Relative and recurring phrases have no single moment (undefined): see relativeDue and occurrences.
 */
export function dueMoment(spec: DateSpec, s: DueSettings): Date | undefined {
  switch (spec.precision) {
    case "day": {
      const [y, m, d] = spec.date.split("-").map(Number) as [number, number, number];
      if (spec.time) {
        return at(y, m, d, s, spec.time);
      }
      if (spec.bound === "before") {
        const prev = new Date(Date.UTC(y, m - 1, d - 1));
        return at(prev.getUTCFullYear(), prev.getUTCMonth() + 1, prev.getUTCDate(), s);
      }
      return at(y, m, d, s);
    }
    case "early-month":
    case "mid-month":
    case "end-month":
    case "month": {
      const [y, m] = spec.month.split("-").map(Number) as [number, number];
      const day =
        spec.precision === "early-month"
          ? s.earlyMonthDay
          : spec.precision === "mid-month"
            ? s.midMonthDay
            : lastDay(y, m);
      return at(y, m, day, s);
    }
    case "quarter":
      return at(spec.year, spec.quarter * 3, lastDay(spec.year, spec.quarter * 3), s);
    case "half-year":
      return at(spec.year, spec.half * 6, spec.half === 1 ? 30 : 31, s);
    case "year":
      return at(spec.year, 12, 31, s);
    default:
      return undefined;
  }
}

/** A relative deadline's moment once its anchor (e.g. the meeting's end) is known: anchor day + offset, at DUE_TIME. */
export function relativeDue(offsetDays: number, anchor: Date, s: DueSettings): Date {
  const p = localParts(anchor, s.timezone);
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + offsetDays));
  return at(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), s);
}

export interface Occurrence {
  dueAt: Date;
  label: string;
  kinds: PeriodKind[];
}

const ROMAN = ["I", "II", "III", "IV"];

/** On which day of the month a recurring report falls due: "trước ngày 25 hằng tháng" = day 25, bound "before". */
export interface DueDay {
  dayOfMonth?: number;
  bound?: "before" | "by";
}

/**
 * The occurrences of a recurring report between two instants: weekly on Fridays, monthly on the last day, quarterly at
 * each quarter's end, half-yearly on 30/6 and 31/12, yearly on 31/12, all at DUE_TIME. A moment that ends several
 * periods (31/12 ends a quarter, a half and a year) is one occurrence with all their names. `months` keeps only those
 * months; a yearly report with months falls due in them ("trước ngày 30 tháng 6 hằng năm"). A `day` of the month moves
 * monthly and yearly occurrences to that day (the day before it when bound "before"; the month's last day when the
 * month is shorter).
 */
export function occurrences(
  every: readonly PeriodKind[],
  months: readonly number[] | undefined,
  from: Date,
  to: Date,
  s: DueSettings,
  day: DueDay = {},
): Occurrence[] {
  const byTime = new Map<number, Occurrence>();
  // `m` is the month the period belongs to, also when "trước ngày 01" puts its due day in the month before.
  const add = (m: number, dueAt: Date, kind: PeriodKind, label: string) => {
    if (dueAt < from || dueAt > to) return;
    if (months?.length && !months.includes(m)) return;
    const cur = byTime.get(dueAt.getTime());
    if (cur) {
      cur.kinds.push(kind);
      cur.label = `${cur.label}; ${label}`;
    } else byTime.set(dueAt.getTime(), { dueAt, label, kinds: [kind] });
  };
  const start = localParts(from, s.timezone);
  const end = localParts(to, s.timezone);
  for (let y = start.year; y <= end.year; y++) {
    for (let m = 1; m <= 12; m++) {
      for (const due of duesInMonth(y, m, every, months, day, s)) add(m, due.dueAt, due.kind, due.label);
    }
  }
  return [...byTime.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/**
 * What falls due in month m of year y, in the order a shared moment names its periods: month, quarter, half-year,
 * year, weeks.
 */
function duesInMonth(
  y: number,
  m: number,
  every: readonly PeriodKind[],
  months: readonly number[] | undefined,
  day: DueDay,
  s: DueSettings,
): { dueAt: Date; kind: PeriodKind; label: string }[] {
  const monthEnd = () => at(y, m, lastDay(y, m), s);
  const dues: { dueAt: Date; kind: PeriodKind; label: string }[] = [];
  if (every.includes("month"))
    dues.push({ dueAt: onDay(y, m, day, s) ?? monthEnd(), kind: "month", label: `tháng ${pad(m)}/${y}` });
  if (every.includes("quarter") && m % 3 === 0)
    dues.push({ dueAt: monthEnd(), kind: "quarter", label: `quý ${ROMAN[m / 3 - 1]}/${y}` });
  if (every.includes("half-year") && m % 6 === 0)
    dues.push({
      dueAt: monthEnd(),
      kind: "half-year",
      label: m === 6 ? `6 tháng đầu năm ${y}` : `6 tháng cuối năm ${y}`,
    });
  if (every.includes("year") && (months?.length || m === 12))
    dues.push({ dueAt: onDay(y, m, day, s) ?? monthEnd(), kind: "year", label: `năm ${y}` });
  if (every.includes("week")) dues.push(...fridays(y, m, s));
  return dues;
}

/** The weekly occurrences of month m: each Friday at DUE_TIME. */
function fridays(y: number, m: number, s: DueSettings): { dueAt: Date; kind: PeriodKind; label: string }[] {
  const dues: { dueAt: Date; kind: PeriodKind; label: string }[] = [];
  for (let d = 1; d <= lastDay(y, m); d++) {
    if (new Date(Date.UTC(y, m - 1, d)).getUTCDay() === 5)
      dues.push({ dueAt: at(y, m, d, s), kind: "week", label: `tuần đến ${pad(d)}/${pad(m)}/${y}` });
  }
  return dues;
}

/**
 * Month m's due day: its `dayOfMonth`, or the day before when bound "before" ("trước ngày 01" = the month before's
 * last day); at most the month's last day ("trước ngày 31" in February = 28/2 or 29/2).
 */
function onDay(y: number, m: number, day: DueDay, s: DueSettings): Date | undefined {
  if (!day.dayOfMonth) return undefined;
  const d = Math.min(day.dayOfMonth - (day.bound === "before" ? 1 : 0), lastDay(y, m));
  const date = new Date(Date.UTC(y, m - 1, d));
  return at(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), s);
}

/**
 * The occurrences a recurring deadline is owed for, from its creation up to `to`. A series taken from a plan runs
 * within the plan's dates: not before its date of issue (`from`) and never after the end of the plan's year
 * (`until`, when the plan is for one year or the report is limited to some months). Periods that fell due before the
 * deadline was created are not owed: the units had not been asked yet. A series whose periods are all past is empty.
 */
export function seriesOccurrences(
  spec: Extract<DateSpec, { precision: "recurring" }>,
  createdAt: Date,
  to: Date,
  s: DueSettings,
): Occurrence[] {
  const day = (iso: string, time: string) => {
    const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
    return at(y, m, d, s, time);
  };
  const start = spec.from ? new Date(Math.max(day(spec.from, "00:00").getTime(), createdAt.getTime())) : createdAt;
  const end = spec.until ? new Date(Math.min(day(spec.until, "23:59").getTime(), to.getTime())) : to;
  if (end < start) return [];
  return occurrences(spec.every, spec.months, start, end, s, { dayOfMonth: spec.dayOfMonth, bound: spec.bound });
}

/**
 * A due day with the phrase it was read from: "04/08/2025 (trước ngày 05/8/2025)", "31/03/2026 (quý I/2026)", but
 * "04/12/2026" alone when the phrase is that very day ("04/12/2026", "ngày 4/12/2026"): nothing is said twice.
 */
export function dueWithPhrase(dueAt: Date, phrase: string, timezone: string): string {
  const day = formatDay(dueAt, timezone);
  const bare = /^(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/iu.exec(phrase.trim());
  const same =
    bare &&
    `${bare[1]!.padStart(2, "0")}/${bare[2]!.padStart(2, "0")}/${bare[3]}` === day &&
    !/\d{1,2}[:h]\d/.test(phrase);
  return same ? day : `${day} (${phrase})`;
}
