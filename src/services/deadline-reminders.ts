/**
 * Deadline reminders: at each reminder moment (REMINDER_OFFSETS_DAYS around the due day, then every
 * OVERDUE_REMINDER_EVERY_DAYS while overdue) every owing unit that still owes the occurrence gets one message in each
 * of its group chats, queued in the outbox under `rem:<occurrence>:<unit>:<day offset>:<chat>`, so two schedulers or
 * a restart never send one twice.
 */
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import { dueWithPhrase } from "../domain/dates/due.js";
import { periodText } from "../domain/dates/periods.js";
import { unitState } from "../domain/occurrences.js";
import { dueReminder, nextReminderAt, reminderSlots } from "../domain/reminders.js";
import type { I18n, Language } from "../i18n.js";
import { type DeadlineRow, type OccurrenceRow, recordOf, reminderRules } from "./deadline-board.js";
import type { DeadlineService } from "./deadlines.js";
import { figuresButton, type IndicatorService } from "./indicators.js";
import type { OutboxService } from "./outbox.js";

const DAY_MS = 86_400_000;
/** How far ahead the playground's "next reminder" looks. */
const HORIZON_MS = 400 * DAY_MS;

export class DeadlineReminderService {
  constructor(
    private readonly db: Db,
    private readonly deadlines: DeadlineService,
    /** Says which figures a deadline asks for, so its reminders carry them and a button to report them. */
    private readonly indicators: IndicatorService,
    private readonly outbox: OutboxService,
    private readonly i18n: I18n,
    private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  private t(key: string, args?: Record<string, string | number>, lang: Language = this.config.defaultLanguage): string {
    return this.i18n.t(lang, key, args);
  }

  private async groupChatsByUnit(): Promise<Map<number, { platform: string; platformChatId: string }[]>> {
    const chats = await this.db.chat.findMany({
      where: { kind: "group", status: "active", unitId: { not: null } },
      orderBy: { id: "asc" },
    });
    const map = new Map<number, { platform: string; platformChatId: string }[]>();
    for (const c of chats) if (c.unitId !== null) map.set(c.unitId, [...(map.get(c.unitId) ?? []), c]);
    return map;
  }

  /** The text of the reminder a unit gets for an occurrence at `now`. */
  reminderText(deadline: DeadlineRow, occ: OccurrenceRow, unitName: string, now: Date, lang?: Language): string {
    const tz = this.config.timezone;
    const state = unitState(occ, undefined, now, tz);
    const when =
      state.kind === "upcoming"
        ? this.t("reminder-days-left", { n: state.daysLeft }, lang)
        : state.kind === "due-today"
          ? this.t("reminder-today", undefined, lang)
          : this.t("reminder-overdue", { n: state.kind === "overdue" ? state.days : 0 }, lang);
    return this.t(
      "reminder-text",
      {
        unit: unitName,
        what: deadline.what,
        due: dueWithPhrase(
          occ.dueAt,
          periodText((k, a) => this.t(k, a, lang), occ.label),
          tz,
        ),
        when,
        code: deadline.code,
      },
      lang,
    );
  }

  /**
   * The scheduler's tick: for each occurrence whose latest reminder time has come (within the catch-up window), one
   * reminder to each owing unit that still owes it, in each of its group chats, keyed by the reminder's day offset.
   */
  async queueReminders(): Promise<number> {
    const now = this.clock.now();
    const before = Math.max(0, ...this.config.reminders.offsetsDays) + 1;
    const boards = await this.deadlines.boards(
      { all: true },
      { dueBefore: new Date(now.getTime() + before * DAY_MS), openOnly: true },
    );
    const chats = await this.groupChatsByUnit();
    let queued = 0;
    for (const board of boards) {
      const asked = await this.indicators.askedFor(board.deadline.id, (k, a) => this.t(k, a));
      const button = figuresButton(board.deadline.code, this.t("figures-button"));
      for (const occ of board.occurrences) {
        const owing = board.units.filter((u) => !recordOf(board, occ.id, u.id) && chats.has(u.id));
        if (!owing.length) continue;
        const window = new Date(now.getTime() - 8 * DAY_MS);
        const reminder = dueReminder(
          reminderSlots(occ.dueAt, board.deadline.createdAt, now, reminderRules(this.config), window),
          now,
        );
        if (!reminder) continue;
        for (const unit of owing) {
          const text = [this.reminderText(board.deadline, occ, unit.name, now), ...asked].join("\n");
          queued += await this.outbox.enqueue(
            (chats.get(unit.id) ?? []).map((chat) => ({
              key: `rem:${occ.id}:${unit.id}:${reminder.offsetDays}:${chat.platform}:${chat.platformChatId}`,
              platform: chat.platform,
              platformChatId: chat.platformChatId,
              kind: "reminder" as const,
              unitId: unit.id,
              reply: { kind: "text" as const, text, ...(asked.length ? { choices: [button] } : {}) },
            })),
          );
        }
      }
    }
    return queued;
  }

  /** The next moment a reminder falls due for some unit still owing (the playground's "advance the clock"). */
  async nextReminderAt(): Promise<Date | undefined> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + HORIZON_MS);
    const boards = await this.deadlines.boards({ all: true }, { dueBefore: until, openOnly: true });
    let next: Date | undefined;
    for (const board of boards) {
      for (const occ of board.occurrences) {
        if (board.units.every((u) => recordOf(board, occ.id, u.id))) continue;
        const at = nextReminderAt(
          reminderSlots(occ.dueAt, board.deadline.createdAt, until, reminderRules(this.config), now),
          now,
        );
        if (at && (!next || at < next)) next = at;
      }
    }
    return next;
  }
}
