/**
 * When reminders go out (pure): at REMINDER_TIME local time, `offset` days before the due day (negative: after it);
 * then, while a unit is still overdue, every OVERDUE_REMINDER_EVERY_DAYS days after the last of those. A deadline
 * created when its due day had already passed gets one overdue reminder at the next REMINDER_TIME after creation, and
 * the rhythm continues from there. No reminder is ever scheduled before the deadline existed.
 *
 * At any moment only the latest reminder whose time has passed is due: after downtime, the missed ones collapse into
 * one, never a burst; one older than the catch-up window is dropped. Each reminder is named by its day offset, which
 * makes the outbox key of (occurrence, unit, offset) unique.
 */
import { zonedTime } from "./dates/due.js";
import { dayDiff, localDayNumber } from "./occurrences.js";

export interface ReminderTime {
  offsetDays: number;
  at: Date;
}

export interface ReminderRules {
  offsetsDays: readonly number[];
  /** HH:MM local */
  time: string;
  overdueEveryDays: number;
  timezone: string;
}

const moments = new Map<string, Date>();

/** `time` on the local day `plusDays` after `base`'s (memoised: the scheduler asks for the same days every minute). */
function atLocalDay(base: Date, plusDays: number, time: string, timezone: string): Date {
  const dayNumber = localDayNumber(base, timezone) + plusDays;
  const key = `${timezone}|${time}|${dayNumber}`;
  let at = moments.get(key);
  if (!at) {
    const [hh, mm] = time.split(":").map(Number) as [number, number];
    const day = new Date(dayNumber * 86_400_000);
    at = zonedTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hh, mm, timezone);
    if (moments.size > 20_000) moments.clear();
    moments.set(key, at);
  }
  return new Date(at);
}

export function reminderTimes(
  dueAt: Date,
  offsetsDays: readonly number[],
  reminderTime: string,
  timezone: string,
): ReminderTime[] {
  return [...new Set(offsetsDays)]
    .map((offsetDays) => ({ offsetDays, at: atLocalDay(dueAt, -offsetDays, reminderTime, timezone) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The first REMINDER_TIME moment at or after an instant. */
export function nextReminderMoment(from: Date, time: string, timezone: string): Date {
  const today = atLocalDay(from, 0, time, timezone);
  return today >= from ? today : atLocalDay(from, 1, time, timezone);
}

/**
 * The reminders of one occurrence for a unit that never hands it in, from `from` (default: the deadline's creation) to
 * `until`: the configured offsets that fall after the deadline's creation, the catch-up reminder of a deadline created
 * already past, and the overdue rhythm (computed straight at the window, so a long-overdue occurrence costs no more).
 */
export function reminderSlots(
  dueAt: Date,
  createdAt: Date,
  until: Date,
  rules: ReminderRules,
  from: Date = createdAt,
): ReminderTime[] {
  const { timezone, time } = rules;
  const slots = reminderTimes(dueAt, rules.offsetsDays, time, timezone).filter((s) => s.at >= createdAt);
  if (dueAt < createdAt) {
    const first = nextReminderMoment(createdAt, time, timezone);
    const offsetDays = dayDiff(dueAt, first, timezone);
    if (!slots.some((s) => s.offsetDays === offsetDays)) slots.push({ offsetDays, at: first });
  }
  slots.sort((a, b) => a.at.getTime() - b.at.getTime());
  const after = slots.filter((s) => s.at > dueAt).at(-1);
  const base = after?.at ?? atLocalDay(dueAt, 0, time, timezone);
  const every = rules.overdueEveryDays;
  const skip = Math.floor((from.getTime() - base.getTime()) / 86_400_000 / every) - 1;
  for (let k = Math.max(1, skip); k < 100_000; k++) {
    const at = atLocalDay(base, k * every, time, timezone);
    if (at > until) break;
    slots.push({ offsetDays: dayDiff(dueAt, at, timezone), at });
  }
  return slots.filter((s) => s.at >= from && s.at <= until);
}

export const CATCH_UP_WINDOW_MS = 7 * 86_400_000;

/** The reminder to send now for one deadline occurrence, if any. */
export function dueReminder(
  times: readonly ReminderTime[],
  now: Date,
  windowMs = CATCH_UP_WINDOW_MS,
): ReminderTime | undefined {
  const passed = times.filter((t) => t.at <= now);
  const latest = passed[passed.length - 1];
  if (!latest || now.getTime() - latest.at.getTime() > windowMs) return undefined;
  return latest;
}

/** The next moment any of these reminders falls due after `now` (the playground's "advance the clock"). */
export function nextReminderAt(times: readonly ReminderTime[], now: Date): Date | undefined {
  return times.find((t) => t.at > now)?.at;
}

/** Whole days from now until the due moment's local day (negative when overdue). */
export function daysLeft(dueAt: Date, now: Date, timezone: string): number {
  return dayDiff(dueAt, now, timezone);
}
