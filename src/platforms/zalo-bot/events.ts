/**
 * A Bot Platform update (`{event_name?, message}`) → neutral IncomingEvent, checked with zod. The sender's name is
 * read from `first_name` (the documentation's sample), `display_name` or `name` (what public clients read). Ids may
 * come as numbers or strings. Known event_names are text, image and sticker messages; another one is skipped, as is an
 * update without a chat, a sender or a message id. The bot's own mention ("@bot.congdoan /trogiup") is taken out of the
 * text, so that the command is read, and noted as a mention. A webhook body in getUpdates' `{ok, result}` envelope
 * is read as its result.
 */
import { z } from "zod";
import type { IncomingEvent } from "../port.js";

const id = z.union([z.string().min(1).max(64), z.number().int()]).transform(String);

const messageSchema = z.object({
  message_id: id,
  chat: z.object({ id, chat_type: z.string().optional() }),
  from: z.object({
    id,
    first_name: z.string().optional(),
    display_name: z.string().optional(),
    name: z.string().optional(),
    is_bot: z.boolean().optional(),
  }),
  date: z.number().optional(),
  text: z.string().optional(),
  photo: z.union([z.string(), z.array(z.unknown())]).optional(),
  caption: z.string().optional(),
  sticker: z.unknown().optional(),
});

const updateSchema = z.object({ event_name: z.string().optional(), message: messageSchema });

export const KNOWN_EVENTS = [
  "message.text.received",
  "message.image.received",
  "message.sticker.received",
  "message.unsupported.received",
];

export type ParsedUpdate =
  | { ok: true; event: IncomingEvent; eventName?: string }
  | { ok: false; problem: "malformed" | "unknown-event" | "from-bot"; detail: string };

/** The photo's URL: a string, or the last (largest) of a list of sizes with a `url`. */
function photoUrl(photo: unknown): string | undefined {
  if (typeof photo === "string") return photo;
  if (!Array.isArray(photo)) return undefined;
  const last = photo.at(-1) as { url?: unknown } | string | undefined;
  return typeof last === "string" ? last : typeof last?.url === "string" ? last.url : undefined;
}

/** "@bot.congdoan /trogiup" → "/trogiup": the bot's own mention (its getMe account_name) taken out, and noted. */
export function withoutOwnMention(text: string, accountName: string | undefined): { text: string; mentioned: boolean } {
  if (!accountName) return { text, mentioned: false };
  const escaped = accountName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const mention = new RegExp(`(^|\\s)@${escaped}(?=\\s|$)`, "giu");
  if (!mention.test(text)) return { text, mentioned: false };
  return {
    text: text
      .replace(mention, " ")
      .replace(/[ \t]{2,}/g, " ")
      .trim(),
    mentioned: true,
  };
}

/** An update as posted to a webhook may come in getUpdates' envelope (`{ok, result}`): the update is its result. */
function unwrapped(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || !("result" in raw) || "message" in raw) return raw;
  return (raw as { result: unknown }).result;
}

export function parseUpdate(raw: unknown, accountName?: string): ParsedUpdate {
  const parsed = updateSchema.safeParse(unwrapped(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: "malformed", detail: `${issue?.path.join(".") ?? "?"}: ${issue?.message ?? ""}` };
  }
  const { event_name: eventName, message: m } = parsed.data;
  if (eventName && !KNOWN_EVENTS.includes(eventName)) return { ok: false, problem: "unknown-event", detail: eventName };
  if (m.from.is_bot) return { ok: false, problem: "from-bot", detail: m.from.id };
  const group = m.chat.chat_type?.toUpperCase() === "GROUP";
  const name = (m.from.display_name || m.from.name || m.from.first_name || m.from.id).slice(0, 200);
  const photo = photoUrl(m.photo);
  const said = m.text ?? m.caption;
  const own = said === undefined ? undefined : withoutOwnMention(said, accountName);
  const text = own?.text;
  return {
    ok: true,
    ...(eventName ? { eventName } : {}),
    event: {
      platform: "zalo-bot",
      updateId: `${m.chat.id}:${m.message_id}`,
      chat: { id: m.chat.id, kind: group ? "group" : "private" },
      sender: { id: m.from.id, name },
      messageId: m.message_id,
      ...(text !== undefined ? { text } : {}),
      ...(photo ? { attachment: { kind: "photo" as const, fileRef: photo } } : {}),
      ...(own?.mentioned ? { mentionsBot: true } : {}),
    },
  };
}
