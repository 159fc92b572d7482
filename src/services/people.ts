/** People, their platform identities and the roles they hold. */

import { type CacheBus, LOCAL_CACHE_BUS } from "../db/cache-bus.js";
import type { Db } from "../db/client.js";
import type { ActorRows, HotStorage } from "../db/hot-store.js";
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

/**
 * How long a person's roles are reused without asking the database again. Changes made by the bot are seen at once, in
 * this process (the services that make them call forget) and in the others on the same database (the cache bus, which
 * also tells them to drop everything after a notice it could not send); this lifetime is the backstop for a change
 * made outside the bot (by hand in the database).
 */
export const ACTOR_CACHE_MS = 30_000;

/** A row another update created a moment earlier is fine; any other failure (a full disk, a lock) is not. */
function ignoreDuplicate(err: unknown): undefined {
  if ((err as { code?: string }).code === "P2002") return undefined;
  throw err;
}

export class PeopleService {
  private readonly cache = new Map<string, { actor: Actor; at: number; name: string }>();

  constructor(
    private readonly db: Db,
    private readonly hot: HotStorage,
    private readonly adminIds: readonly string[],
    private readonly defaultLanguage: Language,
    private readonly bus: CacheBus = LOCAL_CACHE_BUS,
  ) {
    // Other processes' changes (PostgreSQL): their roles and languages count here at once.
    bus.subscribe((c) => {
      if (c.topic === "all") this.cache.clear();
      else if (c.topic === "person") this.drop(Number(c.key));
    });
  }

  /** Drops what is remembered about a person (after their roles, units or language changed), in every process. */
  forget(personId: number): void {
    this.drop(personId);
    void this.bus.publish("person", String(personId));
  }

  private drop(personId: number): void {
    for (const [k, v] of this.cache) if (v.actor.personId === personId) this.cache.delete(k);
  }

  /** The person behind a platform user, created on first contact. */
  async resolve(platform: PlatformName, platformUserId: string, displayName: string): Promise<Actor> {
    const key = `${platform}:${platformUserId}`;
    const hit = this.cache.get(key);
    if (hit && hit.name === displayName && Date.now() - hit.at < ACTOR_CACHE_MS) return hit.actor;
    const actor = await this.load(platform, platformUserId, displayName);
    this.cache.set(key, { actor, at: Date.now(), name: displayName });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return actor;
  }

  private async load(platform: PlatformName, platformUserId: string, displayName: string): Promise<Actor> {
    let rows = await this.hot.actor({ platform, platformUserId });
    if (!rows) {
      await this.db.person
        .create({
          data: {
            displayName: displayName || platformUserId,
            language: this.defaultLanguage,
            identities: { create: { platform, platformUserId, displayName } },
          },
        })
        .catch(ignoreDuplicate); // created meanwhile by another update: read it below
      rows = await this.hot.actor({ platform, platformUserId });
      if (!rows) throw new Error(`person ${platform}:${platformUserId} could not be created`);
    } else if (displayName && rows.identityName !== displayName) {
      await this.db.identity.updateMany({ where: { platform, platformUserId }, data: { displayName } });
    }
    return this.toActor(rows, platform, platformUserId);
  }

  async actorOf(personId: number, platform: PlatformName, platformUserId: string): Promise<Actor> {
    const rows = await this.hot.actor({ personId });
    if (!rows) throw new Error(`no person ${personId}`);
    return this.toActor(rows, platform, platformUserId);
  }

  private toActor(rows: ActorRows, platform: PlatformName, platformUserId: string): Actor {
    const isEnvAdmin = rows.identities.some((i) => this.adminIds.includes(`${i.platform}:${i.platformUserId}`));
    const memberships = rows.memberships.map((m) => ({ ...m, role: m.role as Role }));
    const grants: Grant[] = memberships.map((m) => ({ role: m.role, unitPath: m.unitPath }));
    if (isEnvAdmin) grants.push({ role: "admin", unitPath: "/" });
    return {
      personId: rows.personId,
      name: rows.displayName,
      language: isLanguage(rows.language) ? rows.language : this.defaultLanguage,
      platform,
      platformUserId,
      grants,
      memberships,
      isEnvAdmin,
    };
  }

  async findByPlatformUser(
    platform: PlatformName,
    platformUserId: string,
  ): Promise<{ id: number; displayName: string } | null> {
    const identity = await this.db.identity.findUnique({
      where: { platform_platformUserId: { platform, platformUserId } },
      include: { person: true },
    });
    return identity
      ? { id: identity.person.id, displayName: identity.displayName ?? identity.person.displayName }
      : null;
  }

  /** A member who writes in a unit's group chat belongs to that unit (membership as "member"). */
  async ensureMember(personId: number, unitId: number): Promise<boolean> {
    const existing = await this.db.membership.findFirst({ where: { personId, unitId } });
    if (existing) return false;
    await this.db.membership.create({ data: { personId, unitId, role: "member" } }).catch(ignoreDuplicate);
    this.forget(personId);
    return true;
  }

  /** The unit a member of several last gave an opinion for (asked once, then remembered), or null. */
  async rememberedOpinionUnit(personId: number): Promise<number | null> {
    return (await this.db.person.findUniqueOrThrow({ where: { id: personId } })).opinionUnitId;
  }

  /** Remembers the unit the member chose to give opinions for. */
  async rememberOpinionUnit(personId: number, unitId: number): Promise<void> {
    await this.db.person.update({ where: { id: personId }, data: { opinionUnitId: unitId } });
  }

  async setLanguage(personId: number, language: Language): Promise<void> {
    await this.hot.setLanguage(personId, language);
    this.forget(personId);
  }
}
