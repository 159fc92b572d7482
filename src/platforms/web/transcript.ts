/**
 * The playground's chats: what each chat shows, kept in the database (PlaygroundMessage, files in StoredFile) so the
 * page shows a chat's history after a restart, as its conversations carry on; and the web platform's sender (also used
 * by the outbox).
 */
import type { Db } from "../../db/client.js";
import { type Capabilities, type FileData, type Outgoing, type PlatformSender, splitText } from "../port.js";

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

type Body = Pick<ShownMessage, "text" | "choices" | "continuePrivately" | "file" | "picture">;

export const WEB_CAPABILITIES: Capabilities = { privateChat: "direct", maxTextLength: 4096 };

/** How many of a chat's latest messages a page opening it is shown (older ones are counted, not sent). */
export const SHOWN_ON_OPEN = 300;

/** An upload's reference, as the bot's features see it: the StoredFile row holding its bytes. */
const UPLOAD = /^stored:(\d+)$/;

export class Transcript implements PlatformSender {
  readonly platform = "web" as const;
  readonly capabilities = WEB_CAPABILITIES;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** What a person sent: text, or a file with its caption (the file is kept and shown as a link). */
  async addPerson(chat: string, name: string, text: string | undefined, upload?: string): Promise<ShownMessage> {
    const file = upload ? await this.fileOf(upload) : undefined;
    return this.push(chat, "person", name, { text, ...(file ? { file: file.link } : {}) }, file?.id);
  }

  /**
   * A chat's messages after `after`; opening a chat (after = 0) gets the latest SHOWN_ON_OPEN and how many came before.
   * On SQLite ids are given and committed in order, so "after the last id seen" never skips a message; on PostgreSQL
   * two inserts may commit out of order, which a demo of one visitor at a time can live with.
   */
  async since(chat: string, after: number): Promise<{ messages: ShownMessage[]; earlier: number }> {
    const rows = await this.db.playgroundMessage.findMany({
      where: { chat, id: { gt: after } },
      orderBy: { id: "desc" },
      take: SHOWN_ON_OPEN,
    });
    const oldest = rows.at(-1);
    const earlier =
      after === 0 && oldest && rows.length === SHOWN_ON_OPEN
        ? await this.db.playgroundMessage.count({ where: { chat, id: { lt: oldest.id } } })
        : 0;
    return { messages: rows.reverse().map(shown), earlier };
  }

  /** A file the playground shows, by its StoredFile id: only one a playground message carries, never any other. */
  async blob(storedFileId: number): Promise<{ name: string; mimeType: string; data: Uint8Array } | undefined> {
    if (!Number.isSafeInteger(storedFileId)) return undefined;
    const shownIn = await this.db.playgroundMessage.findFirst({ where: { storedFileId }, select: { id: true } });
    if (!shownIn) return undefined;
    return (await this.db.storedFile.findUnique({ where: { id: storedFileId } })) ?? undefined;
  }

  /** Keeps an uploaded file; returns the reference the bot's features download it by. */
  async keepUpload(name: string, mimeType: string, data: Uint8Array): Promise<string> {
    const f = await this.db.storedFile.create({
      data: {
        name,
        mimeType: mimeType || "application/octet-stream",
        size: data.byteLength,
        data: Uint8Array.from(data),
      },
    });
    return `stored:${f.id}`;
  }

  async send(out: Outgoing): Promise<{ messageId: string }> {
    const r = out.reply;
    let m: ShownMessage;
    if (r.kind === "text") {
      const parts = splitText(r.text, this.capabilities.maxTextLength);
      for (const text of parts.slice(0, -1)) await this.push(out.chatId, "bot", "Bot", { text });
      m = await this.push(out.chatId, "bot", "Bot", { text: parts.at(-1), choices: r.choices });
    } else if (r.kind === "continue-privately") {
      m = await this.push(out.chatId, "bot", "Bot", {
        text: r.text,
        continuePrivately: { payload: r.payload, label: r.buttonLabel },
      });
    } else {
      // A file already stored (an announced plan) is shown from its row; new bytes (a chart, an export) get one.
      const data: FileData = r.data;
      const mimeType = r.kind === "picture" ? "image/png" : r.mimeType;
      const id =
        data instanceof Uint8Array
          ? (
              await this.db.storedFile.create({
                data: { name: r.fileName, mimeType, size: data.byteLength, data: Uint8Array.from(data) },
              })
            ).id
          : data.storedFileId;
      const link = linkOf(id, r.fileName);
      m = await this.push(
        out.chatId,
        "bot",
        "Bot",
        { text: r.caption, ...(r.kind === "picture" ? { picture: link } : { file: link }) },
        id,
      );
    }
    return { messageId: String(m.id) };
  }

  async downloadFile(fileRef: string): Promise<Uint8Array> {
    const id = Number(UPLOAD.exec(fileRef)?.[1]);
    const f = Number.isSafeInteger(id) ? await this.db.storedFile.findUnique({ where: { id } }) : null;
    if (!f) throw new Error(`no upload ${fileRef}`);
    return f.data;
  }

  private async fileOf(upload: string) {
    const id = Number(UPLOAD.exec(upload)?.[1]);
    const f = await this.db.storedFile.findUnique({ where: { id }, select: { id: true, name: true } });
    return f ? { id: f.id, link: linkOf(f.id, f.name) } : undefined;
  }

  private async push(
    chat: string,
    from: "bot" | "person",
    name: string,
    body: Body,
    storedFileId?: number,
  ): Promise<ShownMessage> {
    const row = await this.db.playgroundMessage.create({
      data: { chat, sender: from, name, body: JSON.stringify(body), storedFileId, at: this.now() },
    });
    return shown(row);
  }
}

function linkOf(storedFileId: number, name: string) {
  return { url: `/files/${storedFileId}/${encodeURIComponent(name)}`, name };
}

function shown(row: { id: number; chat: string; sender: string; name: string; body: string; at: Date }): ShownMessage {
  const body = JSON.parse(row.body) as Body;
  return {
    id: row.id,
    chat: row.chat,
    from: row.sender === "person" ? "person" : "bot",
    name: row.name,
    ...body,
    at: row.at.toISOString(),
  };
}
