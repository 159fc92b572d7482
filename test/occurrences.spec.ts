/** The pure model every deadline command reads: one state per (occurrence, unit), and when reminders fall. */
import { describe, expect, it } from "vitest";
import { formatDayTime } from "../src/domain/dates/due.js";
import {
  currentOccurrence,
  focusOccurrence,
  reportingOccurrence,
  type UnitRecord,
  unitState,
} from "../src/domain/occurrences.js";
import { dueReminder, type ReminderRules, reminderSlots } from "../src/domain/reminders.js";

const TZ = "Asia/Ho_Chi_Minh";
const at = (local: string) => new Date(`${local}+07:00`);
const due = { dueAt: at("2026-03-20T23:59:00") };
const submitted = (local: string): UnitRecord => ({
  kind: "submitted",
  at: at(local),
  byId: 7,
  note: "qua email",
  fileId: 3,
});
const rules: ReminderRules = { offsetsDays: [7, 3, 1, 0, -1, -3], time: "07:30", overdueEveryDays: 7, timezone: TZ };
const show = (slots: { offsetDays: number; at: Date }[]) =>
  slots.map((s) => `${s.offsetDays} ${formatDayTime(s.at, TZ)}`);

describe("the state of a unit for an occurrence", () => {
  it("is upcoming with the days left, due today on the due day, then overdue by whole local days", () => {
    expect(unitState(due, undefined, at("2026-03-13T10:00:00"), TZ)).toEqual({ kind: "upcoming", daysLeft: 7 });
    expect(unitState(due, undefined, at("2026-03-20T00:01:00"), TZ)).toEqual({ kind: "due-today" });
    expect(unitState(due, undefined, at("2026-03-20T23:59:30"), TZ)).toEqual({ kind: "overdue", days: 0 });
    expect(unitState(due, undefined, at("2026-03-21T00:00:00"), TZ)).toEqual({ kind: "overdue", days: 1 });
    expect(unitState(due, undefined, at("2026-06-20T08:00:00"), TZ)).toEqual({ kind: "overdue", days: 92 });
  });

  it("is submitted on time or late, with when, by whom, the note and the file, whatever the time now", () => {
    const late = unitState(due, submitted("2026-03-25T10:00:00"), at("2027-01-01T00:00:00"), TZ);
    expect(late).toEqual({
      kind: "submitted",
      late: true,
      at: at("2026-03-25T10:00:00"),
      byId: 7,
      note: "qua email",
      fileId: 3,
    });
    expect(unitState(due, submitted("2026-03-20T22:00:00"), at("2026-03-30T00:00:00"), TZ)).toMatchObject({
      late: false,
    });
  });

  it("is excused when staff excused the unit", () => {
    const excused: UnitRecord = {
      kind: "excused",
      at: at("2026-03-01T08:00:00"),
      byId: 1,
      note: "sáp nhập",
      fileId: null,
    };
    expect(unitState(due, excused, at("2026-04-01T08:00:00"), TZ)).toMatchObject({ kind: "excused", note: "sáp nhập" });
  });
});

