/**
 * The staff digest: each day at DIGEST_TIME every staff member and admin hears, in their private chat, which units in
 * their scope are overdue, per deadline occurrence (queued once under `digest:<day>:<person>`).
 */
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import { formatDay, localParts } from "../domain/dates/due.js";
import { unitState } from "../domain/occurrences.js";
import { nextReminderMoment } from "../domain/reminders.js";
import type { I18n, Language } from "../i18n.js";
import { type BoardScope, recordOf } from "./deadline-board.js";
import type { DeadlineService } from "./deadlines.js";
import type { OutboxService } from "./outbox.js";

const DAY_MS = 86_400_000;

export class DigestService {
  constructor(
    private readonly db: Db,
    private readonly deadlines: DeadlineService,
    private readonly outbox: OutboxService,
    private readonly i18n: I18n,
    private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  private t(key: string, args?: Record<string, string | number>, lang: Language = this.config.defaultLanguage): string {
    return this.i18n.t(lang, key, args);
  }

  /** Once a day: every staff member and admin hears which units in their scope are overdue, per deadline occurrence. */
  async queueDigests(): Promise<number> {
    const now = this.clock.now();
    const tz = this.config.timezone;
    const day = localParts(now, tz);
    const dayKey = `${day.year}-${day.month}-${day.day}`;
    const staff = await this.db.membership.findMany({
      where: { role: { in: ["staff", "admin"] } },
      include: { unit: true, person: { include: { identities: { orderBy: { id: "asc" } } } } },
      orderBy: { id: "asc" },
    });
    const byPerson = new Map<number, { paths: string[]; person: (typeof staff)[number]["person"] }>();
    for (const m of staff) {
      const cur = byPerson.get(m.personId) ?? { paths: [], person: m.person };
      cur.paths.push(m.unit.path);
      byPerson.set(m.personId, cur);
    }
    let queued = 0;
    for (const [personId, { paths, person }] of byPerson) {
      const identity = person.identities[0];
      if (!identity) continue;
      const lang: Language = person.language === "en" ? "en" : "vi";
      const lines = await this.digestLines({ paths }, now, lang);
      if (!lines.length) continue;
      const shown = lines.slice(0, 40);
      if (lines.length > shown.length) shown.push(this.t("digest-more", { n: lines.length - shown.length }, lang));
      queued += await this.outbox.enqueue([
        {
          key: `digest:${dayKey}:${personId}`,
          platform: identity.platform,
          platformChatId: identity.platformUserId,
          kind: "digest",
          reply: {
            kind: "text",
            text: `${this.t("digest-title", { date: formatDay(now, tz) }, lang)}\n${shown.join("\n")}`,
          },
        },
      ]);
    }
    return queued;
  }

  /**
   * One line per overdue occurrence in the scope: code, what, due day, days overdue and the late units (named the
   * first day, then counted with those who handed in since yesterday).
   */
  async digestLines(scope: BoardScope, now: Date, lang: Language): Promise<string[]> {
    const tz = this.config.timezone;
    const lines: string[] = [];
    for (const board of await this.deadlines.boards(scope, { dueBefore: now, openOnly: true })) {
      for (const occ of board.occurrences) {
        const late = board.units.filter(
          (u) => unitState(occ, recordOf(board, occ.id, u.id), now, tz).kind === "overdue",
        );
        if (!late.length) continue;
        const days = unitState(occ, undefined, now, tz);
        const n = days.kind === "overdue" ? days.days : 0;
        // Named on their first overdue day (or when few); afterwards counted, with who handed in since yesterday,
        // so staff do not read the same long list every morning.
        const named = n <= 1 || late.length <= 3;
        const handedIn = board.units.filter((u) => {
          const r = recordOf(board, occ.id, u.id);
          return r?.kind === "submitted" && now.getTime() - r.at.getTime() <= DAY_MS;
        });
        const units = named
          ? late.map((u) => u.name).join(", ")
          : this.t("digest-units-still", { n: late.length, code: board.deadline.code }, lang);
        const line = this.t(
          "digest-line",
          { code: board.deadline.code, what: board.deadline.what, due: formatDay(occ.dueAt, tz), n, units },
          lang,
        );
        lines.push(
          handedIn.length && !named
            ? `${line} ${this.t("digest-handed-in", { units: handedIn.map((u) => u.name).join(", ") }, lang)}`
            : line,
        );
      }
    }
    return lines;
  }

  /** The next digest moment (DIGEST_TIME today or tomorrow). */
  nextDigestAt(now = this.clock.now()): Date {
    return nextReminderMoment(new Date(now.getTime() + 60_000), this.config.reminders.digestTime, this.config.timezone);
  }
}
