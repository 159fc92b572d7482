/**
 * Backups of the bot's database and their restore (issue 25.7).
 *
 * - SQLite: better-sqlite3's online backup (SQLite's backup API) to a dated file, all pages in one step under one read
 *   transaction: the copy is one consistent moment, and the bot (WAL) goes on writing meanwhile.
 * - PostgreSQL: `pg_dump` of the bot's schema in its custom format, when `pg_dump` is installed.
 * - Only the newest `keep` backups in the folder stay.
 *
 * A running bot is told apart by two signs: the heartbeat every bot process writes into `BotSetting` each half minute
 * (`heartbeat:<host>:<pid>`, removed when it stops), fresh when younger than HEARTBEAT_FRESH_MS; and, for SQLite, any
 * other process holding the database file open (Linux `/proc/<pid>/fd`). A restore refuses while either says so.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Db } from "./client.js";
import { databaseEngine, postgresConnection, sqliteFilePath } from "./url.js";

const run = promisify(execFile);

export const HEARTBEAT_EVERY_MS = 30_000;
export const HEARTBEAT_FRESH_MS = 3 * 60_000;
const BACKUP_NAME = /^union-bot-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:-\d+)?Z\.(db|dump)$/;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

/** `union-bot-2026-12-07T02-00-00Z.db`: sorts by time, says when. */
export function backupName(now: Date, engine: "sqlite" | "postgresql"): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
  return `union-bot-${stamp.replace(/Z$/, "")}Z.${engine === "sqlite" ? "db" : "dump"}`;
}

/** Backs the database up into `dir` and keeps the newest `keep` backups there; returns the new file. */
export async function backupDatabase(o: {
  databaseUrl: string;
  dir: string;
  keep: number;
  now?: Date;
}): Promise<string> {
  const engine = databaseEngine(o.databaseUrl);
  fs.mkdirSync(o.dir, { recursive: true });
  let file = path.join(o.dir, backupName(o.now ?? new Date(), engine));
  for (let n = 1; fs.existsSync(file); n++) file = file.replace(/(?:-\d+)?Z\.(db|dump)$/, `-${n}Z.$1`);
  const partial = `${file}.partial`;
  try {
    if (engine === "sqlite") {
      const { default: Database } = await import("better-sqlite3");
      const source = new Database(sqliteFilePath(o.databaseUrl), { readonly: true, fileMustExist: true });
      try {
        // All pages in one step: one read of one moment. In steps, a page the bot writes meanwhile would restart the
        // copy from the first page, and a busy bot could keep it from ever finishing.
        await source.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 1) });
      } finally {
        source.close();
      }
    } else await pgDump(o.databaseUrl, partial);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  pruneBackups(o.dir, o.keep);
  return file;
}

