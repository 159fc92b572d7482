/**
 * Figures against targets: the indicators a deadline asks for, targets given to units ("giao chỉ tiêu") by hand, by
 * an even or membership split, or from a CSV/XLSX sheet (the sum under a parent checked), reports with their history
 * (a correction adds a row and becomes the one that counts), and the roll-up of a subtree computed by the database:
 * one grouped query over the reports joined to the units' paths, never one parameter per unit.
 *
 * A people/unions figure is what is new in its period (since the deadline's previous occurrence); progress against
 * the target is the running total. Percents and yes/no figures are read as of the period.
 */
import { parse as parseCsv } from "csv-parse/sync";
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import { sqlTime } from "../db/client.js";
import {
  checkSplit,
  defaultRollup,
  emptyAggregate,
  isComparator,
  isMeasure,
  isRollup,
  percentReached,
  rolledValue,
  splitTarget,
  type Aggregate,
  type Comparator,
  type IndicatorDef,
  type Measure,
  type Rollup,
  type SplitWay,
} from "../domain/indicators.js";
import { proposeFromParsedPlan, type ProposedIndicator } from "../domain/plan-indicators.js";
import { can } from "../domain/scope.js";
import { foldVietnamese } from "../domain/units.js";
import type { Choice } from "../platforms/port.js";
import { audit } from "./audit.js";
import type { Actor } from "./people.js";
import { upperBound, type UnitRow, type UnitService } from "./units.js";

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

export type DeadlineRow = Awaited<ReturnType<Db["deadline"]["findUniqueOrThrow"]>>;
export type OccurrenceRow = Awaited<ReturnType<Db["deadlineOccurrence"]["findUniqueOrThrow"]>>;

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

/** How long after its due moment an occurrence is still offered for reporting (late reports). */
const LATE_WINDOW_MS = 14 * 86_400_000;

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

export interface ProgressUnit {
  unit: { id: number; code: string; name: string };
  /** The figure of the selected period (new in it, for sums). */
  period: number | null;
  /** Progress against the target: the running total for sums, else the period's value. */
  value: number | null;
  target: number | null;
  percent: number | null;
  met: boolean | null;
  /** The figure of each period up to the selected one (the rows of the workbook). */
  periods: (number | null)[];
}

export interface ProgressIndicator {
  indicator: IndicatorRow;
  total: ProgressUnit;
  children: ProgressUnit[];
  /** Per occurrence up to the selected one: the period's figure and the progress after it. */
  trend: { occurrenceId: number; label: string; dueAt: Date; period: number | null; value: number | null }[];
}

export interface Progress {
  deadline: DeadlineRow;
  root: UnitRow;
  occurrence: OccurrenceRow;
  occurrences: OccurrenceRow[];
  indicators: ProgressIndicator[];
  /** Units in the subtree that owe the deadline and reported nothing for the selected occurrence. */
  missing: { id: number; code: string; name: string }[];
  owing: number;
}

export type ProgressResult =
  | { ok: true; progress: Progress }
  | {
      ok: false;
      problem: "unknown-unit" | "not-allowed" | "no-scope" | "unknown-deadline" | "no-figures" | "nothing-due";
      unit?: UnitRow;
    };

interface BranchRow {
  i: number | bigint;
  o: number | bigint;
  c: number | bigint;
  s: number | null;
  n: number | bigint;
  m: number | bigint | null;
}

