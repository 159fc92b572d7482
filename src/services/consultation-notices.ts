/**
 * Consultations are deadlines for members: when one opens, the linked group chats of the units it covers hear what it
 * is, until when and how to give an opinion; CONSULTATION_REMINDER_DAYS before it closes (at REMINDER_TIME) the units
 * whose participation is below CONSULTATION_REMINDER_BELOW_PERCENT get a reminder (participation: people who gave an
 * opinion ÷ the unit's member count, as /tonghop counts it; units without a member count are left alone); once it
 * closes, each group gets a short thank-you with its unit's totals. A unit's meeting is named in both. Everything goes through the outbox
 * under a unique key per (consultation, kind, chat), so a restart or a second scheduler never sends one twice. Notices
 * more than a week late are not sent.
 */
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import { formatDayTime, localParts, zonedTime } from "../domain/dates/due.js";
import type { I18n } from "../i18n.js";
import type { OutboxService } from "./outbox.js";
import { upperBound } from "./units.js";

const DAY_MS = 86_400_000;
const LATE_MS = 7 * DAY_MS;

interface GroupRow {
  platform: string;
  platformChatId: string;
  unitId: number;
  unitName: string;
  memberCount: number;
}

/** A unit's own part in a consultation: members who gave opinions, their opinions, its meeting's opinions. */
interface UnitPart {
  people: number;
  opinions: number;
  meetings: number;
  meetingOpinions: number;
}

type ConsultationLite = {
  id: number;
  code: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  rootUnit: { path: string; name: string };
};

/** The moment the low-participation reminder goes out: REMINDER_TIME, `days` local days before the closing day. */
export function consultationReminderAt(closesAt: Date, days: number, time: string, timezone: string): Date {
  const p = localParts(closesAt, timezone);
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day - days));
  return zonedTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hh, mm, timezone);
}

