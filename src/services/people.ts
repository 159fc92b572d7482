/** People, their platform identities and the roles they hold. */
import type { Db } from "../db/client.js";
import type { Grant, Role } from "../domain/scope.js";
import { isLanguage, type Language } from "../i18n.js";
import type { PlatformName } from "../platforms/port.js";

export interface Actor {
  personId: number;
  name: string;
  language: Language;
  platform: PlatformName;
  platformUserId: string;
  grants: Grant[];
  /** Units where the person holds a role, with the role (for help texts, opinions, tallies). */
  memberships: { unitId: number; unitCode: string; unitName: string; unitPath: string; role: Role }[];
  isEnvAdmin: boolean;
}

export class PeopleService {
  constructor(
    private readonly db: Db,
    private readonly adminIds: readonly string[],
    private readonly defaultLanguage: Language,
  ) {}

  /** The person behind a platform user, created on first contact. */
  async resolve(platform: PlatformName, platformUserId: string, displayName: string): Promise<Actor> {
    const identity = await this.db.identity.findUnique({ where: { platform_platformUserId: { platform, platformUserId } }, include: { person: true } });
    let personId: number;
    if (identity) {
      personId = identity.personId;
      if (displayName && identity.displayName !== displayName) {
        await this.db.identity.update({ where: { id: identity.id }, data: { displayName } });
      }
    } else {
      const person = await this.db.person.create({
        data: { displayName: displayName || platformUserId, language: this.defaultLanguage, identities: { create: { platform, platformUserId, displayName } } },
      });
      personId = person.id;
    }
    return this.actorOf(personId, platform, platformUserId);
  }

  async actorOf(personId: number, platform: PlatformName, platformUserId: string): Promise<Actor> {
    const person = await this.db.person.findUniqueOrThrow({ where: { id: personId }, include: { memberships: { include: { unit: true } }, identities: true } });
    const isEnvAdmin = person.identities.some((i) => this.adminIds.includes(`${i.platform}:${i.platformUserId}`));
    const memberships = person.memberships.map((m) => ({
      unitId: m.unitId, unitCode: m.unit.code, unitName: m.unit.name, unitPath: m.unit.path, role: m.role as Role,
    }));
    const grants: Grant[] = memberships.map((m) => ({ role: m.role, unitPath: m.unitPath }));
    if (isEnvAdmin) grants.push({ role: "admin", unitPath: "/" });
    return {
      personId, name: person.displayName, language: isLanguage(person.language) ? person.language : this.defaultLanguage,
      platform, platformUserId, grants, memberships, isEnvAdmin,
    };
  }

  async findByPlatformUser(platform: PlatformName, platformUserId: string): Promise<{ id: number; displayName: string } | null> {
    const identity = await this.db.identity.findUnique({ where: { platform_platformUserId: { platform, platformUserId } }, include: { person: true } });
    return identity ? { id: identity.person.id, displayName: identity.displayName ?? identity.person.displayName } : null;
  }

  /** A member who writes in a unit's group chat belongs to that unit (membership as "member"). */
  async ensureMember(personId: number, unitId: number): Promise<boolean> {
    const existing = await this.db.membership.findFirst({ where: { personId, unitId } });
    if (existing) return false;
    await this.db.membership.create({ data: { personId, unitId, role: "member" } }).catch(() => undefined);
    return true;
  }

  async setLanguage(personId: number, language: Language): Promise<void> {
    await this.db.person.update({ where: { id: personId }, data: { language } });
  }
}
