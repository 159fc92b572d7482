/**
 * The playground's chats kept in memory: what each chat shows, and the web platform's sender (also used by the outbox).
 */
import type { Db } from "../../db/client.js";
import { splitText, type Capabilities, type Outgoing, type PlatformSender } from "../port.js";

export interface ShownMessage {
  id: number;
  chat: string;
  from: "bot" | "person";
  name: string;
  text?: string;
  choices?: { id: string; label: string }[];
  continuePrivately?: { payload: string; label: string };
  file?: { url: string; name: string };
  picture?: { url: string; name: string };
  at: string;
}

export const WEB_CAPABILITIES: Capabilities = { privateChat: "direct", maxTextLength: 4096 };

export class Transcript implements PlatformSender {
  readonly platform = "web" as const;
  readonly capabilities = WEB_CAPABILITIES;
  private readonly messages: ShownMessage[] = [];
  private readonly blobs = new Map<string, { name: string; mimeType: string; data: Uint8Array }>();
  private seq = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  addPerson(chat: string, name: string, text: string): ShownMessage {
    return this.push({ chat, from: "person", name, text });
  }

  since(chat: string, after: number): ShownMessage[] {
    return this.messages.filter((m) => m.chat === chat && m.id > after);
  }

  blob(id: string) {
    return this.blobs.get(id);
  }

  keepUpload(name: string, mimeType: string, data: Uint8Array): string {
    const id = `upload-${++this.seq}`;
    this.blobs.set(id, { name, mimeType, data });
    return id;
  }

  async send(out: Outgoing): Promise<{ messageId: string }> {
    const r = out.reply;
    let m: ShownMessage;
    if (r.kind === "text") {
      const parts = splitText(r.text, this.capabilities.maxTextLength);
      for (const text of parts.slice(0, -1)) this.push({ chat: out.chatId, from: "bot", name: "Bot", text });
      m = this.push({ chat: out.chatId, from: "bot", name: "Bot", text: parts.at(-1), choices: r.choices });
    } else if (r.kind === "continue-privately") {
      m = this.push({
        chat: out.chatId,
        from: "bot",
        name: "Bot",
        text: r.text,
        continuePrivately: { payload: r.payload, label: r.buttonLabel },
      });
    } else {
      const data =
        r.kind === "picture"
          ? r.data
          : r.data instanceof Uint8Array
            ? r.data
            : (await this.db.storedFile.findUniqueOrThrow({ where: { id: r.data.storedFileId } })).data;
      const id = `file-${++this.seq}`;
      this.blobs.set(id, { name: r.fileName, mimeType: r.kind === "picture" ? "image/png" : r.mimeType, data });
      const link = { url: `/files/${id}/${encodeURIComponent(r.fileName)}`, name: r.fileName };
      m = this.push({
        chat: out.chatId,
        from: "bot",
        name: "Bot",
        text: r.caption,
        ...(r.kind === "picture" ? { picture: link } : { file: link }),
      });
    }
    return { messageId: String(m.id) };
  }

  async downloadFile(fileRef: string): Promise<Uint8Array> {
    const b = this.blobs.get(fileRef);
    if (!b) throw new Error(`no upload ${fileRef}`);
    return b.data;
  }

  private push(m: Omit<ShownMessage, "id" | "at">): ShownMessage {
    const full = { ...m, id: ++this.seq, at: this.now().toISOString() };
    this.messages.push(full);
    if (this.messages.length > 5000) this.messages.splice(0, 1000);
    return full;
  }
}
