/** Plans read by the plan reader and kept: number + year identify a plan (numbering restarts every year). */
import type { Db } from "../db/client.js";
import { type Plan, planSchema } from "../domain/plan/types.js";

export type StoredPlan = { id: number; plan: Plan; sourceFileId: number | null };

export class PlanService {
  constructor(private readonly db: Db) {}

  /** Stores a plan (or updates the stored one with the same number and year) and its original file. */
  async store(plan: Plan, createdById: number, sourceFileId: number | null = null): Promise<StoredPlan> {
    const year = plan.issuedOn ? Number(plan.issuedOn.slice(0, 4)) : null;
    const data = {
      number: plan.number,
      year,
      title: plan.title,
      issuedOn: plan.issuedOn,
      parsed: JSON.stringify(plan),
      sourceFileId,
      createdById,
    };
    const existing =
      plan.number && year
        ? await this.db.plan.findUnique({ where: { number_year: { number: plan.number, year } } })
        : null;
    const row = existing
      ? await this.db.plan.update({ where: { id: existing.id }, data })
      : await this.db.plan.create({ data });
    return { id: row.id, plan, sourceFileId: row.sourceFileId };
  }

  async byId(id: number): Promise<StoredPlan | undefined> {
    const row = await this.db.plan.findUnique({ where: { id } });
    return row
      ? { id: row.id, plan: planSchema.parse(JSON.parse(row.parsed)), sourceFileId: row.sourceFileId }
      : undefined;
  }

  /** Recent plans that list drafts to comment on. */
  async withConsultationItems(limit = 8): Promise<StoredPlan[]> {
    const rows = await this.db.plan.findMany({ orderBy: { id: "desc" }, take: 50 });
    return rows
      .map((r) => ({ id: r.id, plan: planSchema.parse(JSON.parse(r.parsed)), sourceFileId: r.sourceFileId }))
      .filter((p) => p.plan.consultationItems.length > 0)
      .slice(0, limit);
  }
}
