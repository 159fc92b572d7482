/**
 * Chats the bot is in, linking a group chat to its unit, and what happens to a group over its life, the same for every
 * platform: the bot removed (`removed`), added back (`returned`), the group renamed (`renamed`) or given a new id
 * (`migrate`: a Telegram group upgraded to a supergroup). Adapters translate their platform's events into these calls.
 */
import type { Clock } from "../clock.js";
import { type CacheBus, LOCAL_CACHE_BUS } from "../db/cache-bus.js";
import type { Db } from "../db/client.js";
import type { ChatRows, HotStorage } from "../db/hot-store.js";
import { can } from "../domain/scope.js";
import { type I18n, isLanguage, type Language } from "../i18n.js";
import type { ChatKind, PlatformName } from "../platforms/port.js";
import { audit } from "./audit.js";
import { moveChatRecords } from "./chat-migration.js";
import type { OutboxService } from "./outbox.js";
import type { Actor } from "./people.js";
import type { UnitRow, UnitService } from "./units.js";

export type ChatRow = Awaited<ReturnType<Db["chat"]["findUniqueOrThrow"]>> & { unit: UnitRow | null };

export type LinkResult =
  | { ok: true; unit: UnitRow; previous?: UnitRow }
  | {
      ok: false;
      problem: "not-group" | "no-code" | "unknown-unit" | "inactive-unit" | "not-allowed" | "not-allowed-previous";
      unit?: UnitRow;
    };

/**
 * How long a chat row (and the unit it is linked to) is reused without reading it again: the bot's own changes to it
 * are announced to every process at once (cache bus); this is the backstop for changes made outside the bot (a unit
 * renamed by `units:import` while the bot runs shows under its new name within this time).
 */
export const CHAT_CACHE_MS = 30_000;

/** What telling a unit's chairs takes (in private, through the outbox); without it nobody is told. */
export interface ChairNotices {
  outbox: OutboxService;
  i18n: I18n;
  clock: Clock;
  defaultLanguage: Language;
}

/** Who made a group change, for the audit log (the person Telegram names in the update), when known. */
export type ChangedBy = { platformUserId: string; name: string } | undefined;

export class ChatService {
  private readonly cache = new Map<string, { chat: ChatRow; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
    private readonly hot: Pick<HotStorage, "chat">,
    private readonly bus: CacheBus = LOCAL_CACHE_BUS,
    private readonly notices?: ChairNotices,
  ) {
    bus.subscribe((c) => {
      if (c.topic === "all") this.cache.clear();
      else if (c.topic === "chat") this.cache.delete(c.key);
    });
  }

  async touch(platform: PlatformName, platformChatId: string, kind: ChatKind, title?: string): Promise<ChatRow> {
    const key = `${platform}:${platformChatId}`;
    const hit = this.cache.get(key);
    if (
      hit &&
      Date.now() - hit.at < CHAT_CACHE_MS &&
      hit.chat.status === "active" &&
      (!title || hit.chat.title === title)
    )
      return hit.chat;
    // Read in one statement; written only when new, renamed or back from "blocked" (Prisma's upsert took six).
    const found = await this.hot.chat(platform, platformChatId);
    const chat =
      found && found.status === "active" && (!title || found.title === title)
        ? chatRowOf(found)
        : await this.write(platform, platformChatId, kind, title);
    this.cache.set(key, { chat, at: Date.now() });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return chat;
  }

  private write(platform: PlatformName, platformChatId: string, kind: ChatKind, title?: string): Promise<ChatRow> {
    return this.db.chat.upsert({
      where: { platform_platformChatId: { platform, platformChatId } },
      create: { platform, platformChatId, kind, title: title ?? null },
      update: { ...(title ? { title } : {}), status: "active" },
      include: { unit: true },
    });
  }

  /** Drops the chat's cached row here and in every other process (its link or status changed). */
  private forget(platform: string, platformChatId: string): void {
    const key = `${platform}:${platformChatId}`;
    this.cache.delete(key);
    void this.bus.publish("chat", key);
  }

  async link(actor: Actor, chat: ChatRow, rawCode: string | undefined): Promise<LinkResult> {
    if (chat.kind !== "group") return { ok: false, problem: "not-group" };
    if (!rawCode?.trim()) return { ok: false, problem: "no-code" };
    const unit = await this.units.byCode(rawCode);
    if (!unit) return { ok: false, problem: "unknown-unit" };
    if (!unit.active) return { ok: false, problem: "inactive-unit", unit };
    if (!can(actor.grants, "manage", unit.path)) return { ok: false, problem: "not-allowed", unit };
    const previous = chat.unit ?? undefined;
    if (previous && previous.id !== unit.id && !can(actor.grants, "manage", previous.path)) {
      return { ok: false, problem: "not-allowed-previous", unit: previous };
    }
    await this.db.chat.update({
      where: { id: chat.id },
      data: { unitId: unit.id, linkedById: actor.personId, linkedAt: new Date() },
    });
    this.forget(chat.platform, chat.platformChatId);
    await audit(this.db, actor, "chat.link", `${chat.platform}:${chat.platformChatId}`, {
      unit: unit.code,
      previous: previous?.code,
    });
    return { ok: true, unit, previous: previous && previous.id !== unit.id ? previous : undefined };
  }

