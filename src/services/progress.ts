/**
 * Progress against targets ("/tiendo"): the roll-up of a subtree computed by the database, one grouped query over
 * the reports joined to the units' paths, never one parameter per unit. A people/unions figure is what is new in its
 * period (since the deadline's previous occurrence); progress against the target is the running total. Percents and
 * yes/no figures are read as of the period.
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import { sqlTime } from "../db/client.js";
import { type Aggregate, emptyAggregate, percentReached, rolledValue } from "../domain/indicators.js";
import { type DeadlineRow, deadlineByCode, type OccurrenceRow } from "./deadline-board.js";
import { FigureReportService } from "./figure-reports.js";
import { type IndicatorRow, IndicatorService } from "./indicators.js";
import type { Actor } from "./people.js";
import { type UnitRow, type UnitService, upperBound } from "./units.js";

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
  /** Units under it that reported for the selected period, and that owe the deadline (a share says both). */
  reported: number;
  owing: number;
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

/** One group of the roll-up: an indicator's reports for one occurrence under one branch of the subtree. */
interface BranchRow {
  indicatorId: number | bigint;
  occurrenceId: number | bigint;
  /** The root's child the reporting units lie under; 0 for the root itself. */
  branch: number | bigint;
  total: number | null;
  reports: number | bigint;
  /** Reports meeting the target (share roll-ups only). */
  met: number | bigint | null;
}

/** A progress reader on its own (the export's figures sheets, the bench), over the same database. */
export function standaloneProgress(db: Db, units: UnitService, clock: Clock): ProgressService {
  return new ProgressService(db, units, new IndicatorService(db, units), new FigureReportService(db, clock), clock);
}

