/**
 * The types every layer of the bot shares: what a handler sees (BotContext), what it may use (BotDeps) and what a
 * command is. Only interfaces live here; the classes that implement them (context.ts, commands.ts,
 * conversations/engine.ts) import this file and never each other, so the layers read top-down.
 */
import type { FluentVariable } from "@fluent/bundle";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { HotStorage, StepAnswer } from "../db/hot-store.js";
import type { Action, Role } from "../domain/scope.js";
import type { I18n, Language } from "../i18n.js";
import type { Logger } from "../logger.js";
import type { Capabilities, IncomingEvent, Outgoing, Reply } from "../platforms/port.js";
import type { ChatRow } from "../services/chats.js";
import type { Services } from "../services/index.js";
import type { Actor } from "../services/people.js";

/** What features need of the conversation engine: starting a guided conversation. */
export interface Conversations {
  start<S>(ctx: BotContext, flowId: string, step: string, state: S): Promise<void>;
  /** Starts it with this event as the first step's answer (a file sent without its command). */
  startWith<S>(ctx: BotContext, flowId: string, step: string, state: S): Promise<void>;
}

/** What the bot is built over: storage, settings, texts, logger, clock, the services and the conversation engine. */
export interface BotDeps {
  db: Db;
  hot: HotStorage;
  config: Config;
  i18n: I18n;
  logger: Logger;
  clock: Clock;
  services: Services;
  engine: Conversations;
}

/** A command: a Vietnamese name, an English alias, who it is for, and where it works. */
export interface Command {
  /** Vietnamese name first, then English alias(es), without the slash. */
  names: [string, ...string[]];
  /** Locale key of the one-line description shown in help and in the platform's command menu. */
  description: string;
  /** The lowest role the command is meant for (help and menus); scope checks happen in the services. */
  role: Role;
  /** Where it is offered in the command menu. */
  chats: ("group" | "private")[];
  run(ctx: BotContext, args: string): Promise<void> | void;
}

/** The commands as help and the platforms' menus list them. */
export interface CommandList {
  readonly all: readonly Command[];
}

/** What a feature sees while handling one event: who, where, in which language, and how to answer. */
export interface BotContext {
  readonly out: Outgoing[];
  readonly event: IncomingEvent;
  /**
   * The replies so far as the update's answer, written with a conversation's step (db/hot-store.ts: StepAnswer); set
   * by the core where the platform keeps an inbox.
   */
  stepAnswer?: () => StepAnswer | undefined;
  /**
   * Set by the conversation engine while a stored step handles its answer: the same for every handling of that step,
   * so what a service writes under it is written once even when a crash has the answer handled again.
   */
  stepKey?: string;
  readonly actor: Actor;
  readonly chat: ChatRow;
  readonly deps: BotDeps;
  readonly capabilities: Capabilities;
  readonly commands: CommandList;
  /** The bot's own username on the platform, for deep links. */
  readonly botUsername?: string;
  readonly lang: Language;
  readonly services: Services;
  readonly isGroup: boolean;
  /** The bytes of an attachment the sender sent. */
  download(fileRef: string): Promise<Uint8Array>;
  now(): Date;
  t(key: string, args?: Record<string, FluentVariable>): string;
  can(action: Action, unitPath: string): boolean;
  /** Answers in this chat; in a group it quotes the member's message so several conversations stay apart. */
  reply(reply: Reply): void;
  /**
   * Answers that name people (who acknowledged, who is in a unit). In a private chat they are the answer. In a group
   * they go to the sender's private chat only: the group hears `inGroup` (counts, never names) and that the detail
   * went privately; where the platform refuses the private chat (Telegram: never started; Zalo: not friends), the
   * group hears how to open one (Telegram: a button that runs `deepLink` in the private chat).
   */
  replyNaming(replies: Reply[], o: { inGroup?: string; deepLink: string }): void;
  say(key: string, args?: Record<string, FluentVariable>): void;
}
