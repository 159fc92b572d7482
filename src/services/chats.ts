/** Chats the bot is in, and linking a group chat to its unit. */
import { type CacheBus, LOCAL_CACHE_BUS } from "../db/cache-bus.js";
import type { Db } from "../db/client.js";
import { can } from "../domain/scope.js";
import type { ChatKind, PlatformName } from "../platforms/port.js";
import { audit } from "./audit.js";
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

/** How long a chat row (and the unit it is linked to) is reused without reading it again. */
export const CHAT_CACHE_MS = 5000;

export class ChatService {
  private readonly cache = new Map<string, { chat: ChatRow; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
    private readonly bus: CacheBus = LOCAL_CACHE_BUS,
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
    const chat = await this.db.chat.upsert({
      where: { platform_platformChatId: { platform, platformChatId } },
      create: { platform, platformChatId, kind, title: title ?? null },
      update: { ...(title ? { title } : {}), status: "active" },
      include: { unit: true },
    });
    this.cache.set(key, { chat, at: Date.now() });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return chat;
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

  async markBlocked(platform: PlatformName, platformChatId: string): Promise<void> {
    await this.db.chat.updateMany({ where: { platform, platformChatId }, data: { status: "blocked" } });
    this.forget(platform, platformChatId);
  }
}
