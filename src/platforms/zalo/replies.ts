/**
 * How the Zalo adapter sends its replies. Texts and pictures go through one queue per chat: a chat's replies in order,
 * chats in parallel. Files go on a lane of their own per chat, each started after the texts queued before it: Zalo
 * confirms a file with a `file_done` event that may come late or never, and the person's other replies must not wait
 * for it. A file not confirmed within the time limit is left to finish by itself (a retry joins it rather than
 * uploading again: attachments.ts); the person hears once, within that limit, which files are late and what to do,
 * and again only if one then fails for another reason.
 */
import type { I18n, Language } from "../../i18n.js";
import type { Logger } from "../../logger.js";
import type { Outgoing } from "../port.js";
import { toSendError, UnconfirmedAttachment } from "./errors.js";
import { KeyedQueues } from "./queues.js";
import type { ZaloTime } from "./sender.js";

export interface ZaloRepliesOptions {
  /** The account's sender (behind its pacer in main.ts). */
  send: (out: Outgoing) => Promise<unknown>;
  i18n: I18n;
  /** For replies that do not say their reader's language. */
  language: Language;
  logger: Logger;
  /** ZALO_TIMEOUT_MS: after this a file counts as late and its chat's next file starts. */
  timeoutMs: number;
  restMs?: number;
  time: ZaloTime;
}

/** The files one event asked for, in one chat. */
interface FileBatch {
  chatId: string;
  names: string[];
  delivered: Set<string>;
  toldLate: boolean;
  /** The command line the person typed, said back in "type it again". */
  asked?: string;
  language: Language;
}

export class ZaloReplies {
  private readonly texts = new KeyedQueues();
  private readonly files = new KeyedQueues();
  /** Files past their time limit that are still being waited for (retries joining them, or their failure). */
  private readonly unconfirmed = new Set<Promise<void>>();

  constructor(private readonly o: ZaloRepliesOptions) {}

  /** The replies to one event; `asked` is the command line the person typed, if any. */
  sendAll(replies: Outgoing[], asked?: string): void {
    const batches = new Map<string, FileBatch>();
    for (const out of replies) {
      const r = out.reply;
      if (r.kind !== "file") {
        this.send(out);
        continue;
      }
      let batch = batches.get(out.chatId);
      if (!batch) {
        const language = out.language ?? this.o.language;
        batch = { chatId: out.chatId, names: [], delivered: new Set(), toldLate: false, asked, language };
        batches.set(out.chatId, batch);
      }
      batch.names.push(r.fileName);
      const files = batch;
      // In the chat's order (after the texts before it), but the chat's queue does not wait for the file.
      this.texts.push(out.chatId, async () => this.files.push(out.chatId, () => this.sendFile(out, files)));
    }
  }

  /** One reply in its chat's queue; a refused personal reply is replaced by what to do. */
  send(out: Outgoing): void {
    this.texts.push(out.chatId, async () => {
      try {
        await this.attempt(out);
      } catch (err) {
        this.failed(out, err);
      }
    });
  }

  /** Resolves when every queued reply went out or was given up, late files included (tests). */
  async idle(): Promise<void> {
    while (this.texts.busy || this.files.busy || this.unconfirmed.size) {
      await this.texts.idle();
      await this.files.idle();
      await Promise.all(this.unconfirmed);
    }
  }

  /** Resolves when the queues are empty; late files are not waited for (stopping). */
  async queued(): Promise<void> {
    while (this.texts.busy || this.files.busy) {
      await this.texts.idle();
      await this.files.idle();
    }
  }

  /** One send; Zalo's "too many requests" is waited out once (the outbox retries on its own). */
  private async attempt(out: Outgoing, retried = false): Promise<void> {
    try {
      await this.o.send(out);
    } catch (err) {
      const e = toSendError(err, this.o.restMs);
      if (e.failure !== "rate-limited" || retried) throw e;
      this.o.logger.warn(
        { chat: out.chatId, restSec: e.retryAfterSec },
        "Zalo asked the account to slow down; resting",
      );
      await this.o.time.sleep((e.retryAfterSec ?? 60) * 1000);
      return this.attempt(out, true);
    }
  }

  private failed(out: Outgoing, err: unknown): void {
    const e = toSendError(err, this.o.restMs);
    this.o.logger.warn({ chat: out.chatId, kind: e.failure, err: e }, "a Zalo reply could not be sent");
    if (e.failure === "blocked" && out.ifRefused) this.send(out.ifRefused);
  }

  /** A file: waited for up to the time limit, then left to finish while the chat's next file starts. */
  private async sendFile(out: Outgoing, batch: FileBatch): Promise<void> {
    const name = out.reply.kind === "file" ? out.reply.fileName : "";
    const outcome = this.attempt(out).then(
      () => {
        batch.delivered.add(name);
        return undefined;
      },
      (err: unknown) => err,
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), this.o.timeoutMs);
    });
    const first = await Promise.race([outcome, late]);
    clearTimeout(timer);
    if (first !== "late") return this.settled(out, batch, first);
    this.tellLate(batch);
    const rest = outcome.then((err) => this.settled(out, batch, err));
    this.unconfirmed.add(rest);
    void rest.finally(() => this.unconfirmed.delete(rest));
  }

  /** What a file's send ended in (`err` undefined: delivered). */
  private settled(out: Outgoing, batch: FileBatch, err: unknown): void {
    if (err === undefined) return;
    const e = toSendError(err, this.o.restMs);
    // Not confirmed: zca-js may still deliver it, and the person was (or is now) told what to do if it never comes.
    if (e instanceof UnconfirmedAttachment) {
      this.tellLate(batch);
      return;
    }
    this.failed(out, e);
    // A refused thread cannot be told anything (its ifRefused went to the group); a rejected reply is a bug, logged.
    if (e.failure === "blocked" || e.failure === "rejected") return;
    const name = out.reply.kind === "file" ? out.reply.fileName : "";
    this.say(batch, "zalo-file-failed", [name]);
  }

  private tellLate(batch: FileBatch): void {
    if (batch.toldLate) return;
    batch.toldLate = true;
    const waiting = batch.names.filter((n) => !batch.delivered.has(n));
    this.say(batch, "zalo-file-late", waiting);
  }

  private say(batch: FileBatch, key: string, files: string[]): void {
    const t = (k: string, args?: Record<string, string | number>) => this.o.i18n.t(batch.language, k, args);
    const command = batch.asked ?? t("zalo-same-command");
    const text = t(key, { files: files.join(", "), count: files.length, command });
    this.send({ chatId: batch.chatId, reply: { kind: "text", text }, language: batch.language });
  }
}
