/**
 * Reporting figures: which occurrence a unit reports on now, the values that count, and recording a report (a
 * correction adds a row and becomes the one that counts; sending figures is handing the report in).
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import { can } from "../domain/scope.js";
import { audit } from "./audit.js";
import type { OccurrenceRow } from "./deadline-board.js";
import type { FigureProblem } from "./indicators.js";
import type { Actor } from "./people.js";
import type { UnitRow } from "./units.js";

/** How long after its due moment an occurrence is still offered for reporting (late reports). */
const LATE_WINDOW_MS = 14 * 86_400_000;

export class FigureReportService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

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
}
