/**
 * Neutral replies → Bot Platform calls. There are no buttons: choices become numbered lines (as on zca-js) and a text
 * is cut at 2,000 characters on grapheme boundaries. Files cannot be sent: a picture goes by sendPhoto with a signed
 * link to it (web/file-links.ts) and an export as links, when PUBLIC_URL is set; without it, the text alone and a line
 * saying where the picture or file can be had. A reply holding personal data never goes into a group. The messages
 * one reply becomes are spaced by ZALO_BOT_SEND_INTERVAL_MS (the shared pacer spaces whole replies).
 */
import type { I18n, Language } from "../../i18n.js";
import { readCapped } from "../../services/file-bounds.js";
import { answerHint, choicesAsText } from "../numbered.js";
import {
  type Capabilities,
  type Choice,
  type FileData,
  type Outgoing,
  type PlatformSender,
  type Reply,
  SendError,
  splitText,
} from "../port.js";
import { ZaloBotApiError, type ZaloBotClient } from "./client.js";

export const ZALO_BOT_CAPABILITIES: Capabilities = { privateChat: "none", maxTextLength: 2000 };

/** A file the bot made, shared under PUBLIC_URL: its link and how many hours it lasts. */
export type ShareFile = (file: {
  fileName: string;
  mimeType: string;
  data: Uint8Array;
}) => Promise<{ url: string; hours: number }>;

export interface ZaloBotSenderOptions {
  client: ZaloBotClient;
  i18n: I18n;
  language: Language;
  /** Whether a chat is a group (from updates, or the chats table for broadcasts). */
  isGroup: (chatId: string) => Promise<boolean>;
  loadStoredFile: (id: number) => Promise<Uint8Array>;
  /** Signed links to files; undefined without PUBLIC_URL. */
  share?: ShareFile;
  minIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A text with choices went out as numbered lines. */
  offered?: (out: Outgoing, messageId: string, choices: Choice[]) => void;
  fetchFile?: typeof fetch;
  timeoutMs: number;
}

/** Bot API failures → the port's: the outbox decides from them whether to retry, wait or give up. */
export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  if (err instanceof ZaloBotApiError) {
    if (err.tokenRefused) return new SendError("transient", `Zalo Bot is stopped: ${err.message}`, 300);
    if (err.errorCode === 429) return new SendError("rate-limited", err.message, 60);
    if (err.transient) return new SendError("transient", err.message);
    if (/chat not found|blocked|not a member/i.test(err.description)) return new SendError("blocked", err.message);
    return new SendError("rejected", err.message);
  }
  return new SendError("transient", (err as Error)?.message ?? String(err));
}

export class ZaloBotSender implements PlatformSender {
  readonly platform = "zalo-bot" as const;
  readonly capabilities = ZALO_BOT_CAPABILITIES;
  private nextSendAt = -Infinity;
  private turns: Promise<void> = Promise.resolve();

  constructor(private readonly o: ZaloBotSenderOptions) {}

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  private nextTurn(): Promise<void> {
    const gap = this.o.minIntervalMs ?? 0;
    if (gap <= 0) return Promise.resolve();
    const turn = this.turns.then(async () => {
      const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
      for (let wait = this.nextSendAt - this.now(); wait > 0; wait = this.nextSendAt - this.now()) await sleep(wait);
      this.nextSendAt = this.now() + gap;
    });
    this.turns = turn;
    return turn;
  }

  private async text(chatId: string, text: string): Promise<string> {
    let last = "";
    for (const part of splitText(text, this.capabilities.maxTextLength)) {
      await this.nextTurn();
      const res = (await this.o.client.call("sendMessage", { chat_id: chatId, text: part })) as {
        message_id?: unknown;
      };
      last = String(res?.message_id ?? last);
    }
    return last;
  }

  async send(out: Outgoing): Promise<{ messageId: string }> {
    try {
      return await this.sendUnsafe(out);
    } catch (err) {
      throw toSendError(err);
    }
  }

  private async sendUnsafe(out: Outgoing): Promise<{ messageId: string }> {
    if (this.o.client.stopped) throw new SendError("transient", "Zalo Bot is stopped: its token was refused", 300);
    if (out.personal && (await this.o.isGroup(out.chatId)))
      throw new SendError("rejected", "a reply with personal data is never sent into a group");
    const r = out.reply;
    if (r.kind === "text" || r.kind === "continue-privately") return this.sendText(out, r);
    return this.sendFile(out, r);
  }

  /** A text, its buttons as numbered lines with a hint how to answer (Zalo Bot has no buttons). */
  private async sendText(
    out: Outgoing,
    r: Extract<Reply, { kind: "text" | "continue-privately" }>,
  ): Promise<{ messageId: string }> {
    const lang = out.language ?? this.o.language;
    const { body, numbered: choices } = choicesAsText(r.text, r.kind === "text" ? (r.choices ?? []) : [], (n, w) =>
      answerHint(this.o.i18n, lang, n, w),
    );
    const messageId = await this.text(out.chatId, body);
    if (choices.length && messageId) this.o.offered?.(out, messageId, choices);
    return { messageId };
  }

  /** A picture sent by its shared link, a file as a line with its link (or a line saying where to find it). */
  private async sendFile(
    out: Outgoing,
    r: Exclude<Reply, { kind: "text" | "continue-privately" }>,
  ): Promise<{ messageId: string }> {
    const lang = out.language ?? this.o.language;
    const t = (key: string, args?: Record<string, string | number>) => this.o.i18n.t(lang, key, args);
    const data = await this.bytes(r.data);
    const mimeType = r.kind === "picture" ? "image/png" : r.mimeType;
    const link = this.o.share ? await this.o.share({ fileName: r.fileName, mimeType, data }) : undefined;
    if (r.kind === "picture" && link) {
      await this.nextTurn();
      const res = (await this.o.client.call("sendPhoto", {
        chat_id: out.chatId,
        photo: link.url,
        ...(r.caption ? { caption: r.caption.slice(0, 2000) } : {}),
      })) as { message_id?: unknown };
      return { messageId: String(res?.message_id ?? "") };
    }
    const line =
      r.kind === "picture"
        ? t("zalo-bot-picture-elsewhere")
        : link
          ? t("zalo-bot-file-link", { name: r.fileName, url: link.url, hours: link.hours })
          : t("zalo-bot-file-elsewhere", { name: r.fileName });
    return { messageId: await this.text(out.chatId, r.caption ? `${r.caption}\n${line}` : line) };
  }

  private async bytes(data: FileData): Promise<Uint8Array> {
    return data instanceof Uint8Array ? data : this.o.loadStoredFile(data.storedFileId);
  }

  async downloadFile(fileRef: string, maxBytes?: number): Promise<Uint8Array> {
    const res = await (this.o.fetchFile ?? fetch)(fileRef, { signal: AbortSignal.timeout(this.o.timeoutMs) });
    if (!res.ok) throw new SendError("transient", `download answered ${res.status}`);
    if (maxBytes !== undefined) return readCapped(res, maxBytes);
    return new Uint8Array(await res.arrayBuffer());
  }
}
