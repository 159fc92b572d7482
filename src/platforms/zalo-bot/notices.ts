/**
 * When Zalo refuses the Zalo Bot's token, staff hear it in their own chat on another platform through the outbox,
 * once per stop, in their language.
 */
import { type NoticeDeps, tellStaffElsewhere } from "../zalo/notices.js";

/** Queues "Zalo Bot stopped: put a new token" for every staff member and admin; returns how many were queued. */
export function tellStaffZaloBotStopped(d: NoticeDeps): Promise<number> {
  return tellStaffElsewhere(d, "zalo-bot", { key: "zalo-bot-stopped", message: "zalo-bot-stopped" });
}
