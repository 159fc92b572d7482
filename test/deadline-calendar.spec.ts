/**
 * Acceptance: a whole year and a quarter (01/01/2025 to 31/03/2026), day by day on a fake clock, on the Lai Châu tree,
 * with the deadlines of the five sample plans (dated, early-month, month, quarterly, half-year, yearly, weekly in given
 * months, relative to an anchor) plus deadlines added by hand in the past and in the future. Units hand in at their
 * own pace (early, on the day, late, very late, never), one monthly deadline by sending figures, some of them after the
 * next month was already due (they must land in the month still owed); staff excuse some that never do. Every simulated day the
 * scheduler ticks once (08:00, after REMINDER_TIME and at DIGEST_TIME) and the test checks the state of every
 * occurrence of every owing unit against what it itself did, and every reminder queued that day. The process is down
 * for five days at the end of August and a new app opens the same database file.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { FakeClock } from "../src/clock.js";
import { openDatabase } from "../src/db/client.js";
import { localParts } from "../src/domain/dates/due.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { dayDiff, unitState } from "../src/domain/occurrences.js";
import { parsePlan } from "../src/domain/plan/parse.js";
import { reminderTimes } from "../src/domain/reminders.js";
import { Scheduler } from "../src/scheduler/reminders.js";
import { recordOf } from "../src/services/deadline-board.js";
import type { Actor } from "../src/services/people.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll, freshDb } from "./helpers/db.js";

afterAll(closeAll);

const TZ = "Asia/Ho_Chi_Minh";
const DAY = 86_400_000;
const at = (local: string) => new Date(`${local}+07:00`);
const dayOf = (d: Date) => {
  const p = localParts(d, TZ);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
};
const PLANS = path.join(import.meta.dirname, "fixtures", "plans");
const OFFSETS = [7, 3, 1, 0, -1, -3];
const EVERY = 7;

/** How late (days after the due day; negative = early) a unit hands in a deadline; null = never. */
function lagOf(deadlineId: number, unitId: number): number | null {
  const lags = [-3, 0, 4, 12, 40, null, -1, 2, null];
  return lags[(deadlineId * 7 + unitId * 3) % lags.length] ?? null;
}

/** How late each of the four hand units sends the monthly figures: two of them after the next month is due. */
const FIGURE_LAGS = [40, -1, 35, 0];

interface Truth {
  kind: "submitted" | "excused";
  at: Date;
}

