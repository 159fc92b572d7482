/**
 * Deadlines: reports units owe, from a plan or added by staff; their occurrences (one, or one per period for recurring
 * reports from the deadline's creation on, none until the anchor for relative ones); submissions and excusals. The
 * reminders are in deadline-reminders.ts, the staff digest in digest.ts; both read the boards loaded here.
 *
 * Every reader goes through `boards()`, one load of deadlines, occurrences, owing units and records, and the pure
 * model in domain/occurrences.ts; queries filter the unit tree by materialised path ranges, so their parameter lists
 * never grow with the tree.
 */
import type { Clock } from "../clock.js";
import { type Config, dueSettings } from "../config.js";
import { type Db, sqlTime } from "../db/client.js";
import { dueMoment, relativeDue, seriesOccurrences } from "../domain/dates/due.js";
import { type DateSpec, dateSpecSchema } from "../domain/dates/types.js";
import { isOpenState } from "../domain/occurrences.js";
import { planReports, seriesWindow } from "../domain/plan/reports.js";
import type { Plan } from "../domain/plan/types.js";
import { reminderSlots } from "../domain/reminders.js";
import { can, scopeRoots } from "../domain/scope.js";
import type { SummaryUnit } from "../domain/unit-summary.js";
import { audit } from "./audit.js";
import {
  type BoardScope,
  type DeadlineBoard,
  type DeadlineRow,
  deadlineByCode,
  handInLead,
  type OwingUnit,
  reminderRules,
  standingAtFocus,
  standingOf,
  summaryOf,
} from "./deadline-board.js";
import type { Actor } from "./people.js";
import { doneOnce } from "./step-outcomes.js";
import { type UnitRow, type UnitService, upperBound } from "./units.js";

const DAY_MS = 86_400_000;
const HORIZON_MS = 400 * DAY_MS;

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

type Problem = "unknown" | "not-owed" | "not-allowed" | "nothing-due" | "waiting-anchor" | "already";

