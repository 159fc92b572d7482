/** A platform sender that records what it sends and answers like a platform would: 403 for blocked chats, 429 once. */
import { type Capabilities, type Outgoing, type PlatformSender, SendError } from "../../src/platforms/port.js";

export class FakeSender implements PlatformSender {
  readonly capabilities: Capabilities = { privateChat: "deep-link", maxTextLength: 4096 };
  readonly sent: Outgoing[] = [];
  readonly blocked = new Set<string>();
  /** chat → seconds Telegram asks to wait, answered once */
  readonly rateLimitOnce = new Map<string, number>();
  readonly transientOnce = new Set<string>();
  /** Sends into these chats never return (a stalled upload). */
  readonly stall = new Set<string>();
  /** Files into this chat take 300 ms to "upload" (order must still hold within a chat). */
  slowFilesIn?: string;
  /** Groups upgraded to supergroups: old id → new id; a send to the old id fails "moved", as Telegram's 400 does. */
  readonly movedTo = new Map<string, string>();
  refusedMoved = 0;
  private id = 0;

  constructor(readonly platform: "telegram" | "zalo" | "web" = "telegram") {}

  async send(out: Outgoing): Promise<{ messageId: string }> {
    if (this.blocked.has(out.chatId)) throw new SendError("blocked", "Forbidden: bot was kicked from the group chat");
    const moved = this.movedTo.get(out.chatId);
    if (moved !== undefined) {
      this.refusedMoved++;
      throw new SendError("moved", "Bad Request: group chat was upgraded to a supergroup chat", undefined, moved);
    }
    const wait = this.rateLimitOnce.get(out.chatId);
    if (wait !== undefined) {
      this.rateLimitOnce.delete(out.chatId);
      throw new SendError("rate-limited", `Too Many Requests: retry after ${wait}`, wait);
    }
    if (this.transientOnce.delete(out.chatId)) throw new SendError("transient", "Bad Gateway");
    if (this.stall.has(out.chatId)) await new Promise(() => undefined);
    if (out.reply.kind === "file" && out.chatId === this.slowFilesIn) await new Promise((r) => setTimeout(r, 300));
    this.sent.push(out);
    return { messageId: String(++this.id) };
  }

  async downloadFile(): Promise<Uint8Array> {
    return new Uint8Array();
  }

  to(chatId: string): Outgoing[] {
    return this.sent.filter((o) => o.chatId === chatId);
  }
}
