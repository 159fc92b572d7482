/** Opening the database at start-up: a fault stops the process with one line, an unexpected empty file warns. */
import fs from "node:fs";
import type { Config } from "../config.js";
import { type Db, openDatabase } from "../db/client.js";
import { emptyDatabaseWarning, rememberHasData, StorageStartError } from "../db/startup.js";
import { sqliteFilePath } from "../db/url.js";
import type { Logger } from "../logger.js";

/** Opens the database; a file that cannot be written stops start-up with one line; an unexpected empty one warns. */
export async function openDatabaseOrExit(config: Config, logger: Logger): Promise<Db> {
  if (config.databaseEngine === "postgresql") return openPostgresOrExit(config.databaseUrl);
  const file = sqliteFilePath(config.databaseUrl);
  const created = !fs.existsSync(file);
  let db: Db;
  try {
    db = await openDatabase(config.databaseUrl);
  } catch (err) {
    if (!(err instanceof StorageStartError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
  const [units, chats, people] = await Promise.all([db.unit.count(), db.chat.count(), db.person.count()]);
  const seen = { created, units, chats, people, zaloCredentialsFile: config.zalo.credentialsFile };
  const warning = emptyDatabaseWarning(file, seen);
  if (warning) {
    logger.error(warning);
    console.error(`\n${warning}\n`);
  }
  rememberHasData(file, seen, new Date());
  // A database created by this run gets its marker once it holds data (checked every ten minutes).
  const marker = setInterval(() => {
    void Promise.all([db.unit.count(), db.chat.count(), db.person.count()])
      .then(([u, c, p]) => rememberHasData(file, { created, units: u, chats: c, people: p }, new Date()))
      .catch((err: unknown) => logger.warn({ err }, "could not check whether the database holds data yet"));
  }, 600_000);
  marker.unref();
  return db;
}

/** PostgreSQL that does not answer, refuses the login or has the wrong collation stops start-up with one line. */
async function openPostgresOrExit(url: string): Promise<Db> {
  try {
    return await openDatabase(url);
  } catch (err) {
    const where = url.replace(/\/\/[^@/]*@/, "//…@");
    console.error(`Cannot open the PostgreSQL database ${where}: ${(err as Error).message || String(err)}`);
    process.exit(1);
  }
}
