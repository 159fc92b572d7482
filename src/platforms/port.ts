/**
 * The platform port: one neutral shape for what arrives (IncomingEvent) and what the bot says (Reply).
 * Adapters (telegram/, zalo/, web/) translate both ways; nothing beyond them imports a platform library.
 */
import type { Language } from "../i18n.js";

/** "zalo" is a personal account through zca-js; "zalo-bot" Zalo's official Bot Platform (its own user ids). */
export type PlatformName = "telegram" | "zalo" | "zalo-bot" | "web";
export type ChatKind = "group" | "private";

export interface IncomingAttachment {
  kind: "file" | "voice" | "photo";
  /** What the adapter needs to download it later (Telegram file_id, Zalo URL, playground upload id). */
  fileRef: string;
  fileName?: string;
  mimeType?: string;
  size?: number;
  durationSec?: number;
}

export interface IncomingEvent {
  platform: PlatformName;
  /** Unique per platform: a twice-delivered update has the same id and is handled once. */
  updateId: string;
  chat: { id: string; kind: ChatKind; title?: string };
  sender: { id: string; name: string; languageCode?: string };
  messageId?: string;
  text?: string;
  /** The message this one answers, when it is a reply. */
  replyTo?: { messageId: string; fromBot: boolean; senderId?: string; senderName?: string };
  /** The payload of a pressed button. */
  choice?: string;
  attachment?: IncomingAttachment;
  /** The bot was mentioned by name (groups); the adapter has taken the mention out of `text`. */
  mentionsBot?: boolean;
  /**
   * Choices the bot last offered in this chat as numbered lines rather than buttons (Zalo): a typed number or label
   * picks one when no guided conversation claims the message.
   */
  offeredChoices?: Choice[];
  /**
   * The topic of a forum group the message was written in (Telegram's message_thread_id): the answer goes to the same
   * topic. Absent outside forum topics and on platforms without them.
   */
  threadId?: string;
}

export interface Choice {
  /** Payload sent back when chosen; at most 64 bytes (Telegram's callback_data limit). */
  id: string;
  label: string;
  /**
   * Also answered by typing the label itself, never by a number (the conversation's "Quay lại", "Xong", "Hủy"): where
   * choices become numbered lines (Zalo) it is named as a word to type, after the numbered ones.
   */
  typed?: boolean;
  /**
   * Opens this address instead of sending `id` back (a page of the web view). Only platforms with `linkButtons` get
   * such a choice; the others get the address in the text (WebLinks in bot/web-link.ts decides).
   */
  url?: string;
  /** The address is a Telegram Mini App (opened inside Telegram, signed in by it): a private chat's button only. */
  webApp?: boolean;
}

export type FileData = Uint8Array | { storedFileId: number };

export type Reply =
  | { kind: "text"; text: string; choices?: Choice[] }
  /** Continue in the private chat: Telegram shows a deep-link button; platforms without one never get this reply. */
  | { kind: "continue-privately"; text: string; payload: string; buttonLabel: string }
  | { kind: "file"; fileName: string; mimeType: string; data: FileData; caption?: string }
  | { kind: "picture"; fileName: string; data: Uint8Array; caption?: string };

export interface Outgoing {
  /** Platform chat id; the private chat of a user has the user's id on every supported platform. */
  chatId: string;
  reply: Reply;
  /** Quote the member's message (groups, where several people talk at once). */
  replyToMessageId?: string;
  /** Holds personal data (members' names): an adapter refuses to deliver it into a group chat. */
  personal?: boolean;
  /** Said instead when the platform refuses `reply` to this person (Zalo: the bot is not their friend). */
  ifRefused?: Outgoing;
  /** The reader's language, for what an adapter itself says about this reply (Zalo: a file that is late). */
  language?: Language;
  /** The forum topic to post in (Telegram); adapters whose platform has no topics ignore it. */
  threadId?: string;
}

/**
 * An update's replies as its inbox row keeps them until they went out (the adapter writes them before sending; a
 * conversation's step writes them with its state): a restart sends these instead of handling the update again.
 */
export interface RecordedReplies {
  lang: string | undefined;
  outs: Outgoing[];
}

