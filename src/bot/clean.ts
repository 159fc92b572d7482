/**
 * The cleaning edge: every string of an incoming event is made well-formed before the core reads or stores it (see
 * domain/text.ts). Text with no visible character is dropped, so a message of zero-width spaces is treated like one
 * without text (nothing is stored, a conversation asks again).
 */
import { cleanText, hasVisibleText } from "../domain/text.js";
import type { IncomingEvent } from "../platforms/port.js";

const MAX_NAME = 200;
const MAX_ID = 200;

function clip(text: string, max: number): string {
  return cleanText(text).slice(0, max);
}

export function cleanEvent(e: IncomingEvent): IncomingEvent {
  const text = e.text === undefined ? undefined : cleanText(e.text);
  const out: IncomingEvent = {
    ...e,
    updateId: clip(String(e.updateId), MAX_ID),
    chat: {
      ...e.chat,
      id: clip(String(e.chat.id), MAX_ID),
      ...(e.chat.title !== undefined ? { title: clip(e.chat.title, MAX_NAME) } : {}),
    },
    sender: { ...e.sender, id: clip(String(e.sender.id), MAX_ID), name: clip(e.sender.name ?? "", MAX_NAME) },
  };
  if (text === undefined || !hasVisibleText(text)) delete out.text;
  else out.text = text;
  if (e.threadId !== undefined) out.threadId = clip(String(e.threadId), MAX_ID);
  if (e.choice !== undefined) out.choice = cleanText(e.choice).slice(0, 256);
  if (e.attachment?.fileName !== undefined)
    out.attachment = { ...e.attachment, fileName: clip(e.attachment.fileName, MAX_NAME) };
  if (e.replyTo?.senderName !== undefined)
    out.replyTo = { ...e.replyTo, senderName: clip(e.replyTo.senderName, MAX_NAME) };
  return out;
}
