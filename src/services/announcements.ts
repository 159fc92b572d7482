/**
 * Announcements: staff broadcast a plan (or plain text) to the chats of units in their scope, once per chat, through
 * the outbox; units acknowledge receipt with a button; staff see delivery and acknowledgement per unit.
 */
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { dueSettings } from "../config.js";
import type { Db } from "../db/client.js";
import { dueMoment, formatDay, formatIso } from "../domain/dates/due.js";
import { readDatePhrase } from "../domain/dates/phrases.js";
import { deadlinePhrase, type Plan } from "../domain/plan/types.js";
import { recipientKinds } from "../domain/recipients.js";
import { can, scopeRoots } from "../domain/scope.js";
import type { UnitKind } from "../domain/units.js";
import type { I18n } from "../i18n.js";
import type { PlatformName, Reply } from "../platforms/port.js";
import { audit } from "./audit.js";
import { inChunks } from "./chunks.js";
import type { ChatService } from "./chats.js";
import type { ClaimedMessage, OutboxService } from "./outbox.js";
import type { Actor } from "./people.js";
import type { PlanService } from "./plans.js";
import { upperBound, type UnitRow, type UnitService } from "./units.js";

export interface Draft {
  plan?: Plan;
  text?: string;
  /** The original file, already kept as a StoredFile. */
  file?: { storedFileId: number; name: string; mimeType: string };
}

export type Targeting = { mode: "subtree" } | { mode: "codes"; codes: string[] } | { mode: "kinds"; kinds: UnitKind[] };

