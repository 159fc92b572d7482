/** Granting and revoking chair and staff roles within the granter's own scope. */
import type { Db } from "../db/client.js";
import { can, grantActionFor, type Role } from "../domain/scope.js";
import type { PlatformName } from "../platforms/port.js";
import { audit } from "./audit.js";
import type { Actor, PeopleService } from "./people.js";
import type { UnitRow, UnitService } from "./units.js";

export type RoleChange =
  | { ok: true; unit: UnitRow; role: Role; changed: boolean }
  | { ok: false; problem: "unknown-unit" | "not-allowed" | "bad-role" | "self"; unit?: UnitRow };

/** A person who may be given (or lose) a role at a unit, as staff choose them: by name, with their id on the platform. */
export interface RoleCandidate {
  personId: number;
  name: string;
  platformUserId: string;
}

/** Most people offered as choices; a bigger unit's staff type the id or reply to the person's message. */
export const MAX_CANDIDATES = 20;

export class RoleService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
    private readonly people: PeopleService,
  ) {}

  async grant(actor: Actor, targetPersonId: number, role: Role, unitCode: string): Promise<RoleChange> {
    const check = await this.check(actor, targetPersonId, role, unitCode);
    if (!check.ok) return check;
    const existing = await this.db.membership.findUnique({
      where: { personId_unitId_role: { personId: targetPersonId, unitId: check.unit.id, role } },
    });
    if (!existing) {
      await this.db.membership.create({
        data: { personId: targetPersonId, unitId: check.unit.id, role, grantedById: actor.personId },
      });
      await audit(this.db, actor, "role.grant", `person:${targetPersonId}`, { role, unit: check.unit.code });
      this.people.forget(targetPersonId);
    }
    return { ok: true, unit: check.unit, role, changed: !existing };
  }

  async revoke(actor: Actor, targetPersonId: number, role: Role, unitCode: string): Promise<RoleChange> {
    const check = await this.check(actor, targetPersonId, role, unitCode);
    if (!check.ok) return check;
    const { count } = await this.db.membership.deleteMany({
      where: { personId: targetPersonId, unitId: check.unit.id, role },
    });
    if (count) {
      await audit(this.db, actor, "role.revoke", `person:${targetPersonId}`, { role, unit: check.unit.code });
      this.people.forget(targetPersonId);
    }
    return { ok: true, unit: check.unit, role, changed: count > 0 };
  }

  /**
   * Whom to offer when staff name a unit but not a person: for a grant, the people known in that unit (who wrote in its
   * group or hold a role there), for a revoke those holding the role; each with an account on this platform. At most
   * MAX_CANDIDATES, by name; `more` says whether there were others. The one asking is left out (nobody changes their
   * own roles).
   */
  async candidates(
    actor: Actor,
    unitId: number,
    platform: PlatformName,
    role?: Role,
  ): Promise<{ people: RoleCandidate[]; more: boolean }> {
    const rows = await this.db.membership.findMany({
      where: {
        unitId,
        ...(role ? { role } : {}),
        personId: { not: actor.personId },
        person: { identities: { some: { platform } } },
      },
      select: {
        person: { select: { id: true, displayName: true, identities: { where: { platform }, take: 1 } } },
      },
      distinct: ["personId"],
      orderBy: { personId: "asc" },
      take: 200,
    });
    const people = rows
      .map(({ person }) => ({
        personId: person.id,
        name: person.displayName,
        platformUserId: person.identities[0]?.platformUserId ?? "",
      }))
      .filter((p) => p.platformUserId)
      .sort((a, b) => a.name.localeCompare(b.name, "vi"));
    return { people: people.slice(0, MAX_CANDIDATES), more: people.length > MAX_CANDIDATES };
  }

  private async check(
    actor: Actor,
    targetPersonId: number,
    role: Role,
    unitCode: string,
  ): Promise<{ ok: true; unit: UnitRow } | Extract<RoleChange, { ok: false }>> {
    const action = role === "member" ? "manage" : grantActionFor(role);
    if (!action) return { ok: false, problem: "bad-role" };
    const unit = await this.units.byCode(unitCode);
    if (!unit) return { ok: false, problem: "unknown-unit" };
    if (!can(actor.grants, action, unit.path)) return { ok: false, problem: "not-allowed", unit };
    if (targetPersonId === actor.personId && role !== "member" && !actor.isEnvAdmin)
      return { ok: false, problem: "self", unit };
    return { ok: true, unit };
  }
}
