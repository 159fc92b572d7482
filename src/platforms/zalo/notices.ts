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

/** Queues "Zalo stopped: run npm run zalo:login" for every staff member and admin; returns how many were queued. */
export async function tellStaffZaloStopped(d: NoticeDeps, reason: SessionLoss): Promise<number> {
  const roles = await d.db.membership.findMany({
    where: { role: { in: ["staff", "admin"] } },
    select: { personId: true },
  });
  const ids = [...new Set(roles.map((r) => r.personId))];
  const people = await d.db.person.findMany({ where: { id: { in: ids } }, include: { identities: true } });
  const at = d.clock.now().toISOString().slice(0, 16);
  const items = people.flatMap((p) => {
    const identity = p.identities.find((i) => i.platform !== "zalo");
    if (!identity) return [];
    const lang: Language = p.language === "en" ? "en" : "vi";
    return [
      {
        key: `zalo-stopped:${reason}:${at}:${p.id}`,
        platform: identity.platform,
        platformChatId: identity.platformUserId,
        kind: "notice" as const,
        reply: { kind: "text" as const, text: d.i18n.t(lang, `zalo-stopped-${reason}`) },
      },
    ];
  });
  return items.length ? d.outbox.enqueue(items) : 0;
}