export interface TargetPlan {
  units: UnitRow[];
  chats: { platform: string; platformChatId: string; unitId: number }[];
  unitsWithoutChat: number;
  unknownCodes: string[];
  outsideScope: string[];
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
    let selectors: { path: string; kinds?: UnitKind[] }[] = roots.map((path) => ({ path }));
    if (targeting.mode === "codes") {
      selectors = [];
      for (const code of targeting.codes) {
        const u = await this.units.byCode(code);
        if (!u) unknownCodes.push(code);
        else if (!can(actor.grants, "broadcast", u.path)) outsideScope.push(u.code);
        else selectors.push({ path: u.path });
      }
    } else if (targeting.mode === "kinds") {
      selectors = roots.map((path) => ({ path, kinds: targeting.kinds }));
    }
    const units = new Map<number, UnitRow>();
    const chats = new Map<string, { platform: string; platformChatId: string; unitId: number }>();
    for (const s of selectors) {
      const unitWhere = {
        active: true,
        ...(s.path === "/" ? {} : { path: { gte: s.path, lt: upperBound(s.path) } }),
        ...(s.kinds ? { kind: { in: s.kinds } } : {}),
      };
      for (const u of await this.db.unit.findMany({ where: unitWhere, orderBy: [{ depth: "asc" }, { code: "asc" }] }))
        units.set(u.id, u);
      const rows = await this.db.chat.findMany({
        where: { kind: "group", status: "active", unit: unitWhere },
        select: { platform: true, platformChatId: true, unitId: true },
        orderBy: { id: "asc" },
      });
      for (const c of rows)
        chats.set(`${c.platform}:${c.platformChatId}`, {
          platform: c.platform,
          platformChatId: c.platformChatId,
          unitId: c.unitId!,
        });
    }
    const withChat = new Set([...chats.values()].map((c) => c.unitId));
    const unique = [...units.values()];
    return {
      units: unique,
      chats: [...chats.values()],
      unitsWithoutChat: unique.filter((u) => !withChat.has(u.id)).length,
      unknownCodes,
      outsideScope,
    };
  }

  /** The message units receive: number, title, date, key deadlines (dd/mm/yyyy), and the "received" button. */
  message(announcementId: number, seq: number, draft: Draft): Reply {
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
      const deadlines = this.keyDeadlines(p);
      if (deadlines.length) lines.push("", t("announce-deadlines"), ...deadlines.map((d) => `• ${d}`));
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

  /** Up to six dated deadlines, each with its due day as dd/mm/yyyy. */
  keyDeadlines(plan: Plan): string[] {
    const settings = dueSettings(this.config);
    return plan.deadlines.slice(0, 6).map((d) => {
      const spec = readDatePhrase(deadlinePhrase(d))?.spec;
      const due = spec ? dueMoment(spec, settings) : undefined;
      return `${due ? formatDay(due, this.config.timezone) : d.text}: ${d.what}`;
    });
  }

  /** Stores the announcement (and its plan and file) and writes one outbox message per chat (plus the file). */
  async broadcast(
    actor: Actor,
    draft: Draft,
    targeting: Targeting,
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
    const result = await this.db.$transaction(async (tx) => {
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
        },
      });
      const message = this.message(a.id, seq, draft);
      const items = target.chats.flatMap((c) => [
        {
          key: `ann:${a.id}:${c.platform}:${c.platformChatId}`,
          platform: c.platform,
          platformChatId: c.platformChatId,
          reply: message,
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
      return { seq, id: a.id };
    });
    await audit(this.db, actor, "announcement.broadcast", `announcement:${result.seq}`, {
      units: target.units.length,
      chats: target.chats.length,
    });
    // Who owes the plan's reports: the unit kinds its Nơi nhận names, else the units right below the sender's level.
    const kinds = this.kindsOf(draft);
    const owing = kinds.length
      ? target.units.filter((u) => kinds.includes(u.kind as UnitKind))
      : target.units.filter((u) => u.parentId === root.id);
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

  /** Delivery and acknowledgement per target unit, for staff whose scope holds the announcement. */
  async status(actor: Actor, seq?: number) {
    const a = seq
      ? await this.bySeq(seq)
      : await this.db.announcement.findFirst({ where: { createdById: actor.personId }, orderBy: { seq: "desc" } });
    if (!a) return { ok: false as const, problem: "unknown" as const };
    const root = await this.db.unit.findUniqueOrThrow({ where: { id: a.rootUnitId } });
    if (!can(actor.grants, "view", root.path) && a.createdById !== actor.personId)
      return { ok: false as const, problem: "not-allowed" as const };
    const unitIds = JSON.parse(a.targetUnits) as number[];
    const [units, messages, acks] = await Promise.all([
      inChunks(unitIds, (ids) => this.db.unit.findMany({ where: { id: { in: ids } } })).then((us) =>
        us.sort((a, b) => a.depth - b.depth || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
      ),
      this.db.outboxMessage.groupBy({
        by: ["unitId", "status"],
        where: { announcementId: a.id, NOT: { key: { endsWith: ":file" } } },
        _count: { _all: true },
      }),
      this.db.acknowledgement.findMany({ where: { announcementId: a.id } }),
    ]);
    const acked = new Map(acks.map((x) => [x.unitId, x.at]));
    const byUnit = new Map<number | null, typeof messages>();
    for (const m of messages) byUnit.set(m.unitId, [...(byUnit.get(m.unitId) ?? []), m]);
    const rows = units.map((u) => {
      const mine = byUnit.get(u.id) ?? [];
      const n = (s: string) => mine.filter((m) => m.status === s).reduce((sum, m) => sum + m._count._all, 0);
      return {
        unit: u,
        chats: mine.reduce((s, m) => s + m._count._all, 0),
        sent: n("sent"),
        failed: n("failed"),
        pending: n("pending") + n("sending"),
        ackAt: acked.get(u.id),
      };
    });
    return { ok: true as const, announcement: a, rows };
  }

  /**
   * The outbox gave up on a message: a chat that blocked or removed the bot is marked blocked (later broadcasts skip
   * it),
   * and the announcement's sender is told in their private chat (through the outbox too).
   */
  async deliveryFailed(message: ClaimedMessage, failure: string): Promise<void> {
    if (failure === "blocked") await this.chats.markBlocked(message.platform as PlatformName, message.platformChatId);
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

function failureKey(failure: string, isFile: boolean): string {
  if (isFile) return "announce-failed-file";
  if (failure === "blocked") return "announce-failed-blocked";
  return failure === "rejected" ? "announce-failed-rejected" : "announce-failed";
}
