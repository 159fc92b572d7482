/**
 * Consultations are deadlines for members: when one opens, the linked group chats of the units it covers hear what it
 * is, until when and how to give an opinion; CONSULTATION_REMINDER_DAYS before it closes (at REMINDER_TIME) the units
 * whose participation is below CONSULTATION_REMINDER_BELOW_PERCENT get a reminder (participation: people who gave an
 * opinion ÷ members, over the unit and everything under it as /tonghop rolls it up; units without members are left
 * alone); once it closes, each group gets a short thank-you with those totals. Meetings are named in both. Everything goes through the outbox
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
  unitPath: string;
}

/**
 * A unit's part in a consultation with everything under it, as /tonghop rolls it up: members, members who gave
 * opinions, their opinions, meetings held and the opinions their results record; `units` > 1 when it has units below.
 */
interface UnitPart {
  members: number;
  people: number;
  opinions: number;
  meetings: number;
  meetingOpinions: number;
  units: number;
}

const PART_FIELDS = ["members", "people", "opinions", "meetings", "meetingOpinions", "units"] as const;

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
              u.path AS "unitPath"
         FROM "Chat" c JOIN "Unit" u ON u.id = c."unitId"
        WHERE c.kind = 'group' AND c.status = 'active' AND u.active = TRUE AND u.path >= ? AND u.path < ?
        ORDER BY u.path, c.id`,
      path,
      upperBound(path),
    );
    return rows.map((r) => ({ ...r, unitId: Number(r.unitId) }));
  }

  /**
   * Each linked unit's part in a consultation with its whole subtree, counted as /tonghop counts and rolls it up
   * (services/tally.ts): a district's group hears its grassroots units' members and meetings, not only its own.
   */
  private async participation(consultationId: number, rootPath: string): Promise<(g: GroupRow) => UnitPart> {
    const range = [rootPath, upperBound(rootPath)];
    const units = await this.db.$queryRawUnsafe<{ id: number; path: string; members: number }[]>(
      `SELECT id, path, "memberCount" AS members FROM "Unit" WHERE active = TRUE AND path >= ? AND path < ?`,
      ...range,
    );
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
    const own = new Map<number, UnitPart>();
    for (const u of units)
      own.set(Number(u.id), {
        members: Number(u.members),
        people: 0,
        opinions: 0,
        meetings: 0,
        meetingOpinions: 0,
        units: 1,
      });
    for (const r of people) {
      const part = own.get(Number(r.unitId));
      if (part) Object.assign(part, { people: Number(r.people), opinions: Number(r.opinions) });
    }
    for (const r of meetings) {
      const part = own.get(Number(r.unitId));
      if (part) Object.assign(part, { meetings: 1, meetingOpinions: Number(r.opinions ?? 0) });
    }
    // Units in path order with running sums: a subtree is a range of paths, its part a difference of two sums.
    const sorted = units.map((u) => ({ path: u.path, part: own.get(Number(u.id)) as UnitPart }));
    sorted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const sums: UnitPart[] = [{ members: 0, people: 0, opinions: 0, meetings: 0, meetingOpinions: 0, units: 0 }];
    for (const { part } of sorted) {
      const last = sums[sums.length - 1] as UnitPart;
      sums.push(Object.fromEntries(PART_FIELDS.map((f) => [f, last[f] + part[f]])) as unknown as UnitPart);
    }
    const firstAtOrAfter = (path: string) => {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sorted[mid] as { path: string }).path < path) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return (g) => {
      const from = sums[firstAtOrAfter(g.unitPath)] as UnitPart;
      const to = sums[firstAtOrAfter(upperBound(g.unitPath))] as UnitPart;
      return Object.fromEntries(PART_FIELDS.map((f) => [f, to[f] - from[f]])) as unknown as UnitPart;
    };
  }

  /** " Qua hội nghị: 1 hội nghị, 88 ý kiến." after a notice, when the unit held a meeting. */
  private meetingPart(part: UnitPart): string {
    if (!part.meetings) return "";
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
    const partOf = await this.participation(c.id, c.rootUnit.path);
    let n = 0;
    for (const g of await this.groups(c.rootUnit.path)) {
      const part = partOf(g);
      if (part.members <= 0) continue;
      if ((100 * part.people) / part.members >= belowPercent) continue;
      const text = this.t("consult-notice-remind", {
        code: c.code,
        title: c.title,
        closes: formatDayTime(c.closesAt, this.config.timezone),
        unit: g.unitName,
        people: part.people,
        members: part.members,
        below: part.units > 1 ? "tree" : "own",
      });
      n += await this.send(`cons-remind:${c.id}:${g.unitId}`, g, text + this.meetingPart(part));
    }
    return n;
  }

  private async thanks(c: ConsultationLite): Promise<number> {
    const partOf = await this.participation(c.id, c.rootUnit.path);
    let n = 0;
    for (const g of await this.groups(c.rootUnit.path)) {
      const part = partOf(g);
      // Nobody took part: the group hears that it closed, without thanks for nothing.
      const key = part.people + part.meetings > 0 ? "consult-notice-closed" : "consult-notice-closed-none";
      const text = this.t(key, {
        code: c.code,
        title: c.title,
        unit: g.unitName,
        people: part.people,
        opinions: part.opinions,
        below: part.units > 1 ? "tree" : "own",
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
