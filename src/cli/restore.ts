/**
 * npm run db:restore -- FILE: puts a backup in place of the database DATABASE_URL names. Refuses while a bot uses that
 * database (a fresh heartbeat, or another process holding the SQLite file open); the SQLite database it replaces is
 * kept beside it as `<db>.before-restore-<time>`.
 */
import { loadConfigFromProcess } from "../config.js";
import { restoreDatabase } from "../db/backup.js";
import { runCli } from "./run.js";

await runCli(async () => {
  const file = process.argv[2];
  if (!file) throw new Error("Usage: npm run db:restore -- FILE (a backup made by npm run db:backup)");
  const config = loadConfigFromProcess();
  console.log(await restoreDatabase({ databaseUrl: config.databaseUrl, file }));
  return 0;
});
