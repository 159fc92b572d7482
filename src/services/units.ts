/** Reading the unit tree: lookups by code, subtrees, chairs, chats. */
import type { Db } from "../db/client.js";
import { can, scopeRoots } from "../domain/scope.js";
import type { SummaryUnit } from "../domain/unit-summary.js";
import { unitCodeSchema } from "../domain/units.js";
import type { Actor } from "./people.js";

export type UnitRow = Awaited<ReturnType<Db["unit"]["findUniqueOrThrow"]>>;

export class UnitService {
  constructor(private readonly db: Db) {}

  /** A unit by the code people type (case and spaces forgiven); undefined for an unknown or malformed code. */
  async byCode(raw: string): Promise<UnitRow | undefined> {
    const code = unitCodeSchema.safeParse(raw);
    if (!code.success) return undefined;
    return (await this.db.unit.findUnique({ where: { code: code.data } })) ?? undefined;
  }

  /**
   * The unit at the top of a scope: its path, or for "/" (the whole tree, as the environment's admins hold it) the
   * first top unit.
   */
  async atScopeRoot(path: string): Promise<UnitRow | undefined> {
    const unit =
      path === "/"
        ? await this.db.unit.findFirst({ where: { parentId: null }, orderBy: { id: "asc" } })
        : await this.db.unit.findFirst({ where: { path } });
    return unit ?? undefined;
  }

  /**
   * The unit a command is about: the one named by code, which the person must be able to view, or the top of their
   * own scope when none is named (/tonghop, /tiendo).
   */
  async inScope(
    actor: Actor,
    unitCode?: string,
  ): Promise<
    { ok: true; unit: UnitRow } | { ok: false; problem: "unknown-unit" | "not-allowed" | "no-scope"; unit?: UnitRow }
  > {
    if (unitCode) {
      const unit = await this.byCode(unitCode);
      if (!unit) return { ok: false, problem: "unknown-unit" };
      if (!can(actor.grants, "view", unit.path)) return { ok: false, problem: "not-allowed", unit };
      return { ok: true, unit };
    }
    const root = scopeRoots(actor.grants, "view")[0];
    const unit = root ? await this.atScopeRoot(root) : undefined;
    return unit ? { ok: true, unit } : { ok: false, problem: "no-scope" };
  }

  async byId(id: number): Promise<UnitRow | undefined> {
    return (await this.db.unit.findUnique({ where: { id } })) ?? undefined;
  }

  /** Every unit at or below a path (indexed range scan on the materialised path). */
  async subtree(path: string, options: { activeOnly?: boolean } = {}): Promise<UnitRow[]> {
    return this.db.unit.findMany({
      where: { path: { gte: path, lt: upperBound(path) }, ...(options.activeOnly ? { active: true } : {}) },
      orderBy: [{ depth: "asc" }, { code: "asc" }],
    });
  }

  async children(unitId: number): Promise<UnitRow[]> {
    return this.db.unit.findMany({ where: { parentId: unitId }, orderBy: { code: "asc" } });
  }

  /**
   * The rows of a summary for a reader whose scope is `paths` (domain/unit-summary.ts): one scope root's own unit and
   * its children; several roots (or none above them) are their own rows; the whole tree ("/") its top units.
   */
  async summaryGroups(paths: string[]): Promise<SummaryUnit[]> {
    const pick = { id: true, code: true, name: true, path: true } as const;
    if (paths.includes("/")) {
      const tops = await this.db.unit.findMany({ where: { parentId: null }, select: pick });
      if (tops.length !== 1) return tops;
      return [...tops, ...(await this.db.unit.findMany({ where: { parentId: tops[0]!.id }, select: pick }))];
    }
    const roots = await this.db.unit.findMany({ where: { path: { in: paths } }, select: pick });
    if (roots.length !== 1) return roots;
    return [...roots, ...(await this.db.unit.findMany({ where: { parentId: roots[0]!.id }, select: pick }))];
  }

  async chairsOf(unitId: number): Promise<string[]> {
    const rows = await this.db.membership.findMany({ where: { unitId, role: "chair" }, include: { person: true } });
    return rows.map((r) => r.person.displayName);
  }
}

/** The smallest string greater than every path that starts with `path` ("/1/4/" → "/1/40"; '0' follows '/'). */
export function upperBound(path: string): string {
  return `${path.slice(0, -1)}0`;
}