export class FigureService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
    private readonly clock: Clock,
  ) {}

  // ---- indicators ---------------------------------------------------------------------------------------------------

  async indicatorsOf(deadlineId: number): Promise<IndicatorRow[]> {
    const rows = await this.db.indicator.findMany({ where: { deadlineId }, orderBy: { position: "asc" } });
    return rows.map(toIndicator);
  }

  async deadlineByCode(raw: string): Promise<DeadlineRow | undefined> {
    const code = raw.trim().toUpperCase();
    if (!/^H\d{1,9}$/.test(code)) return undefined;
    return (await this.db.deadline.findUnique({ where: { code } })) ?? undefined;
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

  // ---- targets ------------------------------------------------------------------------------------------------------

  /** A unit's target: its own UnitTarget, the indicator's target at the deadline's root, or null. */
  async targetOf(indicator: IndicatorRow, unit: UnitRow): Promise<number | null> {
    const own = await this.db.unitTarget.findUnique({
      where: { indicatorId_unitId: { indicatorId: indicator.id, unitId: unit.id } },
    });
    if (own) return own.value;
    const deadline = await this.db.deadline.findUnique({ where: { id: indicator.deadlineId } });
    return deadline?.rootUnitId === unit.id ? indicator.target : null;
  }

  /** Sets one unit's own target (the top of a split, when the plan did not give one). */
  async setTarget(actor: Actor, indicator: IndicatorRow, unit: UnitRow, value: number): Promise<FigureProblem | null> {
    if (!can(actor.grants, "deadlines", unit.path)) return { key: "figures-problem-not-allowed" };
    if (!Number.isFinite(value) || value < 0) return { key: "figures-problem-bad-target" };
    await this.db.unitTarget.upsert({
      where: { indicatorId_unitId: { indicatorId: indicator.id, unitId: unit.id } },
      create: { indicatorId: indicator.id, unitId: unit.id, value, source: "hand", setById: actor.personId },
      update: { value, source: "hand", setById: actor.personId, setAt: this.clock.now() },
    });
    return null;
  }

  /** Children of a unit with the members of their whole subtree (the weights of a split in proportion). */
  async childrenWithMembers(unit: UnitRow): Promise<{ id: number; code: string; name: string; members: number }[]> {
    const rows = await this.db.$queryRawUnsafe<{ id: number; code: string; name: string; members: number | null }[]>(
      `SELECT c.id, c.code, c.name,
              (SELECT SUM(u."memberCount") FROM "Unit" u
                WHERE u.path >= c.path AND u.path < substr(c.path, 1, length(c.path) - 1) || '0' AND u.active = TRUE) AS members
         FROM "Unit" c WHERE c."parentId" = ? AND c.active = TRUE ORDER BY c.code`,
      unit.id,
    );
    return rows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name, members: Number(r.members ?? 0) }));
  }

  /**
   * The children of a unit a target can be split to: those that report the deadline's figures themselves or have a
   * unit under them that does (a unit that owes no report cannot /baocaoso, so a target given to it is never met).
   */
  async reportingChildren(deadlineId: number, unit: UnitRow): Promise<UnitRow[]> {
    const [children, owing] = await Promise.all([
      this.db.unit.findMany({ where: { parentId: unit.id, active: true }, orderBy: { code: "asc" } }),
      this.db.deadlineUnit.findMany({
        where: { deadlineId, unit: { active: true, path: { gt: unit.path, lt: upperBound(unit.path) } } },
        select: { unit: { select: { path: true } } },
      }),
    ]);
    return children.filter((c) => owing.some((o) => o.unit.path.startsWith(c.path)));
  }

  /**
   * Computes a split of the parent's target among its children (nothing stored): evenly, in proportion to members,
   * or by hand (code → value). The sum check's failure is a problem with both figures.
   */
  async planSplit(
    indicator: IndicatorRow,
    parent: UnitRow,
    way: SplitWay,
    hand?: Record<string, number>,
  ): Promise<
    | { ok: true; parentTarget: number; rows: { id: number; code: string; name: string; value: number }[] }
    | { ok: false; problem: FigureProblem }
  > {
    const parentTarget = await this.targetOf(indicator, parent);
    if (parentTarget === null) return { ok: false, problem: { key: "figures-problem-no-parent-target" } };
    const reporting = new Set((await this.reportingChildren(indicator.deadlineId, parent)).map((c) => c.id));
    const all = await this.childrenWithMembers(parent);
    const children = all.filter((c) => reporting.has(c.id));
    if (!children.length) return { ok: false, problem: { key: "figures-problem-no-children" } };
    let values: Map<number, number>;
    if (way === "hand") {
      values = new Map();
      const byCode = new Map(children.map((c) => [c.code, c]));
      for (const [code, v] of Object.entries(hand ?? {})) {
        const c = byCode.get(code.toUpperCase());
        if (!c && all.some((x) => x.code === code.toUpperCase()))
          return { ok: false, problem: { key: "figures-problem-not-reporting", args: { code: code.toUpperCase() } } };
        if (!c)
          return { ok: false, problem: { key: "figures-problem-not-a-child", args: { code, unit: parent.name } } };
        values.set(c.id, v);
      }
    } else values = splitTarget(parentTarget, children, way, indicator.measure);
    const rows = children.filter((c) => values.has(c.id)).map((c) => ({ ...c, value: values.get(c.id)! }));
    const check = checkSplit(
      parentTarget,
      rows.map((r) => r.value),
      indicator.measure,
    );
    if (!check.ok) return { ok: false, problem: sumProblem(indicator, parent, check.parentTarget, check.childrenSum) };
    return { ok: true, parentTarget, rows };
  }

  /** Stores a split (after planSplit said it adds up). */
  async saveSplit(
    actor: Actor,
    indicator: IndicatorRow,
    parent: UnitRow,
    way: SplitWay,
    rows: { id: number; value: number }[],
  ): Promise<FigureProblem | null> {
    if (!can(actor.grants, "deadlines", parent.path)) return { key: "figures-problem-not-allowed" };
    const at = this.clock.now();
    await this.db.$transaction(async (tx) => {
      for (const r of rows) {
        await tx.unitTarget.upsert({
          where: { indicatorId_unitId: { indicatorId: indicator.id, unitId: r.id } },
          create: { indicatorId: indicator.id, unitId: r.id, value: r.value, source: way, setById: actor.personId },
          update: { value: r.value, source: way, setById: actor.personId, setAt: at },
        });
      }
    });
    await audit(this.db, actor, "figures.targets", parent.code, { indicator: indicator.id, way, units: rows.length });
    return null;
  }

  /**
   * Imports targets from a sheet (CSV or XLSX) with columns unit code, indicator number, target
   * (`ma_don_vi,chi_tieu,muc` or `unit_code,indicator,target`). Every row is checked, then for each parent the sum of
   * its children's targets against its own; any problem writes nothing and each problem is reported.
   */
  async importTargets(
    actor: Actor,
    deadline: DeadlineRow,
    file: { name: string; data: Uint8Array },
  ): Promise<{ ok: true; count: number } | { ok: false; problems: FigureProblem[] }> {
    const read = await readTargetSheet(file);
    if ("problem" in read) return { ok: false, problems: [read.problem] };
    const indicators = await this.indicatorsOf(deadline.id);
    const byPosition = new Map(indicators.map((i) => [i.position, i]));
    const problems: FigureProblem[] = [];
    const codes = [...new Set(read.rows.map((r) => r.code.toUpperCase()))];
    const units = new Map(
      (await this.db.unit.findMany({ where: { code: { in: codes } } })).map((u) => [u.code, u] as const),
    );
    const wanted = new Map<string, { indicator: IndicatorRow; unit: UnitRow; value: number; line: number }>();
    for (const r of read.rows) {
      const unit = units.get(r.code.toUpperCase());
      const indicator = byPosition.get(Number(r.indicator.replace(/^CT/i, "")));
      const value = Number(r.value.replace(",", "."));
      if (!unit) problems.push({ line: r.line, key: "figures-import-unknown-unit", args: { code: r.code } });
      else if (!can(actor.grants, "deadlines", unit.path))
        problems.push({ line: r.line, key: "figures-import-not-allowed", args: { code: unit.code } });
      if (!indicator)
        problems.push({ line: r.line, key: "figures-import-unknown-indicator", args: { n: r.indicator } });
      if (!r.value.trim() || !Number.isFinite(value) || value < 0)
        problems.push({ line: r.line, key: "figures-import-bad-value", args: { value: r.value.slice(0, 20) } });
      else if (indicator?.measure === "percent" && value > 100)
        problems.push({ line: r.line, key: "figures-import-bad-value", args: { value: r.value.slice(0, 20) } });
      if (unit && indicator && Number.isFinite(value))
        wanted.set(`${indicator.id}:${unit.id}`, { indicator, unit, value, line: r.line });
    }
    if (!problems.length) problems.push(...(await this.sumProblems(deadline, [...wanted.values()])));
    if (problems.length) return { ok: false, problems: problems.slice(0, 20) };
    const at = this.clock.now();
    await this.db.$transaction(async (tx) => {
      for (const w of wanted.values()) {
        await tx.unitTarget.upsert({
          where: { indicatorId_unitId: { indicatorId: w.indicator.id, unitId: w.unit.id } },
          create: {
            indicatorId: w.indicator.id,
            unitId: w.unit.id,
            value: w.value,
            source: "import",
            setById: actor.personId,
          },
          update: { value: w.value, source: "import", setById: actor.personId, setAt: at },
        });
      }
    });
    await audit(this.db, actor, "figures.import", deadline.code, { rows: wanted.size, file: file.name });
    return { ok: true, count: wanted.size };
  }

  /** For each parent of an imported unit: do its children's targets (file over stored) add up to its own? */
  private async sumProblems(
    deadline: DeadlineRow,
    wanted: { indicator: IndicatorRow; unit: UnitRow; value: number }[],
  ): Promise<FigureProblem[]> {
    const problems: FigureProblem[] = [];
    const groups = new Map<string, { indicator: IndicatorRow; parentId: number }>();
    for (const w of wanted) {
      if (w.unit.parentId !== null && w.indicator.measure !== "percent" && w.indicator.measure !== "yes-no")
        groups.set(`${w.indicator.id}:${w.unit.parentId}`, { indicator: w.indicator, parentId: w.unit.parentId });
    }
    const fromFile = new Map(wanted.map((w) => [`${w.indicator.id}:${w.unit.id}`, w.value]));
    for (const { indicator, parentId } of groups.values()) {
      const parent = await this.units.byId(parentId);
      if (!parent) continue;
      const own = fromFile.get(`${indicator.id}:${parent.id}`);
      const parentTarget =
        own ??
        (await this.targetOf(indicator, parent)) ??
        (deadline.rootUnitId === parent.id ? indicator.target : null);
      if (parentTarget === null) continue;
      const children = await this.units.children(parent.id);
      const stored = new Map(
        (
          await this.db.unitTarget.findMany({
            where: { indicatorId: indicator.id, unitId: { in: children.map((c) => c.id) } },
          })
        ).map((t) => [t.unitId, t.value]),
      );
      const sum = children.reduce((a, c) => a + (fromFile.get(`${indicator.id}:${c.id}`) ?? stored.get(c.id) ?? 0), 0);
      const check = checkSplit(parentTarget, [sum], indicator.measure);
      if (!check.ok) problems.push(sumProblem(indicator, parent, parentTarget, sum));
    }
    return problems;
  }

  // ---- reporting ----------------------------------------------------------------------------------------------------

  async occurrences(deadlineId: number): Promise<OccurrenceRow[]> {
    return this.db.deadlineOccurrence.findMany({ where: { deadlineId }, orderBy: { dueAt: "asc" } });
  }

  /**
   * The occurrence a unit reports on now: among those whose period has begun (the previous one is due) and that are
   * not more than 14 days overdue, the earliest the unit has not reported; when all are reported, the latest of them
   * (a correction). With `correct`, the latest one the unit reported. Undefined when there is none.
   */
  async occurrenceToReport(
    deadlineId: number,
    unitId: number,
    correct = false,
  ): Promise<{ occurrence: OccurrenceRow; previous?: OccurrenceRow; correction: boolean } | undefined> {
    const now = this.clock.now();
    const all = await this.occurrences(deadlineId);
    const open = all.filter((o, i) => {
      const begun = i === 0 || all[i - 1]!.dueAt <= now;
      return begun && o.dueAt.getTime() >= now.getTime() - LATE_WINDOW_MS;
    });
    if (!open.length) return undefined;
    const reported = new Set(
      (
        await this.db.figureReport.findMany({
          where: { unitId, occurrenceId: { in: open.map((o) => o.id) }, current: true },
          select: { occurrenceId: true },
        })
      ).map((r) => r.occurrenceId),
    );
    const pending = correct ? undefined : open.find((o) => !reported.has(o.id));
    const occurrence =
      pending ?? [...open].reverse().find((o) => reported.has(o.id)) ?? (correct ? undefined : open.at(-1));
    if (!occurrence) return undefined;
    const index = all.findIndex((o) => o.id === occurrence.id);
    return { occurrence, previous: index > 0 ? all[index - 1] : undefined, correction: !pending };
  }

  /** The unit's values that count for an occurrence (indicatorId → value). */
  async valuesOf(unitId: number, occurrenceId: number): Promise<Map<number, number>> {
    const rows = await this.db.figureReport.findMany({ where: { unitId, occurrenceId, current: true } });
    return new Map(rows.map((r) => [r.indicatorId, r.value]));
  }

  /**
   * Records a unit's figures for an occurrence. Earlier values stay as history (no longer current); the new ones
   * count. Late when sent after the due moment. Sending figures is also handing in the report: the occurrence is
   * marked submitted for the unit (unless already marked), so reminders and /hanchot agree with /tiendo.
   */
  async record(
    actor: Actor,
    input: { occurrenceId: number; unit: UnitRow; values: { indicatorId: number; value: number }[] },
  ): Promise<{ ok: true; late: boolean; corrected: boolean } | { ok: false; problem: FigureProblem }> {
    if (!can(actor.grants, "manage", input.unit.path))
      return { ok: false, problem: { key: "figures-problem-not-allowed" } };
    const occurrence = await this.db.deadlineOccurrence.findUnique({ where: { id: input.occurrenceId } });
    if (!occurrence) return { ok: false, problem: { key: "figures-problem-nothing-due" } };
    const owes = await this.db.deadlineUnit.findUnique({
      where: { deadlineId_unitId: { deadlineId: occurrence.deadlineId, unitId: input.unit.id } },
    });
    if (!owes) return { ok: false, problem: { key: "figures-problem-not-owed", args: { unit: input.unit.name } } };
    const now = this.clock.now();
    const late = now > occurrence.dueAt;
    let corrected = false;
    await this.db.$transaction(async (tx) => {
      for (const v of input.values) {
        const old = await tx.figureReport.updateMany({
          where: { indicatorId: v.indicatorId, occurrenceId: occurrence.id, unitId: input.unit.id, current: true },
          data: { current: false },
        });
        if (old.count) corrected = true;
        await tx.figureReport.create({
          data: {
            indicatorId: v.indicatorId,
            occurrenceId: occurrence.id,
            unitId: input.unit.id,
            value: v.value,
            reportedById: actor.personId,
            reportedAt: now,
            late,
            current: true,
          },
        });
      }
      const key = { occurrenceId_unitId: { occurrenceId: occurrence.id, unitId: input.unit.id } };
      if (!(await tx.submission.findUnique({ where: key })))
        await tx.submission.create({
          data: {
            occurrenceId: occurrence.id,
            unitId: input.unit.id,
            kind: "submitted",
            submittedById: actor.personId,
            submittedAt: now,
          },
        });
    });
    await audit(this.db, actor, corrected ? "figures.correct" : "figures.report", input.unit.code, {
      occurrence: occurrence.id,
      values: input.values,
      late,
    });
    return { ok: true, late, corrected };
  }

  /** Every report of a unit for an occurrence, oldest first, with who and when (the history of corrections). */
  async history(unitId: number, occurrenceId: number) {
    return this.db.figureReport.findMany({
      where: { unitId, occurrenceId },
      orderBy: [{ reportedAt: "asc" }, { id: "asc" }],
    });
  }

  // ---- roll-up ------------------------------------------------------------------------------------------------------

  /** Resolves "/tiendo [UNIT] [DEADLINE]" for a person: their own scope by default, never outside it. */
  async forActor(actor: Actor, unitCode?: string, deadlineCode?: string): Promise<ProgressResult> {
    const found = await this.units.inScope(actor, unitCode);
    if (!found.ok) return found;
    const { unit } = found;
    const deadline = deadlineCode ? await this.deadlineByCode(deadlineCode) : await this.latestFigureDeadline(unit);
    if (!deadline) return { ok: false, problem: deadlineCode ? "unknown-deadline" : "no-figures", unit };
    const progress = await this.compute(deadline, unit);
    if (!progress)
      return { ok: false, problem: (await this.indicatorsOf(deadline.id)).length ? "nothing-due" : "no-figures", unit };
    return { ok: true, progress };
  }

  /** The newest active deadline with indicators that units of this subtree owe. */
  private async latestFigureDeadline(unit: UnitRow): Promise<DeadlineRow | undefined> {
    const rows = await this.db.$queryRawUnsafe<{ id: number | bigint }[]>(
      `SELECT d.id FROM "Deadline" d
        WHERE d.active = TRUE AND EXISTS (SELECT 1 FROM "Indicator" i WHERE i."deadlineId" = d.id)
          AND EXISTS (SELECT 1 FROM "DeadlineUnit" du JOIN "Unit" u ON u.id = du."unitId"
                       WHERE du."deadlineId" = d.id AND u.path >= ? AND u.path < ?)
        ORDER BY d.id DESC LIMIT 1`,
      unit.path,
      upperBound(unit.path),
    );
    const id = rows[0]?.id;
    return id === undefined
      ? undefined
      : ((await this.db.deadline.findUnique({ where: { id: Number(id) } })) ?? undefined);
  }

  /**
   * The progress of a subtree at an occurrence (default: the latest one due, or the first when none is due yet):
   * per indicator the total and each child's figure against its target, and the trend over the occurrences so far.
   */
  async compute(deadline: DeadlineRow, root: UnitRow, occurrenceId?: number): Promise<Progress | undefined> {
    const indicators = await this.indicatorsOf(deadline.id);
    const all = await this.occurrences(deadline.id);
    if (!indicators.length || !all.length) return undefined;
    const now = this.clock.now();
    const selected =
      (occurrenceId !== undefined ? all.find((o) => o.id === occurrenceId) : undefined) ??
      [...all].reverse().find((o) => o.dueAt <= now) ??
      all[0]!;
    const upTo = all.filter((o) => o.dueAt <= selected.dueAt);
    const lo = root.path;
    const hi = upperBound(root.path);
    const children = await this.db.unit.findMany({
      where: { parentId: root.id, active: true },
      orderBy: { code: "asc" },
      select: { id: true, code: true, name: true },
    });
    const grouped = await this.rollupRows(deadline.id, lo, hi, upTo.at(-1)!.dueAt);
    const owingByBranch = await this.owingByBranch(deadline.id, lo, hi, root.id);
    const targets = await this.branchTargets(deadline, indicators, root, children);
    const agg = new Map<string, Aggregate>();
    for (const r of grouped) agg.set(`${Number(r.i)}:${Number(r.o)}:${Number(r.c) || root.id}`, aggOf(r));
    const branches = [root.id, ...children.map((c) => c.id)];
    const owingTotal = [...owingByBranch.values()].reduce((a, b) => a + b, 0);
    const out: ProgressIndicator[] = indicators.map((ind) => {
      const sumOver = (occId: number, branch?: number) => {
        const a = emptyAggregate();
        for (const b of branch === undefined ? branches : [branch]) {
          const x = agg.get(`${ind.id}:${occId}:${b}`);
          if (x) {
            a.sum += x.sum;
            a.reported += x.reported;
            a.met += x.met;
          }
        }
        return a;
      };
      const unitProgress = (
        unit: { id: number; code: string; name: string },
        branch: number | undefined,
        owing: number,
        target: number | null,
      ): ProgressUnit & { trend: { period: number | null; value: number | null }[] } => {
        let running: number | null = null;
        const trend = upTo.map((o) => {
          const period = rolledValue(sumOver(o.id, branch), ind.rollup, owing || undefined);
          running = ind.rollup === "sum" ? (period === null ? running : (running ?? 0) + period) : period;
          return { period, value: running };
        });
        const last = trend.at(-1)!;
        const value = last.value;
        return {
          unit,
          period: last.period,
          value,
          target,
          percent: value === null ? null : percentReached(value, target),
          met:
            value === null || target === null
              ? null
              : ind.comparator === "more-than"
                ? value > target
                : value >= target,
          periods: trend.map((x) => x.period),
          trend,
        };
      };
      const { trend: totalTrend, ...total } = unitProgress(
        root,
        undefined,
        owingTotal,
        targets.get(`${ind.id}:${root.id}`) ?? null,
      );
      return {
        indicator: ind,
        total,
        children: children.map((c) => {
          const { trend: _t, ...p } = unitProgress(
            c,
            c.id,
            owingByBranch.get(c.id) ?? 0,
            targets.get(`${ind.id}:${c.id}`) ?? null,
          );
          return p;
        }),
        trend: upTo.map((o, k) => ({
          occurrenceId: o.id,
          label: o.label,
          dueAt: o.dueAt,
          period: totalTrend[k]!.period,
          value: totalTrend[k]!.value,
        })),
      };
    });
    const missing = await this.db.$queryRawUnsafe<{ id: number; code: string; name: string }[]>(
      `SELECT u.id, u.code, u.name FROM "DeadlineUnit" du JOIN "Unit" u ON u.id = du."unitId"
        WHERE du."deadlineId" = ? AND u.path >= ? AND u.path < ? AND u.active = TRUE
          AND NOT EXISTS (SELECT 1 FROM "FigureReport" r WHERE r."unitId" = u.id AND r."occurrenceId" = ? AND r.current = TRUE)
        ORDER BY u.code`,
      deadline.id,
      lo,
      hi,
      selected.id,
    );
    return {
      deadline,
      root,
      occurrence: selected,
      occurrences: upTo,
      indicators: out,
      missing: missing.map((m) => ({ id: Number(m.id), code: m.code, name: m.name })),
      owing: owingTotal,
    };
  }

  /**
   * The set-based heart of the roll-up: current reports of the deadline's indicators up to a moment, grouped by
   * indicator, occurrence and branch (the root's child each reporting unit lies under, read from its path; 0 for the
   * root itself). One statement whatever the number of units: the subtree is a path range, never a list of ids.
   */
  async rollupRows(deadlineId: number, lo: string, hi: string, until: Date): Promise<BranchRow[]> {
    // "Met" is counted only for share roll-ups: yes/no figures meet with a yes, others against the plan's target.
    const shares = (await this.indicatorsOf(deadlineId)).filter((i) => i.rollup === "share");
    const metCases = shares.map((i) =>
      i.measure === "yes-no" || i.target === null
        ? `WHEN r."indicatorId" = ? AND r.value >= 1 THEN 1`
        : `WHEN r."indicatorId" = ? AND r.value ${i.comparator === "more-than" ? ">" : ">="} ? THEN 1`,
    );
    const metParams = shares.flatMap((i) => (i.measure === "yes-no" || i.target === null ? [i.id] : [i.id, i.target]));
    const met = shares.length ? `SUM(CASE ${metCases.join(" ")} ELSE 0 END)` : "0";
    return this.db.$queryRawUnsafe<BranchRow[]>(
      `SELECT r."indicatorId" AS i, r."occurrenceId" AS o, ${BRANCH} AS c,
              SUM(r.value) AS s, COUNT(*) AS n, ${met} AS m
         FROM "FigureReport" r JOIN "Unit" u ON u.id = r."unitId"
        WHERE r.current = TRUE AND u.path >= ? AND u.path < ?
          AND r."indicatorId" IN (SELECT id FROM "Indicator" WHERE "deadlineId" = ?)
          AND r."occurrenceId" IN (SELECT id FROM "DeadlineOccurrence" WHERE "deadlineId" = ? AND "dueAt" <= ?)
        GROUP BY r."indicatorId", r."occurrenceId", c`,
      ...branchParams(lo),
      ...metParams,
      lo,
      hi,
      deadlineId,
      deadlineId,
      sqlTime(until),
    );
  }

  /** How many units owing the deadline lie under each branch (the root itself is branch = root id). */
  private async owingByBranch(
    deadlineId: number,
    lo: string,
    hi: string,
    rootId: number,
  ): Promise<Map<number, number>> {
    const rows = await this.db.$queryRawUnsafe<{ c: number | bigint; n: number | bigint }[]>(
      `SELECT ${BRANCH} AS c,
              COUNT(*) AS n
         FROM "DeadlineUnit" du JOIN "Unit" u ON u.id = du."unitId"
        WHERE u.path >= ? AND u.path < ? AND du."deadlineId" = ? AND u.active = TRUE
        GROUP BY c`,
      ...branchParams(lo),
      lo,
      hi,
      deadlineId,
    );
    return new Map(rows.map((r) => [Number(r.c) || rootId, Number(r.n)]));
  }

  /**
   * Targets of the root and its children per indicator: a unit's own target, else (for sums) what its subtree's
   * targets add up to at the highest level that has them; the deadline's root falls back to the plan's figure.
   */
  private async branchTargets(
    deadline: DeadlineRow,
    indicators: IndicatorRow[],
    root: UnitRow,
    children: { id: number }[],
  ): Promise<Map<string, number>> {
    const rows = await this.db.$queryRawUnsafe<
      { i: number | bigint; unitId: number | bigint; v: number; path: string }[]
    >(
      `SELECT t."indicatorId" AS i, t."unitId", t.value AS v, u.path FROM "UnitTarget" t JOIN "Unit" u ON u.id = t."unitId"
        JOIN "Indicator" ind ON ind.id = t."indicatorId"
        WHERE ind."deadlineId" = ? AND u.path >= ? AND u.path < ?`,
      deadline.id,
      root.path,
      upperBound(root.path),
    );
    const out = new Map<string, number>();
    const childPaths = new Map<number, string>();
    for (const c of children) childPaths.set(c.id, `${root.path}${c.id}/`);
    for (const ind of indicators) {
      const mine = rows.filter((r) => Number(r.i) === ind.id);
      const highestSum = (path: string): number | null => {
        const inside = mine.filter((r) => r.path.startsWith(path));
        if (!inside.length) return null;
        const top = inside.filter(
          (r) => !inside.some((o) => o !== r && r.path.startsWith(o.path) && o.path !== r.path),
        );
        return ind.measure === "percent" || ind.measure === "yes-no" ? null : top.reduce((a, r) => a + r.v, 0);
      };
      for (const [id, path] of childPaths) {
        const own = mine.find((r) => Number(r.unitId) === id);
        const v = own ? own.v : highestSum(path);
        if (v !== null) out.set(`${ind.id}:${id}`, v);
      }
      const rootOwn = mine.find((r) => Number(r.unitId) === root.id);
      const rootTarget =
        rootOwn?.v ??
        (deadline.rootUnitId === root.id ? ind.target : null) ??
        (ind.rollup === "sum" ? highestSum(root.path) : ind.target);
      if (rootTarget !== null && rootTarget !== undefined) out.set(`${ind.id}:${root.id}`, rootTarget);
    }
    return out;
  }
}

