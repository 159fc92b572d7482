/**
 * Announcements: staff broadcast a plan (or plain text) to the chats of units in their scope, once per chat, through
 * the outbox; units acknowledge receipt with a button; staff see delivery and acknowledgement per unit.
 */
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { dueSettings } from "../config.js";
import { type Db, sqlTime } from "../db/client.js";
import { jsonArrayRows } from "../db/dialect.js";
import { withNextNumber } from "../db/numbering.js";
import { dueMoment, formatDay, formatIso, seriesOccurrences } from "../domain/dates/due.js";
import { planReports, seriesWindow } from "../domain/plan/reports.js";
import type { Plan } from "../domain/plan/types.js";
import { recipientKinds } from "../domain/recipients.js";
import { can, scopeRoots } from "../domain/scope.js";
import { UNIT_KINDS, type UnitKind } from "../domain/units.js";
import type { I18n, Language } from "../i18n.js";
import type { PlatformName, Reply } from "../platforms/port.js";
import { audit } from "./audit.js";
import type { ChatService } from "./chats.js";
import type { ClaimedMessage, OutboxService } from "./outbox.js";
import type { Actor } from "./people.js";
import type { PlanService } from "./plans.js";
import { writtenOnce } from "./step-outcomes.js";
import { type UnitRow, type UnitService, upperBound } from "./units.js";

/** The locale key naming why a message was given up ("blocked: Forbidden…" → the bot was removed or blocked). */
function givenUpKey(lastError: string | null): string {
  return lastError?.startsWith("blocked") ? "announce-failure-blocked" : "announce-failure-other";
}

export interface Draft {
  plan?: Plan;
  text?: string;
  /** The original file, already kept as a StoredFile. */
  file?: { storedFileId: number; name: string; mimeType: string };
  /** Dated deadlines due before this were skipped in the preview: units do not read them either. */
  skipDueBefore?: Date;
}

/**
 * Who receives a broadcast: the sender's whole scope; typed unit codes, each alone ("only these units") or with
 * everything under it (`withSubtree`, the default); or the units of some kinds (the kinds Nơi nhận names, or one level).
 */
export type Targeting =
  | { mode: "subtree" }
  | { mode: "codes"; codes: string[]; withSubtree?: boolean }
  | { mode: "kinds"; kinds: UnitKind[] };

/** One line of /tinhtrang's list: an announcement with its delivery and acknowledgement figures. */
export interface AnnouncementSummary {
  seq: number;
  title: string;
  createdAt: Date;
  units: number;
  acked: number;
  chats: number;
  sent: number;
  failed: number;
  pending: number;
}

export interface TargetPlan {
  units: UnitRow[];
  chats: { platform: string; platformChatId: string; unitId: number }[];
  /** Units with no linked group at all. */
  unitsWithoutChat: number;
  /** Units whose linked groups all removed the bot (each is reached again once the bot is added back). */
  unitsLostGroup: UnitRow[];
  unknownCodes: string[];
  outsideScope: string[];
}

/** Units a broadcast names: `only` that unit alone ("only these units"); otherwise the unit and everything under it. */
interface UnitSelector {
  path: string;
  kinds?: UnitKind[];
  only?: boolean;
}

/** The active units a selector takes, by materialised path (a range over Unit.path). */
function unitWhereOf(s: UnitSelector) {
  return {
    active: true,
    ...(s.only ? { path: s.path } : s.path === "/" ? {} : { path: { gte: s.path, lt: upperBound(s.path) } }),
    ...(s.kinds ? { kind: { in: s.kinds } } : {}),
  };
}

