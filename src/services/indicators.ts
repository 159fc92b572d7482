/**
 * Indicators: the figures a deadline asks units to report (name, measure, roll-up, comparator, the plan's target),
 * proposed from the deadline's plan, confirmed, added or corrected by staff; which figures deadlines a unit owes.
 */
import type { Db } from "../db/client.js";
import {
  type Comparator,
  defaultRollup,
  type IndicatorDef,
  isComparator,
  isMeasure,
  isRollup,
  type Measure,
  type Rollup,
} from "../domain/indicators.js";
import { type ProposedIndicator, proposeFromParsedPlan } from "../domain/plan-indicators.js";
import { can } from "../domain/scope.js";
import type { Choice } from "../platforms/port.js";
import { audit } from "./audit.js";
import type { DeadlineRow } from "./deadline-board.js";
import type { Actor } from "./people.js";
import type { UnitService } from "./units.js";

/** An indicator as the services hand it out (measure, roll-up and comparator checked). */
export interface IndicatorRow {
  id: number;
  deadlineId: number;
  position: number;
  name: string;
  measure: Measure;
  rollup: Rollup;
  comparator: Comparator;
  target: number | null;
  strive: boolean;
}

/** A problem a person caused: a locale key and its arguments (and the sheet line, for imports). */
export interface FigureProblem {
  key: string;
  args?: Record<string, string | number>;
  line?: number;
}

/** The prefix of the button a reminder can carry to start /baocaoso for its deadline ("bcs|H3"). */
export const FIGURES_ACTION = "bcs";

/**
 * The reminder's button: pressing it starts /baocaoso for this deadline (in a Telegram group it moves to the private
 * chat). Lives here so the reminder code can use it without importing the bot.
 */
export function figuresButton(deadlineCode: string, label: string): Choice {
  return { id: `${FIGURES_ACTION}|${deadlineCode}`, label };
}

/** The stored row, with unknown measures, roll-ups or comparators read as the defaults. */
function toIndicator(r: Awaited<ReturnType<Db["indicator"]["findUniqueOrThrow"]>>): IndicatorRow {
  return {
    id: r.id,
    deadlineId: r.deadlineId,
    position: r.position,
    name: r.name,
    measure: isMeasure(r.measure) ? r.measure : "people",
    rollup: isRollup(r.rollup) ? r.rollup : "sum",
    comparator: isComparator(r.comparator) ? r.comparator : "at-least",
    target: r.target,
    strive: r.strive,
  };
}

