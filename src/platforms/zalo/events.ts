/** zca-js Message (GroupMessage / UserMessage) → neutral IncomingEvent. */
import { ThreadType, type Message } from "zca-js";
import type { IncomingAttachment, IncomingEvent } from "../port.js";

type Content = string | Record<string, unknown>;

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

export function toEvent(message: Message, ownId: string): IncomingEvent | undefined {
  if (message.isSelf || message.data.uidFrom === ownId) return undefined;
  const d = message.data;
  const group = message.type === ThreadType.Group;
  const content = d.content as Content;
  const text =
    typeof content === "string"
      ? content
      : typeof content.title === "string" && d.msgType === "webchat"
        ? content.title
        : undefined;
  const mentions = group && "mentions" in d ? (d.mentions ?? []) : [];
  const attachment = attachmentOf(d.msgType, content);
  return {
    platform: "zalo",
    updateId: `${message.threadId}:${d.msgId}`,
    chat: { id: message.threadId, kind: group ? "group" : "private" },
    sender: { id: String(d.uidFrom), name: d.dName || String(d.uidFrom) },
    messageId: String(d.msgId),
    ...(text !== undefined ? { text } : {}),
    ...(d.quote
      ? {
          replyTo: {
            messageId: String(d.quote.globalMsgId),
            fromBot: String(d.quote.ownerId) === ownId,
            senderId: String(d.quote.ownerId),
            senderName: d.quote.fromD,
          },
        }
      : {}),
    ...(attachment ? { attachment } : {}),
    ...(mentions.some((m) => String(m.uid) === ownId) ? { mentionsBot: true } : {}),
  };
}
