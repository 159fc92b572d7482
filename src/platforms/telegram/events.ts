/** Telegram update → neutral IncomingEvent. */
import type { Message, Update } from "grammy/types";
import type { IncomingAttachment, IncomingEvent } from "../port.js";

export interface BotIdentity {
  id: number;
  username: string;
}

export function toEvent(update: Update, me: BotIdentity): IncomingEvent | undefined {
  if (update.callback_query) {
    const q = update.callback_query;
    const chat = q.message?.chat ?? { id: q.from.id, type: "private" as const };
    if (chat.type === "channel") return undefined;
    return {
      platform: "telegram",
      updateId: String(update.update_id),
      chat: {
        id: String(chat.id),
        kind: chat.type === "private" ? "private" : "group",
        title: "title" in chat ? chat.title : undefined,
      },
      sender: { id: String(q.from.id), name: fullName(q.from), languageCode: q.from.language_code },
      messageId: q.message ? String(q.message.message_id) : undefined,
      choice: q.data ?? "",
      ...topicOf(q.message),
    };
  }
  const msg = update.message;
  if (!msg?.from || msg.from.id === me.id) return undefined;
  const text = msg.text ?? msg.caption;
  const entities = msg.entities ?? msg.caption_entities ?? [];
  const mentionsBot = entities.some(
    (e) =>
      e.type === "mention" &&
      text?.slice(e.offset, e.offset + e.length).toLowerCase() === `@${me.username.toLowerCase()}`,
  );
  const reply = msg.reply_to_message;
  return {
    platform: "telegram",
    updateId: String(update.update_id),
    chat: {
      id: String(msg.chat.id),
      kind: msg.chat.type === "private" ? "private" : "group",
      title: "title" in msg.chat ? msg.chat.title : undefined,
    },
    sender: { id: String(msg.from.id), name: fullName(msg.from), languageCode: msg.from.language_code },
    messageId: String(msg.message_id),
    ...(text !== undefined ? { text } : {}),
    ...(reply
      ? {
          replyTo: {
            messageId: String(reply.message_id),
            fromBot: reply.from?.id === me.id,
            senderId: reply.from ? String(reply.from.id) : undefined,
            senderName: reply.from ? fullName(reply.from) : undefined,
          },
        }
      : {}),
    ...(attachmentOf(msg) ? { attachment: attachmentOf(msg) } : {}),
    ...(mentionsBot ? { mentionsBot } : {}),
    ...topicOf(msg),
  };
}

/**
 * The forum topic a message was written in. Only `is_topic_message` marks one: outside forums `message_thread_id`
 * also names the thread of replies a message belongs to, and sending into that "thread" is not what a reply means.
 */
function topicOf(msg: { is_topic_message?: boolean; message_thread_id?: number } | undefined): { threadId?: string } {
  return msg?.is_topic_message && msg.message_thread_id !== undefined
    ? { threadId: String(msg.message_thread_id) }
    : {};
}

function attachmentOf(msg: Message): IncomingAttachment | undefined {
  if (msg.voice)
    return {
      kind: "voice",
      fileRef: msg.voice.file_id,
      mimeType: msg.voice.mime_type,
      size: msg.voice.file_size,
      durationSec: msg.voice.duration,
    };
  if (msg.audio)
    return {
      kind: "voice",
      fileRef: msg.audio.file_id,
      mimeType: msg.audio.mime_type,
      size: msg.audio.file_size,
      durationSec: msg.audio.duration,
      fileName: msg.audio.file_name,
    };
  if (msg.document)
    return {
      kind: "file",
      fileRef: msg.document.file_id,
      fileName: msg.document.file_name,
      mimeType: msg.document.mime_type,
      size: msg.document.file_size,
    };
  if (msg.photo?.length) {
    const largest = msg.photo[msg.photo.length - 1]!;
    return { kind: "photo", fileRef: largest.file_id, size: largest.file_size };
  }
  return undefined;
}

function fullName(u: { first_name: string; last_name?: string; username?: string }): string {
  return [u.first_name, u.last_name].filter(Boolean).join(" ") || u.username || "?";
}
