/**
 * What every reader of deadlines shares: the rows of a deadline and its occurrences, one deadline's board (its
 * occurrences, the owing units in the reader's scope and their records) and where a unit stands on it. Pure over a
 * loaded board; `DeadlineService.boards()` loads them.
 */
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import {
  countStates,
  currentOccurrence,
  focusOccurrence,
  type StateCounts,
  type UnitRecord,
  type UnitState,
  unitState,
} from "../domain/occurrences.js";
import type { ReminderRules } from "../domain/reminders.js";

/** A deadline as stored. */
export type DeadlineRow = Awaited<ReturnType<Db["deadline"]["findUniqueOrThrow"]>>;

/** One due moment of a deadline (the only one, or one per period of a recurring report). */
export interface OccurrenceRow {
  id: number;
  deadlineId: number;
  dueAt: Date;
  label: string;
}

/** A unit that owes a deadline, as the boards list it. */
export interface OwingUnit {
  id: number;
  code: string;
  name: string;
  path: string;
}

/** One deadline as every reader sees it: its occurrences, the owing units in the reader's scope and their records. */
export interface DeadlineBoard {
  deadline: DeadlineRow;
  occurrences: OccurrenceRow[];
  units: OwingUnit[];
  records: Map<string, UnitRecord>;
}

/** Which owing units a reader sees: everything, the subtrees at these paths, or these units only. */
export type BoardScope = { all: true } | { paths: string[] } | { unitIds: number[] };

/** The submission or excusal of a unit for an occurrence, if any. */
export function recordOf(board: DeadlineBoard, occurrenceId: number, unitId: number): UnitRecord | undefined {
  return board.records.get(`${occurrenceId}:${unitId}`);
}

/**
 * Where one unit stands on one deadline: waiting for the anchor, or an occurrence and its state, with how many other
 * occurrences it still owes overdue and, while the running period is not yet due, how the one before it ended.
 */
export type UnitStanding =
  | { kind: "waiting-anchor" }
  | { kind: "none" }
  | {
      kind: "at";
      occurrence: OccurrenceRow;
      state: UnitState;
      otherOverdue: number;
      /** The period before, handed in or excused ("kỳ trước … đã nộp"), shown beside a period not yet due. */
      previous?: { occurrence: OccurrenceRow; state: UnitState };
    };

/** The state of a unit at one occurrence, with the previous period when it was handed in or excused. */
function standingAt(
  board: DeadlineBoard,
  unitId: number,
  occurrence: OccurrenceRow,
  now: Date,
  timezone: string,
): UnitStanding {
  const state = unitState(occurrence, recordOf(board, occurrence.id, unitId), now, timezone);
  const otherOverdue = board.occurrences.filter(
    (o) => o.id !== occurrence.id && o.dueAt < now && !recordOf(board, o.id, unitId),
  ).length;
  const sorted = [...board.occurrences].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const before = sorted[sorted.findIndex((o) => o.id === occurrence.id) - 1];
  const record = before && recordOf(board, before.id, unitId);
  const notDueYet = state.kind === "upcoming" || state.kind === "due-today";
  const previous =
    before && record && notDueYet ? { occurrence: before, state: unitState(before, record, now, timezone) } : undefined;
  return { kind: "at", occurrence, state, otherOverdue, ...(previous ? { previous } : {}) };
}

/**
 * The occurrence a unit is at (its earliest owed and due, else one it may hand in already, else the running period;
 * domain/occurrences.ts). `leadDays`: how long before its due day a report may be handed in (handInLead).
 */
export function standingOf(
  board: DeadlineBoard,
  unitId: number,
  now: Date,
  timezone: string,
  leadDays?: number,
): UnitStanding {
  if (!board.occurrences.length)
    return board.deadline.precision === "relative" && !board.deadline.anchorAt
      ? { kind: "waiting-anchor" }
      : { kind: "none" };
  const occurrence = currentOccurrence(board.occurrences, (id) => recordOf(board, id, unitId), now, timezone, leadDays);
  if (!occurrence) return { kind: "none" };
  return standingAt(board, unitId, occurrence, now, timezone);
}

/**
 * A unit as a deadline's listing shows it beside its focus occurrence: its state there, so the line agrees with the
 * listing's date; but a unit that still owes an earlier occurrence is shown at that one (an old debt is never hidden
 * behind a later period).
 */
export function standingAtFocus(
  board: DeadlineBoard,
  unitId: number,
  focus: OccurrenceRow | undefined,
  now: Date,
  timezone: string,
  leadDays?: number,
): UnitStanding {
  const own = standingOf(board, unitId, now, timezone, leadDays);
  if (!focus || own.kind !== "at" || own.occurrence.dueAt < focus.dueAt) return own;
  return standingAt(board, unitId, focus, now, timezone);
}

/** The deadline's focus occurrence (latest due, or next) and the count of each state among the owing units. */
export function summaryOf(
  board: DeadlineBoard,
  now: Date,
  timezone: string,
): { occurrence?: OccurrenceRow; counts: StateCounts; states: { unit: OwingUnit; state: UnitState }[] } {
  const occurrence = focusOccurrence(board.occurrences, now, timezone);
  const states = occurrence
    ? board.units.map((unit) => ({
        unit,
        state: unitState(occurrence, recordOf(board, occurrence.id, unit.id), now, timezone),
      }))
    : [];
  return { occurrence, counts: countStates(states.map((s) => s.state)), states };
}

/** Deadlines are looked up by their code ("H3", any case); anything else is no deadline. */
export async function deadlineByCode(db: Db, raw: string): Promise<DeadlineRow | undefined> {
  const code = raw.trim().toUpperCase();
  if (!/^H\d{1,9}$/.test(code)) return undefined;
  return (await db.deadline.findUnique({ where: { code } })) ?? undefined;
}

/** How many days before its due day a unit may hand a report in: when its first reminder goes out. */
export function handInLead(config: Config): number {
  return Math.max(0, ...config.reminders.offsetsDays);
}

/** The reminder rules of the settings (REMINDER_TIME, REMINDER_OFFSETS_DAYS, OVERDUE_REMINDER_EVERY_DAYS). */
export function reminderRules(config: Config): ReminderRules {
  const r = config.reminders;
  return { offsetsDays: r.offsetsDays, time: r.time, overdueEveryDays: r.overdueEveryDays, timezone: config.timezone };
}
