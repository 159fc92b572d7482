/**
 * Targets ("giao chỉ tiêu"): a unit's own target, split among its children evenly, by membership or by hand (the
 * children's sum checked against the parent's), or imported from a CSV/XLSX sheet (target-sheet.ts) where every row and
 * every parent's sum is checked before anything is written.
 */
import type { Clock } from "../clock.js";
import { inChunks } from "../db/chunks.js";
import { type Db, sqlTime } from "../db/client.js";
import { checkSplit, type SplitWay, splitTarget } from "../domain/indicators.js";
import { can } from "../domain/scope.js";
import { audit } from "./audit.js";
import type { DeadlineRow } from "./deadline-board.js";
import type { FileLimits } from "./file-bounds.js";
import type { FigureProblem, IndicatorRow, IndicatorService } from "./indicators.js";
import type { Actor } from "./people.js";
import { readTargetSheet } from "./target-sheet.js";
import { type UnitRow, upperBound } from "./units.js";

/** Problems of a refused sheet named one by one; the rest are counted. */
const MAX_PROBLEMS = 20;

/** Targets written per statement: six parameters each, under SQLite's 999. */
const TARGETS_PER_INSERT = 150;

export class TargetService {
  constructor(
    private readonly db: Db,
    private readonly indicators: IndicatorService,
    private readonly clock: Clock,
  ) {}

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
    limits?: FileLimits,
  ): Promise<{ ok: true; count: number } | { ok: false; problems: FigureProblem[] }> {
    const read = await readTargetSheet(file, limits);
    if ("problem" in read) return { ok: false, problems: [read.problem] };
    const indicators = await this.indicators.indicatorsOf(deadline.id);
    const byPosition = new Map(indicators.map((i) => [i.position, i]));
    const problems: FigureProblem[] = [];
    const codes = [...new Set(read.rows.map((r) => r.code.toUpperCase()))];
    // The sheet's units in slices of codes: a sheet has tens of thousands of rows, a statement 999 parameters.
    const found = await inChunks(codes, (chunk) => this.db.unit.findMany({ where: { code: { in: chunk } } }));
    const units = new Map(found.map((u) => [u.code, u] as const));
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
    if (problems.length > MAX_PROBLEMS)
      return {
        ok: false,
        problems: [
          ...problems.slice(0, MAX_PROBLEMS),
          { key: "figures-import-more-problems", args: { n: problems.length - MAX_PROBLEMS } },
        ],
      };
    if (problems.length) return { ok: false, problems };
    const at = sqlTime(this.clock.now());
    const rows = [...wanted.values()].map((w) => [w.indicator.id, w.unit.id, w.value, "import", actor.personId, at]);
    await this.db.$transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += TARGETS_PER_INSERT) {
        const slice = rows.slice(i, i + TARGETS_PER_INSERT);
        await tx.$executeRawUnsafe(
          `INSERT INTO "UnitTarget" ("indicatorId", "unitId", value, source, "setById", "setAt")
           VALUES ${slice.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}
           ON CONFLICT ("indicatorId", "unitId") DO UPDATE SET value = excluded.value, source = excluded.source,
             "setById" = excluded."setById", "setAt" = excluded."setAt"`,
          ...slice.flat(),
        );
      }
    });
    await audit(this.db, actor, "figures.import", deadline.code, { rows: wanted.size, file: file.name });
    return { ok: true, count: wanted.size };
  }

  /**
   * For each parent of an imported unit: do its children's targets (file over stored) add up to its own? Read set-based
   * whatever the sheet's size: the parents, their children and the stored targets of both, each in slices of ids.
   */
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
    if (!groups.size) return problems;
    const parentIds = [...new Set([...groups.values()].map((g) => g.parentId))];
    const indicatorIds = [...new Set([...groups.values()].map((g) => g.indicator.id))];
    const parents = new Map(
      (await inChunks(parentIds, (ids) => this.db.unit.findMany({ where: { id: { in: ids } } }))).map((u) => [u.id, u]),
    );
    const childrenOf = new Map<number, number[]>();
    const children = await inChunks(parentIds, (ids) =>
      this.db.unit.findMany({ where: { parentId: { in: ids } }, select: { id: true, parentId: true } }),
    );
    for (const c of children) {
      if (c.parentId === null) continue;
      const list = childrenOf.get(c.parentId);
      if (list) list.push(c.id);
      else childrenOf.set(c.parentId, [c.id]);
    }
    const stored = new Map<string, number>();
    const targetRows = await inChunks([...parentIds, ...children.map((c) => c.id)], (ids) =>
      this.db.unitTarget.findMany({
        where: { indicatorId: { in: indicatorIds }, unitId: { in: ids } },
        select: { indicatorId: true, unitId: true, value: true },
      }),
    );
    for (const t of targetRows) stored.set(`${t.indicatorId}:${t.unitId}`, t.value);
    const fromFile = new Map(wanted.map((w) => [`${w.indicator.id}:${w.unit.id}`, w.value]));
    for (const { indicator, parentId } of groups.values()) {
      const parent = parents.get(parentId);
      if (!parent) continue;
      const key = `${indicator.id}:${parent.id}`;
      const parentTarget =
        fromFile.get(key) ?? stored.get(key) ?? (deadline.rootUnitId === parent.id ? indicator.target : null);
      if (parentTarget === null) continue;
      const sum = (childrenOf.get(parent.id) ?? []).reduce(
        (a, id) => a + (fromFile.get(`${indicator.id}:${id}`) ?? stored.get(`${indicator.id}:${id}`) ?? 0),
        0,
      );
      const check = checkSplit(parentTarget, [sum], indicator.measure);
      if (!check.ok) problems.push(sumProblem(indicator, parent, parentTarget, sum));
    }
    return problems;
  }
}

function sumProblem(indicator: IndicatorRow, parent: UnitRow, target: number, sum: number): FigureProblem {
  return {
    key: "figures-problem-sum",
    args: { indicator: indicator.name, unit: parent.name, target, sum, diff: Math.abs(sum - target) },
  };
}
