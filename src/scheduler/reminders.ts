/**
 * The scheduler: at the start of every minute it queues due deadline reminders, the daily digest once DIGEST_TIME has
 * come (in the configured time zone), and consultation notices (opening, low participation, thank-you); at 03:17 local
 * time it forgets old update ids and tops up recurring deadlines' occurrences (the minute's work also tops them up once
 * a local day, should the daily job be missed); in BACKUP_HOUR, the daily backup (scheduler/backups.ts). Everything is
 * queued into the outbox under unique keys, so two processes on one database queue each post once, and a restart sends
 * what it missed once. A minute's work cut off by the database (a restart, a network cut) is resumed as soon as the
 * database answers again, not left to the next tick.
 */
import type { App } from "../app.js";
import { storageFault } from "../db/faults.js";
import { localParts } from "../domain/dates/due.js";
import { pruneStepOutcomes } from "../services/step-outcomes.js";
import { pruneProcessedUpdates } from "../services/updates.js";
import { DailyBackup } from "./backups.js";
import { DailyAt, everyMinute } from "./minutes.js";

/** The local time of the daily job (pruning old update ids, topping up recurring deadlines): a quiet hour. */
const DAILY_TIME = "03:17";

/** Waits between attempts to resume a minute's work the database cut off (doubling up to 15 s). */
const RESUME_FIRST_MS = 500;
const RESUME_MAX_MS = 15_000;

export class Scheduler {
  private stopTimer?: () => void;
  private ticking = false;
  private stopped = false;

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

  /**
   * The minute's work, done in full: when the database stops answering part way, it is run again (every post is
   * queued under its key, so what was queued before the cut is not queued twice) until it gets through. A minute
   * that comes while this one is still resuming is covered by it (each run reads the clock anew).
   */
  async tickUntilDone(sleep: (ms: number) => Promise<void> = realSleep): Promise<number> {
    if (this.ticking) return 0;
    this.ticking = true;
    try {
      for (let wait = RESUME_FIRST_MS, told = false; ; wait = Math.min(wait * 2, RESUME_MAX_MS)) {
        try {
          const queued = await this.tick();
          if (told) this.app.logger.info({ queued }, "the scheduler's minute resumed and done");
          return queued;
        } catch (err) {
          if (this.stopped || !storageFault(err)) throw err;
          if (!told) this.app.logger.warn({ fault: storageFault(err) }, "the scheduler's minute was cut off; resuming");
          told = true;
          await sleep(wait);
        }
      }
    } finally {
      this.ticking = false;
    }
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
    await pruneStepOutcomes(db, clock.now());
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
    this.stopped = false;
    const run = (name: string, fn: () => Promise<unknown>) => () => {
      fn().catch((err) => this.app.logger.error({ err, job: name }, "scheduled job failed"));
    };
    const daily = new DailyAt(DAILY_TIME, this.app.config.timezone, new Date());
    this.stopTimer?.();
    this.stopTimer = everyMinute((at) => {
      run("reminders", () => this.tickUntilDone())();
      if (daily.due(at)) run("daily", () => this.daily())();
      const backup = this.backup;
      if (backup) run("backup", () => backup.tick())();
    });
    void run("start-up", async () => {
      await this.daily();
      await this.tickUntilDone();
    })();
  }

  stop(): void {
    this.stopped = true;
    this.stopTimer?.();
    this.stopTimer = undefined;
  }
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
