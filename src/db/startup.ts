/**
 * Start-up checks of the database file: refuse to start on a file (or folder) that cannot be written, with one clear
 * line, instead of starting and then failing on every update; and notice a database that is new and empty although
 * this installation clearly had data before (a deleted or lost file would otherwise silently become an empty one).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** Why the bot cannot start on this database: one line, naming the file and what to do. */
export class StorageStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StorageStartError";
  }
}

function writable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The nearest folder that exists on the way up to `dir` (where a missing data folder would be created). */
function existingAncestor(dir: string): string {
  let d = dir;
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

/**
 * Throws StorageStartError when the database file or its folder cannot be written (permissions, a read-only file
 * system). SQLite needs the folder too: it writes the -wal and -shm files next to the database.
 */
export function assertWritable(file: string): void {
  const dir = path.dirname(file);
  const cannot = (what: string) =>
    new StorageStartError(
      `Cannot start: the database ${file} is not writable (${what}). Fix its permissions or the file system, or set DATABASE_URL to a writable place.`,
    );
  if (!fs.existsSync(dir)) {
    if (!writable(existingAncestor(dir))) throw cannot(`its folder ${dir} cannot be created`);
    return;
  }
  if (!writable(dir)) throw cannot(`its folder ${dir} is read-only`);
  if (!fs.existsSync(file)) return;
  if (!writable(file)) throw cannot("the file is read-only");
  // Permissions can look fine on a file system mounted read-only, and root passes access(): try a real write.
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 5000 });
    const version = Number(db.pragma("user_version", { simple: true }));
    db.exec("BEGIN IMMEDIATE");
    db.pragma(`user_version = ${version}`);
    db.exec("ROLLBACK");
  } catch (err) {
    const code = (err as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY")) return; // another process is writing: it is writable
    throw cannot(String((err as Error).message));
  } finally {
    db?.close();
  }
}

/** Next to the database: written once the database holds data, so a later empty database is noticed. */
export function markerFile(file: string): string {
  return `${file}.has-data`;
}

export interface EmptyCheck {
  /** The database file did not exist before this start. */
  created: boolean;
  units: number;
  chats: number;
  people: number;
  zaloCredentialsFile?: string;
}

/**
 * A loud warning when the database is empty but the installation says it should not be: a marker written while it held
 * data, or a saved Zalo login (a bot that has logged in has been in use). Undefined when all is well.
 */
export function emptyDatabaseWarning(file: string, c: EmptyCheck): string | undefined {
  if (c.units + c.chats + c.people > 0) return undefined;
  const reasons: string[] = [];
  if (fs.existsSync(markerFile(file))) {
    const since = fs.readFileSync(markerFile(file), "utf8").trim().slice(0, 40);
    reasons.push(`${markerFile(file)} says it held data (${since})`);
  }
  if (c.zaloCredentialsFile && fs.existsSync(c.zaloCredentialsFile))
    reasons.push(`a Zalo login is saved in ${c.zaloCredentialsFile}`);
  if (!reasons.length) return undefined;
  return `WARNING: the database ${file} is ${c.created ? "new" : "empty"} and holds no units, chats or people, but ${reasons.join(" and ")}. Was the database file deleted or moved? Stop the bot and restore it from a backup; members will otherwise be told they belong to no unit.`;
}

/** Remembers that the database holds data (see emptyDatabaseWarning). */
export function rememberHasData(file: string, c: EmptyCheck, now: Date): void {
  if (c.units + c.chats + c.people === 0 || fs.existsSync(markerFile(file))) return;
  try {
    fs.writeFileSync(markerFile(file), `${now.toISOString()}\n`);
  } catch {
    // not essential: the warning then relies on the other signs
  }
}
