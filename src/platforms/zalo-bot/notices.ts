/**
 * When Zalo refuses the Zalo Bot's token, staff hear it in their own chat on another platform through the outbox,
 * once per stop, in their language.
 */
import type { NoticeDeps } from "../zalo/notices.js";

/** Queues "Zalo Bot stopped: put a new token" for every staff member and admin; returns how many were queued. */
export async function tellStaffZaloBotStopped(d: NoticeDeps): Promise<number> {
  const roles = await d.db.membership.findMany({
    where: { role: { in: ["staff", "admin"] } },
    select: { personId: true },
  });
  const ids = [...new Set(roles.map((r) => r.personId))];
  const people = await d.db.person.findMany({ where: { id: { in: ids } }, include: { identities: true } });
  const at = d.clock.now().toISOString().slice(0, 16);
  const items = people.flatMap((p) => {
    const identity = p.identities.find((i) => i.platform !== "zalo-bot");
    if (!identity) return [];
    return [
      {
        key: `zalo-bot-stopped:${at}:${p.id}`,
        platform: identity.platform,
        platformChatId: identity.platformUserId,
        kind: "notice" as const,
        reply: { kind: "text" as const, text: d.i18n.t(p.language === "en" ? "en" : "vi", "zalo-bot-stopped") },
      },
    ];
  });
  return items.length ? d.outbox.enqueue(items) : 0;
}
