/**
 * The scheduler: at the start of every minute it queues due deadline reminders, the daily digest once DIGEST_TIME has
 * come (in the configured time zone), and consultation notices (opening, low participation, thank-you); at 03:17 local
 * time it forgets old update ids and tops up recurring deadlines' occurrences (the minute's work also tops them up once
 * a local day, should the daily job be missed); in BACKUP_HOUR, the daily backup (scheduler/backups.ts). Everything is queued into the outbox under unique keys, so two
 * processes on one database queue each post once, and a restart sends what it missed once.
 */
import type { App } from "../app.js";
import { localParts } from "../domain/dates/due.js";
import { pruneProcessedUpdates } from "../services/updates.js";
import { DailyBackup } from "./backups.js";
import { DailyAt, everyMinute } from "./minutes.js";

/** The local time of the daily job (pruning old update ids, topping up recurring deadlines): a quiet hour. */
const DAILY_TIME = "03:17";

export class Scheduler {
  private stopTimer?: () => void;

  /** The daily backup, when BACKUP_DIR is set. */
  readonly backup?: DailyBackup;

  constructor(private readonly app: App) {
    const { dir, keep, hour } = app.config.backup;
    if (dir) this.backup = new DailyBackup(app, { dir, keep, hour });
  }

  /**
   * One minute's work; returns how many messages were queued: deadline reminders, the daily digest once its time has
   * come, and consultation notices (closing records first, so a consultation that just closed gets its thank-you).
   */
  async tick(): Promise<number> {
    const { services, config, clock } = this.app;
    await this.topUp();
    await services.consultations.closeDue();
    let queued = await services.reminders.queueReminders();
    const now = localParts(clock.now(), config.timezone);
    const [dh, dm] = config.reminders.digestTime.split(":").map(Number) as [number, number];
    const day = `${now.year}-${now.month}-${now.day}`;
    if ((now.hour > dh || (now.hour === dh && now.minute >= dm)) && this.digestDay !== day) {
      queued += await services.digests.queueDigests();
      this.digestDay = day;
    }
    queued += await services.consultationNotices.queue();
    return queued;
  }

  private toppedUpDay = "";
  /** The local day whose digest this process has queued (the outbox key keeps it once across processes). */
  private digestDay = "";

  /** Recurring deadlines get their next occurrences once per local day, also when the daily job was missed. */
  private async topUp(): Promise<void> {
    const p = localParts(this.app.clock.now(), this.app.config.timezone);
    const day = `${p.year}-${p.month}-${p.day}`;
    if (day === this.toppedUpDay) return;
    await this.app.services.deadlines.ensureAllOccurrences();
    this.toppedUpDay = day;
  }

  async daily(): Promise<void> {
    const { db, clock } = this.app;
    await pruneProcessedUpdates(db, clock.now());
    await this.topUp();
  }

  /** The next moment any scheduled post falls due: a reminder, a digest or a consultation notice (the playground). */
  async nextPostAt(): Promise<Date | undefined> {
    const { services } = this.app;
    const times = [
      await services.reminders.nextReminderAt(),
      await services.consultationNotices.nextAt(),
      (
        await services.digests.digestLines(
          { all: true },
          services.digests.nextDigestAt(),
          this.app.config.defaultLanguage,
        )
      ).length
        ? services.digests.nextDigestAt()
        : undefined,
    ].filter((t): t is Date => !!t);
    return times.sort((a, b) => a.getTime() - b.getTime())[0];
  }

  start(): void {
    const run = (name: string, fn: () => Promise<unknown>) => () => {
      fn().catch((err) => this.app.logger.error({ err, job: name }, "scheduled job failed"));
    };
    const daily = new DailyAt(DAILY_TIME, this.app.config.timezone, new Date());
    this.stopTimer?.();
    this.stopTimer = everyMinute((at) => {
      run("reminders", () => this.tick())();
      if (daily.due(at)) run("daily", () => this.daily())();
      const backup = this.backup;
      if (backup) run("backup", () => backup.tick())();
    });
    void run("start-up", async () => {
      await this.daily();
      await this.tick();
    })();
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = undefined;
  }
}