export class AnnouncementService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
    private readonly plans: PlanService,
    private readonly outbox: OutboxService,
    private readonly chats: ChatService,
    private readonly i18n: I18n,
    private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  /** Unit kinds a plan's recipients name, for the "by Nơi nhận" choice. */
  kindsOf(draft: Draft): UnitKind[] {
    return draft.plan ? recipientKinds(draft.plan.recipients) : [];
  }

  /**
   * The units and chats a broadcast would reach, within the sender's scope only. Every query selects by materialised
   * path (a range over Unit.path), so its parameters stay a handful whatever the size of the tree.
   */
  async targets(actor: Actor, targeting: Targeting): Promise<TargetPlan> {
    const roots = scopeRoots(actor.grants, "broadcast");
    const unknownCodes: string[] = [];
    const outsideScope: string[] = [];
    let selectors: UnitSelector[] = roots.map((path) => ({ path }));
    if (targeting.mode === "codes") {
      selectors = [];
      for (const code of targeting.codes) {
        const u = await this.units.byCode(code);
        if (!u) unknownCodes.push(code);
        else if (!can(actor.grants, "broadcast", u.path)) outsideScope.push(u.code);
        else selectors.push({ path: u.path, only: targeting.withSubtree === false });
      }
    } else if (targeting.mode === "kinds") {
      selectors = roots.map((path) => ({ path, kinds: targeting.kinds }));
    }
    const units = new Map<number, UnitRow>();
    const chats = new Map<string, { platform: string; platformChatId: string; unitId: number }>();
    const removedFrom = new Set<number>();
    for (const s of selectors) {
      const unitWhere = unitWhereOf(s);
      for (const u of await this.db.unit.findMany({ where: unitWhere, orderBy: [{ depth: "asc" }, { code: "asc" }] }))
        units.set(u.id, u);
      const rows = await this.db.chat.findMany({
        where: { kind: "group", status: "active", unit: unitWhere },
        select: { platform: true, platformChatId: true, unitId: true },
        orderBy: { id: "asc" },
      });
      for (const { platform, platformChatId, unitId } of rows)
        if (unitId !== null) chats.set(`${platform}:${platformChatId}`, { platform, platformChatId, unitId });
      const removed = await this.db.chat.findMany({
        where: { kind: "group", status: "blocked", unit: unitWhere },
        select: { unitId: true },
        distinct: ["unitId"],
      });
      for (const c of removed) if (c.unitId !== null) removedFrom.add(c.unitId);
    }
    const withChat = new Set([...chats.values()].map((c) => c.unitId));
    const unique = [...units.values()];
    const lost = unique.filter((u) => !withChat.has(u.id) && removedFrom.has(u.id));
    return {
      units: unique,
      chats: [...chats.values()],
      unitsWithoutChat: unique.filter((u) => !withChat.has(u.id)).length - lost.length,
      unitsLostGroup: lost,
      unknownCodes,
      outsideScope,
    };
  }

  /**
   * The message units receive: number, title, date, key deadlines (dd/mm/yyyy), and the "received" button. A unit that
   * does not owe the plan's reports (`owedBy` names who does) reads whose deadlines they are, so the deadlines it sees
   * agree with /hanchot in its group.
   */
  message(announcementId: number, seq: number, draft: Draft, owedBy?: { who: string; root: string }): Reply {
    const t = (k: string, a?: Record<string, string | number>) => this.i18n.t(this.config.defaultLanguage, k, a);
    const lines: string[] = [];
    const p = draft.plan;
    if (p) {
      lines.push(
        t("announce-heading", {
          type: p.documentType,
          number: p.number ?? "—",
          date: p.issuedOn ? formatIso(p.issuedOn) : "—",
        }),
        p.title,
      );
      const deadlines = this.keyDeadlines(p, draft.skipDueBefore);
      if (deadlines.length)
        lines.push(
          "",
          owedBy ? t("announce-deadlines-of", owedBy) : t("announce-deadlines"),
          ...deadlines.map((d) => `• ${d}`),
        );
    } else {
      lines.push(t("announce-heading-plain"), draft.text ?? "");
    }
    lines.push("", t("announce-ack-hint", { seq }));
    return {
      kind: "text",
      text: lines.join("\n"),
      choices: [{ id: `ack|${announcementId}`, label: t("announce-ack-button") }],
    };
  }

  /** The plan's deadlines as units read them (up to ten): those that are created, not those skipped in the preview. */
  keyDeadlines(plan: Plan, skipDueBefore?: Date): string[] {
    return this.deadlineList(plan)
      .filter((d) => !d.over && !(d.due && skipDueBefore && d.due < skipDueBefore))
      .slice(0, 10)
      .map((d) => d.line);
  }

  /**
   * The deadlines that will be created from a plan (domain/plan/reports.ts), as the preview lists them: the line and
   * the (first) due moment. A dated one shows its due day; a recurring one its schedule and first occurrence within
   * the plan's dates (`over` when all its periods have gone by: it will not be created); a relative one its phrase (it
   * waits for its anchor).
   */
  deadlineList(
    plan: Plan,
    limit = Number.POSITIVE_INFINITY,
    lang: Language = this.config.defaultLanguage,
  ): { line: string; due?: Date; over?: boolean }[] {
    const settings = dueSettings(this.config);
    const tz = this.config.timezone;
    const now = this.clock.now();
    return planReports(plan)
      .slice(0, limit)
      .map((r) => {
        if (r.spec.precision === "recurring") {
          const spec = { ...r.spec, ...seriesWindow(plan, r.spec) };
          const first = seriesOccurrences(spec, now, new Date(now.getTime() + 400 * 86_400_000), settings)[0];
          const phrase = r.scheduleInWhat ? "" : r.phrase;
          const when = first
            ? this.i18n.t(lang, phrase ? "announce-recurring-first" : "announce-recurring-first-only", {
                phrase,
                date: formatDay(first.dueAt, tz),
              })
            : this.i18n.t(lang, "announce-recurring-over", { phrase: r.phrase });
          return { line: `${when}: ${r.what}`, due: first?.dueAt, over: !first };
        }
        const due = dueMoment(r.spec, settings);
        return { line: `${due ? formatDay(due, tz) : r.phrase}: ${r.what}`, due };
      });
  }

  /** The unit kinds present in the sender's scope, with how many active units of each (for "one level only"). */
  async kindsInScope(actor: Actor): Promise<{ kind: UnitKind; units: number }[]> {
    const counts = new Map<string, number>();
    for (const root of scopeRoots(actor.grants, "broadcast")) {
      const rows = await this.db.unit.groupBy({
        by: ["kind"],
        where: { active: true, ...(root === "/" ? {} : { path: { gte: root, lt: upperBound(root) } }) },
        _count: { _all: true },
      });
      for (const r of rows) counts.set(r.kind, (counts.get(r.kind) ?? 0) + r._count._all);
    }
    return UNIT_KINDS.filter((k) => counts.get(k)).map((kind) => ({ kind, units: counts.get(kind)! }));
  }

  /** Stores the announcement (and its plan and file) and writes one outbox message per chat (plus the file). */
  async broadcast(
    actor: Actor,
    draft: Draft,
    targeting: Targeting,
    /** The confirming step (`ctx.stepKey`): the same step handled again after a crash broadcasts nothing more. */
    stepKey?: string,
  ): Promise<{
    seq: number;
    id: number;
    chats: number;
    units: number;
    planId?: number;
    owing: UnitRow[];
    rootUnitId: number;
  }> {
    const target = await this.targets(actor, targeting);
    const fileId = draft.file?.storedFileId ?? null;
    const stored = draft.plan ? await this.plans.store(draft.plan, actor.personId, fileId) : undefined;
    const root = await this.units.atScopeRoot(scopeRoots(actor.grants, "broadcast")[0] ?? "/");
    if (!root) throw new Error("broadcast without a unit in scope");
    // Who owes the plan's reports: the unit kinds its Nơi nhận names, else the units right below the sender's level.
    const kinds = this.kindsOf(draft);
    const owing = kinds.length
      ? target.units.filter((u) => kinds.includes(u.kind as UnitKind))
      : target.units.filter((u) => u.parentId === root.id);
    const owes = new Set(owing.map((u) => u.id));
    const t = (k: string, a?: Record<string, string | number>) => this.i18n.t(this.config.defaultLanguage, k, a);
    const owedBy = {
      who: kinds.length ? kinds.map((k) => t(`kind-${k}`)).join(", ") : t("announce-owing-below", { unit: root.name }),
      root: root.name,
    };
    const result = await withNextNumber(() =>
      writtenOnce(this.db, stepKey, async (tx) => {
        const seq = ((await tx.announcement.aggregate({ _max: { seq: true } }))._max.seq ?? 0) + 1;
        const a = await tx.announcement.create({
          data: {
            seq,
            planId: stored?.id ?? null,
            title: draft.plan?.title ?? (draft.text ?? "").slice(0, 200),
            body: draft.text ?? "",
            fileId,
            rootUnitId: root.id,
            targetUnits: JSON.stringify(target.units.map((u) => u.id)),
            createdById: actor.personId,
            createdAt: this.clock.now(),
          },
        });
        const message = this.message(a.id, seq, draft);
        const forOthers = this.message(a.id, seq, draft, owedBy);
        const items = target.chats.flatMap((c) => [
          {
            key: `ann:${a.id}:${c.platform}:${c.platformChatId}`,
            platform: c.platform,
            platformChatId: c.platformChatId,
            reply: owes.has(c.unitId) ? message : forOthers,
            kind: "announcement" as const,
            announcementId: a.id,
            unitId: c.unitId,
          },
          ...(fileId && draft.file
            ? [
                {
                  key: `ann:${a.id}:${c.platform}:${c.platformChatId}:file`,
                  platform: c.platform,
                  platformChatId: c.platformChatId,
                  reply: {
                    kind: "file" as const,
                    fileName: draft.file.name,
                    mimeType: draft.file.mimeType,
                    data: { storedFileId: fileId },
                  },
                  kind: "announcement" as const,
                  announcementId: a.id,
                  unitId: c.unitId,
                },
              ]
            : []),
        ]);
        await this.outbox.enqueue(items, tx as unknown as Db);
        await audit(tx as unknown as Db, actor, "announcement.broadcast", `announcement:${seq}`, {
          units: target.units.length,
          chats: target.chats.length,
        });
        return { seq, id: a.id };
      }),
    );
    return {
      ...result,
      chats: target.chats.length,
      units: target.units.length,
      planId: stored?.id,
      owing,
      rootUnitId: root.id,
    };
  }

  /** A press of "Đã nhận" in a unit's chat: once per unit; by a chair, or any member when ACKNOWLEDGE_BY=member. */
  async acknowledge(
    actor: Actor,
    announcementId: number,
    chatUnit: UnitRow | null,
  ): Promise<
    | { ok: true }
    | { ok: false; problem: "unknown" | "no-unit" | "not-targeted" | "not-allowed" }
    | { ok: false; problem: "already"; by: string; at: Date }
  > {
    const a = await this.db.announcement.findUnique({ where: { id: announcementId } });
    if (!a) return { ok: false, problem: "unknown" };
    if (!chatUnit) return { ok: false, problem: "no-unit" };
    const targeted = (JSON.parse(a.targetUnits) as number[]).includes(chatUnit.id);
    if (!targeted) return { ok: false, problem: "not-targeted" };
    const allowed =
      can(actor.grants, "manage", chatUnit.path) ||
      (this.config.acknowledgeBy === "member" && can(actor.grants, "acknowledge", chatUnit.path));
    if (!allowed) return { ok: false, problem: "not-allowed" };
    const existing = await this.db.acknowledgement.findUnique({
      where: { announcementId_unitId: { announcementId, unitId: chatUnit.id } },
    });
    if (existing) {
      const person = await this.db.person.findUnique({ where: { id: existing.personId } });
      return { ok: false, problem: "already", by: person?.displayName ?? "?", at: existing.at };
    }
    try {
      await this.db.acknowledgement.create({
        data: { announcementId, unitId: chatUnit.id, personId: actor.personId, at: this.clock.now() },
      });
    } catch {
      return this.acknowledge(actor, announcementId, chatUnit);
    }
    return { ok: true };
  }

  async bySeq(seq: number) {
    return this.db.announcement.findUnique({ where: { seq } });
  }

  /** The announcement staff may follow: theirs, or one sent from a unit inside their scope. */
  private async visible(actor: Actor, seq?: number, action: "view" | "broadcast" = "view") {
    const a = seq
      ? await this.bySeq(seq)
      : await this.db.announcement.findFirst({ where: { createdById: actor.personId }, orderBy: { seq: "desc" } });
    if (!a) return { ok: false as const, problem: "unknown" as const };
    const root = await this.db.unit.findUniqueOrThrow({ where: { id: a.rootUnitId } });
    if (can(actor.grants, action, root.path) || a.createdById === actor.personId)
      return { ok: true as const, announcement: a, whole: true };
    // A chair (or staff lower down) follows an announcement that reached their units, for those units only.
    const mine = action === "view" ? await this.reachedInScope(actor, [a]) : new Map<number, Set<number>>();
    if (!mine.has(a.id)) return { ok: false as const, problem: "not-allowed" as const };
    return { ok: true as const, announcement: a, whole: false, units: mine.get(a.id)! };
  }

  /**
   * Of these announcements, those that reached units in the actor's view scope, with those units' ids. Read through
   * Prisma's API: the scope's units by path range, the target lists parsed here.
   */
  private async reachedInScope(
    actor: Actor,
    announcements: { id: number; targetUnits: string }[],
  ): Promise<Map<number, Set<number>>> {
    const roots = scopeRoots(actor.grants, "view");
    const found = new Map<number, Set<number>>();
    if (!roots.length || !announcements.length) return found;
    const inScope = new Set<number>();
    for (const root of roots)
      for (const u of await this.db.unit.findMany({
        where: root === "/" ? {} : { path: { gte: root, lt: upperBound(root) } },
        select: { id: true },
      }))
        inScope.add(u.id);
    for (const a of announcements) {
      const reached = (JSON.parse(a.targetUnits) as number[]).filter((id) => inScope.has(id));
      if (reached.length) found.set(a.id, new Set(reached));
    }
    return found;
  }

  /** Delivery and acknowledgement (who and when) per target unit, for staff whose scope holds the announcement. */
  async status(actor: Actor, seq?: number) {
    const v = await this.visible(actor, seq);
    if (!v.ok) return v;
    const a = v.announcement;
    const targetRows = `"Announcement" a CROSS JOIN ${jsonArrayRows(this.db, `a."targetUnits"`, "t")}`;
    const [units, messages, acks, names, groups] = await Promise.all([
      // The stored target list joined in SQL, never one parameter per unit.
      this.db.$queryRawUnsafe<{ id: number; code: string; name: string; path: string }[]>(
        `SELECT u.id AS id, u.code AS code, u.name AS name, u.path AS path
           FROM ${targetRows} JOIN "Unit" u ON u.id = CAST(t.value AS INTEGER) WHERE a.id = ? ORDER BY u.depth, u.code`,
        a.id,
      ),
      this.db.outboxMessage.groupBy({
        by: ["unitId", "status"],
        where: { announcementId: a.id, kind: "announcement", NOT: { key: { endsWith: ":file" } } },
        _count: { _all: true },
      }),
      this.db.acknowledgement.findMany({ where: { announcementId: a.id } }),
      this.db.$queryRawUnsafe<{ unitId: number; name: string }[]>(
        `SELECT k."unitId" AS "unitId", p."displayName" AS name FROM "Acknowledgement" k
           JOIN "Person" p ON p.id = k."personId" WHERE k."announcementId" = ?`,
        a.id,
      ),
      // Each target unit's linked groups now, and how many of them still have the bot.
      this.db.$queryRawUnsafe<{ unitId: number; chats: number; active: number }[]>(
        `SELECT c."unitId" AS "unitId", COUNT(*) AS chats, SUM(CASE WHEN c.status = 'active' THEN 1 ELSE 0 END) AS active
           FROM ${targetRows} JOIN "Chat" c ON c."unitId" = CAST(t.value AS INTEGER) AND c.kind = 'group'
          WHERE a.id = ? GROUP BY c."unitId"`,
        a.id,
      ),
    ]);
    const lostGroup = new Set(
      groups.filter((g) => Number(g.chats) > 0 && Number(g.active) === 0).map((g) => Number(g.unitId)),
    );
    const acked = new Map(acks.map((x) => [x.unitId, x.at]));
    const by = new Map(names.map((x) => [Number(x.unitId), x.name]));
    const shown = v.whole ? units : units.filter((u) => v.units?.has(Number(u.id)));
    const byUnit = new Map<number | null, typeof messages>();
    for (const m of messages) byUnit.set(m.unitId, [...(byUnit.get(m.unitId) ?? []), m]);
    const rows = shown.map((raw) => {
      const u = { ...raw, id: Number(raw.id) };
      const mine = byUnit.get(u.id) ?? [];
      const n = (s: string) => mine.filter((m) => m.status === s).reduce((sum, m) => sum + m._count._all, 0);
      return {
        unit: u,
        chats: mine.reduce((s, m) => s + m._count._all, 0),
        sent: n("sent"),
        failed: n("failed"),
        pending: n("pending") + n("sending"),
        ackAt: acked.get(u.id),
        ackBy: by.get(u.id),
        /** Every group the unit has linked removed the bot. */
        lostGroup: lostGroup.has(u.id),
      };
    });
    // Re-sending and reminding are for those who may broadcast from the announcement's root.
    return { ok: true as const, announcement: a, rows, whole: v.whole };
  }

  /** The latest announcements the actor may follow, newest first, with their figures (for /tinhtrang alone). */
  async list(actor: Actor, limit = 10): Promise<AnnouncementSummary[]> {
    const roots = scopeRoots(actor.grants, "view");
    const inScope = roots.map((r) => (r === "/" ? "1 = 1" : "(u.path >= ? AND u.path < ?)"));
    const ids = await this.db.$queryRawUnsafe<{ id: number }[]>(
      `SELECT a.id AS id FROM "Announcement" a JOIN "Unit" u ON u.id = a."rootUnitId"
        WHERE a."createdById" = ? ${inScope.map((c) => `OR ${c}`).join(" ")}
        ORDER BY a.seq DESC LIMIT ?`,
      actor.personId,
      ...roots.filter((r) => r !== "/").flatMap((r) => [r, upperBound(r)]),
      limit,
    );
    const wanted = ids.map((x) => Number(x.id));
    // A chair (no broadcast scope) also follows the latest announcements that reached their units, for those units.
    let partial = new Map<number, Set<number>>();
    if (!scopeRoots(actor.grants, "broadcast").length) {
      const recent = await this.db.announcement.findMany({
        where: { id: { notIn: wanted } },
        orderBy: { seq: "desc" },
        take: 50,
        select: { id: true, targetUnits: true },
      });
      partial = await this.reachedInScope(actor, recent);
      wanted.push(...partial.keys());
      wanted.sort((x, y) => y - x).splice(limit);
    }
    if (!wanted.length) return [];
    const partialIds = [...partial.keys()].filter((id) => wanted.includes(id));
    const [partialDelivery, partialAcks] = await Promise.all([
      this.db.outboxMessage.groupBy({
        by: ["announcementId", "unitId", "status"],
        where: { announcementId: { in: partialIds }, kind: "announcement", NOT: { key: { endsWith: ":file" } } },
        _count: { _all: true },
      }),
      this.db.acknowledgement.findMany({
        where: { announcementId: { in: partialIds } },
        select: { announcementId: true, unitId: true },
      }),
    ]);
    const [rows, delivery, acks] = await Promise.all([
      this.db.announcement.findMany({ where: { id: { in: wanted } }, orderBy: { seq: "desc" } }),
      this.db.outboxMessage.groupBy({
        by: ["announcementId", "status"],
        where: { announcementId: { in: wanted }, kind: "announcement", NOT: { key: { endsWith: ":file" } } },
        _count: { _all: true },
      }),
      this.db.acknowledgement.groupBy({
        by: ["announcementId"],
        where: { announcementId: { in: wanted } },
        _count: { _all: true },
      }),
    ]);
    return rows.map((a) => {
      const own = partial.get(a.id);
      const mine = own
        ? partialDelivery.filter((d) => d.announcementId === a.id && d.unitId !== null && own.has(d.unitId))
        : delivery.filter((d) => d.announcementId === a.id);
      const n = (st: string) => mine.filter((m) => m.status === st).reduce((sum, m) => sum + m._count._all, 0);
      return {
        seq: a.seq,
        title: a.title,
        createdAt: a.createdAt,
        units: own ? own.size : (JSON.parse(a.targetUnits) as number[]).length,
        acked: own
          ? partialAcks.filter((k) => k.announcementId === a.id && own.has(k.unitId)).length
          : (acks.find((k) => k.announcementId === a.id)?._count._all ?? 0),
        chats: mine.reduce((sum, m) => sum + m._count._all, 0),
        sent: n("sent"),
        failed: n("failed"),
        pending: n("pending") + n("sending"),
      };
    });
  }

  /**
   * Puts the messages that could not be delivered back in the queue (the summary and its file), as new attempts.
   * Chats marked blocked are tried again too: staff press this after the unit added the bot back.
   */
  async resendFailed(actor: Actor, seq: number) {
    const v = await this.visible(actor, seq, "broadcast");
    if (!v.ok) return v;
    const a = v.announcement;
    const now = sqlTime(this.clock.now());
    const requeued = await this.db.$executeRawUnsafe(
      `UPDATE "OutboxMessage" SET status = 'pending', attempts = 0, "nextAttemptAt" = ?, "lastError" = NULL,
              "lockedBy" = NULL, "lockedUntil" = NULL
        WHERE "announcementId" = ? AND kind = 'announcement' AND status = 'failed'`,
      now,
      a.id,
    );
    if (requeued > 0) {
      await this.db.$executeRawUnsafe(
        `UPDATE "Chat" SET status = 'active' WHERE status = 'blocked' AND EXISTS (
           SELECT 1 FROM "OutboxMessage" m WHERE m."announcementId" = ? AND m.kind = 'announcement'
              AND m.status = 'pending' AND m.platform = "Chat".platform AND m."platformChatId" = "Chat"."platformChatId")`,
        a.id,
      );
      await audit(this.db, actor, "announcement.resend", `announcement:${a.seq}`, { messages: requeued });
    }
    const chats = await this.db.outboxMessage.count({
      where: { announcementId: a.id, kind: "announcement", status: "pending", NOT: { key: { endsWith: ":file" } } },
    });
    return { ok: true as const, seq: a.seq, chats: requeued > 0 ? chats : 0 };
  }

  /**
   * Reminds the units that have not acknowledged: one message with the "Đã nhận" button into each of their active group
   * chats that already received the announcement. Chosen in one statement over the stored target list.
   */
  async remindUnacknowledged(actor: Actor, seq: number) {
    const v = await this.visible(actor, seq, "broadcast");
    if (!v.ok) return v;
    const a = v.announcement;
    const chats = await this.db.$queryRawUnsafe<{ platform: string; platformChatId: string; unitId: number }[]>(
      `SELECT DISTINCT m.platform AS platform, m."platformChatId" AS "platformChatId", m."unitId" AS "unitId"
         FROM "OutboxMessage" m JOIN "Chat" c ON c.platform = m.platform AND c."platformChatId" = m."platformChatId"
        WHERE m."announcementId" = ? AND m.kind = 'announcement' AND m.status = 'sent' AND c.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM "Acknowledgement" k WHERE k."announcementId" = m."announcementId"
                          AND k."unitId" = m."unitId")`,
      a.id,
    );
    if (!chats.length) return { ok: true as const, seq: a.seq, chats: 0, units: 0 };
    const round =
      (await this.db.auditLog.count({ where: { action: "announcement.remind", target: `announcement:${a.seq}` } })) + 1;
    const t = (k: string, args?: Record<string, string | number>) => this.i18n.t(this.config.defaultLanguage, k, args);
    const reply: Reply = {
      kind: "text",
      text: t("announce-remind-message", { seq: a.seq, title: a.title }),
      choices: [{ id: `ack|${a.id}`, label: t("announce-ack-button") }],
    };
    await this.outbox.enqueue(
      chats.map((c) => ({
        key: `ann-remind:${a.id}:${round}:${c.platform}:${c.platformChatId}`,
        platform: c.platform,
        platformChatId: c.platformChatId,
        reply,
        kind: "reminder" as const,
        announcementId: a.id,
        unitId: Number(c.unitId),
      })),
    );
    const units = new Set(chats.map((c) => Number(c.unitId))).size;
    await audit(this.db, actor, "announcement.remind", `announcement:${a.seq}`, { chats: chats.length, units });
    return { ok: true as const, seq: a.seq, chats: chats.length, units };
  }

  /**
   * Called after each outbox round with the messages it handled. For each announcement among them with none of its
   * messages left to send, its sender is told once per round of sending: how many chats got it and which units did not.
   */
  async deliverySettled(messages: Pick<ClaimedMessage, "announcementId" | "kind" | "platform">[]): Promise<void> {
    const seen = new Map<number, string>();
    for (const m of messages) if (m.announcementId && m.kind === "announcement") seen.set(m.announcementId, m.platform);
    for (const [announcementId, platform] of seen) await this.announceIfThrough(announcementId, platform);
  }

  private async announceIfThrough(announcementId: number, platform: string): Promise<void> {
    // Answered from the (announcementId, kind, status) index without reading rows.
    const left = await this.db.outboxMessage.count({
      where: { announcementId, kind: "announcement", status: { in: ["pending", "sending"] } },
    });
    if (left > 0) return;
    const rows = await this.db.outboxMessage.groupBy({
      by: ["status"],
      where: { announcementId, kind: "announcement", NOT: { key: { endsWith: ":file" } } },
      _count: { _all: true },
    });
    const n = (st: string) => rows.find((r) => r.status === st)?._count._all ?? 0;
    const a = await this.db.announcement.findUnique({ where: { id: announcementId } });
    if (!a) return;
    const [identities, person, failedUnits] = await Promise.all([
      this.db.identity.findMany({ where: { personId: a.createdById } }),
      this.db.person.findUnique({ where: { id: a.createdById } }),
      this.db.$queryRawUnsafe<{ name: string; error: string | null }[]>(
        `SELECT u.name AS name, m."lastError" AS error FROM "OutboxMessage" m JOIN "Unit" u ON u.id = m."unitId"
          WHERE m."announcementId" = ? AND m.kind = 'announcement' AND m.status = 'failed' AND m.key NOT LIKE '%:file'
          ORDER BY u.path LIMIT 20`,
        a.id,
      ),
    ]);
    const identity = identities.find((i) => i.platform === platform) ?? identities[0];
    if (!identity || !person) return;
    const lang = person.language === "en" ? "en" : "vi";
    const t = (k: string, args?: Record<string, string | number>) => this.i18n.t(lang, k, args);
    const total = n("sent") + n("failed");
    const failures = failedUnits.map((f) => `${f.name} (${t(givenUpKey(f.error))})`);
    const more = n("failed") - failures.length;
    const round = await this.db.auditLog.count({
      where: { action: "announcement.resend", target: `announcement:${a.seq}` },
    });
    await this.outbox.enqueue([
      {
        key: `ann-done:${a.id}:${round}`,
        platform: identity.platform,
        platformChatId: identity.platformUserId,
        kind: "notice",
        reply: {
          kind: "text",
          text: t("announce-done", {
            seq: a.seq,
            sent: n("sent"),
            total,
            failures: failures.length
              ? [...failures, ...(more > 0 ? [t("announce-done-more", { n: more })] : [])].join(", ")
              : t("announce-done-no-failures"),
          }),
        },
      },
    ]);
  }

  /**
   * The outbox gave up on a message: a chat that blocked or removed the bot is marked removed (later broadcasts and
   * reminders skip it, the unit's chairs hear of it), and the announcement's sender is told in their private chat
   * (through the outbox too).
   */
  async deliveryFailed(message: ClaimedMessage, failure: string): Promise<void> {
    if (failure === "blocked") await this.chats.removed(message.platform as PlatformName, message.platformChatId);
    if (!message.announcementId) return;
    const isFile = message.key.endsWith(":file");
    // A chat that is gone fails its summary too, and staff hear of it once, from the summary.
    if (isFile && failure === "blocked") return;
    const a = await this.db.announcement.findUnique({ where: { id: message.announcementId } });
    if (!a) return;
    const identity = await this.db.identity.findFirst({
      where: { personId: a.createdById, platform: message.platform },
    });
    const unit = message.unitId ? await this.db.unit.findUnique({ where: { id: message.unitId } }) : null;
    if (!identity) return;
    const person = await this.db.person.findUniqueOrThrow({ where: { id: a.createdById } });
    const lang = person.language === "en" ? "en" : "vi";
    await this.outbox.enqueue([
      {
        key: `notice:${message.key}`,
        platform: message.platform,
        platformChatId: identity.platformUserId,
        kind: "notice",
        reply: {
          kind: "text",
          text: this.i18n.t(lang, failureKey(failure, isFile), {
            seq: a.seq,
            unit: unit?.name ?? message.platformChatId,
          }),
        },
      },
    ]);
  }
}

/** The locale key of the notice to staff about one message given up (a plan file has its own). */
function failureKey(failure: string, isFile: boolean): string {
  if (isFile) return "announce-failed-file";
  if (failure === "blocked") return "announce-failed-blocked";
  return failure === "rejected" ? "announce-failed-rejected" : "announce-failed";
}
