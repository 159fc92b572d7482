/**
 * npm run db:backup [-- DIR]: a backup of the bot's database now (SQLite: online backup to a dated file; PostgreSQL:
 * pg_dump of its schema), into DIR, else BACKUP_DIR, else ./data/backups; the newest BACKUP_KEEP stay there.
 */
import path from "node:path";
import { loadConfigFromProcess } from "../config.js";
import { backupDatabase } from "../db/backup.js";
import { runCli } from "./run.js";

await runCli(async () => {
  const config = loadConfigFromProcess();
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : (config.backup.dir ?? path.resolve("data", "backups"));
  const file = await backupDatabase({ databaseUrl: config.databaseUrl, dir, keep: config.backup.keep });
  console.log(`Backup written: ${file} (the newest ${config.backup.keep} backups in ${dir} are kept)`);
  return 0;
});
