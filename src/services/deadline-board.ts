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

/** Where one unit stands on one deadline: waiting for the anchor, or an occurrence and its state. */
export type UnitStanding =
  | { kind: "waiting-anchor" }
  | { kind: "none" }
  | { kind: "at"; occurrence: OccurrenceRow; state: UnitState; otherOverdue: number };

/** The occurrence a unit is at (its earliest still owed, else the focus) and its state there. */
export function standingOf(board: DeadlineBoard, unitId: number, now: Date, timezone: string): UnitStanding {
  if (!board.occurrences.length)
    return board.deadline.precision === "relative" && !board.deadline.anchorAt
      ? { kind: "waiting-anchor" }
      : { kind: "none" };
  const occurrence = currentOccurrence(board.occurrences, (id) => recordOf(board, id, unitId), now);
  if (!occurrence) return { kind: "none" };
  const state = unitState(occurrence, recordOf(board, occurrence.id, unitId), now, timezone);
  const otherOverdue = board.occurrences.filter(
    (o) => o.id !== occurrence.id && o.dueAt < now && !recordOf(board, o.id, unitId),
  ).length;
  return { kind: "at", occurrence, state, otherOverdue };
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

/** The reminder rules of the settings (REMINDER_TIME, REMINDER_OFFSETS_DAYS, OVERDUE_REMINDER_EVERY_DAYS). */
export function reminderRules(config: Config): ReminderRules {
  const r = config.reminders;
  return { offsetsDays: r.offsetsDays, time: r.time, overdueEveryDays: r.overdueEveryDays, timezone: config.timezone };
}
