/**
 * Issue 25.7: backups. `db:backup` copies the database while the bot writes (SQLite's online backup; PostgreSQL's
 * pg_dump of the bot's schema), keeps the newest BACKUP_KEEP; the scheduler makes one a day at BACKUP_HOUR, once across
 * processes; `db:restore` puts one back into a new file with every row, and refuses while a bot uses the database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { backupDatabase, restoreDatabase, startHeartbeat } from "../src/db/backup.js";
import { closeDatabase, openDatabase } from "../src/db/client.js";
import { DailyBackup } from "../src/scheduler/backups.js";
import { testApp } from "./helpers/app.js";
import { closeAll, freshDb, freshSqliteDb, TEST_ENGINE } from "./helpers/db.js";

afterAll(closeAll);

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "backups-"));
  dirs.push(d);
  return d;
};

describe.skipIf(TEST_ENGINE === "postgresql")("SQLite", () => {
  it("backs up while updates are being written, restores into a new file, and finds every row", {
    timeout: 120_000,
  }, async () => {
    const { db, url, file } = await freshSqliteDb();
    const written: number[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const row = await db.auditLog.create({
          data: { actor: "writer", action: "test.write", target: String(i), details: "x".repeat(i % 500) },
        });
        written.push(row.id);
        // Updates arrive one after another: the event loop turns between them (timers, the backup's steps).
        await new Promise((r) => setImmediate(r));
      }
    })();
    while (written.length < 300) await new Promise((r) => setTimeout(r, 5));
    const before = [...written];
    const dir = tmp();
    const backup = await backupDatabase({ databaseUrl: url, dir, keep: 3 });
    const during = written.length - before.length;
    while (written.length < before.length + during + 100) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    await writer;
    expect(path.basename(backup)).toMatch(/^union-bot-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db$/);

    const target = path.join(tmp(), "restored", "union-bot.db");
    const said = await restoreDatabase({ databaseUrl: `file:${target}`, file: backup });
    expect(said).toBe(`restored ${backup} into ${target}`);
    const restored = new Database(target, { readonly: true });
    const source = new Database(file, { readonly: true });
    try {
      const rows = restored.prepare(`SELECT * FROM "AuditLog" ORDER BY id`).all() as { id: number }[];
      // Every row written before the backup began, and one unbroken run of ids: one moment of the database.
      expect(rows.length).toBeGreaterThanOrEqual(before.length);
      expect(rows.map((r) => r.id)).toEqual(written.slice(0, rows.length));
      // Each row as the bot wrote it, and every other table whole.
      const last = rows.at(-1)!.id;
      expect(rows).toEqual(source.prepare(`SELECT * FROM "AuditLog" WHERE id <= ? ORDER BY id`).all(last));
      for (const table of ["Unit", "_prisma_migrations", "BotSetting"])
        expect(restored.prepare(`SELECT * FROM "${table}" ORDER BY 1`).all()).toEqual(
          source.prepare(`SELECT * FROM "${table}" ORDER BY 1`).all(),
        );
      expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      restored.close();
      source.close();
    }
    // The restored file opens as the bot's database.
    const reopened = await openDatabase(`file:${target}`);
    expect(await reopened.auditLog.count()).toBeGreaterThanOrEqual(before.length);
    await closeDatabase(reopened);
  });

  it("keeps the newest BACKUP_KEEP backups and nothing else of the folder is touched", async () => {
    const { url } = await freshSqliteDb();
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
    for (const day of [1, 2, 3, 4])
      await backupDatabase({ databaseUrl: url, dir, keep: 2, now: new Date(`2026-12-0${day}T19:00:00Z`) });
    expect(fs.readdirSync(dir).sort()).toEqual([
      "notes.txt",
      "union-bot-2026-12-03T19-00-00Z.db",
      "union-bot-2026-12-04T19-00-00Z.db",
    ]);
  });

  it("refuses to restore over a database a bot is using: its heartbeat, or the file open in another process", {
    timeout: 60_000,
  }, async () => {
    const { db, url } = await freshSqliteDb();
    const backup = await backupDatabase({ databaseUrl: url, dir: tmp(), keep: 2 });
    // A running bot writes its heartbeat: refused, nothing replaced.
    const heartbeat = startHeartbeat(db);
    await new Promise((r) => setTimeout(r, 100));
    await expect(restoreDatabase({ databaseUrl: url, file: backup })).rejects.toThrow(
      /^The bot is using this database, so nothing was restored: a bot process \(.+:\d+\) wrote its heartbeat \d+ s ago\. Stop every bot process/,
    );
    await heartbeat.stop();
    expect(await db.botSetting.count({ where: { key: { startsWith: "heartbeat:" } } })).toBe(0);

    // Another process (a bot without heartbeat, a sqlite3 shell) holds the file open: refused, naming it.
    const target = path.join(tmp(), "live.db");
    fs.copyFileSync(backup, target);
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `const D=require("better-sqlite3");const d=new D(${JSON.stringify(target)});console.log("open");setInterval(()=>{},1000)`,
      ],
      { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] },
    );
    children.push(holder);
    await new Promise((r) => holder.stdout!.once("data", r));
    await expect(restoreDatabase({ databaseUrl: `file:${target}`, file: backup })).rejects.toThrow(
      `process ${holder.pid} has the database file open`,
    );
    holder.kill("SIGKILL");
    await new Promise((r) => holder.once("exit", r));
    const said = await restoreDatabase({
      databaseUrl: `file:${target}`,
      file: backup,
      now: new Date("2026-12-07T12:00:00Z"),
    });
    expect(said).toContain(`the database it replaced is kept as ${target}.before-restore-2026-12-07T12-00-00-000Z`);
    expect(fs.existsSync(`${target}.before-restore-2026-12-07T12-00-00-000Z`)).toBe(true);
  });

  it("refuses a file that is not a backup of the bot's database", async () => {
    const bad = path.join(tmp(), "bad.db");
    fs.writeFileSync(bad, "not a database at all, just text ".repeat(100));
    const target = path.join(tmp(), "new.db");
    await expect(restoreDatabase({ databaseUrl: `file:${target}`, file: bad })).rejects.toThrow(/nothing restored$/);
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe("the daily backup", () => {
  it("is made once a day at BACKUP_HOUR, by one of several processes", { timeout: 120_000 }, async () => {
    const { db, url } = await freshDb();
    const dir = tmp();
    const env = {
      DATABASE_URL: url,
      BACKUP_DIR: dir,
      BACKUP_KEEP: "5",
      BACKUP_HOUR: "2",
      TIMEZONE: "Asia/Ho_Chi_Minh",
    };
    // Two processes on one database: two apps, two schedulers' backup jobs, one clock.
    const a = await testApp({ db, env, units: false });
    const b = await testApp({ db, env, units: false, clock: a.clock });
    const jobs = [new DailyBackup(a, a.config.backup as never), new DailyBackup(b, b.config.backup as never)];
    a.clock.set(new Date("2026-12-07T18:59:00Z")); // 01:59 local: not yet
    expect(await Promise.all(jobs.map((j) => j.tick()))).toEqual([undefined, undefined]);
    a.clock.set(new Date("2026-12-07T19:00:00Z")); // 02:00 local
    const made = (await Promise.all(jobs.map((j) => j.tick()))).filter(Boolean);
    expect(made).toHaveLength(1);
    a.clock.set(new Date("2026-12-07T19:30:00Z"));
    expect((await Promise.all(jobs.map((j) => j.tick()))).filter(Boolean)).toHaveLength(0);
    a.clock.set(new Date("2026-12-08T19:00:00Z")); // the next day
    expect((await Promise.all(jobs.map((j) => j.tick()))).filter(Boolean)).toHaveLength(1);
    expect(fs.readdirSync(dir).sort()).toEqual([
      `union-bot-2026-12-07T19-00-00Z.${TEST_ENGINE === "sqlite" ? "db" : "dump"}`,
      `union-bot-2026-12-08T19-00-00Z.${TEST_ENGINE === "sqlite" ? "db" : "dump"}`,
    ]);
    // Off without BACKUP_DIR.
    const off = await testApp({ db, env: { DATABASE_URL: url }, units: false });
    expect(off.config.backup.dir).toBeUndefined();
  });
});

describe.skipIf(TEST_ENGINE !== "postgresql")("PostgreSQL", () => {
  it("dumps the bot's schema with pg_dump and restores it, refusing while a bot's heartbeat is fresh", {
    timeout: 120_000,
  }, async () => {
    const { db, url } = await freshDb();
    await db.auditLog.create({ data: { actor: "t", action: "test.write" } });
    const units = await db.unit.count();
    const backup = await backupDatabase({ databaseUrl: url, dir: tmp(), keep: 2 });
    expect(fs.statSync(backup).size).toBeGreaterThan(0);
    const heartbeat = startHeartbeat(db);
    await new Promise((r) => setTimeout(r, 100));
    await expect(restoreDatabase({ databaseUrl: url, file: backup })).rejects.toThrow(/wrote its heartbeat/);
    await heartbeat.stop();
    await db.auditLog.deleteMany();
    await restoreDatabase({ databaseUrl: url, file: backup });
    expect(await db.auditLog.count()).toBe(1);
    expect(await db.unit.count()).toBe(units);
  });
});