async function pgDump(url: string, file: string): Promise<void> {
  const { connectionString, schema } = postgresConnection(url);
  try {
    await run("pg_dump", ["--format=custom", `--schema=${schema}`, "--no-owner", `--file=${file}`, connectionString], {
      maxBuffer: 1 << 20,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      throw new BackupError(
        "pg_dump is not installed on this machine: install the PostgreSQL client (Debian: apt-get install " +
          "postgresql-client, the same major version as the server or newer), or back up on the database server.",
      );
    throw new BackupError(`pg_dump failed: ${String((err as { stderr?: string }).stderr ?? err).trim()}`);
  }
}

/** Deletes all but the newest `keep` backups this module wrote into `dir` (other files are never touched). */
export function pruneBackups(dir: string, keep: number): string[] {
  const ours = fs
    .readdirSync(dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort();
  const gone = ours.slice(0, Math.max(0, ours.length - keep));
  for (const f of gone) fs.rmSync(path.join(dir, f), { force: true });
  return gone;
}

/** Every process of the bot says it is alive; `stop` removes its own row. */
export function startHeartbeat(db: Db, logger?: { warn(o: object, m: string): void }): { stop(): Promise<void> } {
  const key = `heartbeat:${os.hostname()}:${process.pid}`;
  const beat = () =>
    db.botSetting
      .upsert({
        where: { key },
        create: { key, value: new Date().toISOString() },
        update: { value: new Date().toISOString() },
      })
      .catch((err) => logger?.warn({ err }, "writing the heartbeat failed"));
  void beat();
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await db.botSetting.deleteMany({ where: { key } }).catch(() => undefined);
    },
  };
}

/** The heartbeat rows of the database at `url`, read without migrating or creating anything (none when it is absent). */
export async function heartbeats(url: string): Promise<{ key: string; value: string }[]> {
  if (databaseEngine(url) === "sqlite") {
    const file = sqliteFilePath(url);
    if (!fs.existsSync(file)) return [];
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT "key", "value" FROM "BotSetting" WHERE "key" LIKE 'heartbeat:%'`).all() as {
        key: string;
        value: string;
      }[];
    } catch {
      return []; // not the bot's database (yet)
    } finally {
      db.close();
    }
  }
  const pg = (await import("pg")).default;
  const { connectionString, schema } = postgresConnection(url);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const r = await client.query<{ key: string; value: string }>(
      `SELECT "key", "value" FROM "${schema}"."BotSetting" WHERE "key" LIKE 'heartbeat:%'`,
    );
    return r.rows;
  } catch {
    return [];
  } finally {
    await client.end();
  }
}

/** What says a bot is using the database: fresh heartbeats, and (SQLite) other processes holding the file open. */
export async function botsUsing(databaseUrl: string): Promise<string[]> {
  const signs: string[] = [];
  for (const b of await heartbeats(databaseUrl)) {
    const age = Date.now() - new Date(b.value).getTime();
    if (age < HEARTBEAT_FRESH_MS)
      signs.push(
        `a bot process (${b.key.slice("heartbeat:".length)}) wrote its heartbeat ${Math.round(age / 1000)} s ago`,
      );
  }
  if (databaseEngine(databaseUrl) === "sqlite")
    for (const pid of processesHolding(sqliteFilePath(databaseUrl)))
      signs.push(`process ${pid} has the database file open`);
  return signs;
}

/** Other processes with the file (or its -wal/-shm) open, read from /proc (Linux; elsewhere none are found). */
export function processesHolding(file: string): number[] {
  const wanted = new Set([file, `${file}-wal`, `${file}-shm`].map((f) => (fs.existsSync(f) ? fs.realpathSync(f) : f)));
  const found: number[] = [];
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return found;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      try {
        if (wanted.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          found.push(Number(pid));
          break;
        }
      } catch {
        // closed meanwhile
      }
    }
  }
  return found;
}

/**
 * Restores a backup over the configured database. Refuses while a bot uses it (see botsUsing). SQLite: the backup is
 * checked (integrity, the bot's tables), the database it replaces is kept beside it as `<db>.before-restore-<time>`,
 * then the copy takes its place. PostgreSQL: `pg_restore --clean` of the dump into the bot's schema.
 */
export async function restoreDatabase(o: { databaseUrl: string; file: string; now?: Date }): Promise<string> {
  if (!fs.existsSync(o.file)) throw new BackupError(`No such backup: ${o.file}`);
  const using = await botsUsing(o.databaseUrl);
  if (using.length)
    throw new BackupError(
      `The bot is using this database, so nothing was restored: ${using.join("; ")}. Stop every bot process ` +
        "(docker stop union-bot), then run the restore again.",
    );
  if (databaseEngine(o.databaseUrl) === "postgresql") return pgRestore(o.databaseUrl, o.file);
  const target = sqliteFilePath(o.databaseUrl);
  await checkSqliteBackup(o.file);
  const copy = `${target}.restoring`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(o.file, copy);
  let kept = "";
  if (fs.existsSync(target)) {
    kept = `${target}.before-restore-${(o.now ?? new Date()).toISOString().replace(/[:.]/g, "-")}`;
    for (const suffix of ["", "-wal", "-shm"])
      if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, kept + suffix);
  }
  fs.renameSync(copy, target);
  return kept
    ? `restored ${o.file} into ${target}; the database it replaced is kept as ${kept}`
    : `restored ${o.file} into ${target}`;
}

/** A file that is not a whole SQLite database of this bot is refused before anything is replaced. */
async function checkSqliteBackup(file: string): Promise<void> {
  const { default: Database } = await import("better-sqlite3");
  let db: import("better-sqlite3").Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma("integrity_check", { simple: true });
    if (check !== "ok")
      throw new BackupError(`${file} is damaged (integrity check: ${String(check)}); nothing restored`);
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get();
    if (!table) throw new BackupError(`${file} is not a backup of this bot's database; nothing restored`);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is not an SQLite database (${(err as Error).message}); nothing restored`);
  } finally {
    db?.close();
  }
}

async function pgRestore(url: string, file: string): Promise<string> {
  const { connectionString, schema } = postgresConnection(url);
  try {
    await run(
      "pg_restore",
      ["--clean", "--if-exists", "--no-owner", `--schema=${schema}`, `--dbname=${connectionString}`, file],
      {
        maxBuffer: 1 << 20,
      },
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      throw new BackupError("pg_restore is not installed on this machine: install the PostgreSQL client first.");
    throw new BackupError(`pg_restore failed: ${String((err as { stderr?: string }).stderr ?? err).trim()}`);
  }
  return `restored ${file} into schema ${schema}`;
}
