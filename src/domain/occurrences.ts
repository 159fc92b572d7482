/**
 * The state of a deadline over time (pure). A deadline has occurrences (one due moment, one per period for a recurring
 * report, none until its anchor for a relative one); each occurrence is owed by units; each (occurrence, unit) is in
 * exactly one state at any moment: upcoming, due today, overdue by N days, submitted (on time or late) or excused.
 * Every listing, command, reminder and digest reads this model, so they never disagree.
 *
 * A record is what the database keeps per (occurrence, unit): a submission or an excusal. The model is kept general
 * (a record could later carry reported figures) and knows nothing of chats or text.
 */
import { localParts } from "./dates/due.js";

export interface OccurrenceLike {
  id: number;
  dueAt: Date;
  label: string;
}

export interface UnitRecord {
  kind: "submitted" | "excused";
  at: Date;
  byId: number;
  note: string | null;
  fileId: number | null;
}

export type UnitState =
  | { kind: "upcoming"; daysLeft: number }
  | { kind: "due-today" }
  | { kind: "overdue"; days: number }
  | { kind: "submitted"; late: boolean; at: Date; byId: number; note: string | null; fileId: number | null }
  | { kind: "excused"; at: Date; byId: number; note: string | null };

export type StateKind = UnitState["kind"];

const dayNumbers = new Map<string, number>();

/** The local calendar day of an instant as a day count (memoised: listings ask for the same instants many times). */
export function localDayNumber(at: Date, timezone: string): number {
  const key = `${timezone}|${at.getTime()}`;
  let n = dayNumbers.get(key);
  if (n === undefined) {
    const p = localParts(at, timezone);
    n = Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
    if (dayNumbers.size > 50_000) dayNumbers.clear();
    dayNumbers.set(key, n);
  }
  return n;
}

/** Whole local days from `now`'s day to `dueAt`'s day (negative once the due day is behind). */
export function dayDiff(dueAt: Date, now: Date, timezone: string): number {
  return localDayNumber(dueAt, timezone) - localDayNumber(now, timezone);
}

/**
 * The one state of a unit for an occurrence at `now`. A unit is overdue from the moment the due time has passed
 * (counted in local days: due yesterday = 1 day overdue); before that, on the due day, it is "due today".
 */
export function unitState(
  occurrence: Pick<OccurrenceLike, "dueAt">,
  record: UnitRecord | undefined,
  now: Date,
  timezone: string,
): UnitState {
  if (record?.kind === "excused") return { kind: "excused", at: record.at, byId: record.byId, note: record.note };
  if (record)
    return {
      kind: "submitted",
      late: record.at > occurrence.dueAt,
      at: record.at,
      byId: record.byId,
      note: record.note,
      fileId: record.fileId,
    };
  const days = dayDiff(occurrence.dueAt, now, timezone);
  if (now > occurrence.dueAt) return { kind: "overdue", days: Math.max(0, -days) };
  if (days <= 0) return { kind: "due-today" };
  return { kind: "upcoming", daysLeft: days };
}

/** Still owed: nothing recorded for it yet. */
export function isOpenState(state: UnitState): boolean {
  return state.kind === "upcoming" || state.kind === "due-today" || state.kind === "overdue";
}

/**
 * The occurrence a unit is "at", what /danop marks and /hanchot shows:
 * 1. its earliest occurrence still owed that is due today or overdue;
 * 2. else its earliest one still owed that it may hand in already: its period has begun (it is the first, or the one
 *    before it is due) or its reminders have (`leadDays` before its due day, the largest REMINDER_OFFSETS_DAYS);
 * 3. else the period running now (the first due today or later), handed in early;
 * 4. else (every period over) its latest.
 * A unit that has just handed in the running period sees it received, and a second /danop never marks a period
 * months away that has not begun.
 */
export function currentOccurrence<O extends OccurrenceLike>(
  occurrences: readonly O[],
  recordOf: (occurrenceId: number) => UnitRecord | undefined,
  now: Date,
  timezone: string,
  leadDays = 7,
): O | undefined {
  const sorted = [...occurrences].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const owed = (o: O) => !recordOf(o.id);
  const begun = (i: number) => i === 0 || (sorted[i - 1] as O).dueAt <= now;
  return (
    sorted.find((o) => owed(o) && dayDiff(o.dueAt, now, timezone) <= 0) ??
    sorted.find((o, i) => owed(o) && (begun(i) || dayDiff(o.dueAt, now, timezone) <= leadDays)) ??
    sorted.find((o) => dayDiff(o.dueAt, now, timezone) >= 0) ??
    sorted.at(-1)
  );
}

/**
 * The occurrence a unit reports figures for now: the earliest whose period has begun (it is the first, or the one
 * before it is due) that the unit has neither reported nor been excused from, however late (figures sent after the
 * next period began still belong to the period they are for); else the latest begun one it reported, as a correction.
 * With `correct`, always the latest reported. Undefined when there is none. Figures say what is new in a period, so
 * unlike a report handed in (currentOccurrence) they wait until the period has begun.
 */
export function reportingOccurrence<O extends OccurrenceLike>(
  occurrences: readonly O[],
  reported: (occurrenceId: number) => boolean,
  excused: (occurrenceId: number) => boolean,
  now: Date,
  correct = false,
): { occurrence: O; correction: boolean } | undefined {
  const sorted = [...occurrences].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const begun = sorted.filter((_, i) => i === 0 || (sorted[i - 1] as O).dueAt <= now);
  const pending = correct ? undefined : begun.find((o) => !reported(o.id) && !excused(o.id));
  if (pending) return { occurrence: pending, correction: false };
  const last = [...begun].reverse().find((o) => reported(o.id));
  return last ? { occurrence: last, correction: true } : undefined;
}

/**
 * The occurrence a deadline is "at" for everyone (listings with counts): the latest already due, or the next one.
 * A recurring report's future periods are not counted until their turn.
 */
export function focusOccurrence<O extends OccurrenceLike>(
  occurrences: readonly O[],
  now: Date,
  timezone: string,
): O | undefined {
  const sorted = [...occurrences].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const next = sorted.find((o) => o.dueAt > now);
  const last = sorted.filter((o) => o.dueAt <= now).at(-1);
  if (!last || (next && dayDiff(next.dueAt, now, timezone) === 0)) return next ?? last;
  return last;
}

export interface StateCounts {
  upcoming: number;
  dueToday: number;
  overdue: number;
  submitted: number;
  late: number;
  excused: number;
}

export function countStates(states: readonly UnitState[]): StateCounts {
  const c: StateCounts = { upcoming: 0, dueToday: 0, overdue: 0, submitted: 0, late: 0, excused: 0 };
  for (const s of states) {
    if (s.kind === "upcoming") c.upcoming++;
    else if (s.kind === "due-today") c.dueToday++;
    else if (s.kind === "overdue") c.overdue++;
    else if (s.kind === "excused") c.excused++;
    else {
      c.submitted++;
      if (s.late) c.late++;
    }
  }
  return c;
}
