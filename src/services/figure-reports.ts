/**
 * Reporting figures: which occurrence a unit reports on now, the values that count, and recording a report (a
 * correction adds a row and becomes the one that counts; sending figures is handing the report in).
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import { reportingOccurrence } from "../domain/occurrences.js";
import { can } from "../domain/scope.js";
import { audit } from "./audit.js";
import type { OccurrenceRow } from "./deadline-board.js";
import type { FigureProblem } from "./indicators.js";
import type { Actor } from "./people.js";
import { type UnitRow, upperBound } from "./units.js";

export class FigureReportService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async occurrences(deadlineId: number): Promise<OccurrenceRow[]> {
    return this.db.deadlineOccurrence.findMany({ where: { deadlineId }, orderBy: { dueAt: "asc" } });
  }

  /**
   * The occurrence a unit reports on now (domain/occurrences.ts reportingOccurrence): the earliest begun period it
   * has neither reported nor been excused from, however late, so figures sent after the next period began go to the
   * period still owed; else the latest it reported, as a correction (with `correct`, always that one).
   */
  async occurrenceToReport(
    deadlineId: number,
    unitId: number,
    correct = false,
  ): Promise<{ occurrence: OccurrenceRow; correction: boolean } | undefined> {
    const all = await this.occurrences(deadlineId);
    if (!all.length) return undefined;
    const ids = all.map((o) => o.id);
    const reported = new Set(
      (
        await this.db.figureReport.findMany({
          where: { unitId, occurrenceId: { in: ids }, current: true },
          select: { occurrenceId: true },
          distinct: ["occurrenceId"],
        })
      ).map((r) => r.occurrenceId),
    );
    const excused = new Set(
      (
        await this.db.submission.findMany({
          where: { unitId, occurrenceId: { in: ids }, kind: "excused" },
          select: { occurrenceId: true },
        })
      ).map((r) => r.occurrenceId),
    );
    return reportingOccurrence(
      all,
      (id) => reported.has(id),
      (id) => excused.has(id),
      this.clock.now(),
      correct,
    );
  }

  /** The unit's values that count for an occurrence (indicatorId → value). */
  async valuesOf(unitId: number, occurrenceId: number): Promise<Map<number, number>> {
    const rows = await this.db.figureReport.findMany({ where: { unitId, occurrenceId, current: true } });
    return new Map(rows.map((r) => [r.indicatorId, r.value]));
  }

  /**
   * "Last period" for each indicator: the unit's value for the latest earlier occurrence it reported the indicator
   * for (the period just before, or an older one when that one has none), which the question shows and odd jumps are
   * measured against.
   */
  async lastValues(unitId: number, occurrence: OccurrenceRow): Promise<Map<number, number>> {
    const earlier = (await this.occurrences(occurrence.deadlineId)).filter((o) => o.dueAt < occurrence.dueAt);
    const dueOf = new Map(earlier.map((o) => [o.id, o.dueAt.getTime()]));
    const rows = await this.db.figureReport.findMany({
      where: { unitId, current: true, occurrenceId: { in: [...dueOf.keys()] } },
    });
    rows.sort((a, b) => (dueOf.get(b.occurrenceId) ?? 0) - (dueOf.get(a.occurrenceId) ?? 0));
    const out = new Map<number, number>();
    for (const r of rows) if (!out.has(r.indicatorId)) out.set(r.indicatorId, r.value);
    return out;
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

  /**
   * What a unit's figure is checked against before it is kept: the members of the unit and everything under it (a
   * district's own count is 0 in the unit sheet; its unions hold them), and its target for the indicator (its own, or
   * for the deadline's root unit the plan's figure).
   */
  async checkContext(
    unitId: number,
    indicator: { id: number; deadlineId: number; target: number | null },
  ): Promise<{ members: number | null; target: number | null }> {
    const unit = await this.db.unit.findUnique({ where: { id: unitId } });
    if (!unit) return { members: null, target: null };
    const [sum] = await this.db.$queryRawUnsafe<{ members: number | bigint | null }[]>(
      `SELECT SUM("memberCount") AS members FROM "Unit" WHERE active = TRUE AND path >= ? AND path < ?`,
      unit.path,
      upperBound(unit.path),
    );
    const own = await this.db.unitTarget.findUnique({
      where: { indicatorId_unitId: { indicatorId: indicator.id, unitId } },
    });
    const deadline = await this.db.deadline.findUnique({ where: { id: indicator.deadlineId } });
    const target = own?.value ?? (deadline?.rootUnitId === unitId ? indicator.target : null);
    return { members: sum?.members === null || sum?.members === undefined ? null : Number(sum.members), target };
  }

  /** Every report of a unit for an occurrence, oldest first, with who and when (the history of corrections). */
  async history(unitId: number, occurrenceId: number) {
    return this.db.figureReport.findMany({
      where: { unitId, occurrenceId },
      orderBy: [{ reportedAt: "asc" }, { id: "asc" }],
    });
  }
}