describe("a year of deadlines on a fake clock", () => {
  it("keeps every occurrence's state right, reminds each owing unit once per offset and weekly while overdue, never after it hands in", async () => {
    const { db, url } = await freshDb();
    const clock = new FakeClock(at("2025-01-01T08:00:00"));
    let app: App = await testApp({ db, clock });
    for (const u of await app.db.unit.findMany())
      await app.db.chat.create({
        data: { platform: "telegram", platformChatId: `g${u.id}`, kind: "group", unitId: u.id },
      });
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    let staff: Actor = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    let scheduler = new Scheduler(app);
    const lc = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
    const districts = await app.db.unit.findMany({ where: { parentId: lc.id } });
    const unitsById = new Map((await app.db.unit.findMany()).map((u) => [u.id, u]));
    const handUnits = await app.db.unit.findMany({
      where: { code: { in: ["LC-TD-01", "LC-TD-02", "LC-PT-01", "LC-PT-02"] } },
    });

    /** What happens on which day (local, at 09:00 after the tick): plans announced, deadlines added, an anchor set. */
    const plan = (file: string) => parsePlan(fs.readFileSync(path.join(PLANS, file), "utf8"));
    const events = new Map<string, (() => Promise<void>)[]>();
    const on = (day: string, fn: () => Promise<void>) => events.set(day, [...(events.get(day) ?? []), fn]);
    const fromPlan = (file: string) => async () => {
      const p = plan(file);
      const stored = await app.db.plan.create({ data: { title: p.title, parsed: JSON.stringify(p) } });
      await app.services.deadlines.fromPlan(staff, p, stored.id, districts, lc.id);
    };
    /** Deadlines whose units hand in by reporting figures (/baocaoso), and the indicator each asks for. */
    const figures = new Map<number, number>();
    const byHand =
      (phrase: string, what: string, withFigures = false) =>
      async () => {
        const spec = readDatePhrase(phrase)?.spec;
        if (!spec) throw new Error(`cannot read ${phrase}`);
        const { deadline } = await app.services.deadlines.create(staff, {
          what,
          phrase,
          spec,
          owingUnitIds: handUnits.map((u) => u.id),
          rootUnitId: lc.id,
        });
        if (!withFigures) return;
        const defined = await app.services.indicators.defineIndicators(staff, deadline, [
          {
            name: "Kết nạp đoàn viên",
            measure: "people",
            rollup: "sum",
            comparator: "at-least",
            target: null,
            strive: false,
          },
        ]);
        if (!defined.ok) throw new Error(defined.problem);
        figures.set(deadline.id, defined.indicators[0]!.id);
      };
    on("2025-01-01", fromPlan("214-KH-LDLD-2021-cong-tac-dan-van.txt"));
    on("2025-01-02", fromPlan("tinh-uy-nam-tinh-hinh-lay-y-kien-van-kien.txt"));
    on("2025-02-14", fromPlan("122-KH-LDLD-2025-lay-y-kien-van-kien.txt"));
    on("2025-03-01", byHand("chậm nhất ngày 15/01/2025", "Báo cáo bổ sung (thêm khi đã quá hạn)"));
    on("2025-03-01", byHand("trước ngày 15/10/2025", "Báo cáo sơ kết (thêm trước nhiều tháng)"));
    on("2025-04-09", fromPlan("143-KH-LDLD-2025-thang-cao-diem-phat-trien-doan-vien.txt"));
    on("2025-06-20", async () => {
      const relative = await app.db.deadline.findFirstOrThrow({ where: { precision: "relative" } });
      const r = await app.services.deadlines.setAnchor(staff, relative.code, at("2025-06-18T00:00:00"));
      expect(r.ok).toBe(true);
    });
    on("2025-11-20", byHand("hàng tháng", "Báo cáo tháng (định kỳ, thêm giữa năm)"));
    on("2025-11-20", byHand("hàng tháng", "Báo cáo số liệu tháng (định kỳ, nộp bằng /baocaoso)", true));
    on("2026-01-15", fromPlan("35-KH-LDLD-2026-chuong-trinh-hanh-dong-mttq.txt"));

    const truth = new Map<string, Truth>();
    const sent = new Map<string, Date[]>(); // "occ:unit" → when each reminder was queued
    const offsetsSent = new Map<string, number>(); // "occ:unit:offset" → how many
    const down = new Set(["2025-08-27", "2025-08-28", "2025-08-29", "2025-08-30", "2025-08-31"]);
    let lastOutboxId = 0;
    let checkedStates = 0;
    let missingChecks = 0;
    const problems: string[] = [];
    let digests = 0;
    let reminderMessages = 0;
    let lateFigures = 0;

    for (let t = at("2025-01-01T08:00:00"); t <= at("2026-03-31T08:00:00"); t = new Date(t.getTime() + DAY)) {
      const day = dayOf(t);
      if (down.has(day)) continue;
      if (day === "2025-09-01") {
        // A new process on the same database file, after five days of downtime.
        const db2 = await openDatabase(url);
        app = await testApp({ db: db2, clock });
        staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
        scheduler = new Scheduler(app);
      }
      clock.set(t);
      await scheduler.tick();

      // Every message queued by this tick.
      const fresh = await app.db.outboxMessage.findMany({
        where: { id: { gt: lastOutboxId } },
        orderBy: { id: "asc" },
      });
      lastOutboxId = fresh.at(-1)?.id ?? lastOutboxId;
      const occIds = new Set<string>();
      const messaged = new Set<number>();
      for (const m of fresh) {
        if (m.kind === "digest") digests++;
        else expect(m.kind).toBe("reminder");
        if (m.kind !== "reminder") continue;
        // One reminder message a unit a day, whatever it carries.
        expect(messaged.has(m.unitId ?? 0), `two reminder messages to unit ${m.unitId} on ${day}`).toBe(false);
        messaged.add(m.unitId ?? 0);
        reminderMessages++;
      }
      // What the messages carried: each item on record with its message.
      const carried = await app.db.reminderSent.findMany({
        where: { messageKey: { in: fresh.filter((m) => m.kind === "reminder").map((m) => m.key) } },
      });
      for (const item of carried) {
        const occ = item.occurrenceId;
        const unit = item.unitId;
        const offset = item.offsetDays;
        const pair = `${occ}:${unit}`;
        expect(truth.get(pair), `reminder ${item.messageKey} on ${day} to a unit that had handed in`).toBeUndefined();
        expect(occIds.has(pair), `two reminders for ${pair} on ${day}`).toBe(false);
        occIds.add(pair);
        sent.set(pair, [...(sent.get(pair) ?? []), t]);
        const k = `${pair}:${offset}`;
        offsetsSent.set(k, (offsetsSent.get(k) ?? 0) + 1);
        expect(offsetsSent.get(k), `offset ${k} queued twice`).toBe(1);
      }
      expect(fresh.filter((m) => m.kind === "digest").length).toBeLessThanOrEqual(1);

      // The model, as every command reads it, against what the test did.
      const boards = await app.services.deadlines.boards({ all: true });
      let overdueAnywhere = false;
      for (const b of boards) {
        if (b.deadline.createdAt > t) problems.push(`${b.deadline.code} seen before it existed on ${day}`);
        for (const o of b.occurrences) {
          if (b.deadline.precision === "recurring" && o.dueAt < b.deadline.createdAt)
            problems.push(`${b.deadline.code} owes ${o.label}, which ended before it existed`);
          for (const u of b.units) {
            const pair = `${o.id}:${u.id}`;
            const state = unitState(o, recordOf(b, o.id, u.id), t, TZ);
            const known = truth.get(pair);
            checkedStates++;
            if (known) {
              if (state.kind !== known.kind) problems.push(`${pair} on ${day}: ${state.kind}, not ${known.kind}`);
              else if (state.kind === "submitted" && state.late !== known.at > o.dueAt)
                problems.push(`${pair} on ${day}: late is ${state.late}`);
              continue;
            }
            const days = dayDiff(o.dueAt, t, TZ);
            const expected = t > o.dueAt ? "overdue" : days === 0 ? "due-today" : "upcoming";
            if (state.kind !== expected) problems.push(`${pair} on ${day}: ${state.kind}, not ${expected}`);
            if (state.kind !== "overdue") continue;
            overdueAnywhere = true;
            if (state.days !== -days) problems.push(`${pair} on ${day}: overdue ${state.days}, not ${-days}`);
            // Overdue units are reminded at least every EVERY days (from the day after the deadline was added).
            const since = (t.getTime() - b.deadline.createdAt.getTime()) / DAY;
            const last = sent.get(pair)?.at(-1);
            if (since >= 1 && -days > 3 && (!last || (t.getTime() - last.getTime()) / DAY > EVERY))
              problems.push(`${pair} overdue ${-days} days on ${day}, last reminded ${last ? dayOf(last) : "never"}`);
          }
        }
      }
      expect(problems.slice(0, 5)).toEqual([]);

      // Once a month, /chuanop (as staff read it) names exactly the units the test knows still owe.
      if (day.endsWith("-01"))
        for (const b of boards) {
          const r = await app.services.deadlines.missing(staff, b.deadline.code);
          if (!r.ok) {
            expect(b.occurrences, `${b.deadline.code}: ${r.problem}`).toHaveLength(0);
            continue;
          }
          const owing = b.units.filter((u) => !truth.has(`${r.occurrence.id}:${u.id}`)).map((u) => u.code);
          expect(
            r.missing.map((m) => m.unit.code),
            `${b.deadline.code} on ${day}`,
          ).toEqual(owing);
          missingChecks++;
        }
      if (overdueAnywhere) expect(fresh.filter((m) => m.kind === "digest")).toHaveLength(1);

      // Plans, hand-made deadlines and the anchor of the day, then units hand in at 10:00 at their own pace.
      clock.set(new Date(t.getTime() + 3600_000));
      for (const fn of events.get(day) ?? []) await fn();
      clock.set(new Date(t.getTime() + 2 * 3600_000));
      for (const b of await app.services.deadlines.boards({ all: true })) {
        for (const u of b.units) {
          const open = b.occurrences.filter((o) => !truth.has(`${o.id}:${u.id}`));
          const current = open[0];
          if (!current) continue;
          const lag = figures.has(b.deadline.id)
            ? (FIGURE_LAGS[handUnits.findIndex((h) => h.id === u.id)] ?? null)
            : lagOf(b.deadline.id, u.id);
          const late = -dayDiff(current.dueAt, t, TZ);
          const unit = unitsById.get(u.id);
          const indicator = figures.get(b.deadline.id);
          if (lag !== null && late >= lag && indicator !== undefined) {
            // Figures, possibly sent after the next period began: they go to the period still owed, marked late.
            const o = await app.services.figureReports.occurrenceToReport(b.deadline.id, u.id);
            expect(o?.occurrence.id, `${b.deadline.code} ${u.code} figures on ${day}`).toBe(current.id);
            expect(o?.correction).toBe(false);
            const r = await app.services.figureReports.record(staff, {
              occurrenceId: current.id,
              unit: unit!,
              values: [{ indicatorId: indicator, value: 1 }],
            });
            expect(r.ok && r.late, `${b.deadline.code} ${u.code} on ${day}`).toBe(clock.now() > current.dueAt);
            if (b.occurrences.some((o2) => o2.dueAt > current.dueAt && o2.dueAt < clock.now())) lateFigures++;
            truth.set(`${current.id}:${u.id}`, { kind: "submitted", at: clock.now() });
          } else if (lag !== null && late >= lag) {
            const r = await app.services.deadlines.submit(staff, b.deadline.code, unit!, "nộp theo lịch");
            expect(r.ok && r.dueAt.getTime(), `${b.deadline.code} ${u.code} on ${day}`).toBe(current.dueAt.getTime());
            truth.set(`${current.id}:${u.id}`, { kind: "submitted", at: clock.now() });
          } else if (lag === null && b.deadline.id % 2 === 0 && late >= 30) {
            const r = await app.services.deadlines.submit(
              staff,
              b.deadline.code,
              unit!,
              "sáp nhập",
              undefined,
              "excused",
            );
            expect(r.ok).toBe(true);
            truth.set(`${current.id}:${u.id}`, { kind: "excused", at: clock.now() });
          }
        }
      }
    }

    // Each configured offset went out exactly once to every unit still owing at that time (downtime days aside).
    const boards = await app.services.deadlines.boards({ all: true });
    let expectedOffsets = 0;
    const end = at("2026-03-31T08:00:00");
    for (const b of boards)
      for (const o of b.occurrences)
        for (const slot of reminderTimes(o.dueAt, OFFSETS, "07:30", TZ)) {
          const tick = new Date(slot.at.getTime() + 30 * 60_000);
          if (slot.at < b.deadline.createdAt || tick > end || down.has(dayOf(slot.at))) continue;
          for (const u of b.units) {
            const known = truth.get(`${o.id}:${u.id}`);
            if (known && known.at <= tick) continue;
            expectedOffsets++;
            expect(
              offsetsSent.get(`${o.id}:${u.id}:${slot.offsetDays}`),
              `${b.deadline.code} ${o.label} ${u.code} ${slot.offsetDays}`,
            ).toBe(1);
          }
        }
    const total = [...offsetsSent.values()].reduce((a, b) => a + b, 0);
    const deadlines = await app.db.deadline.count();
    console.log(
      `calendar: ${deadlines} deadlines, ${await app.db.deadlineOccurrence.count()} occurrences, ${checkedStates} states checked, ` +
        `${total} reminders in ${reminderMessages} messages (${expectedOffsets} at configured offsets), ${digests} digests, ${truth.size} hand-ins, ${missingChecks} /chuanop checks, ` +
        `${lateFigures} periods' figures sent after the next period was due`,
    );
    expect(lateFigures).toBeGreaterThan(0);
    expect(deadlines).toBeGreaterThanOrEqual(12);
    expect(expectedOffsets).toBeGreaterThan(500);
    // After the downtime, at most one reminder per occurrence and unit went out on the day of the restart.
    for (const [pair, times] of sent)
      expect(times.filter((x) => dayOf(x) === "2025-09-01").length, pair).toBeLessThanOrEqual(1);
  }, 240_000);
});