/**
 * The "branch" of a unit in a subtree rooted at path `lo`: the id of the root's child its path lies under, 0 for the
 * root itself (whose path has nothing after `lo`: PostgreSQL, unlike SQLite, refuses the negative length then).
 */
const BRANCH = `CASE WHEN u.path = ? THEN 0
  ELSE CAST(substr(u.path, ?, instr(substr(u.path, ?), '/') - 1) AS INTEGER) END`;

/** The parameters of BRANCH, in order. */
function branchParams(lo: string): [string, number, number] {
  return [lo, lo.length + 1, lo.length + 1];
}

function aggOf(r: BranchRow): Aggregate {
  return { sum: Number(r.s ?? 0), reported: Number(r.n), met: Number(r.m ?? 0) };
}

function sumProblem(indicator: IndicatorRow, parent: UnitRow, target: number, sum: number): FigureProblem {
  return {
    key: "figures-problem-sum",
    args: { indicator: indicator.name, unit: parent.name, target, sum, diff: Math.abs(sum - target) },
  };
}

/** Longest targets sheet read (a province has some thousands of units; a bigger file is a mistake). */
const MAX_SHEET_ROWS = 50_000;

const HEADERS: Record<string, "code" | "indicator" | "value"> = {
  ma_don_vi: "code",
  ma: "code",
  unit_code: "code",
  unit: "code",
  code: "code",
  chi_tieu: "indicator",
  stt: "indicator",
  indicator: "indicator",
  muc: "value",
  muc_giao: "value",
  target: "value",
  value: "value",
  gia_tri: "value",
};