export class DeadlineService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
    private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  private get settings() {
    return dueSettings(this.config);
  }

  /**
   * Creates a deadline owed by these units and its occurrences. `past` says its (first) due moment had already gone
   * by; `firstReminderAt` is when the units that owe it will hear of it first.
   */
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
  ): Promise<{ deadline: DeadlineRow; occurrences: number; past: boolean; dueAt?: Date; firstReminderAt?: Date }> {
    const now = this.clock.now();
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
        createdAt: now,
      },
    });
    for (const unitId of new Set(input.owingUnitIds))
      await this.db.$executeRawUnsafe(
        `INSERT INTO "DeadlineUnit" ("deadlineId", "unitId") VALUES (?, ?) ON CONFLICT DO NOTHING`,
        created.id,
        unitId,
      );
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
    const slots = first
      ? reminderSlots(first.dueAt, now, new Date(now.getTime() + HORIZON_MS), reminderRules(this.config))
      : [];
    return {
      deadline,
      occurrences: count,
      past: !!first && first.dueAt < now,
      dueAt: first?.dueAt,
      firstReminderAt: slots[0]?.at,
    };
  }

  /**
   * The reports the plan asks of its recipients (domain/plan/reports.ts: dated, relative and recurring, without the
   * issuer's own duties), owed by the given units; a recurring one runs within the plan's own dates, and one whose
   * periods have all gone by is not created (the preview said so), nor a dated one due before `skipDueBefore` (staff
   * chose in the preview to leave out past deadlines of an old plan). How many were created, how many of those were
   * already past, and how many were left out.
   */
  async fromPlan(
    actor: Actor,
    plan: Plan,
    planId: number,
    owing: UnitRow[],
    rootUnitId: number,
    /** `stepKey`: the announcing step (`ctx.stepKey`); the same step handled again creates no deadline twice. */
    options: { skipDueBefore?: Date; stepKey?: string } = {},
  ): Promise<{ created: number; past: number; skipped: number }> {
    if (!owing.length) return { created: 0, past: 0, skipped: 0 };
    const ids = owing.map((u) => u.id);
    let created = 0;
    let past = 0;
    let skipped = 0;
    const now = this.clock.now();
    for (const [i, report] of planReports(plan).entries()) {
      const spec = { ...report.spec, ...seriesWindow(plan, report.spec) } as DateSpec;
      if (
        spec.precision === "recurring" &&
        !seriesOccurrences(spec, now, new Date(now.getTime() + HORIZON_MS), this.settings).length
      )
        continue;
      const due =
        spec.precision === "recurring" || spec.precision === "relative" ? undefined : dueMoment(spec, this.settings);
      if (due && options.skipDueBefore && due < options.skipDueBefore) {
        skipped++;
        continue;
      }
      const key = options.stepKey && `${options.stepKey}:deadline:${i}`;
      const r = await doneOnce(this.db, key, async () => {
        const input = { what: report.what, phrase: report.phrase, spec, owingUnitIds: ids, rootUnitId, planId };
        return { past: (await this.create(actor, input)).past };
      });
      created++;
      if (r.past) past++;
    }
    return { created, past, skipped };
  }

  /**
   * Creates missing occurrences: the single due moment, or each period ending from the deadline's creation to 400 days
   * ahead, within the plan's dates for a series from a plan (a recurring report owes nothing for periods that ended
   * before it existed; see seriesOccurrences).
   */
  async ensureOccurrences(deadline: DeadlineRow): Promise<number> {
    const spec = dateSpecSchema.parse(JSON.parse(deadline.spec));
    const now = this.clock.now();
    let wanted: { dueAt: Date; label: string }[] = [];
    if (spec.precision === "recurring") {
      wanted = seriesOccurrences(spec, deadline.createdAt, new Date(now.getTime() + HORIZON_MS), this.settings);
    } else if (spec.precision === "relative") {
      if (deadline.anchorAt)
        wanted = [{ dueAt: relativeDue(spec.offsetDays, deadline.anchorAt, this.settings), label: deadline.phrase }];
    } else {
      const at = dueMoment(spec, this.settings);
      if (at) wanted = [{ dueAt: at, label: deadline.phrase }];
    }
    const existing = await this.db.deadlineOccurrence.findMany({
      where: { deadlineId: deadline.id },
      select: { dueAt: true },
    });
    const have = new Set(existing.map((o) => o.dueAt.getTime()));
    let added = 0;
    for (const w of wanted) {
      if (have.has(w.dueAt.getTime())) continue;
      added += await this.db.$executeRawUnsafe(
        `INSERT INTO "DeadlineOccurrence" ("deadlineId", "dueAt", label) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
        deadline.id,
        sqlTime(w.dueAt),
        w.label,
      );
    }
    return added;
  }

  /**
   * Tops up the occurrences of every active recurring deadline whose schedule reaches less than a year ahead (the
   * scheduler's daily job; one computed 400 days ahead is left alone for a month).
   */
  async ensureAllOccurrences(): Promise<number> {
    const soon = new Date(this.clock.now().getTime() + HORIZON_MS - 31 * DAY_MS);
    let added = 0;
    for (const d of await this.db.deadline.findMany({
      where: { active: true, precision: "recurring", NOT: { occurrences: { some: { dueAt: { gte: soon } } } } },
    }))
      added += await this.ensureOccurrences(d);
    return added;
  }

  async byCode(raw: string): Promise<DeadlineRow | undefined> {
    return deadlineByCode(this.db, raw);
  }

  /** The deadline a button or a conversation's state names by its id. */
  async byId(id: number): Promise<DeadlineRow | undefined> {
    return (await this.db.deadline.findUnique({ where: { id } })) ?? undefined;
  }

  /** One due moment of a deadline by its id (undefined when there is none). */
  async occurrence(id: number) {
    return (await this.db.deadlineOccurrence.findUnique({ where: { id } })) ?? undefined;
  }

  /** One due moment a conversation is reporting for: it exists, or the conversation's state is broken. */
  async occurrenceOrThrow(id: number) {
    return this.db.deadlineOccurrence.findUniqueOrThrow({ where: { id } });
  }

  /** SQL condition and parameters restricting `alias`'s unit to a scope (path ranges: a few parameters per root). */
  private scopeSql(scope: BoardScope, alias: string): { sql: string; params: unknown[] } {
    if ("all" in scope) return { sql: "1 = 1", params: [] };
    if ("unitIds" in scope) {
      if (!scope.unitIds.length) return { sql: "0 = 1", params: [] };
      return { sql: `${alias}.id IN (${scope.unitIds.map(() => "?").join(", ")})`, params: scope.unitIds };
    }
    if (scope.paths.includes("/")) return { sql: "1 = 1", params: [] };
    if (!scope.paths.length) return { sql: "0 = 1", params: [] };
    return {
      sql: `(${scope.paths.map(() => `(${alias}.path >= ? AND ${alias}.path < ?)`).join(" OR ")})`,
      params: scope.paths.flatMap((p) => [p, upperBound(p)]),
    };
  }

  /**
   * Active deadlines owed by units in the scope, each with its occurrences (due up to `dueBefore`, if given), the
   * owing units in scope, and their submissions and excusals. Four queries whatever the size of the tree.
   */
  async boards(
    scope: BoardScope,
    options: { deadlineId?: number; dueBefore?: Date; openOnly?: boolean } = {},
  ): Promise<DeadlineBoard[]> {
    const where = this.scopeSql(scope, "u");
    const only = options.deadlineId ? { sql: " AND d.id = ?", params: [options.deadlineId] } : { sql: "", params: [] };
    const owing = await this.db.$queryRawUnsafe<(OwingUnit & { deadlineId: number })[]>(
      `SELECT du."deadlineId" AS "deadlineId", u.id AS id, u.code AS code, u.name AS name, u.path AS path
         FROM "DeadlineUnit" du JOIN "Deadline" d ON d.id = du."deadlineId" JOIN "Unit" u ON u.id = du."unitId"
        WHERE d.active = TRUE AND u.active = TRUE AND ${where.sql}${only.sql}
        ORDER BY u.path`,
      ...where.params,
      ...only.params,
    );
    if (!owing.length) return [];
    const ids = [...new Set(owing.map((o) => Number(o.deadlineId)))];
    const deadlines = await this.db.deadline.findMany({
      where: options.deadlineId ? { id: options.deadlineId } : { active: true },
      orderBy: { id: "asc" },
    });
    const due = options.dueBefore
      ? { sql: ` AND o."dueAt" <= ?`, params: [sqlTime(options.dueBefore)] }
      : { sql: "", params: [] };
    // With openOnly, only occurrences some active owing unit still owes: settled history is not read every minute.
    const open = options.openOnly
      ? ` AND EXISTS (SELECT 1 FROM "DeadlineUnit" du2 JOIN "Unit" u2 ON u2.id = du2."unitId"
             WHERE du2."deadlineId" = o."deadlineId" AND u2.active = TRUE AND NOT EXISTS
               (SELECT 1 FROM "Submission" s2 WHERE s2."occurrenceId" = o.id AND s2."unitId" = du2."unitId"))`
      : "";
    const occ = await this.db.$queryRawUnsafe<{ id: number; deadlineId: number; dueAt: unknown; label: string }[]>(
      `SELECT o.id AS id, o."deadlineId" AS "deadlineId", o."dueAt" AS "dueAt", o.label AS label
         FROM "DeadlineOccurrence" o JOIN "Deadline" d ON d.id = o."deadlineId"
        WHERE d.active = TRUE${only.sql}${due.sql}${open}
        ORDER BY o."dueAt"`,
      ...only.params,
      ...due.params,
    );
    const recs = await this.db.$queryRawUnsafe<
      {
        occurrenceId: number;
        unitId: number;
        kind: string;
        at: unknown;
        byId: number;
        note: string | null;
        fileId: number | null;
      }[]
    >(
      `SELECT s."occurrenceId" AS "occurrenceId", s."unitId" AS "unitId", s.kind AS kind, s."submittedAt" AS at,
              s."submittedById" AS "byId", s.note AS note, s."fileId" AS "fileId"
         FROM "Submission" s JOIN "DeadlineOccurrence" o ON o.id = s."occurrenceId"
         JOIN "Deadline" d ON d.id = o."deadlineId" JOIN "Unit" u ON u.id = s."unitId"
        WHERE d.active = TRUE AND ${where.sql}${only.sql}${due.sql}${open}`,
      ...where.params,
      ...only.params,
      ...due.params,
    );
    const byId = new Map<number, DeadlineBoard>();
    const wanted = new Set(ids);
    for (const d of deadlines)
      if (wanted.has(d.id)) byId.set(d.id, { deadline: d, occurrences: [], units: [], records: new Map() });
    for (const o of owing)
      byId.get(Number(o.deadlineId))?.units.push({ id: Number(o.id), code: o.code, name: o.name, path: o.path });
    for (const o of occ)
      byId.get(Number(o.deadlineId))?.occurrences.push({
        id: Number(o.id),
        deadlineId: Number(o.deadlineId),
        dueAt: asDate(o.dueAt),
        label: o.label,
      });
    const boardOfOcc = new Map<number, DeadlineBoard>();
    for (const b of byId.values()) for (const o of b.occurrences) boardOfOcc.set(o.id, b);
    for (const r of recs)
      boardOfOcc.get(Number(r.occurrenceId))?.records.set(`${Number(r.occurrenceId)}:${Number(r.unitId)}`, {
        kind: r.kind === "excused" ? "excused" : "submitted",
        at: asDate(r.at),
        byId: Number(r.byId),
        note: r.note,
        fileId: r.fileId === null ? null : Number(r.fileId),
      });
    return [...byId.values()];
  }

  /** The rows of a summary by child unit for a scope (UnitService.summaryGroups; "all" is the whole tree). */
  async summaryGroups(scope: BoardScope): Promise<SummaryUnit[]> {
    if ("all" in scope) return this.units.summaryGroups(["/"]);
    return "paths" in scope ? this.units.summaryGroups(scope.paths) : [];
  }

  /** The scope a person reads deadlines in: the subtrees they chair or staff, else the units they are a member of. */
  scopeOf(actor: Actor): BoardScope {
    const roots = scopeRoots(actor.grants, "view");
    if (roots.length) return { paths: roots };
    return { unitIds: actor.memberships.map((m) => m.unitId) };
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

  /** The deadline and the board of one unit on it, after the checks every marking command makes. */
  private async unitBoard(
    code: string,
    unit: UnitRow,
  ): Promise<{ ok: true; deadline: DeadlineRow; board: DeadlineBoard } | { ok: false; problem: Problem }> {
    const d = await this.byCode(code);
    if (!d?.active) return { ok: false, problem: "unknown" };
    const [board] = await this.boards({ unitIds: [unit.id] }, { deadlineId: d.id });
    if (!board?.units.length) return { ok: false, problem: "not-owed" };
    return { ok: true, deadline: d, board };
  }

  /** Marks the occurrence the unit is at (its earliest still owed) as submitted, or, for staff, excused. */
  async submit(
    actor: Actor,
    code: string,
    unit: UnitRow,
    note?: string,
    fileId?: number,
    kind: "submitted" | "excused" = "submitted",
  ): Promise<{ ok: true; label: string; dueAt: Date; late: boolean } | { ok: false; problem: Problem; at?: Date }> {
    if (!can(actor.grants, kind === "excused" ? "deadlines" : "manage", unit.path))
      return (await this.byCode(code)) ? { ok: false, problem: "not-allowed" } : { ok: false, problem: "unknown" };
    const found = await this.unitBoard(code, unit);
    if (!found.ok) return found;
    const now = this.clock.now();
    const standing = standingOf(found.board, unit.id, now, this.config.timezone, handInLead(this.config));
    if (standing.kind === "waiting-anchor") return { ok: false, problem: "waiting-anchor" };
    if (standing.kind === "none") return { ok: false, problem: "nothing-due" };
    if (!isOpenState(standing.state))
      return { ok: false, problem: "already", at: "at" in standing.state ? standing.state.at : undefined };
    const occ = standing.occurrence;
    await this.db.submission.create({
      data: {
        occurrenceId: occ.id,
        unitId: unit.id,
        kind,
        submittedById: actor.personId,
        note: note?.slice(0, 1000) ?? null,
        fileId: fileId ?? null,
        submittedAt: now,
      },
    });
    await audit(this.db, actor, kind === "excused" ? "deadline.excuse" : "deadline.submit", found.deadline.code, {
      unit: unit.code,
      occurrence: occ.id,
    });
    return { ok: true, label: occ.label, dueAt: occ.dueAt, late: now > occ.dueAt };
  }

  /** Staff take back the latest submission or excusal of a unit (a mistaken mark). */
  async undo(
    actor: Actor,
    code: string,
    unit: UnitRow,
  ): Promise<
    | { ok: true; label: string; kind: "submitted" | "excused" }
    | { ok: false; problem: "unknown" | "not-allowed" | "nothing-submitted" }
  > {
    const d = await this.byCode(code);
    if (!d) return { ok: false, problem: "unknown" };
    if (!can(actor.grants, "deadlines", unit.path)) return { ok: false, problem: "not-allowed" };
    const last = await this.db.submission.findFirst({
      where: { unitId: unit.id, occurrence: { deadlineId: d.id } },
      orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
      include: { occurrence: true },
    });
    if (!last) return { ok: false, problem: "nothing-submitted" };
    await this.db.submission.delete({ where: { id: last.id } });
    await audit(this.db, actor, "deadline.undo", d.code, { unit: unit.code, occurrence: last.occurrenceId });
    return { ok: true, label: last.occurrence.label, kind: last.kind === "excused" ? "excused" : "submitted" };
  }

  /**
   * One deadline as the asker sees it: its focus occurrence and where each owing unit in their scope (or under
   * `within`, a unit they may view: the drill-down) stands, by the one rule of standingAtFocus: at the focus
   * occurrence, or at an earlier one it still owes. `groups` are the rows of its summary by child unit.
   */
  async detail(actor: Actor, code: string, within?: UnitRow) {
    const d = await this.byCode(code);
    if (!d?.active) return { ok: false as const, problem: "unknown" as const };
    if (within && !can(actor.grants, "view", within.path))
      return { ok: false as const, problem: "not-allowed" as const };
    const scope = within ? { paths: [within.path] } : this.scopeOf(actor);
    const [board] = await this.boards(scope, { deadlineId: d.id });
    if (!board?.units.length) return { ok: false as const, problem: "not-in-scope" as const };
    const now = this.clock.now();
    const summary = summaryOf(board, now, this.config.timezone);
    const standings = board.units.map((unit) => ({
      unit,
      standing: standingAtFocus(board, unit.id, summary.occurrence, now, this.config.timezone, handInLead(this.config)),
    }));
    const groups = "paths" in scope ? await this.units.summaryGroups(scope.paths) : [];
    return { ok: true as const, deadline: d, board, ...summary, standings, groups, within };
  }

  /**
   * Units in the asker's scope (or under `within`) that still owe the deadline's focus occurrence or an earlier one:
   * the same standings as `detail` (/hanchot MÃ_HẠN), so the two never disagree.
   */
  async missing(actor: Actor, code: string, within?: UnitRow) {
    const d = await this.byCode(code);
    if (!d?.active) return { ok: false as const, problem: "unknown" as const };
    if (!scopeRoots(actor.grants, "view").length) return { ok: false as const, problem: "not-allowed" as const };
    const r = await this.detail(actor, code, within);
    if (!r.ok) return r;
    if (!r.occurrence)
      return {
        ok: false as const,
        problem: d.precision === "relative" && !d.anchorAt ? ("waiting-anchor" as const) : ("nothing-due" as const),
      };
    const missing = r.standings.flatMap(({ unit, standing }) =>
      standing.kind === "at" && isOpenState(standing.state) ? [{ unit, state: standing.state, standing }] : [],
    );
    return { ...r, occurrence: r.occurrence, owing: r.board.units.length, missing };
  }
}
