/**
 * Deadlines: reports units owe, from a plan or added by staff; their occurrences (one, or one per period for recurring
 * reports, none until the anchor for relative ones); submissions; and the reminders and digests queued in the outbox
 * with a unique key per (occurrence, unit, offset, chat), so two schedulers or a restart never send one twice.
 */
import type { Clock } from "../clock.js";
import { dueSettings, type Config } from "../config.js";
import type { Db } from "../db/client.js";
import { dueMoment, formatDay, localParts, occurrences, relativeDue } from "../domain/dates/due.js";
import { readDatePhrase } from "../domain/dates/phrases.js";
import { dateSpecSchema, type DateSpec } from "../domain/dates/types.js";
import { deadlinePhrase, type Plan } from "../domain/plan/types.js";
import { daysLeft, dueReminder, nextReminderAt, reminderTimes } from "../domain/reminders.js";
import { can, scopeRoots } from "../domain/scope.js";
import type { I18n, Language } from "../i18n.js";
import { audit } from "./audit.js";
import type { OutboxService } from "./outbox.js";
import type { Actor } from "./people.js";
import type { UnitRow, UnitService } from "./units.js";

export type DeadlineRow = Awaited<ReturnType<Db["deadline"]["findUniqueOrThrow"]>>;

const HORIZON_MS = 400 * 86_400_000;
const RECENT_MS = 31 * 86_400_000;

