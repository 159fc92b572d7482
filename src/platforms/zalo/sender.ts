/**
 * Neutral replies → Zalo messages through zca-js: group threads need ThreadType.Group; text over 2,000 characters is
 * split on line boundaries; choices become numbered lines answered with a digit; files and pictures go as attachments;
 * a reply in a group quotes the member's message.
 */
import { ThreadType, type API, type TMessage } from "zca-js";
import { SendError, splitText, type Capabilities, type FileData, type Outgoing, type PlatformSender } from "../port.js";

export const ZALO_CAPABILITIES: Capabilities = { privateChat: "none", maxTextLength: 2000 };

export type ZaloApi = Pick<API, "listener" | "sendMessage" | "getOwnId">;

export interface ZaloSenderOptions {
  api: ZaloApi;
  /** Whether a thread is a group (from incoming messages, or the chats table for broadcasts). */
  threadType: (chatId: string) => Promise<ThreadType>;
  loadStoredFile: (id: number) => Promise<Uint8Array>;
  /** "Trả lời 1, 2 hoặc 3" in the reader's language. */
  answerHint: (count: number) => string;
  /** Recent incoming messages, to quote them in replies. */
  recent: (messageId: string) => TMessage | undefined;
  fetchFile?: typeof fetch;
}

export function numbered(text: string, labels: string[], hint: string): string {
  return [text, "", ...labels.map((l, i) => `${i + 1}. ${l}`), hint].join("\n");
}

function pngSize(data: Uint8Array): { width?: number; height?: number } {
  if (data.length < 24 || data[0] !== 0x89 || data[1] !== 0x50) return {};
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export class ZaloSender implements PlatformSender {
  readonly platform = "zalo" as const;
  readonly capabilities = ZALO_CAPABILITIES;

  constructor(private readonly o: ZaloSenderOptions) {}

  async send(out: Outgoing): Promise<{ messageId: string }> {
    try {
      return await this.sendUnsafe(out);
    } catch (err) {
      if (err instanceof SendError) throw err;
      const message = String((err as Error)?.message ?? err);
      if (/not (a )?member|không phải thành viên|bị chặn|blocked|kicked/i.test(message))
        throw new SendError("blocked", message);
      if (/too many|rate|spam/i.test(message)) throw new SendError("rate-limited", message, 60);
      throw new SendError("transient", message);
    }
  }

  private async sendUnsafe(out: Outgoing): Promise<{ messageId: string }> {
    const type = await this.o.threadType(out.chatId);
    const quoted = out.replyToMessageId ? this.o.recent(out.replyToMessageId) : undefined;
    const quote =
      quoted && type === ThreadType.Group
        ? {
            content: quoted.content,
            msgType: quoted.msgType,
            propertyExt: quoted.propertyExt,
            uidFrom: quoted.uidFrom,
            msgId: quoted.msgId,
            cliMsgId: quoted.cliMsgId,
            ts: quoted.ts,
            ttl: quoted.ttl,
          }
        : undefined;
    const r = out.reply;
    if (r.kind === "text" || r.kind === "continue-privately") {
      const body =
        r.kind === "text" && r.choices?.length
          ? numbered(
              r.text,
              r.choices.map((c) => c.label),
              this.o.answerHint(r.choices.length),
            )
          : r.text;
      let last = "";
      for (const [i, part] of splitText(body, this.capabilities.maxTextLength).entries()) {
        const res = await this.o.api.sendMessage(
          { msg: part, ...(i === 0 && quote ? { quote } : {}) },
          out.chatId,
          type,
        );
        last = String(res.message?.msgId ?? last);
      }
      return { messageId: last };
    }
    const data = await this.bytes(r.kind === "picture" ? r.data : r.data);
    const filename = r.fileName.includes(".") ? (r.fileName as `${string}.${string}`) : (`${r.fileName}.bin` as const);
    const res = await this.o.api.sendMessage(
      {
        msg: r.caption ?? "",
        attachments: [
          {
            data: Buffer.from(data),
            filename,
            metadata: { totalSize: data.byteLength, ...(r.kind === "picture" ? pngSize(data) : {}) },
          },
        ],
        ...(quote ? { quote } : {}),
      },
      out.chatId,
      type,
    );
    return { messageId: String(res.attachment[0]?.msgId ?? res.message?.msgId ?? "") };
  }

  private async bytes(data: FileData): Promise<Uint8Array> {
    return data instanceof Uint8Array ? data : this.o.loadStoredFile(data.storedFileId);
  }

  async downloadFile(fileRef: string): Promise<Uint8Array> {
    const res = await (this.o.fetchFile ?? fetch)(fileRef);
    if (!res.ok) throw new SendError("transient", `download answered ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }
}