/** The replies as JSON for the inbox; undefined when one carries a file made in memory (it is made again instead). */
export function recordedJson(lang: string | undefined, outs: Outgoing[]): string | undefined {
  let binary = false;
  const json = JSON.stringify({ lang, outs } satisfies RecordedReplies, (_key, value: unknown) => {
    if (value instanceof Uint8Array) binary = true;
    return value instanceof Uint8Array ? undefined : value;
  });
  return binary ? undefined : json;
}

export interface Capabilities {
  /**
   * "deep-link": the bot can hand a member a link into its private chat (Telegram); "direct": it may write first
   * (playground); "none": stay in the group (Zalo).
   */
  privateChat: "deep-link" | "direct" | "none";
  maxTextLength: number;
  /** Buttons may open a web address (Telegram: a Mini App in a private chat over https, else a plain link). */
  linkButtons?: boolean;
}

/**
 * "moved": the chat lives on under another id (a Telegram group upgraded to a supergroup); `movedTo` names it, and the
 * same message is sent there once the chat's records have followed it (ChatService.migrate).
 */
export type SendFailure = "rate-limited" | "blocked" | "transient" | "rejected" | "moved";

/** What a send may fail with; the outbox decides from `failure` whether to retry, wait or give up. */
export class SendError extends Error {
  constructor(
    readonly failure: SendFailure,
    message: string,
    readonly retryAfterSec?: number,
    /** The chat's new id, with failure "moved". */
    readonly movedTo?: string,
  ) {
    super(message);
    this.name = "SendError";
  }
}

/** The sending half of an adapter, used by interactive replies and by the outbox worker. */
export interface PlatformSender {
  readonly platform: PlatformName;
  readonly capabilities: Capabilities;
  send(out: Outgoing): Promise<{ messageId: string }>;
  /** The bytes of a member's attachment; with `maxBytes`, given up (FileLimitError) as soon as the body passes it. */
  downloadFile(fileRef: string, maxBytes?: number): Promise<Uint8Array>;
}

/**
 * Sends `out`; when the platform answers that the chat moved to a new id (failure "moved"), `moved` makes the chat's
 * records follow it and the same message goes to the new id, once. Any other failure, and a failure at the new id,
 * comes back as it was.
 */
export async function sendFollowingMove<T>(
  out: Outgoing,
  send: (out: Outgoing) => Promise<T>,
  moved: (from: string, to: string) => Promise<unknown>,
): Promise<T> {
  try {
    return await send(out);
  } catch (err) {
    if (!(err instanceof SendError) || err.failure !== "moved" || !err.movedTo || err.movedTo === out.chatId) throw err;
    await moved(out.chatId, err.movedTo);
    return send({ ...out, chatId: err.movedTo });
  }
}

/**
 * Splits text into pieces no longer than `max` (UTF-16 units), on line boundaries where possible, then at a space in
 * the last 40% of a piece, and inside a word only between graphemes: an emoji, a flag or a letter with its combining
 * marks is never cut in two.
 */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) parts.push(current);
    let rest = line;
    while (rest.length > max) {
      const space = rest.lastIndexOf(" ", max);
      const cut = space >= Math.floor(max * 0.6) ? space : graphemeCut(rest, max);
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut).trimStart();
    }
    current = rest;
  }
  if (current) parts.push(current);
  return parts;
}

/** How far past the cut the segmenter reads, so the grapheme around the cut is seen whole (its next characters). */
const GRAPHEME_LOOKAHEAD = 64;
let graphemes: Intl.Segmenter | undefined;

/** The last grapheme boundary at or before `max` in `line` (which is longer than `max`). */
function graphemeCut(line: string, max: number): number {
  // Made on the first word that must be cut, never at start-up: a Segmenter loads ICU's break data into memory, which
  // an idle bot does without (see "Development" in the README).
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let cut = 0;
  for (const { index } of graphemes.segment(line.slice(0, max + GRAPHEME_LOOKAHEAD))) {
    if (index > max) break;
    cut = index;
  }
  if (cut > 0) return cut;
  // A single grapheme longer than the limit (a letter under hundreds of marks): still never split a surrogate pair.
  const code = line.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}