export class DeadlineService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
    private readonly outbox: OutboxService,
    private readonly i18n: I18n,
    private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  private get settings() {
    return dueSettings(this.config);
  }

  /** Creates a deadline owed by these units and its occurrences. `past` says the only occurrence is already due. */
  async create(
    actor: Actor,
    input: {
      what: string;
      phrase: string;
      spec: DateSpec;
      owingUnitIds: number[];
      rootUnitId: number;
      planId?: number;
    },
  ): Promise<{ deadline: DeadlineRow; occurrences: number; past: boolean }> {
    const created = await this.db.deadline.create({
      data: {
        code: `tmp-${crypto.randomUUID()}`,
        planId: input.planId ?? null,
        what: input.what.slice(0, 500),
        phrase: input.phrase.slice(0, 200),
        precision: input.spec.precision,
        spec: JSON.stringify(input.spec),
        rootUnitId: input.rootUnitId,
        createdById: actor.personId,
        units: { create: [...new Set(input.owingUnitIds)].map((unitId) => ({ unitId })) },
      },
    });
    const deadline = await this.db.deadline.update({ where: { id: created.id }, data: { code: `H${created.id}` } });
    const count = await this.ensureOccurrences(deadline);
    const first = await this.db.deadlineOccurrence.findFirst({
      where: { deadlineId: deadline.id },
      orderBy: { dueAt: "asc" },
    });
    await audit(this.db, actor, "deadline.create", deadline.code, {
      what: input.what,
      units: input.owingUnitIds.length,
    });
    return {
      deadline,
      occurrences: count,
      past: !!first && first.dueAt < this.clock.now() && input.spec.precision !== "recurring",
    };
  }

  /** The plan's dated, relative and recurring reports, owed by the given units. */
  async fromPlan(actor: Actor, plan: Plan, planId: number, owing: UnitRow[], rootUnitId: number): Promise<number> {
    if (!owing.length) return 0;
    const ids = owing.map((u) => u.id);
    let n = 0;
    const items: { what: string; phrase: string }[] = [
      ...plan.deadlines.map((d) => ({ what: d.what, phrase: deadlinePhrase(d) })),
      ...plan.relative.map((r) => ({ what: r.what, phrase: r.text })),
      ...plan.recurring.filter((r) => /báo cáo/iu.test(r.what)).map((r) => ({ what: r.what, phrase: r.text })),
    ];
    for (const item of items) {
      const spec = readDatePhrase(item.phrase)?.spec;
      if (!spec) continue;
      await this.create(actor, { what: item.what, phrase: item.phrase, spec, owingUnitIds: ids, rootUnitId, planId });
      n++;
    }
    return n;
  }

  /** Creates missing occurrences: the single due moment, or each period from a month ago to 400 days ahead. */
  async ensureOccurrences(deadline: DeadlineRow): Promise<number> {
    const spec = dateSpecSchema.parse(JSON.parse(deadline.spec));
    const now = this.clock.now();
    let wanted: { dueAt: Date; label: string }[] = [];
    if (spec.precision === "recurring") {
      wanted = occurrences(
        spec.every,
        spec.months,
        new Date(now.getTime() - RECENT_MS),
        new Date(now.getTime() + HORIZON_MS),
        this.settings,
      );
    } else if (spec.precision === "relative") {
      if (deadline.anchorAt)
        wanted = [{ dueAt: relativeDue(spec.offsetDays, deadline.anchorAt, this.settings), label: deadline.phrase }];
    } else {
      const at = dueMoment(spec, this.settings);
      if (at) wanted = [{ dueAt: at, label: deadline.phrase }];
    }
    let added = 0;
    for (const w of wanted) {
      added += await this.db.$executeRawUnsafe(
        `INSERT OR IGNORE INTO "DeadlineOccurrence" (deadlineId, dueAt, label) VALUES (?, ?, ?)`,
        deadline.id,
        w.dueAt.toISOString().replace("Z", "+00:00"),
        w.label,
      );
    }
    return added;
  }

  async byCode(raw: string): Promise<DeadlineRow | undefined> {
    const code = raw.trim().toUpperCase();
    if (!/^H\d{1,9}$/.test(code)) return undefined;
    return (await this.db.deadline.findUnique({ where: { code } })) ?? undefined;
  }

  async setAnchor(
    actor: Actor,
    code: string,
    anchor: Date,
  ): Promise<{ ok: true; dueAt: Date } | { ok: false; problem: "unknown" | "not-allowed" | "not-relative" }> {
    const d = await this.byCode(code);
    if (!d) return { ok: false, problem: "unknown" };
    const root = await this.units.byId(d.rootUnitId);
    if (!root || !can(actor.grants, "deadlines", root.path)) return { ok: false, problem: "not-allowed" };
    if (d.precision !== "relative") return { ok: false, problem: "not-relative" };
    const updated = await this.db.deadline.update({ where: { id: d.id }, data: { anchorAt: anchor } });
    await this.db.deadlineOccurrence.deleteMany({ where: { deadlineId: d.id, submissions: { none: {} } } });
    await this.ensureOccurrences(updated);
    const occ = await this.db.deadlineOccurrence.findFirstOrThrow({
      where: { deadlineId: d.id },
      orderBy: { dueAt: "desc" },
    });
    await audit(this.db, actor, "deadline.anchor", d.code, { anchor: anchor.toISOString() });
    return { ok: true, dueAt: occ.dueAt };
  }

  /**
   * The occurrence a submission or a /missing question is about: the earliest one from a month ago on not yet handed
   * in.
   */
  async currentOccurrence(deadlineId: number, unitId?: number) {
    const since = new Date(this.clock.now().getTime() - RECENT_MS);
    return this.db.deadlineOccurrence.findFirst({
      where: { deadlineId, dueAt: { gte: since }, ...(unitId ? { submissions: { none: { unitId } } } : {}) },
      orderBy: { dueAt: "asc" },
    });
  }

  private async owes(deadlineId: number, unitId: number): Promise<boolean> {
    return !!(await this.db.deadlineUnit.findUnique({ where: { deadlineId_unitId: { deadlineId, unitId } } }));
  }

  async submit(
    actor: Actor,
    code: string,
    unit: UnitRow,
    note?: string,
    fileId?: number,
  ): Promise<
    | { ok: true; label: string; dueAt: Date }
    | { ok: false; problem: "unknown" | "not-owed" | "not-allowed" | "nothing-due" }
  > {
    const d = await this.byCode(code);
    if (!d) return { ok: false, problem: "unknown" };
    if (!can(actor.grants, "manage", unit.path)) return { ok: false, problem: "not-allowed" };
    if (!(await this.owes(d.id, unit.id))) return { ok: false, problem: "not-owed" };
    const occ = await this.currentOccurrence(d.id, unit.id);
    if (!occ) return { ok: false, problem: "nothing-due" };
    await this.db.submission.create({
      data: {
        occurrenceId: occ.id,
        unitId: unit.id,
        submittedById: actor.personId,
        note: note?.slice(0, 1000) ?? null,
        fileId: fileId ?? null,
        submittedAt: this.clock.now(),
      },
    });
    await audit(this.db, actor, "deadline.submit", d.code, { unit: unit.code, occurrence: occ.id });
    return { ok: true, label: occ.label, dueAt: occ.dueAt };
  }

  /** Staff take back the latest submission of a unit (a mistaken mark). */
  async undo(
    actor: Actor,
    code: string,
    unit: UnitRow,
  ): Promise<{ ok: true; label: string } | { ok: false; problem: "unknown" | "not-allowed" | "nothing-submitted" }> {
    const d = await this.byCode(code);
    if (!d) return { ok: false, problem: "unknown" };
    if (!can(actor.grants, "deadlines", unit.path)) return { ok: false, problem: "not-allowed" };
    const last = await this.db.submission.findFirst({
      where: { unitId: unit.id, occurrence: { deadlineId: d.id } },
      orderBy: { submittedAt: "desc" },
      include: { occurrence: true },
    });
    if (!last) return { ok: false, problem: "nothing-submitted" };
    await this.db.submission.delete({ where: { id: last.id } });
    await audit(this.db, actor, "deadline.undo", d.code, { unit: unit.code, occurrence: last.occurrenceId });
    return { ok: true, label: last.occurrence.label };
  }

  /** Units in the asker's scope that owe the current occurrence and have not submitted it. */
  async missing(actor: Actor, code: string) {
    const d = await this.byCode(code);
    if (!d) return { ok: false as const, problem: "unknown" as const };
    const roots = scopeRoots(actor.grants, "view");
    if (!roots.length) return { ok: false as const, problem: "not-allowed" as const };
    const occ = await this.currentOccurrence(d.id);
    if (!occ) return { ok: false as const, problem: "nothing-due" as const };
    const owing = await this.db.deadlineUnit.findMany({ where: { deadlineId: d.id }, include: { unit: true } });
    const done = new Set((await this.db.submission.findMany({ where: { occurrenceId: occ.id } })).map((s) => s.unitId));
    const inScope = owing.filter((o) => roots.some((r) => o.unit.path.startsWith(r)));
    return {
      ok: true as const,
      deadline: d,
      occurrence: occ,
      owing: inScope.length,
      missing: inScope.filter((o) => !done.has(o.unitId)).map((o) => o.unit),
    };
  }

  /** Deadlines owed by these units with their next occurrence and whether each unit handed it in. */
  async upcomingFor(unitIds: number[]) {
    const since = new Date(this.clock.now().getTime() - 7 * 86_400_000);
    const rows = await this.db.deadlineUnit.findMany({
      where: { unitId: { in: unitIds }, deadline: { active: true } },
      include: { deadline: true, unit: true },
    });
    const out = [];
    for (const r of rows) {
      const occ = await this.db.deadlineOccurrence.findFirst({
        where: { deadlineId: r.deadlineId, dueAt: { gte: since } },
        orderBy: { dueAt: "asc" },
        include: { submissions: { where: { unitId: r.unitId } } },
      });
      out.push({ deadline: r.deadline, unit: r.unit, occurrence: occ, submitted: !!occ?.submissions.length });
    }
    return out.sort(
      (a, b) => (a.occurrence?.dueAt.getTime() ?? Infinity) - (b.occurrence?.dueAt.getTime() ?? Infinity),
    );
  }

  private async windowOccurrences(now: Date) {
    const offsets = this.config.reminders.offsetsDays;
    const before = Math.max(0, ...offsets) + 1;
    const after = Math.max(0, ...offsets.map((o) => -o)) + 8;
    return this.db.deadlineOccurrence.findMany({
      where: {
        dueAt: {
          gte: new Date(now.getTime() - after * 86_400_000),
          lte: new Date(now.getTime() + before * 86_400_000),
        },
        deadline: { active: true },
      },
      include: {
        deadline: { include: { units: { include: { unit: { include: { chats: true } } } } } },
        submissions: true,
      },
    });
  }

  private t(key: string, args?: Record<string, string | number>, lang: Language = this.config.defaultLanguage): string {
    return this.i18n.t(lang, key, args);
  }

  /** The scheduler's minute: queues the one reminder due now for each owing unit that has not submitted. */
  async queueReminders(): Promise<number> {
    const now = this.clock.now();
    const { offsetsDays, time } = this.config.reminders;
    const tz = this.config.timezone;
    let queued = 0;
    for (const occ of await this.windowOccurrences(now)) {
      const reminder = dueReminder(reminderTimes(occ.dueAt, offsetsDays, time, tz), now);
      if (!reminder) continue;
      const submitted = new Set(occ.submissions.map((s) => s.unitId));
      for (const { unit } of occ.deadline.units) {
        if (submitted.has(unit.id) || !unit.active) continue;
        const left = daysLeft(occ.dueAt, now, tz);
        const text = this.t("reminder-text", {
          unit: unit.name,
          what: occ.deadline.what,
          due: formatDay(occ.dueAt, tz),
          phrase: occ.label,
          when:
            left > 0
              ? this.t("reminder-days-left", { n: left })
              : left === 0
                ? this.t("reminder-today")
                : this.t("reminder-overdue", { n: -left }),
          code: occ.deadline.code,
        });
        for (const chat of unit.chats.filter((c) => c.kind === "group" && c.status === "active")) {
          queued += await this.outbox.enqueue([
            {
              key: `rem:${occ.id}:${unit.id}:${reminder.offsetDays}:${chat.platform}:${chat.platformChatId}`,
              platform: chat.platform,
              platformChatId: chat.platformChatId,
              kind: "reminder",
              unitId: unit.id,
              reply: { kind: "text", text },
            },
          ]);
        }
      }
    }
    return queued;
  }

  /** Once a day: each deadline's creator and the staff of its root unit hear which units are overdue. */
  async queueDigests(): Promise<number> {
    const now = this.clock.now();
    const tz = this.config.timezone;
    const day = localParts(now, tz);
    const dayKey = `${day.year}-${day.month}-${day.day}`;
    const overdue = await this.db.deadlineOccurrence.findMany({
      where: { dueAt: { lt: now, gte: new Date(now.getTime() - RECENT_MS) }, deadline: { active: true } },
      include: { deadline: { include: { units: { include: { unit: true } } } }, submissions: true },
    });
    const perPerson = new Map<number, string[]>();
    for (const occ of overdue) {
      const done = new Set(occ.submissions.map((s) => s.unitId));
      const late = occ.deadline.units.filter((u) => !done.has(u.unitId)).map((u) => u.unit.name);
      if (!late.length) continue;
      const staff = await this.db.membership.findMany({
        where: { unitId: occ.deadline.rootUnitId, role: { in: ["staff", "admin"] } },
      });
      const people = new Set([occ.deadline.createdById, ...staff.map((s) => s.personId)]);
      const line = `• ${occ.deadline.code} ${occ.deadline.what} (${formatDay(occ.dueAt, tz)}): ${late.join(", ")}`;
      for (const p of people) perPerson.set(p, [...(perPerson.get(p) ?? []), line]);
    }
    let queued = 0;
    for (const [personId, lines] of perPerson) {
      const person = await this.db.person.findUnique({ where: { id: personId }, include: { identities: true } });
      const identity = person?.identities[0];
      if (!person || !identity) continue;
      const lang: Language = person.language === "en" ? "en" : "vi";
      queued += await this.outbox.enqueue([
        {
          key: `digest:${dayKey}:${personId}`,
          platform: identity.platform,
          platformChatId: identity.platformUserId,
          kind: "digest",
          reply: {
            kind: "text",
            text: `${this.t("digest-title", { date: formatDay(now, tz) }, lang)}\n${lines.join("\n")}`,
          },
        },
      ]);
    }
    return queued;
  }

  /** The next moment a reminder falls due (the playground's "advance the clock"). */
  async nextReminderAt(): Promise<Date | undefined> {
    const now = this.clock.now();
    const occs = await this.db.deadlineOccurrence.findMany({
      where: { dueAt: { gte: new Date(now.getTime() - 4 * 86_400_000) }, deadline: { active: true } },
      orderBy: { dueAt: "asc" },
      take: 200,
      include: { deadline: { include: { units: true } }, submissions: true },
    });
    let next: Date | undefined;
    for (const occ of occs) {
      if (occ.deadline.units.every((u) => occ.submissions.some((s) => s.unitId === u.unitId))) continue;
      const at = nextReminderAt(
        reminderTimes(occ.dueAt, this.config.reminders.offsetsDays, this.config.reminders.time, this.config.timezone),
        now,
      );
      if (at && (!next || at < next)) next = at;
    }
    return next;
  }
}
