/**
 * When reminders go out (pure): at REMINDER_TIME local time, `offset` days before the due day (negative: after it).
 * At any moment only the latest reminder whose time has passed is due: after downtime, the missed ones collapse into
 * one, never a burst; one older than the catch-up window is dropped.
 */
import { localParts, zonedTime } from "./dates/due.js";

export interface ReminderTime {
  offsetDays: number;
  at: Date;
}

export function reminderTimes(
  dueAt: Date,
  offsetsDays: readonly number[],
  reminderTime: string,
  timezone: string,
): ReminderTime[] {
  const due = localParts(dueAt, timezone);
  const [hh, mm] = reminderTime.split(":").map(Number) as [number, number];
  return [...new Set(offsetsDays)]
    .map((offsetDays) => {
      const day = new Date(Date.UTC(due.year, due.month - 1, due.day - offsetDays));
      return {
        offsetDays,
        at: zonedTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hh, mm, timezone),
      };
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
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
  const a = localParts(dueAt, timezone);
  const b = localParts(now, timezone);
  return Math.round((Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)) / 86_400_000);
}
