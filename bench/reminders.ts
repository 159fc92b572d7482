/**
 * The scheduler's reminder run for the whole country: 60,000 grassroots unions (BENCH_UNITS), 48,000 of them with a
 * group chat, owing three deadlines, two of which remind on the same morning. It times the 07:30 run (every unit
 * with a chat gets one message carrying its two items, each on record in ReminderSent) and the run of the next
 * minute (nothing left to carry), against the design it replaced, measured in the same run on a copy of the same
 * database: one outbox row per item and chat under `rem:<occurrence>:<unit>:<offset>:<chat>`, all of them offered to
 * the outbox again every minute (the unique key skipping them). Target: each ratio ≤ 1.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createApp } from "../src/app.js";
import { FakeClock } from "../src/clock.js";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { dueReminder, reminderSlots } from "../src/domain/reminders.js";
import { silentLogger } from "../src/logger.js";
import { recordOf, reminderRules } from "../src/services/deadline-board.js";
import { bigTree } from "../test/helpers/big-tree.js";
import { report, tempDir, timed } from "./util.js";

const UNITS = Number(process.env.BENCH_UNITS ?? 60_000);
const DAY_MS = 86_400_000;
const at = (local: string) => new Date(`${local}+07:00`);

type App = ReturnType<typeof createApp>;

async function open(url: string, clock: FakeClock): Promise<App> {
  const db = await openDatabase(url);
  const config = loadConfig({ PLAYGROUND: "off" }, tempDir("bench-reminders-cwd-"));
  return createApp({ config, db, logger: silentLogger, clock });
}

/** The tree, a staff member and three deadlines owed by every grassroots union (set-based: seconds, not minutes). */
async function seed(file: string): Promise<void> {
  const url = `file:${file}`;
  const clock = new FakeClock(at("2026-03-01T09:00:00"));
  const app = await open(url, clock);
  await bigTree(app.db, { districts: 100, grassroots: UNITS, groups: Math.round(UNITS * 0.8) });
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  for (const phrase of ["chậm nhất ngày 20/3/2026", "chậm nhất ngày 16/3/2026", "chậm nhất ngày 27/3/2026"]) {
    const read = readDatePhrase(phrase);
    if (!read) throw new Error(`cannot read ${phrase}`);
    const { deadline } = await app.services.deadlines.create(staff, {
      what: `Báo cáo ${phrase}`,
      phrase,
      spec: read.spec,
      owingUnitIds: [],
      rootUnitId: 1,
    });
    await app.db.$executeRawUnsafe(
      `INSERT INTO "DeadlineUnit" ("deadlineId", "unitId") SELECT ?, id FROM "Unit" WHERE kind = 'grassroots'`,
      deadline.id,
    );
  }
  await app.db.$disconnect();
  // Everything into the main file, so a copy of it is the whole database.
  const raw = new Database(file);
  raw.pragma("wal_checkpoint(TRUNCATE)");
  raw.close();
}

/** The replaced design's minute: every due item offered to the outbox under its own key, per unit. */
async function itemPerMessage(app: App): Promise<number> {
  const now = app.clock.now();
  const boards = await app.services.deadlines.boards(
    { all: true },
    { dueBefore: new Date(now.getTime() + 8 * DAY_MS), openOnly: true },
  );
  const chats = await app.db.chat.findMany({ where: { kind: "group", status: "active", unitId: { not: null } } });
  const byUnit = new Map<number, typeof chats>();
  for (const c of chats) if (c.unitId !== null) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
  let queued = 0;
  for (const board of boards)
    for (const occ of board.occurrences) {
      const owing = board.units.filter((u) => !recordOf(board, occ.id, u.id) && byUnit.has(u.id));
      const slots = reminderSlots(
        occ.dueAt,
        board.deadline.createdAt,
        now,
        reminderRules(app.config),
        new Date(now.getTime() - 8 * DAY_MS),
      );
      const reminder = dueReminder(slots, now);
      if (!reminder || !owing.length) continue;
      for (const unit of owing) {
        const text = app.services.reminders.reminderText(board.deadline, occ, unit.name, now);
        queued += await app.services.outbox.enqueue(
          (byUnit.get(unit.id) ?? []).map((chat) => ({
            key: `rem:${occ.id}:${unit.id}:${reminder.offsetDays}:${chat.platform}:${chat.platformChatId}`,
            platform: chat.platform,
            platformChatId: chat.platformChatId,
            kind: "reminder" as const,
            unitId: unit.id,
            reply: { kind: "text" as const, text },
          })),
        );
      }
    }
  return queued;
}

/** The 07:30 run and the next minute's, on a fresh copy of the seeded database. */
async function morning(file: string, copy: string, run: (app: App) => Promise<number>) {
  fs.copyFileSync(file, copy);
  const clock = new FakeClock(at("2026-03-13T07:30:00"));
  const app = await open(`file:${copy}`, clock);
  const first = await timed(() => run(app));
  clock.set(at("2026-03-13T07:31:00"));
  const quiet = await timed(() => run(app));
  const rows = await app.db.outboxMessage.count({ where: { kind: "reminder" } });
  await app.db.$disconnect();
  return { first, quiet, rows };
}

export async function benchReminders(): Promise<void> {
  const dir = tempDir("bench-reminders-");
  const file = path.join(dir, "seed.db");
  migrate(`file:${file}`);
  const seeded = await timed(() => seed(file));
  const before = await morning(file, path.join(dir, "items.db"), itemPerMessage);
  const ours = await morning(file, path.join(dir, "daily.db"), (app) => app.services.reminders.queueReminders());
  const firstRatio = ours.first.ms / before.first.ms;
  const quietRatio = ours.quiet.ms / before.quiet.ms;
  report(
    "reminders",
    {
      units: UNITS,
      seed_ms: Math.round(seeded.ms),
      messages: ours.rows,
      messages_before: before.rows,
      first_ms: Math.round(ours.first.ms),
      first_before_ms: Math.round(before.first.ms),
      first_ratio: firstRatio,
      quiet_ms: Math.round(ours.quiet.ms),
      quiet_before_ms: Math.round(before.quiet.ms),
      quiet_ratio: quietRatio,
    },
    "each ratio <= 1, one message per group",
    firstRatio <= 1 && quietRatio <= 1 && ours.rows === Math.round(UNITS * 0.8) && ours.quiet.value === 0,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