describe("which occurrence a unit or a deadline is at", () => {
  const occ = [
    { id: 1, dueAt: at("2026-01-31T23:59:00"), label: "tháng 01/2026" },
    { id: 2, dueAt: at("2026-02-28T23:59:00"), label: "tháng 02/2026" },
    { id: 3, dueAt: at("2026-03-31T23:59:00"), label: "tháng 03/2026" },
  ];
  it("a unit is at its earliest occurrence owed and due; else at the running period, handed in early or not", () => {
    const now = at("2026-03-10T08:00:00");
    const upTo = (last: number) => (id: number) => (id <= last ? submitted("2026-02-01T08:00:00") : undefined);
    expect(currentOccurrence(occ, () => undefined, now, TZ)?.id).toBe(1);
    expect(currentOccurrence(occ, upTo(1), now, TZ)?.id).toBe(2);
    expect(currentOccurrence(occ, upTo(2), now, TZ)?.id).toBe(3);
    // March handed in early: the unit sees it received, not a later period that has not begun.
    expect(currentOccurrence(occ, upTo(3), now, TZ)?.id).toBe(3);
    // Every period over and handed in: the latest.
    expect(currentOccurrence(occ, upTo(3), at("2026-05-01T08:00:00"), TZ)?.id).toBe(3);
    // January handed in on 20/01: February, not begun and not yet reminded of, is not offered; within its
    // reminders' lead (here 40 days) it is.
    expect(currentOccurrence(occ, upTo(1), at("2026-01-20T08:00:00"), TZ)?.id).toBe(1);
    expect(currentOccurrence(occ, upTo(1), at("2026-01-20T08:00:00"), TZ, 40)?.id).toBe(2);
    // Due today and handed in this morning: still that one.
    expect(currentOccurrence(occ, upTo(3), at("2026-03-31T09:00:00"), TZ)?.id).toBe(3);
  });

  it("a unit reports figures for its earliest begun period not reported, however late, then corrects the latest", () => {
    const none = () => false;
    const sent = (ids: number[]) => (id: number) => ids.includes(id);
    const now = at("2026-03-10T08:00:00");
    // January and February have begun and are owed, March has begun (February is due), nothing later exists.
    expect(reportingOccurrence(occ, none, none, now)).toEqual({ occurrence: occ[0], correction: false });
    expect(reportingOccurrence(occ, sent([1]), none, now)?.occurrence.id).toBe(2);
    expect(reportingOccurrence(occ, sent([1, 2]), none, now)?.occurrence.id).toBe(3);
    expect(reportingOccurrence(occ, sent([1, 2, 3]), none, now)).toEqual({ occurrence: occ[2], correction: true });
    // February excused: straight to March. On 10/01 only January has begun.
    expect(reportingOccurrence(occ, sent([1]), sent([2]), now)?.occurrence.id).toBe(3);
    expect(reportingOccurrence(occ, sent([1]), none, at("2026-01-10T08:00:00"))).toEqual({
      occurrence: occ[0],
      correction: true,
    });
    expect(reportingOccurrence(occ, sent([1, 2]), none, now, true)?.occurrence.id).toBe(2);
    expect(reportingOccurrence(occ, none, none, now, true)).toBeUndefined();
  });

  it("a deadline is at its latest due occurrence, or at the one due today", () => {
    expect(focusOccurrence(occ, at("2026-03-10T08:00:00"), TZ)?.id).toBe(2);
    expect(focusOccurrence(occ, at("2026-03-31T08:00:00"), TZ)?.id).toBe(3);
    expect(focusOccurrence(occ, at("2026-01-01T08:00:00"), TZ)?.id).toBe(1);
  });
});

describe("reminder times", () => {
  it("are the offsets, then every OVERDUE_REMINDER_EVERY_DAYS days after the last one while the unit owes", () => {
    const slots = reminderSlots(due.dueAt, at("2026-03-01T09:00:00"), at("2026-04-10T00:00:00"), rules);
    expect(show(slots)).toEqual([
      "7 07:30 13/03/2026",
      "3 07:30 17/03/2026",
      "1 07:30 19/03/2026",
      "0 07:30 20/03/2026",
      "-1 07:30 21/03/2026",
      "-3 07:30 23/03/2026",
      "-10 07:30 30/03/2026",
      "-17 07:30 06/04/2026",
    ]);
  });

  it("are never before the deadline existed; one added past its day is reminded at the next reminder time", () => {
    const created = at("2026-11-23T09:00:00");
    const past = at("2026-10-31T23:59:00");
    expect(show(reminderSlots(past, created, at("2026-12-08T00:00:00"), rules))).toEqual([
      "-24 07:30 24/11/2026",
      "-31 07:30 01/12/2026",
    ]);
    expect(show(reminderSlots(due.dueAt, at("2026-03-18T09:00:00"), at("2026-03-22T00:00:00"), rules))).toEqual([
      "1 07:30 19/03/2026",
      "0 07:30 20/03/2026",
      "-1 07:30 21/03/2026",
    ]);
  });

  it("after downtime, only the latest missed one is due, and none older than a week", () => {
    const slots = reminderSlots(due.dueAt, at("2026-03-01T09:00:00"), at("2026-05-01T00:00:00"), rules);
    expect(dueReminder(slots, at("2026-03-19T09:00:00"))?.offsetDays).toBe(1);
    expect(dueReminder(slots, at("2026-04-02T09:00:00"))?.offsetDays).toBe(-10);
    const window = reminderSlots(
      due.dueAt,
      at("2026-03-01T09:00:00"),
      at("2026-09-01T09:00:00"),
      rules,
      at("2026-08-25T09:00:00"),
    );
    expect(show(window)).toEqual(["-164 07:30 31/08/2026"]);
  });
});