  /**
   * The bot is no longer in the chat: removed or left (the platform's event), or refused by the platform on a send
   * (Telegram's 403). Broadcasts, reminders and notices skip it from now on; its unit link stays, so adding the bot
   * back needs no new /lienket. The first notice of it (active → blocked) for a group is audit-logged and the linked
   * unit's chairs are told in private; later notices change nothing. Returns whether this call made the change.
   */
  async removed(platform: PlatformName, platformChatId: string, by?: ChangedBy): Promise<boolean> {
    // One transaction: the mark, its audit line and the chairs' notices commit together or not at all.
    const changed = await this.db.$transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      const marked = await tx.chat.updateMany({
        where: { platform, platformChatId, status: "active" },
        data: { status: "blocked" },
      });
      if (!marked.count) return false;
      const chat = await tx.chat.findUnique({
        where: { platform_platformChatId: { platform, platformChatId } },
        include: { unit: true },
      });
      if (chat?.kind !== "group") return true;
      await audit(tx, actorOf(platform, by), "chat.removed", `${platform}:${platformChatId}`, {
        unit: chat.unit?.code,
      });
      if (chat.unit?.active) await this.tellChairs(tx, chat, chat.unit);
      return true;
    });
    this.forget(platform, platformChatId);
    return changed;
  }

  /**
   * The bot is in the chat again (added back, or unblocked): active, linked to the unit it was linked to before.
   * `wasRemoved` says whether it had been marked removed (audit-logged for a group).
   */
  async returned(
    platform: PlatformName,
    platformChatId: string,
    kind: ChatKind,
    title?: string,
    by?: ChangedBy,
  ): Promise<{ chat: ChatRow; wasRemoved: boolean }> {
    const before = await this.db.chat.findUnique({
      where: { platform_platformChatId: { platform, platformChatId } },
      select: { status: true },
    });
    this.forget(platform, platformChatId);
    const chat = await this.touch(platform, platformChatId, kind, title);
    const wasRemoved = before?.status === "blocked";
    if (wasRemoved && kind === "group")
      await audit(this.db, actorOf(platform, by), "chat.returned", `${platform}:${platformChatId}`, {
        unit: chat.unit?.code,
      });
    return { chat, wasRemoved };
  }

  /** A group's new name (shown to staff in lists and notices). */
  renamed(platform: PlatformName, platformChatId: string, title: string): Promise<ChatRow> {
    return this.touch(platform, platformChatId, "group", title);
  }

  /**
   * The chat lives on under a new id (a Telegram group upgraded to a supergroup). Its unit link, the conversations held
   * in it and its outbox rows move there (chat-migration.ts), once, in one transaction, audit-logged; a later notice of
   * the same migration (the service message after a send met the 400, or the other way round) does nothing. Returns
   * whether this call moved anything.
   */
  async migrate(platform: PlatformName, from: string, to: string, by?: ChangedBy): Promise<boolean> {
    if (from === to) return false;
    const move = () =>
      this.db.$transaction(async (transaction) => {
        const tx = transaction as unknown as Db;
        const result = await moveChatRecords(tx, platform, from, to);
        if (result)
          await audit(tx, actorOf(platform, by), "chat.migrate", `${platform}:${from}`, {
            to,
            unit: result.unitCode,
            outboxRows: result.outboxRows,
            conversations: result.conversations,
          });
        return result;
      });
    // Two processes (or the old chat's and the outbox's notice) moving the same chat at once: the loser of the race
    // meets the winner's row under the new id (a unique clash) and runs again, finding it moved already.
    const moved = await move().catch((err: unknown) => {
      if ((err as { code?: string }).code !== "P2002") throw err;
      return move();
    });
    this.forget(platform, from);
    this.forget(platform, to);
    return moved !== undefined;
  }

  /** Each chair of the unit hears in private that the bot left the unit's group (on the group's platform if they can). */
  private async tellChairs(tx: Db, chat: ChatRow, unit: UnitRow): Promise<void> {
    if (!this.notices) return;
    const { outbox, i18n, clock, defaultLanguage } = this.notices;
    const chairs = await tx.membership.findMany({
      where: { unitId: unit.id, role: "chair" },
      include: { person: { include: { identities: { orderBy: { id: "asc" } } } } },
    });
    const at = clock.now().getTime();
    const items = chairs.flatMap(({ person }) => {
      const identity = person.identities.find((i) => i.platform === chat.platform) ?? person.identities[0];
      if (!identity) return [];
      const lang = isLanguage(person.language) ? person.language : defaultLanguage;
      const text = i18n.t(lang, "chat-removed-chair", {
        title: chat.title ?? chat.platformChatId,
        unit: unit.name,
      });
      return [
        {
          key: `chat-removed:${chat.platform}:${chat.platformChatId}:${at}:${person.id}`,
          platform: identity.platform,
          platformChatId: identity.platformUserId,
          kind: "notice" as const,
          unitId: unit.id,
          reply: { kind: "text" as const, text },
        },
      ];
    });
    await outbox.enqueue(items, tx);
  }
}

/** The audit log's actor of a group change: the person the platform names, or the platform itself. */
function actorOf(platform: PlatformName, by: ChangedBy): string {
  return by ? `${by.name} (${platform}:${by.platformUserId})` : platform;
}

/** The hot store's chat row as Prisma's (ChatRow): its dates as Dates, SQLite's 0 or 1 as a boolean. */
function chatRowOf(r: ChatRows): ChatRow {
  const u = r.unit;
  return {
    ...r,
    linkedAt: r.linkedAt === null ? null : new Date(r.linkedAt),
    createdAt: new Date(r.createdAt),
    unit: u && { ...u, active: !!u.active, createdAt: new Date(u.createdAt), updatedAt: new Date(u.updatedAt) },
  };
}
