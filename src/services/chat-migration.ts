/**
 * Moving a chat's records to its new id, for ChatService.migrate (a Telegram group upgraded to a supergroup gets a new
 * chat id). One transaction: the Chat row (its unit link, title, status), the conversations people hold in it, and its
 * outbox rows. Roles and acknowledgements belong to the unit, so they follow with the link.
 *
 * Outbox rows are moved whatever their status: pending ones so they go out to the new id, sent and failed ones so an
 * announcement's status (which joins rows to chats by id) still counts them. Their keys name the chat
 * (`ann:<id>:telegram:<chat>`, `rem:…:telegram:<chat>`), and are rewritten to the new id, so a post queued again for
 * the new id (a reminder's next run) finds it already there instead of going out twice. Where a row under the new key
 * already exists, a pending old row is dropped (the same message is queued there) and any other keeps its old key.
 */
import type { Db } from "../db/client.js";

export interface MovedChat {
  /** The unit the chat is linked to after the move, if any. */
  unitCode?: string;
  outboxRows: number;
  conversations: number;
}

/**
 * Moves what is filed under `from` to `to`; undefined when there is nothing under `from` (moved already, or never
 * seen). Run inside a transaction (`tx`).
 */
export async function moveChatRecords(
  tx: Db,
  platform: string,
  from: string,
  to: string,
): Promise<MovedChat | undefined> {
  const where = (platformChatId: string) => ({ platform_platformChatId: { platform, platformChatId } });
  const old = await tx.chat.findUnique({ where: where(from), include: { unit: true } });
  if (!old) return undefined;
  const existing = await tx.chat.findUnique({ where: where(to), include: { unit: true } });
  let unitCode = old.unit?.code;
  // Every write is conditional on the old id: of two processes noticing the same migration at once, one moves it,
  // and the other (which may have read the old row before the move and the new one after it) finds nothing to do.
  const stillOld = { id: old.id, platformChatId: from };
  if (existing) {
    // The new chat was seen first (a message there before the migration was known): it takes the old one's link
    // unless it was linked itself since, which was someone's deliberate choice.
    if (existing.id === old.id || !(await tx.chat.deleteMany({ where: stillOld })).count) return undefined;
    const keepOwn = existing.unitId !== null;
    await tx.chat.update({
      where: { id: existing.id },
      data: {
        kind: "group",
        title: existing.title ?? old.title,
        ...(keepOwn ? {} : { unitId: old.unitId, linkedById: old.linkedById, linkedAt: old.linkedAt }),
      },
    });
    if (keepOwn) unitCode = existing.unit?.code;
  } else {
    const moved = await tx.chat.updateMany({ where: stillOld, data: { platformChatId: to, kind: "group" } });
    if (!moved.count) return undefined;
  }

  // A person who already talks in the new chat keeps that conversation; their one in the old chat ends.
  const conversations = await tx.$executeRawUnsafe(
    `UPDATE "ConversationState" SET "chatId" = ?
      WHERE platform = ? AND "chatId" = ? AND NOT EXISTS (
        SELECT 1 FROM "ConversationState" n
         WHERE n.platform = "ConversationState".platform AND n."chatId" = ? AND n."userId" = "ConversationState"."userId")`,
    to,
    platform,
    from,
    to,
  );
  await tx.$executeRawUnsafe(`DELETE FROM "ConversationState" WHERE platform = ? AND "chatId" = ?`, platform, from);

  const [oldKey, newKey] = [`:${platform}:${from}`, `:${platform}:${to}`];
  const taken = `EXISTS (SELECT 1 FROM "OutboxMessage" d WHERE d.key = REPLACE("OutboxMessage".key, ?, ?))`;
  const dropped = await tx.$executeRawUnsafe(
    `DELETE FROM "OutboxMessage" WHERE platform = ? AND "platformChatId" = ? AND status = 'pending' AND ${taken}`,
    platform,
    from,
    oldKey,
    newKey,
  );
  const rekeyed = await tx.$executeRawUnsafe(
    `UPDATE "OutboxMessage" SET "platformChatId" = ?, key = REPLACE(key, ?, ?)
      WHERE platform = ? AND "platformChatId" = ? AND NOT ${taken}`,
    to,
    oldKey,
    newKey,
    platform,
    from,
    oldKey,
    newKey,
  );
  const kept = await tx.$executeRawUnsafe(
    `UPDATE "OutboxMessage" SET "platformChatId" = ? WHERE platform = ? AND "platformChatId" = ?`,
    to,
    platform,
    from,
  );
  return { unitCode, outboxRows: dropped + rekeyed + kept, conversations };
}
