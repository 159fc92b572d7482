/**
 * The Telegram adapter's delivery steps around the core (adapter.ts wires them): updates kept in the inbox from arrival
 * until their replies went out, a chat's updates taken in order across processes, and a chat's replies sent in order
 * outside its lock.
 */
import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import type { StoredUpdate, UpdateInbox } from "../../db/inbox-store.js";
import type { Logger } from "../../logger.js";
import { UpdateNotStored } from "./webhook.js";

/** An update as the inbox keeps it, with its chat. */
export function inboxRow(u: Update): StoredUpdate {
  // Stored before its shape is checked (a malformed update is kept and marked handled): read the chat defensively.
  const loose = u as unknown as Record<string, { chat?: { id?: unknown }; message?: { chat?: { id?: unknown } } }>;
  const chat = loose.message?.chat?.id ?? loose.callback_query?.message?.chat?.id ?? loose.my_chat_member?.chat?.id;
  return {
    updateId: String(u.update_id),
    payload: JSON.stringify(u),
    ...(typeof chat === "number" || typeof chat === "string" ? { chatId: String(chat) } : {}),
  };
}

export type { RecordedReplies } from "../port.js";

/** Longest wait for a chat's earlier update held by another process (one that died is taken over within ~20 s). */
const IN_ORDER_WAIT_MS = 60_000;

/**
 * Several processes take a chat's updates (webhooks answered once stored, handed out round-robin): before handling
 * one, a process waits, without holding the chat's lock, until the chat's earlier updates held by other processes are
 * handled (their replies out), so a member's answers are taken in the order they were written.
 */
export async function inOrder(inbox: UpdateInbox, updateId: string, chat: string, logger: Logger): Promise<void> {
  const until = Date.now() + IN_ORDER_WAIT_MS;
  for (let wait = 20; await inbox.earlierPending!("telegram", updateId, chat).catch(() => false); ) {
    if (Date.now() > until) {
      logger.warn({ updateId }, "an earlier update of the chat is still not handled; handling this one now");
      return;
    }
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 500);
  }
}

/** grammY wraps a middleware's error in a BotError: an update that could not be stored is handed on as such. */
export function unwrapNotStored(err: unknown): never {
  const inner = (err as { error?: unknown }).error;
  throw inner instanceof UpdateNotStored ? inner : err;
}

/**
 * Stores updates before Telegram learns they arrived: polling confirms an update by asking for the next offset, so
 * getUpdates' answer is written before the runner sees it; a webhook update is written by the first middleware,
 * before the handler (and so before the 200). The last step marks it handled, after its replies went out. An update
 * already handled, or being handled (Telegram delivering it twice), goes no further: the inbox is Telegram's only
 * de-duplication. A crash leaves the update unhandled here, and the restart handles it in full.
 */
export function keepInInbox(bot: Bot, inbox: UpdateInbox, logger: Logger, admitted: Set<number>): void {
  const rows = (updates: Update[]) => updates.map(inboxRow);
  bot.api.config.use(async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "getUpdates" && res.ok && Array.isArray(res.result))
      await inbox.store("telegram", rows(res.result as Update[])).catch((err: unknown) => {
        // The runner asks again from the same offset: Telegram keeps the batch until it is stored.
        logger.warn({ err }, "polled updates could not be stored yet");
        throw err;
      });
    return res;
  });
  bot.use(async (ctx, next) => {
    const [update] = rows([ctx.update]);
    const mine =
      admitted.delete(ctx.update.update_id) ||
      (await inbox.take("telegram", update!).catch((err: unknown) => {
        throw new UpdateNotStored(err);
      }));
    if (!mine) return;
    try {
      await next();
    } finally {
      await inbox.markHandled("telegram", update!.updateId);
    }
  });
}

/**
 * Each chat's replies in the order of its updates: an update's replies are queued behind those of the chat's earlier
 * updates and go out one after another, so two updates never interleave theirs, while the chat's lock is already free
 * for the next update. `of(ctx)` resolves once the update's replies went out (or were given up).
 */
export class ChatReplies {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly sent = new WeakMap<Context, Promise<void>>();

  constructor(private readonly logger: Logger) {}

  queue(ctx: Context, chat: string, send: () => Promise<void>): void {
    const before = this.tails.get(chat) ?? Promise.resolve();
    const mine = before
      .then(send)
      .catch((err: unknown) => this.logger.error({ err, chat }, "replies could not be sent"))
      .finally(() => {
        if (this.tails.get(chat) === mine) this.tails.delete(chat);
      });
    this.tails.set(chat, mine);
    this.sent.set(ctx, mine);
  }

  of(ctx: Context): Promise<void> {
    return this.sent.get(ctx) ?? Promise.resolve();
  }
}
