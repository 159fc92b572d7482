/**
 * The playground's "advance the clock" button: moves the bot's clock to the next moment any scheduled post falls due
 * (a deadline reminder, the staff digest, a consultation notice) and runs the scheduler there, so a person can see
 * each kind of post without waiting for it.
 */
import type { App } from "../app.js";
import { formatDayTime } from "../domain/dates/due.js";
import type { Scheduler } from "./reminders.js";

export async function advanceToNextPost(app: App, scheduler: Scheduler, moveTo: (at: Date) => void): Promise<string> {
  const t = app.i18n.forLanguage(app.config.defaultLanguage);
  const next = await scheduler.nextPostAt();
  if (!next) return t("playground-no-reminder");
  moveTo(next);
  const queued = await scheduler.tick();
  return t("playground-advanced", { at: formatDayTime(next, app.config.timezone), n: queued });
}