export class ProgressService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
    private readonly indicators: IndicatorService,
    private readonly reports: FigureReportService,
    private readonly clock: Clock,
  ) {}

  /** Resolves "/tiendo [UNIT] [DEADLINE]" for a person: their own scope by default, never outside it. */
  async forActor(actor: Actor, unitCode?: string, deadlineCode?: string): Promise<ProgressResult> {
    const found = await this.units.inScope(actor, unitCode);
    if (!found.ok) return found;
    const { unit } = found;
    const deadline = deadlineCode ? await deadlineByCode(this.db, deadlineCode) : await this.latestFigureDeadline(unit);
    if (!deadline) return { ok: false, problem: deadlineCode ? "unknown-deadline" : "no-figures", unit };
    const progress = await this.compute(deadline, unit);
    if (!progress)
      return {
        ok: false,
        problem: (await this.indicators.indicatorsOf(deadline.id)).length ? "nothing-due" : "no-figures",
        unit,
      };
    return { ok: true, progress };
  }

  /** Every active deadline with indicators that units of this subtree owe (the export's sheets), oldest first. */
  async figureDeadlinesIn(unit: UnitRow): Promise<DeadlineRow[]> {
    const rows = await this.db.$queryRawUnsafe<{ id: number | bigint }[]>(
      `SELECT d.id FROM "Deadline" d
        WHERE d.active = TRUE AND EXISTS (SELECT 1 FROM "Indicator" i WHERE i."deadlineId" = d.id)
          AND EXISTS (SELECT 1 FROM "DeadlineUnit" du JOIN "Unit" u ON u.id = du."unitId"
                       WHERE du."deadlineId" = d.id AND u.path >= ? AND u.path < ?)
        ORDER BY d.id`,
      unit.path,
      upperBound(unit.path),
    );
    return this.db.deadline.findMany({ where: { id: { in: rows.map((r) => Number(r.id)) } }, orderBy: { id: "asc" } });
  }

  /**
   * The deadline a plain /tiendo shows: among the active deadlines with indicators that units of this subtree owe,
   * one the unit itself owes (a district's own report before its unions'), then the newest.
   */
  private async latestFigureDeadline(unit: UnitRow): Promise<DeadlineRow | undefined> {
    const rows = await this.db.$queryRawUnsafe<{ id: number | bigint }[]>(
      `SELECT d.id FROM "Deadline" d
        WHERE d.active = TRUE AND EXISTS (SELECT 1 FROM "Indicator" i WHERE i."deadlineId" = d.id)
          AND EXISTS (SELECT 1 FROM "DeadlineUnit" du JOIN "Unit" u ON u.id = du."unitId"
                       WHERE du."deadlineId" = d.id AND u.path >= ? AND u.path < ?)
        ORDER BY CASE WHEN EXISTS (SELECT 1 FROM "DeadlineUnit" own
                                    WHERE own."deadlineId" = d.id AND own."unitId" = ?) THEN 0 ELSE 1 END,
                 d.id DESC
        LIMIT 1`,
      unit.path,
      upperBound(unit.path),
      unit.id,
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
    const indicators = await this.indicators.indicatorsOf(deadline.id);
    const all = await this.reports.occurrences(deadline.id);
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
    for (const r of grouped)
      agg.set(`${Number(r.indicatorId)}:${Number(r.occurrenceId)}:${Number(r.branch) || root.id}`, aggOf(r));
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
          const period = rolledValue(sumOver(o.id, branch), ind.rollup);
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
          reported: sumOver(selected.id, branch).reported,
          owing,
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
        // Only the children that owe the deadline somewhere in their subtree, or were given a target (#26.8).
        children: children
          .filter((c) => (owingByBranch.get(c.id) ?? 0) > 0 || targets.has(`${ind.id}:${c.id}`))
          .map((c) => {
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
    const shares = (await this.indicators.indicatorsOf(deadlineId)).filter((i) => i.rollup === "share");
    const metCases = shares.map((i) =>
      i.measure === "yes-no" || i.target === null
        ? `WHEN r."indicatorId" = ? AND r.value >= 1 THEN 1`
        : `WHEN r."indicatorId" = ? AND r.value ${i.comparator === "more-than" ? ">" : ">="} ? THEN 1`,
    );
    const metParams = shares.flatMap((i) => (i.measure === "yes-no" || i.target === null ? [i.id] : [i.id, i.target]));
    const met = shares.length ? `SUM(CASE ${metCases.join(" ")} ELSE 0 END)` : "0";
    return this.db.$queryRawUnsafe<BranchRow[]>(
      `SELECT r."indicatorId" AS "indicatorId", r."occurrenceId" AS "occurrenceId", ${BRANCH} AS branch,
              SUM(r.value) AS total, COUNT(*) AS reports, ${met} AS met
         FROM "FigureReport" r JOIN "Unit" u ON u.id = r."unitId"
        WHERE r.current = TRUE AND u.path >= ? AND u.path < ?
          AND r."indicatorId" IN (SELECT id FROM "Indicator" WHERE "deadlineId" = ?)
          AND r."occurrenceId" IN (SELECT id FROM "DeadlineOccurrence" WHERE "deadlineId" = ? AND "dueAt" <= ?)
        GROUP BY r."indicatorId", r."occurrenceId", branch`,
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
    const rows = await this.db.$queryRawUnsafe<{ branch: number | bigint; owing: number | bigint }[]>(
      `SELECT ${BRANCH} AS branch,
              COUNT(*) AS owing
         FROM "DeadlineUnit" du JOIN "Unit" u ON u.id = du."unitId"
        WHERE u.path >= ? AND u.path < ? AND du."deadlineId" = ? AND u.active = TRUE
        GROUP BY branch`,
      ...branchParams(lo),
      lo,
      hi,
      deadlineId,
    );
    return new Map(rows.map((r) => [Number(r.branch) || rootId, Number(r.owing)]));
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
      { indicatorId: number | bigint; unitId: number | bigint; value: number; path: string }[]
    >(
      `SELECT t."indicatorId" AS "indicatorId", t."unitId" AS "unitId", t.value AS value, u.path AS path FROM "UnitTarget" t JOIN "Unit" u ON u.id = t."unitId"
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
      const mine = rows.filter((r) => Number(r.indicatorId) === ind.id);
      const highestSum = (path: string): number | null => {
        const inside = mine.filter((r) => r.path.startsWith(path));
        if (!inside.length) return null;
        const top = inside.filter(
          (r) => !inside.some((o) => o !== r && r.path.startsWith(o.path) && o.path !== r.path),
        );
        return ind.measure === "percent" || ind.measure === "yes-no" ? null : top.reduce((a, r) => a + r.value, 0);
      };
      for (const [id, path] of childPaths) {
        const own = mine.find((r) => Number(r.unitId) === id);
        const v = own ? own.value : highestSum(path);
        if (v !== null) out.set(`${ind.id}:${id}`, v);
      }
      const rootOwn = mine.find((r) => Number(r.unitId) === root.id);
      const rootTarget =
        rootOwn?.value ??
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
  return { sum: Number(r.total ?? 0), reported: Number(r.reports), met: Number(r.met ?? 0) };
}
