/** The BotContext of one incoming event (bot/types.ts says what each member is for). */
import type { FluentVariable } from "@fluent/bundle";
import type { StepAnswer } from "../db/hot-store.js";
import { type Action, can } from "../domain/scope.js";
import type { Language } from "../i18n.js";
import type { Capabilities, IncomingEvent, Outgoing, Reply } from "../platforms/port.js";
import type { ChatRow } from "../services/chats.js";
import { tooManyBytes } from "../services/file-bounds.js";
import type { Services } from "../services/index.js";
import type { Actor } from "../services/people.js";
import type { BotContext, BotDeps, CommandList } from "./types.js";

export class EventContext implements BotContext {
  readonly out: Outgoing[] = [];
  stepAnswer?: () => StepAnswer | undefined;
  stepKey?: string;

  constructor(
    readonly event: IncomingEvent,
    readonly actor: Actor,
    readonly chat: ChatRow,
    readonly deps: BotDeps,
    readonly capabilities: Capabilities,
    readonly commands: CommandList,
    /** The bot's own username on the platform, for deep links. */
    readonly botUsername?: string,
    private readonly downloader?: (fileRef: string, maxBytes?: number) => Promise<Uint8Array>,
  ) {}

  /**
   * The bytes of an attachment the sender sent, at most FILE_MAX_MB: a larger one (by the size the platform gave, or
   * while it downloads) throws FileLimitError before it is held whole.
   */
  async download(fileRef: string): Promise<Uint8Array> {
    if (!this.downloader) throw new Error(`${this.event.platform} cannot download files`);
    const max = this.deps.config.files.maxBytes;
    const att = this.event.attachment;
    if (att?.fileRef === fileRef && (att.size ?? 0) > max) throw tooManyBytes(max);
    const data = await this.downloader(fileRef, max);
    if (data.byteLength > max) throw tooManyBytes(max);
    return data;
  }

  get lang(): Language {
    return this.actor.language;
  }

  get services(): Services {
    return this.deps.services;
  }

  get isGroup(): boolean {
    return this.event.chat.kind === "group";
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** Bound, so it can be handed on as a function (`periodText(ctx.t, label)`). */
  readonly t = (key: string, args?: Record<string, FluentVariable>): string => this.deps.i18n.t(this.lang, key, args);

  can(action: Action, unitPath: string): boolean {
    return can(this.actor.grants, action, unitPath);
  }

  /** Answers in this chat; in a group it quotes the member's message so several conversations stay apart. */
  reply(reply: Reply): void {
    this.out.push({
      chatId: this.event.chat.id,
      reply,
      ...(this.isGroup && this.event.messageId ? { replyToMessageId: this.event.messageId } : {}),
    });
  }

  replyNaming(replies: Reply[], o: { inGroup?: string; deepLink: string }): void {
    if (!this.isGroup) {
      for (const reply of replies) this.reply(reply);
      return;
    }
    const name = this.actor.name;
    this.reply({
      kind: "text",
      text: [o.inGroup, this.t("named-sent-privately", { name })].filter(Boolean).join("\n"),
    });
    const quote = this.event.messageId ? { replyToMessageId: this.event.messageId } : {};
    const howTo: Reply =
      this.capabilities.privateChat === "deep-link"
        ? {
            kind: "continue-privately",
            text: this.t("named-open-private", { name }),
            payload: o.deepLink,
            buttonLabel: this.t("continue-privately"),
          }
        : { kind: "text", text: this.t("named-not-friends", { name }) };
    const refused: Outgoing = { chatId: this.event.chat.id, reply: howTo, ...quote };
    for (const [i, reply] of replies.entries())
      this.out.push({
        chatId: this.event.sender.id,
        reply,
        personal: true,
        ...(i === 0 ? { ifRefused: refused } : {}),
      });
  }

  say(key: string, args?: Record<string, FluentVariable>): void {
    this.reply({ kind: "text", text: this.t(key, args) });
  }
}
