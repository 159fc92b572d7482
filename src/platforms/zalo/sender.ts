/**
 * Neutral replies → Zalo messages through zca-js: group threads need ThreadType.Group; text over 2,000 characters is
 * split on line boundaries; choices become numbered lines answered with a digit; files and pictures go as attachments;
 * a reply in a group quotes the member's message (or goes without the quote when zca-js cannot quote it).
 * Every zca-js call has a time limit: a non-image file waits for a `file_done` socket event that may never come.
 * Zalo's error codes become the port's failures (errors.ts); when the session is gone, sends fail at once.
 */
import { type API, type SendMessageQuote as Quote, ThreadType, type TMessage } from "zca-js";
import { readCapped } from "../../services/file-bounds.js";
import { choicesAsText } from "../numbered.js";
import {
  type Capabilities,
  type Choice,
  type FileData,
  type Outgoing,
  type PlatformSender,
  SendError,
  splitText,
} from "../port.js";
import { PendingAttachments } from "./attachments.js";
import { toSendError, withTimeout } from "./errors.js";

export const ZALO_CAPABILITIES: Capabilities = { privateChat: "none", maxTextLength: 2000 };

/** Wall time and waiting, for the adapter's bookkeeping and the sender's rests; tests hand in their own. */
export interface ZaloTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realZaloTime: ZaloTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((r) => setTimeout(r, ms)),
};

export type ZaloApi = Pick<API, "listener" | "sendMessage" | "getOwnId" | "getGroupInfo">;

export interface ZaloSenderOptions {
  api: ZaloApi;
  /** Whether a thread is a group (from incoming messages, or the chats table for broadcasts). */
  threadType: (chatId: string) => Promise<ThreadType>;
  loadStoredFile: (id: number) => Promise<Uint8Array>;
  /**
   * "Trả lời bằng một số: 1, 2, 3" in the reader's language, and the words that may be typed instead ("Hoặc gõ:
   * «Quay lại», «Hủy»"); either part may be empty.
   */
  answerHint: (count: number, words: string[]) => string;
  /** Recent incoming messages, to quote them in replies. */
  recent: (messageId: string) => TMessage | undefined;
  fetchFile?: typeof fetch;
  /** Longest wait for one zca-js call (a send, an upload and its file_done, a download). */
  timeoutMs: number;
  /** Why nothing can be sent now (the session was taken over or refused), or undefined when sending works. */
  unavailable?: () => string | undefined;
  /** How long the account rests after Zalo says "too many requests" (221). */
  restMs?: number;
  /**
   * ZALO_SEND_INTERVAL_MS: the least time between two messages this account sends. The shared pacer spaces whole
   * replies; this also spaces the messages one reply becomes (the parts of a long text, a caption and its file).
   */
  minIntervalMs?: number;
  /** Waiting for the next send (real time by default). */
  sleep?: (ms: number) => Promise<void>;
  /** A text with choices went out as numbered lines (so a typed or quoted number can be read back). */
  offered?: (out: Outgoing, messageId: string, choices: Choice[]) => void;
  now?: () => number;
}

