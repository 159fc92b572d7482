/** Granting and revoking chair and staff roles within the granter's own scope. */
import type { Db } from "../db/client.js";
import { can, grantActionFor, type Role } from "../domain/scope.js";
import { audit } from "./audit.js";
import type { Actor, PeopleService } from "./people.js";
import type { UnitRow, UnitService } from "./units.js";

export type RoleChange =
  | { ok: true; unit: UnitRow; role: Role; changed: boolean }
  | { ok: false; problem: "unknown-unit" | "not-allowed" | "bad-role" | "self"; unit?: UnitRow };

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