export class IndicatorService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
  ) {}

  /** Active deadlines that have indicators, newest first (at most `take`), each with its root unit's path. */
  async deadlinesWithIndicators(take: number): Promise<{ deadline: DeadlineRow; rootPath: string }[]> {
    const ids = (await this.db.indicator.findMany({ select: { deadlineId: true }, distinct: ["deadlineId"] })).map(
      (i) => i.deadlineId,
    );
    const deadlines = await this.db.deadline.findMany({
      where: { id: { in: ids }, active: true },
      orderBy: { id: "desc" },
      take,
    });
    const roots = await this.db.unit.findMany({
      where: { id: { in: [...new Set(deadlines.map((d) => d.rootUnitId))] } },
    });
    const pathOf = new Map(roots.map((u) => [u.id, u.path]));
    return deadlines.map((deadline) => ({ deadline, rootPath: pathOf.get(deadline.rootUnitId) ?? "" }));
  }

  async indicatorsOf(deadlineId: number): Promise<IndicatorRow[]> {
    const rows = await this.db.indicator.findMany({ where: { deadlineId }, orderBy: { position: "asc" } });
    return rows.map(toIndicator);
  }

  /** What the deadline's plan proposes (its CHỈ TIÊU lines and "báo cáo số liệu" reports); empty without a plan. */
  async proposalsFor(deadline: DeadlineRow): Promise<ProposedIndicator[]> {
    if (!deadline.planId) return [];
    const plan = await this.db.plan.findUnique({ where: { id: deadline.planId } });
    if (!plan) return [];
    try {
      return proposeFromParsedPlan(JSON.parse(plan.parsed) as Parameters<typeof proposeFromParsedPlan>[0]);
    } catch {
      return [];
    }
  }

  /**
   * What announcing a plan offers to confirm: the plan's figures deadlines (those asking for "số liệu") and its other
   * deadlines, each without indicators yet, and the indicators the plan proposes; nothing when it proposes none.
   */
  async planProposal(
    planId: number,
  ): Promise<{ deadlines: DeadlineRow[]; others: DeadlineRow[]; proposals: ProposedIndicator[] }> {
    const ofPlan = await this.db.deadline.findMany({ where: { planId, active: true }, orderBy: { id: "asc" } });
    const defined = await this.db.indicator.findMany({
      where: { deadlineId: { in: ofPlan.map((d) => d.id) } },
      select: { deadlineId: true },
    });
    const all = ofPlan.filter((d) => !defined.some((i) => i.deadlineId === d.id));
    const proposals = all.length ? await this.proposalsFor(all[0]!) : [];
    if (!proposals.length) return { deadlines: [], others: [], proposals: [] };
    const figures = (d: DeadlineRow) => /số liệu/iu.test(d.what);
    return { deadlines: all.filter(figures), others: all.filter((d) => !figures(d)), proposals };
  }

  /**
   * Adds indicators to a deadline (staff confirming the plan's proposal, or adding one by hand), after those it has.
   * Nothing stored is replaced: `fresh` (the proposal) is refused once the deadline has indicators.
   */
  async defineIndicators(
    actor: Actor,
    deadline: DeadlineRow,
    defs: IndicatorDef[],
    fresh = false,
  ): Promise<{ ok: true; indicators: IndicatorRow[] } | { ok: false; problem: "not-allowed" | "exists" | "empty" }> {
    const root = await this.units.byId(deadline.rootUnitId);
    if (!root || !can(actor.grants, "deadlines", root.path)) return { ok: false, problem: "not-allowed" };
    if (!defs.length) return { ok: false, problem: "empty" };
    const existing = await this.indicatorsOf(deadline.id);
    if (fresh && existing.length) return { ok: false, problem: "exists" };
    const from = existing.at(-1)?.position ?? 0;
    await this.db.$transaction(async (tx) => {
      for (const [i, d] of defs.entries()) {
        await tx.indicator.create({
          data: {
            deadlineId: deadline.id,
            position: from + i + 1,
            name: d.name.slice(0, 200),
            measure: d.measure,
            rollup: d.rollup ?? defaultRollup(d.measure),
            comparator: d.comparator,
            target: d.target,
            strive: d.strive,
            createdById: actor.personId,
          },
        });
      }
    });
    await audit(this.db, actor, "figures.indicators", deadline.code, { added: defs.length });
    return { ok: true, indicators: await this.indicatorsOf(deadline.id) };
  }

  /**
   * Corrects one indicator (name, target, comparator; the measure too while nothing was reported against it).
   */
  async correctIndicator(
    actor: Actor,
    deadline: DeadlineRow,
    position: number,
    def: IndicatorDef,
  ): Promise<{ ok: true } | { ok: false; problem: "not-allowed" | "unknown-indicator" | "has-reports" }> {
    const root = await this.units.byId(deadline.rootUnitId);
    if (!root || !can(actor.grants, "deadlines", root.path)) return { ok: false, problem: "not-allowed" };
    const ind = (await this.indicatorsOf(deadline.id)).find((i) => i.position === position);
    if (!ind) return { ok: false, problem: "unknown-indicator" };
    if (def.measure !== ind.measure && (await this.db.figureReport.count({ where: { indicatorId: ind.id } })))
      return { ok: false, problem: "has-reports" };
    await this.db.indicator.update({
      where: { id: ind.id },
      data: {
        name: def.name.slice(0, 200),
        measure: def.measure,
        rollup: def.rollup,
        comparator: def.comparator,
        target: def.target,
      },
    });
    await audit(this.db, actor, "figures.indicator.correct", deadline.code, { position, before: ind, after: def });
    return { ok: true };
  }

  /** Deadlines with indicators that these units owe (the chair's /baocaoso choices). */
  async figureDeadlinesOwedBy(unitIds: number[]): Promise<{ deadline: DeadlineRow; unitIds: number[] }[]> {
    if (!unitIds.length) return [];
    const owed = await this.db.deadlineUnit.findMany({
      where: { unitId: { in: unitIds }, deadline: { active: true } },
      include: { deadline: true },
    });
    const withFigures = new Set(
      (
        await this.db.indicator.findMany({
          where: { deadlineId: { in: [...new Set(owed.map((o) => o.deadlineId))] } },
          select: { deadlineId: true },
        })
      ).map((i) => i.deadlineId),
    );
    const by = new Map<number, { deadline: DeadlineRow; unitIds: number[] }>();
    for (const o of owed) {
      if (!withFigures.has(o.deadlineId)) continue;
      const e = by.get(o.deadlineId) ?? { deadline: o.deadline, unitIds: [] };
      e.unitIds.push(o.unitId);
      by.set(o.deadlineId, e);
    }
    return [...by.values()].sort((a, b) => a.deadline.id - b.deadline.id);
  }

  /**
   * For a reminder: the line(s) saying which numbers the deadline asks for, empty when it asks for none. The
   * reminder adds them to its text and carries the button `figuresButton(code, label)` that starts /baocaoso.
   */
  async askedFor(
    deadlineId: number,
    t: (key: string, args?: Record<string, string | number>) => string,
  ): Promise<string[]> {
    const list = await this.indicatorsOf(deadlineId);
    if (!list.length) return [];
    return [t("figures-asked", { list: list.map((i) => i.name).join("; ") }), t("figures-asked-how")];
  }
}