function pngSize(data: Uint8Array): { width?: number; height?: number } {
  if (data.length < 24 || data[0] !== 0x89 || data[1] !== 0x50) return {};
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** zca-js throws on quoting a `webchat` whose content is an object, and on polls: those replies go unquoted. */
function quotable(m: TMessage): boolean {
  if (m.msgType === "group.poll") return false;
  return !(m.msgType === "webchat" && typeof m.content !== "string");
}

/**
 * Beyond ZALO_SEND_INTERVAL_MS between two messages: zca-js does some work of its own (headers, encryption) between a
 * turn and its HTTP request, so requests can reach Zalo a few milliseconds closer together than their turns were.
 */
const SEND_GAP_MARGIN_MS = 20;

/** zca-js sends a caption with the picture itself only for these (and only unquoted); otherwise as a message of its own. */
const CAPTIONED = /\.(jpe?g|png|webp)$/i;

export class ZaloSender implements PlatformSender {
  readonly platform = "zalo" as const;
  readonly capabilities = ZALO_CAPABILITIES;
  private restingUntil = 0;
  /** The earliest moment the next message may leave (minIntervalMs after the one before). */
  private nextSendAt = -Infinity;
  private sendTurns: Promise<void> = Promise.resolve();
  private readonly attachments: PendingAttachments;

  constructor(private readonly o: ZaloSenderOptions) {
    this.attachments = new PendingAttachments(() => this.now());
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** Resolves when this account may send its next message; turns are handed out in call order. */
  private nextTurn(): Promise<void> {
    const gap = this.o.minIntervalMs ?? 0;
    if (gap <= 0) return Promise.resolve();
    const turn = this.sendTurns.then(async () => {
      // A timer may fire a millisecond early by the wall clock: wait again until the moment has really come.
      for (let wait = this.nextSendAt - this.now(); wait > 0; wait = this.nextSendAt - this.now())
        await (this.o.sleep ?? realZaloTime.sleep)(wait);
      this.nextSendAt = this.now() + gap + SEND_GAP_MARGIN_MS;
    });
    this.sendTurns = turn;
    return turn;
  }

  /** One zca-js sendMessage, in its turn and within the time limit. */
  private async sendOne(what: string, message: Parameters<ZaloApi["sendMessage"]>[0], out: Outgoing, type: ThreadType) {
    await this.nextTurn();
    return this.call(what, this.o.api.sendMessage(message, out.chatId, type));
  }

  async send(out: Outgoing): Promise<{ messageId: string }> {
    const gone = this.o.unavailable?.();
    if (gone) throw new SendError("transient", gone, 300);
    const rest = this.restingUntil - this.now();
    if (rest > 0) throw new SendError("rate-limited", "the Zalo account is resting", Math.ceil(rest / 1000));
    try {
      return await this.sendUnsafe(out);
    } catch (err) {
      const e = toSendError(err, this.o.restMs);
      if (e.failure === "rate-limited") this.restingUntil = this.now() + (e.retryAfterSec ?? 60) * 1000;
      throw e;
    }
  }

  private call<T>(what: string, p: Promise<T>): Promise<T> {
    return withTimeout(p, this.o.timeoutMs, what);
  }

  private quoteFor(out: Outgoing, type: ThreadType): Quote | undefined {
    const quoted = out.replyToMessageId ? this.o.recent(out.replyToMessageId) : undefined;
    if (!quoted || type !== ThreadType.Group || !quotable(quoted)) return undefined;
    return {
      content: quoted.content,
      msgType: quoted.msgType,
      propertyExt: quoted.propertyExt,
      uidFrom: quoted.uidFrom,
      msgId: quoted.msgId,
      cliMsgId: quoted.cliMsgId,
      ts: quoted.ts,
      ttl: quoted.ttl,
    };
  }

  private async sendUnsafe(out: Outgoing): Promise<{ messageId: string }> {
    const type = await this.o.threadType(out.chatId);
    const r = out.reply;
    if (out.personal && type === ThreadType.Group)
      throw new SendError("rejected", "a reply with personal data is never sent into a group");
    const quote = this.quoteFor(out, type);
    if (r.kind === "text" || r.kind === "continue-privately") {
      // Choices answered by a number are numbered lines; those answered by typing their label are named as words.
      const { body, numbered: choices } = choicesAsText(r.text, r.kind === "text" ? (r.choices ?? []) : [], (n, w) =>
        this.o.answerHint(n, w),
      );
      let last = "";
      for (const [i, part] of splitText(body, this.capabilities.maxTextLength).entries()) {
        const res = await this.sendOne("sendMessage", { msg: part, ...(i === 0 && quote ? { quote } : {}) }, out, type);
        last = String(res.message?.msgId ?? last);
      }
      if (choices.length && last) this.o.offered?.(out, last, choices);
      return { messageId: last };
    }
    // A file or picture that timed out may still be delivered by zca-js: a retry joins it rather than sending again.
    const key = this.attachments.key(out.chatId, r.fileName, r.data);
    return this.attachments.send(
      key,
      () => this.sendAttachment(out, r, type, quote),
      this.o.timeoutMs,
      "sendMessage (attachment)",
    );
  }

  /** A file or picture, its caption first where zca-js would send it as a message of its own. No time limit here. */
  private async sendAttachment(
    out: Outgoing,
    r: Extract<Outgoing["reply"], { kind: "file" | "picture" }>,
    type: ThreadType,
    quote: Quote | undefined,
  ): Promise<{ messageId: string }> {
    const data = await this.bytes(r.data);
    const filename = r.fileName.includes(".") ? (r.fileName as `${string}.${string}`) : (`${r.fileName}.bin` as const);
    const captionApart = !!r.caption && (!!quote || !CAPTIONED.test(filename));
    if (captionApart && r.caption) {
      await this.nextTurn();
      await this.o.api.sendMessage({ msg: r.caption, ...(quote ? { quote } : {}) }, out.chatId, type);
    }
    const attachment = {
      data: Buffer.from(data),
      filename,
      metadata: { totalSize: data.byteLength, ...(r.kind === "picture" ? pngSize(data) : {}) },
    };
    await this.nextTurn();
    const res = await this.o.api.sendMessage(
      { msg: captionApart ? "" : (r.caption ?? ""), attachments: [attachment] },
      out.chatId,
      type,
    );
    return { messageId: String(res.attachment[0]?.msgId ?? res.message?.msgId ?? "") };
  }

  private async bytes(data: FileData): Promise<Uint8Array> {
    return data instanceof Uint8Array ? data : this.o.loadStoredFile(data.storedFileId);
  }

  async downloadFile(fileRef: string, maxBytes?: number): Promise<Uint8Array> {
    const res = await this.call("download", (this.o.fetchFile ?? fetch)(fileRef));
    if (!res.ok) throw new SendError("transient", `download answered ${res.status}`);
    if (maxBytes !== undefined) return this.call("download", readCapped(res, maxBytes));
    return new Uint8Array(await this.call("download", res.arrayBuffer()));
  }
}
