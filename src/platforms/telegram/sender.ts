/** Neutral replies → Telegram messages, and Telegram errors → neutral send failures. */
import { type Api, GrammyError, HttpError, InputFile } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { FileLimitError, readCapped, tooManyBytes } from "../../services/file-bounds.js";
import {
  type Capabilities,
  type Choice,
  type FileData,
  type Outgoing,
  type PlatformSender,
  SendError,
  splitText,
} from "../port.js";

export const TELEGRAM_CAPABILITIES: Capabilities = { privateChat: "deep-link", maxTextLength: 4096, linkButtons: true };

/** A choice as Telegram's button: its callback, a Mini App (private chats only) or a plain link. */
function button(c: Choice): InlineKeyboardButton {
  const text = c.label.slice(0, 120);
  if (!c.url) return { text, callback_data: c.id };
  return c.webApp ? { text, web_app: { url: c.url } } : { text, url: c.url };
}

export type LoadStoredFile = (id: number) => Promise<Uint8Array>;

export class TelegramSender implements PlatformSender {
  readonly platform = "telegram" as const;
  readonly capabilities = TELEGRAM_CAPABILITIES;

  constructor(
    private readonly api: Api,
    private readonly botUsername: () => string,
    private readonly loadStoredFile: LoadStoredFile,
    private readonly fileApiRoot: () => string,
  ) {}

  async send(out: Outgoing): Promise<{ messageId: string }> {
    try {
      return await this.sendUnsafe(out);
    } catch (err) {
      throw toSendError(err);
    }
  }

  private async sendUnsafe(out: Outgoing): Promise<{ messageId: string }> {
    const { reply } = out;
    const replyParams = {
      ...(out.replyToMessageId
        ? { reply_parameters: { message_id: Number(out.replyToMessageId), allow_sending_without_reply: true } }
        : {}),
      // A forum group's topic; every part of the message goes there.
      ...(out.threadId ? { message_thread_id: Number(out.threadId) } : {}),
    };
    switch (reply.kind) {
      case "text": {
        const parts = splitText(reply.text, this.capabilities.maxTextLength);
        const topic = out.threadId ? { message_thread_id: Number(out.threadId) } : {};
        let last = 0;
        for (const [i, part] of parts.entries()) {
          const keyboard =
            i === parts.length - 1 && reply.choices?.length
              ? {
                  reply_markup: {
                    inline_keyboard: reply.choices.map((c): InlineKeyboardButton[] => [button(c)]),
                  },
                }
              : {};
          const sent = await this.api.sendMessage(out.chatId, part, {
            ...(i === 0 ? replyParams : topic),
            ...keyboard,
          });
          last = sent.message_id;
        }
        return { messageId: String(last) };
      }
      case "continue-privately": {
        const url = `https://t.me/${this.botUsername()}?start=${encodeURIComponent(reply.payload)}`;
        const sent = await this.api.sendMessage(out.chatId, reply.text, {
          ...replyParams,
          reply_markup: { inline_keyboard: [[{ text: reply.buttonLabel, url }]] },
        });
        return { messageId: String(sent.message_id) };
      }
      case "file": {
        const sent = await this.api.sendDocument(
          out.chatId,
          new InputFile(await this.bytes(reply.data), reply.fileName),
          {
            ...replyParams,
            ...(reply.caption ? { caption: reply.caption.slice(0, 1024) } : {}),
          },
        );
        return { messageId: String(sent.message_id) };
      }
      case "picture": {
        const sent = await this.api.sendPhoto(out.chatId, new InputFile(reply.data, reply.fileName), {
          ...replyParams,
          ...(reply.caption ? { caption: reply.caption.slice(0, 1024) } : {}),
        });
        return { messageId: String(sent.message_id) };
      }
    }
  }

  private async bytes(data: FileData): Promise<Uint8Array> {
    return data instanceof Uint8Array ? data : this.loadStoredFile(data.storedFileId);
  }

  async downloadFile(fileRef: string, maxBytes?: number): Promise<Uint8Array> {
    try {
      const file = await this.api.getFile(fileRef);
      if (!file.file_path) throw new SendError("rejected", "Telegram gave no file path");
      if (maxBytes !== undefined && (file.file_size ?? 0) > maxBytes) throw tooManyBytes(maxBytes);
      const res = await fetch(`${this.fileApiRoot()}/${file.file_path}`);
      if (!res.ok) throw new SendError("transient", `file download answered ${res.status}`);
      return maxBytes === undefined ? new Uint8Array(await res.arrayBuffer()) : await readCapped(res, maxBytes);
    } catch (err) {
      if (err instanceof FileLimitError) throw err;
      throw toSendError(err);
    }
  }
}

/**
 * Telegram errors → neutral failures. Only the Bot API's explicit answers are final: 403 (blocked, kicked) and 400
 * (a chat that is gone is "blocked", anything else "rejected"). A 400 naming `migrate_to_chat_id` (the group was
 * upgraded to a supergroup) is "moved", with the new id. A 429 waits its retry_after. Everything else is transient and
 * retried: any 5xx, an error without a code, an answer that is not JSON (an HTML 502 from a proxy), a reset
 * connection, a timeout.
 */
export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  if (err instanceof GrammyError) {
    const code = err.error_code;
    if (code === 429) return new SendError("rate-limited", err.description, err.parameters.retry_after ?? 1);
    const movedTo = err.parameters.migrate_to_chat_id;
    if (code === 400 && movedTo !== undefined)
      return new SendError("moved", err.description, undefined, String(movedTo));
    if (code === 403) return new SendError("blocked", err.description);
    if (code === 400 && /chat not found|bot was kicked|not a member|have no rights/i.test(err.description))
      return new SendError("blocked", err.description);
    if (code === 400) return new SendError("rejected", err.description);
    return new SendError("transient", `${code ?? "no error code"}: ${err.description}`);
  }
  if (err instanceof HttpError) return new SendError("transient", `network error talking to Telegram: ${err.message}`);
  return new SendError("transient", (err as Error)?.message ?? String(err));
}
