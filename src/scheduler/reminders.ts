/**
 * The scheduler: every minute (node-cron, in the configured time zone) it queues due reminders; once a day the overdue
 * digest; it also records closed consultations and forgets old update ids. Reminders are queued into the outbox under
 * unique keys, so two processes on one database queue each reminder once, and a restart sends what it missed once.
 */
import cron, { type ScheduledTask } from "node-cron";
import type { App } from "../app.js";
import { localParts } from "../domain/dates/due.js";
import { pruneProcessedUpdates } from "../services/updates.js";

export class Scheduler {
  private tasks: ScheduledTask[] = [];

  constructor(private readonly app: App) {}

  /** One minute's work; returns how many messages were queued. */
  async tick(): Promise<number> {
    const { services, config, clock } = this.app;
    let queued = await services.deadlines.queueReminders();
    const now = localParts(clock.now(), config.timezone);
    const [dh, dm] = config.reminders.digestTime.split(":").map(Number) as [number, number];
    if (now.hour > dh || (now.hour === dh && now.minute >= dm)) queued += await services.deadlines.queueDigests();
    await services.consultations.closeDue();
    return queued;
  }

  async daily(): Promise<void> {
    const { db, clock, services } = this.app;
    await pruneProcessedUpdates(db, clock.now());
    const recurring = await db.deadline.findMany({ where: { active: true, precision: "recurring" } });
    for (const d of recurring) await services.deadlines.ensureOccurrences(d);
  }

  start(): void {
    const run = (name: string, fn: () => Promise<unknown>) => () => {
      fn().catch((err) => this.app.logger.error({ err, job: name }, "scheduled job failed"));
    };
    const timezone = this.app.config.timezone;
    this.tasks.push(
      cron.schedule(
        "* * * * *",
        run("reminders", () => this.tick()),
        { timezone },
      ),
    );
    this.tasks.push(
      cron.schedule(
        "17 3 * * *",
        run("daily", () => this.daily()),
        { timezone },
      ),
    );
    void run("start-up", async () => {
      await this.daily();
      await this.tick();
    })();
  }

  stop(): void {
    for (const t of this.tasks) void t.stop();
    this.tasks = [];
  }
}
