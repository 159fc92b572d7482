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
import { byCode, compareCodes, type SummaryUnit, summarise } from "../domain/unit-summary.js";
import type { I18n, Language } from "../i18n.js";
import { num } from "../reports/format.js";
import { type BoardScope, recordOf } from "./deadline-board.js";
import type { DeadlineService } from "./deadlines.js";
import type { OutboxService } from "./outbox.js";

const DAY_MS = 86_400_000;
/** Up to this many late units a digest line names; more are counted per child unit. */
const FEW_NAMED = 5;
/** Child units counted on one line; the others are summed. */
const CHILDREN_SHOWN = 5;

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
      // One message whatever the scope: the lines that fit the platform's message, the rest counted.
      const budget = identity.platform === "zalo" ? 2000 : 4096;
      const title = this.t("digest-title", { date: formatDay(now, tz) }, lang);
      const shown: string[] = [];
      let room = budget - title.length - 1;
      for (const [i, line] of lines.entries()) {
        const reserve = i < lines.length - 1 ? this.t("digest-more", { n: lines.length - i }, lang).length + 1 : 0;
        if (line.length + 1 + reserve > room) {
          shown.push(this.t("digest-more", { n: lines.length - i }, lang));
          break;
        }
        shown.push(line);
        room -= line.length + 1;
      }
      queued += await this.outbox.enqueue([
        {
          key: `digest:${dayKey}:${personId}`,
          platform: identity.platform,
          platformChatId: identity.platformUserId,
          kind: "digest",
          reply: {
            kind: "text",
            text: `${title}\n${shown.join("\n")}`,
          },
        },
      ]);
    }
    return queued;
  }

  /**
   * One line per overdue occurrence in the scope: code, what, due day, days overdue, and the late units: named when
   * there are at most FEW_NAMED, otherwise counted per child unit of the reader's scope (most late first), with who
   * handed in since yesterday (named when few).
   */
  async digestLines(scope: BoardScope, now: Date, lang: Language): Promise<string[]> {
    const tz = this.config.timezone;
    const lines: string[] = [];
    let groups: SummaryUnit[] | undefined;
    for (const board of await this.deadlines.boards(scope, { dueBefore: now, openOnly: true })) {
      for (const occ of board.occurrences) {
        const late = board.units.filter(
          (u) => unitState(occ, recordOf(board, occ.id, u.id), now, tz).kind === "overdue",
        );
        if (!late.length) continue;
        const days = unitState(occ, undefined, now, tz);
        const n = days.kind === "overdue" ? days.days : 0;
        const named = late.length <= FEW_NAMED;
        const handedIn = board.units.filter((u) => {
          const r = recordOf(board, occ.id, u.id);
          return r?.kind === "submitted" && now.getTime() - r.at.getTime() <= DAY_MS;
        });
        groups ??= await this.deadlines.summaryGroups(scope);
        const units = named
          ? byCode(late)
              .map((u) => u.name)
              .join(", ")
          : this.t("digest-units-by-child", { n: late.length, children: this.children(groups, late, lang) }, lang);
        const line = this.t(
          "digest-line",
          { code: board.deadline.code, what: board.deadline.what, due: formatDay(occ.dueAt, tz), n, units },
          lang,
        );
        const more = named ? "" : ` ${this.t("digest-list", { code: board.deadline.code }, lang)}`;
        const since =
          handedIn.length && handedIn.length <= FEW_NAMED
            ? ` ${this.t(
                "digest-handed-in",
                {
                  units: byCode(handedIn)
                    .map((u) => u.name)
                    .join(", "),
                },
                lang,
              )}`
            : handedIn.length
              ? ` ${this.t("digest-handed-in-count", { n: handedIn.length }, lang)}`
              : "";
        lines.push(`${line}${more}${since}`);
      }
    }
    return lines;
  }

  /** "LĐLĐ huyện 1 (D1): 30; …": the late units counted per child unit of the scope, most first, the rest summed. */
  private children(groups: SummaryUnit[], late: SummaryUnit[], lang: Language): string {
    const items = late.map((unit) => ({ unit, standing: "behind" as const, lag: 0 }));
    const rows = summarise(groups, items).rows.sort(
      (a, b) => b.behind - a.behind || compareCodes(a.unit.code, b.unit.code),
    );
    const shown = rows.slice(0, CHILDREN_SHOWN).map((r) => `${r.unit.name} (${r.unit.code}): ${num(r.behind, lang)}`);
    const rest = rows.length - CHILDREN_SHOWN;
    return rest > 0
      ? `${shown.join("; ")}; ${this.t("summary-more", { n: rest, count: rest }, lang)}`
      : shown.join("; ");
  }

  /** The next digest moment (DIGEST_TIME today or tomorrow). */
  nextDigestAt(now = this.clock.now()): Date {
    return nextReminderMoment(new Date(now.getTime() + 60_000), this.config.reminders.digestTime, this.config.timezone);
  }
}