/** Reads a targets sheet (.csv, or the first worksheet of an .xlsx) into rows with their line numbers. */
export async function readTargetSheet(file: {
  name: string;
  data: Uint8Array;
}): Promise<{ rows: { line: number; code: string; indicator: string; value: string }[] } | { problem: FigureProblem }> {
  let table: string[][];
  try {
    if (/\.xlsx$/i.test(file.name)) {
      const { default: ExcelJS } = await import("exceljs"); // loaded on the first sheet, not at start-up
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(file.data) as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      table = [];
      ws?.eachRow({ includeEmpty: true }, (row, n) => {
        const values = (row.values as unknown[]).slice(1).map((v) => cellText(v));
        table[n - 1] = values;
      });
      for (let i = 0; i < table.length; i++) table[i] ??= [];
    } else if (/\.csv$/i.test(file.name)) {
      const text = new TextDecoder().decode(file.data).replace(/^\uFEFF/, "");
      table = parseCsv(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
    } else return { problem: { key: "figures-import-bad-file" } };
  } catch {
    return { problem: { key: "figures-import-bad-file" } };
  }
  const header = (table[0] ?? []).map((h) => HEADERS[foldVietnamese(String(h)).replace(/\s+/g, "_")]);
  const col = (k: "code" | "indicator" | "value") => header.indexOf(k);
  if (col("code") < 0 || col("indicator") < 0 || col("value") < 0)
    return { problem: { key: "figures-import-bad-header" } };
  const rows = table
    .map((cells, i) => ({
      line: i + 1,
      code: String(cells[col("code")] ?? "").trim(),
      indicator: String(cells[col("indicator")] ?? "").trim(),
      value: String(cells[col("value")] ?? "").trim(),
    }))
    .slice(1)
    .filter((r) => r.code || r.indicator || r.value);
  if (!rows.length) return { problem: { key: "figures-import-empty" } };
  if (rows.length > MAX_SHEET_ROWS)
    return { problem: { key: "figures-import-too-long", args: { max: MAX_SHEET_ROWS } } };
  return { rows };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "result" in (v as object)) return String((v as { result: unknown }).result ?? "");
  if (typeof v === "object" && "text" in (v as object)) return String((v as { text: unknown }).text ?? "");
  return String(v);
}
