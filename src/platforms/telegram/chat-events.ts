/**
 * Telegram's group changes → the chat service (services/chats.ts), which Zalo's group events use too:
 * - `migrate_to_chat_id` (posted into the old group) or `migrate_from_chat_id` (into the new supergroup): the group
 *   was upgraded to a supergroup and has a new id; whichever arrives first moves the chat's records, the other finds
 *   nothing left to move;
 * - `my_chat_member`: the bot removed or left ("kicked", "left") marks the chat removed; added back ("member",
 *   "administrator", or "restricted" while still a member) makes it active again with its unit link;
 * - `new_chat_title`: the group was renamed.
 * These are service updates, not anything a person said to the bot: the core never sees them.
 */
import type { Update } from "grammy/types";
import type { ChangedBy, ChatService } from "../../services/chats.js";
import type { ChatKind } from "../port.js";

export type ChatChange =
  | { kind: "migrated"; from: string; to: string; by: ChangedBy }
  | { kind: "removed"; chat: string; by: ChangedBy }
  | { kind: "returned"; chat: string; chatKind: ChatKind; title?: string; by: ChangedBy }
  | { kind: "renamed"; chat: string; title: string };

/** The part of the chat service these changes call. */
export type ChatChanges = Pick<ChatService, "removed" | "returned" | "renamed" | "migrate">;

/** The group change an update reports, if it reports one. */
export function chatChangeOf(update: Update): ChatChange | undefined {
  const member = update.my_chat_member;
  // An update missing what Telegram always sends is no change anyone can act on.
  if (member?.chat && member.new_chat_member) {
    const chat = String(member.chat.id);
    const by = personOf(member.from);
    const status = member.new_chat_member;
    const present =
      status.status === "member" ||
      status.status === "administrator" ||
      status.status === "creator" ||
      (status.status === "restricted" && status.is_member);
    if (!present) return { kind: "removed", chat, by };
    const title = "title" in member.chat ? member.chat.title : undefined;
    return { kind: "returned", chat, chatKind: member.chat.type === "private" ? "private" : "group", title, by };
  }
  const msg = update.message;
  if (!msg) return undefined;
  const by = msg.from ? personOf(msg.from) : undefined;
  if (msg.migrate_to_chat_id !== undefined)
    return { kind: "migrated", from: String(msg.chat.id), to: String(msg.migrate_to_chat_id), by };
  if (msg.migrate_from_chat_id !== undefined)
    return { kind: "migrated", from: String(msg.migrate_from_chat_id), to: String(msg.chat.id), by };
  if (msg.new_chat_title !== undefined)
    return { kind: "renamed", chat: String(msg.chat.id), title: msg.new_chat_title };
  return undefined;
}

/**
 * Applies a change; returns what to say in the chat, if anything: a group the bot came back to that is still linked
 * hears that it needs no new /lienket.
 */
export async function applyChatChange(
  chats: ChatChanges,
  change: ChatChange,
): Promise<{ chatId: string; unit: string } | undefined> {
  switch (change.kind) {
    case "migrated":
      await chats.migrate("telegram", change.from, change.to, change.by);
      return undefined;
    case "removed":
      await chats.removed("telegram", change.chat, change.by);
      return undefined;
    case "renamed":
      await chats.renamed("telegram", change.chat, change.title);
      return undefined;
    case "returned": {
      const { chat, wasRemoved } = await chats.returned(
        "telegram",
        change.chat,
        change.chatKind,
        change.title,
        change.by,
      );
      return wasRemoved && chat.kind === "group" && chat.unit?.active
        ? { chatId: change.chat, unit: chat.unit.name }
        : undefined;
    }
  }
}

function personOf(user: { id: number; first_name: string; last_name?: string }): ChangedBy {
  return { platformUserId: String(user.id), name: [user.first_name, user.last_name].filter(Boolean).join(" ") };
}
