/**
 * When Zalo stops (the session was refused or taken over), staff hear it in their own chat on another platform
 * (Telegram, the playground) through the outbox, once per stop, in their language.
 */
import type { Clock } from "../../clock.js";
import type { Db } from "../../db/client.js";
import type { I18n, Language } from "../../i18n.js";
import type { OutboxService } from "../../services/outbox.js";
import type { SessionLoss } from "./adapter.js";

export interface NoticeDeps {
  db: Db;
  outbox: Pick<OutboxService, "enqueue">;
  i18n: I18n;
  clock: Clock;
}

/**
 * Queues a notice for every staff member and admin, in their own chat on a platform other than `from` (the one that
 * stopped) and in their language, once per minute key; returns how many were queued.
 */
export async function tellStaffElsewhere(
  d: NoticeDeps,
  from: string,
  notice: { key: string; message: string },
): Promise<number> {
  const roles = await d.db.membership.findMany({
    where: { role: { in: ["staff", "admin"] } },
    select: { personId: true },
  });
  const ids = [...new Set(roles.map((r) => r.personId))];
  const people = await d.db.person.findMany({ where: { id: { in: ids } }, include: { identities: true } });
  const at = d.clock.now().toISOString().slice(0, 16);
  const items = people.flatMap((p) => {
    const identity = p.identities.find((i) => i.platform !== from);
    if (!identity) return [];
    const lang: Language = p.language === "en" ? "en" : "vi";
    return [
      {
        key: `${notice.key}:${at}:${p.id}`,
        platform: identity.platform,
        platformChatId: identity.platformUserId,
        kind: "notice" as const,
        reply: { kind: "text" as const, text: d.i18n.t(lang, notice.message) },
      },
    ];
  });
  return items.length ? d.outbox.enqueue(items) : 0;
}

/** Queues "Zalo stopped: run npm run zalo:login" for every staff member and admin; returns how many were queued. */
export function tellStaffZaloStopped(d: NoticeDeps, reason: SessionLoss): Promise<number> {
  return tellStaffElsewhere(d, "zalo", { key: `zalo-stopped:${reason}`, message: `zalo-stopped-${reason}` });
}
