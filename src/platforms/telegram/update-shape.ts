/**
 * The shape of a Telegram update as far as the bot reads it, checked at the edge before anything touches it: a
 * message, an edited message, a button press or a membership change whose fields have the wrong types (a `null` chat
 * id, a number for text, a press without its sender) is not handled at all. Fields the bot does not read may be
 * anything; fields Telegram adds later pass through.
 */
import { z } from "zod";

const id = z.number().int();
const text = z.string();

const user = z.looseObject({
  id,
  is_bot: z.boolean().optional(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

const chat = z.looseObject({ id, type: z.string(), title: z.string().optional() });

const entity = z.looseObject({ type: z.string(), offset: z.number().int(), length: z.number().int() });

const file = z.looseObject({
  file_id: z.string(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().optional(),
  duration: z.number().optional(),
});

const message = z.looseObject({
  message_id: id,
  chat,
  from: user.optional(),
  text: text.optional(),
  caption: text.optional(),
  entities: z.array(entity).optional(),
  caption_entities: z.array(entity).optional(),
  reply_to_message: z.looseObject({ message_id: id, from: user.optional() }).optional(),
  voice: file.optional(),
  audio: file.optional(),
  document: file.optional(),
  photo: z.array(file).optional(),
  is_topic_message: z.boolean().optional(),
  message_thread_id: id.optional(),
  migrate_to_chat_id: id.optional(),
  migrate_from_chat_id: id.optional(),
  new_chat_title: z.string().optional(),
});

const callbackQuery = z.looseObject({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  message: z.looseObject({ message_id: id, chat, is_topic_message: z.boolean().optional() }).optional(),
});

const memberChange = z.looseObject({
  chat,
  from: user,
  new_chat_member: z.looseObject({ status: z.string(), user, is_member: z.boolean().optional() }),
});

export const updateShape = z.looseObject({
  update_id: id,
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: memberChange.optional(),
  chat_member: memberChange.optional(),
});

/** Where the update first breaks the shape (a path and what was expected), or undefined when it fits. */
export function malformedAt(update: unknown): string | undefined {
  const result = updateShape.safeParse(update);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return issue ? `${issue.path.join(".") || "update"}: ${issue.message}` : "update";
}
