import type { Db } from "../db/client.js";

export interface AuditActor {
  personId: number;
  name: string;
}

/** Records who did what and when (staff and chair actions). */
export async function audit(
  db: Db,
  actor: AuditActor | string,
  action: string,
  target?: string,
  details?: unknown,
): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: typeof actor === "string" ? null : actor.personId,
      actor: typeof actor === "string" ? actor : actor.name,
      action,
      target: target ?? null,
      details: details === undefined ? null : JSON.stringify(details),
    },
  });
}
