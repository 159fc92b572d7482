/**
 * The daily backup (BACKUP_DIR, BACKUP_KEEP, BACKUP_HOUR): in the first minute of BACKUP_HOUR, local time, that day's
 * backup is made once. With several processes on one database each one's scheduler asks, and the day goes to whichever
 * claims it first by one atomic UPDATE of a BotSetting row ("backup-day"): the others see it taken and do nothing.
 */
import type { App } from "../app.js";
import { backupDatabase } from "../db/backup.js";
import { localParts } from "../domain/dates/due.js";

const CLAIM_KEY = "backup-day";

export class DailyBackup {
  constructor(
    private readonly app: App,
    private readonly o: { dir: string; keep: number; hour: number },
  ) {}

  /** Backs up when this minute is in BACKUP_HOUR and no process has made this day's backup; returns the file. */
  async tick(): Promise<string | undefined> {
    const { clock, config, db, logger } = this.app;
    const now = clock.now();
    const p = localParts(now, config.timezone);
    if (p.hour !== this.o.hour) return undefined;
    const day = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
    await db.$executeRawUnsafe(
      `INSERT INTO "BotSetting" ("key", "value") VALUES (?, '') ON CONFLICT DO NOTHING`,
      CLAIM_KEY,
    );
    const claimed = await db.$executeRawUnsafe(
      `UPDATE "BotSetting" SET "value" = ? WHERE "key" = ? AND "value" < ?`,
      day,
      CLAIM_KEY,
      day,
    );
    if (!claimed) return undefined;
    const file = await backupDatabase({ databaseUrl: config.databaseUrl, dir: this.o.dir, keep: this.o.keep, now });
    logger.info({ file }, "daily backup made");
    return file;
  }
}
