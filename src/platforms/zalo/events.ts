/** zca-js Message (GroupMessage / UserMessage) → neutral IncomingEvent. */
import { type Message, ThreadType } from "zca-js";
import { pickChoice } from "../../bot/commands.js";
import type { Choice, IncomingAttachment, IncomingEvent } from "../port.js";

type Content = string | Record<string, unknown>;
type Mention = { uid: string; pos: number; len: number };

function parseParams(raw: unknown): Record<string, unknown> {
  if (typeof raw !== "string") return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function attachmentOf(msgType: string, content: Content): IncomingAttachment | undefined {
  if (typeof content === "string") return undefined;
  const href = typeof content.href === "string" ? content.href : undefined;
  if (!href) return undefined;
  const params = parseParams(content.params);
  if (msgType === "chat.voice") {
    const ms = Number(params.duration ?? 0);
    return { kind: "voice", fileRef: href, durationSec: Math.round(ms > 1000 ? ms / 1000 : ms), mimeType: "audio/aac" };
  }
  if (msgType === "share.file") {
    return {
      kind: "file",
      fileRef: href,
      fileName: String(content.title ?? "tep"),
      size: Number(params.fileSize ?? 0) || undefined,
    };
  }
  if (msgType === "chat.photo") return { kind: "photo", fileRef: href };
  return undefined;
}

/** The text with the bot's own mentions ("@Trợ lý Công đoàn") taken out, so "@Bot /trogiup" reads as a command. */
export function withoutMentions(text: string, mentions: Mention[], ownId: string): string {
  const own = mentions.filter((m) => String(m.uid) === ownId).sort((a, b) => b.pos - a.pos);
  let out = text;
  for (const m of own) out = `${out.slice(0, m.pos)} ${out.slice(m.pos + m.len)}`;
  return own.length ? out.replace(/[ \t]{2,}/g, " ").trim() : out;
}

export interface EventContextLookups {
  /** Choices the bot offered as numbered lines in one of its messages (by Zalo message id). */
  offeredIn: (messageId: string) => Choice[] | undefined;
  /** The choices the bot last offered in a chat to this member (theirs, or everyone's). */
  offeredTo: (chatId: string, memberId: string) => Choice[] | undefined;
  title?: string;
}

/** A message's text: the content itself, or a web chat's title; undefined for stickers, files and the like. */
function textOf(content: Content, msgType: string): string | undefined {
  if (typeof content === "string") return content;
  return typeof content.title === "string" && msgType === "webchat" ? content.title : undefined;
}

export function toEvent(message: Message, ownId: string, look?: EventContextLookups): IncomingEvent | undefined {
  if (message.isSelf || message.data.uidFrom === ownId) return undefined;
  const d = message.data;
  const group = message.type === ThreadType.Group;
  const content = d.content as Content;
  const raw = textOf(content, d.msgType);
  const mentions = (group && "mentions" in d ? (d.mentions ?? []) : []) as Mention[];
  const text = raw === undefined ? undefined : withoutMentions(raw, mentions, ownId);
  const attachment = attachmentOf(d.msgType, content);
  const quotedId = d.quote ? String(d.quote.globalMsgId) : undefined;
  const fromBot = !!d.quote && String(d.quote.ownerId) === ownId;
  // Quoting one of the bot's numbered messages with "1" is pressing its first button.
  const quotedChoices = fromBot && quotedId ? look?.offeredIn(quotedId) : undefined;
  const picked = quotedChoices ? pickChoice(text, quotedChoices) : undefined;
  // Quoting one of the bot's messages answers that message; otherwise the newest offer meant for this member.
  const offered = fromBot ? quotedChoices : look?.offeredTo(message.threadId, String(d.uidFrom));
  return {
    platform: "zalo",
    updateId: `${message.threadId}:${d.msgId}`,
    chat: { id: message.threadId, kind: group ? "group" : "private", ...(look?.title ? { title: look.title } : {}) },
    sender: { id: String(d.uidFrom), name: d.dName || String(d.uidFrom) },
    messageId: String(d.msgId),
    ...(text !== undefined ? { text } : {}),
    ...(d.quote
      ? {
          replyTo: {
            messageId: String(d.quote.globalMsgId),
            fromBot,
            senderId: String(d.quote.ownerId),
            senderName: d.quote.fromD,
          },
        }
      : {}),
    ...(picked ? { choice: picked.id } : {}),
    ...(!picked && offered?.length ? { offeredChoices: offered } : {}),
    ...(attachment ? { attachment } : {}),
    ...(mentions.some((m) => String(m.uid) === ownId) ? { mentionsBot: true } : {}),
  };
}