export class ConsultationNoticeService {
  constructor(
    private readonly db: Db,
    private readonly outbox: OutboxService,
    private readonly i18n: I18n,
    private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  private t(key: string, args: Record<string, string | number>): string {
    return this.i18n.t(this.config.defaultLanguage, key, args);
  }

  /** Active linked group chats of the units in a subtree (a path range: two parameters whatever the tree). */
  private async groups(path: string, db: Db = this.db): Promise<GroupRow[]> {
    const rows = await db.$queryRawUnsafe<GroupRow[]>(
      `SELECT c.platform AS platform, c."platformChatId" AS "platformChatId", u.id AS "unitId", u.name AS "unitName",
              u."memberCount" AS "memberCount"
         FROM "Chat" c JOIN "Unit" u ON u.id = c."unitId"
        WHERE c.kind = 'group' AND c.status = 'active' AND u.active = TRUE AND u.path >= ? AND u.path < ?
        ORDER BY u.path, c.id`,
      path,
      upperBound(path),
    );
    return rows.map((r) => ({ ...r, unitId: Number(r.unitId), memberCount: Number(r.memberCount) }));
  }

  /**
   * Each unit's own part in a consultation, counted as /tonghop counts it (services/tally.ts): the people who gave an
   * opinion and their active opinions, and the unit's meeting with the opinions its results record.
   */
  private async participation(consultationId: number): Promise<Map<number, UnitPart>> {
    const people = await this.db.$queryRawUnsafe<{ unitId: number; people: number; opinions: number }[]>(
      `SELECT "unitId" AS "unitId", COUNT(*) AS people, SUM(opinions) AS opinions
         FROM "Participation" WHERE "consultationId" = ? AND opinions > 0 GROUP BY "unitId"`,
      consultationId,
    );
    const meetings = await this.db.$queryRawUnsafe<{ unitId: number; opinions: number | null }[]>(
      `SELECT m."unitId" AS "unitId",
              SUM(i."countAgree" + i."countAdd" + i."countAmend" + i."countPropose" + i."countOther") AS opinions
         FROM "MeetingResult" m LEFT JOIN "MeetingItem" i ON i."meetingId" = m.id
        WHERE m."consultationId" = ? GROUP BY m."unitId"`,
      consultationId,
    );
    const out = new Map<number, UnitPart>();
    const of = (unitId: number) => {
      let part = out.get(unitId);
      if (!part) out.set(unitId, (part = { people: 0, opinions: 0, meetings: 0, meetingOpinions: 0 }));
      return part;
    };
    for (const r of people)
      Object.assign(of(Number(r.unitId)), { people: Number(r.people), opinions: Number(r.opinions) });
    for (const r of meetings)
      Object.assign(of(Number(r.unitId)), { meetings: 1, meetingOpinions: Number(r.opinions ?? 0) });
    return out;
  }

  /** " Qua hội nghị: 1 hội nghị, 88 ý kiến." after a notice, when the unit held a meeting. */
  private meetingPart(part: UnitPart | undefined): string {
    if (!part?.meetings) return "";
    return ` ${this.t("consult-notice-meetings", { meetings: part.meetings, opinions: part.meetingOpinions })}`;
  }

  private async send(key: string, g: GroupRow, text: string, db: Db = this.db): Promise<number> {
    return this.outbox.enqueue(
      [
        {
          key: `${key}:${g.platform}:${g.platformChatId}`,
          platform: g.platform,
          platformChatId: g.platformChatId,
          kind: "notice",
          unitId: g.unitId,
          reply: { kind: "text", text },
        },
      ],
      db,
    );
  }

  /** The scheduler's tick: opening notices, low-participation reminders and closing thank-yous that are due now. */
  async queue(): Promise<number> {
    const now = this.clock.now();
    const recent = new Date(now.getTime() - LATE_MS);
    const list: ConsultationLite[] = await this.db.consultation.findMany({
      where: { opensAt: { lte: now }, OR: [{ closesAt: { gte: recent } }, { closedAt: { gte: recent } }] },
      include: { rootUnit: true },
      orderBy: { id: "asc" },
    });
    let queued = 0;
    for (const c of list) {
      const closedAt = c.closedAt ?? (c.closesAt <= now ? c.closesAt : null);
      if (closedAt) {
        if (now.getTime() - closedAt.getTime() <= LATE_MS) queued += await this.thanks(c);
        continue;
      }
      if (now.getTime() - c.opensAt.getTime() <= LATE_MS) queued += await this.opened(c);
      const { reminderDays, belowPercent } = this.config.consultationNotices;
      const at = consultationReminderAt(c.closesAt, reminderDays, this.config.reminders.time, this.config.timezone);
      if (reminderDays > 0 && at <= now && at > c.opensAt && now.getTime() - at.getTime() <= LATE_MS)
        queued += await this.remind(c, belowPercent);
    }
    return queued;
  }

  /**
   * The opening notice to every linked group of the covered units. ConsultationService.open calls it on its own
   * transaction, so the notice is queued with the opening itself; the scheduler's run in the first week only reaches
   * groups linked since (the key keeps one notice per group).
   */
  async opened(c: Pick<ConsultationLite, "id" | "code" | "title" | "closesAt" | "rootUnit">, db: Db = this.db) {
    const tz = this.config.timezone;
    const text = this.t("consult-notice-open", {
      code: c.code,
      title: c.title,
      unit: c.rootUnit.name,
      closes: formatDayTime(c.closesAt, tz),
    });
    let n = 0;
    for (const g of await this.groups(c.rootUnit.path, db)) n += await this.send(`cons-open:${c.id}`, g, text, db);
    return n;
  }

  /**
   * Units whose members' participation (people who gave an opinion ÷ members, as /tonghop's percent) is below the
   * threshold are reminded, whether or not they held a meeting; the reminder names the meeting's opinions too.
   */
  private async remind(c: ConsultationLite, belowPercent: number): Promise<number> {
    const parts = await this.participation(c.id);
    let n = 0;
    for (const g of await this.groups(c.rootUnit.path)) {
      if (g.memberCount <= 0) continue;
      const part = parts.get(g.unitId);
      const people = part?.people ?? 0;
      if ((100 * people) / g.memberCount >= belowPercent) continue;
      const text = this.t("consult-notice-remind", {
        code: c.code,
        title: c.title,
        closes: formatDayTime(c.closesAt, this.config.timezone),
        unit: g.unitName,
        people,
        members: g.memberCount,
      });
      n += await this.send(`cons-remind:${c.id}:${g.unitId}`, g, text + this.meetingPart(part));
    }
    return n;
  }

  private async thanks(c: ConsultationLite): Promise<number> {
    const parts = await this.participation(c.id);
    let n = 0;
    for (const g of await this.groups(c.rootUnit.path)) {
      const part = parts.get(g.unitId);
      const text = this.t("consult-notice-closed", {
        code: c.code,
        title: c.title,
        unit: g.unitName,
        people: part?.people ?? 0,
        opinions: part?.opinions ?? 0,
      });
      n += await this.send(`cons-close:${c.id}`, g, text + this.meetingPart(part));
    }
    return n;
  }

  /** The next moment a consultation notice falls due after now (the playground's clock button). */
  async nextAt(): Promise<Date | undefined> {
    const now = this.clock.now();
    const open = await this.db.consultation.findMany({
      where: { closedAt: null, closesAt: { gt: now } },
      select: { closesAt: true, opensAt: true },
    });
    const { reminderDays } = this.config.consultationNotices;
    const times = open.flatMap((c) => {
      const at = consultationReminderAt(c.closesAt, reminderDays, this.config.reminders.time, this.config.timezone);
      return [...(reminderDays > 0 && at > c.opensAt ? [at] : []), c.closesAt];
    });
    return times.filter((t) => t > now).sort((a, b) => a.getTime() - b.getTime())[0];
  }
}
