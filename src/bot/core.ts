/**
 * The platform-neutral bot: every adapter hands it an IncomingEvent and sends back the Outgoing replies it returns.
 * Order: drop redeliveries → know the chat and the person → the first matcher of `dispatch.ts`'s ROUTE that takes it.
 */
import type { ConversationEngine, Flow } from "../conversations/engine.js";
import { FaultLog, storageFault } from "../db/faults.js";
import { isLanguage, type Language } from "../i18n.js";
import type { Logger } from "../logger.js";
import { type Capabilities, type IncomingEvent, type Outgoing, recordedJson } from "../platforms/port.js";
import type { ChatRow } from "../services/chats.js";
import type { Actor } from "../services/people.js";
import { firstTimeSeen } from "../services/updates.js";
import { cleanEvent } from "./clean.js";
import { type Command, CommandRegistry, pickChoice, withoutBotMention } from "./commands.js";
import { EventContext } from "./context.js";
import { dispatch, type Handler, type Routes } from "./dispatch.js";
import type { BotContext, BotDeps } from "./types.js";

export type { Handler };

/**
 * One feature: its commands, guided conversations, buttons ("prefix|…" payloads) and deep links ("/start prefix_arg").
 */
export interface Feature {
  commands?: Command[];
  flows?: Flow[];
  actions?: Record<string, Handler>;
  deepLinks?: Record<string, Handler>;
  /**
   * A file sent on its own in a private chat (no command, no conversation): true when this feature took it up (a plan
   * to announce, a targets sheet). Features are asked in order; nobody taking it gets the usual hint.
   */
  file?: (ctx: BotContext) => Promise<boolean>;
}

/** What an adapter tells the core about its platform with each update. */
export interface PlatformInfo {
  capabilities: Capabilities;
  botUsername?: string;
  /** Fetches an attachment the member sent (plan files, submitted reports). */
  download?: (fileRef: string, maxBytes?: number) => Promise<Uint8Array>;
  /** The adapter lets each update through once (Telegram's inbox), so the core keeps no record of its own. */
  deduplicated?: boolean;
  /**
   * Whether the platform's own member list has this person in this group chat (Zalo: getGroupInfo). Never rejects;
   * a lookup that fails says false.
   */
  isChatMember?: (chatId: string, userId: string) => Promise<boolean>;
  /**
   * Told the replies a conversation step writes to the update's inbox row with its state: when they are the update's
   * whole answer, the adapter need not write them a second time.
   */
  stepRecorded?: (replies: string) => void;
}

/** The neutral bot every adapter talks to: its command table (help, menus) and the handling of one update. */
export interface BotCore {
  readonly commands: CommandRegistry;
  handle(event: IncomingEvent, platform: PlatformInfo): Promise<Outgoing[]>;
}

/** Builds the bot from its features: their commands, flows, buttons, deep links and file takers become its routes. */
export function createBotCore(deps: BotDeps, engine: ConversationEngine, features: Feature[]): BotCore {
  const commands = new CommandRegistry();
  const actions = new Map<string, Handler>();
  const deepLinks = new Map<string, Handler>();
  const fileTakers = features.flatMap((f) => (f.file ? [f.file] : []));
  for (const f of features) {
    commands.add(...(f.commands ?? []));
    for (const flow of f.flows ?? []) engine.register(flow);
    for (const [k, h] of Object.entries(f.actions ?? {})) actions.set(k, h);
    for (const [k, h] of Object.entries(f.deepLinks ?? {})) deepLinks.set(k, h);
  }

  const routes: Routes = { engine, commands, actions, deepLinks, fileTakers };

  const faults = new FaultLog(deps.logger, deps.clock);

  /** The language to answer in before the person is known: read without writing (the disk may be full). */
  async function fallbackLanguage(event: IncomingEvent): Promise<Language> {
    try {
      const known = (await deps.hot.actor({ platform: event.platform, platformUserId: event.sender.id }))?.language;
      if (isLanguage(known)) return known;
    } catch {
      // the database cannot even be read: fall through
    }
    const code = event.sender.languageCode?.slice(0, 2);
    return code && isLanguage(code) ? code : deps.config.defaultLanguage;
  }

  /**
   * Whether a failed update should still be answered: always in a private chat; in a group only what was meant for the
   * bot (a command, a button, a mention, a reply to it, an answer in a conversation), never everyone's chatter.
   */
  async function expectsAnswer(event: IncomingEvent): Promise<boolean> {
    if (event.chat.kind === "private" || event.choice || event.mentionsBot || event.replyTo?.fromBot) return true;
    if (event.text?.trimStart().startsWith("/")) return true;
    try {
      return !!(await deps.hot.conversation(event.platform, event.chat.id, event.sender.id));
    } catch {
      return false;
    }
  }

  /**
   * Writing in a linked group makes a member; pressing a button (such as "Đã nhận"), or typing its number or label
   * where the platform shows buttons as numbered lines (Zalo), does only when the platform's own member list has the
   * person in the group (a forged or stale press never makes anyone a member). Returns the actor as they now are.
   */
  async function joinedIfNew(
    event: IncomingEvent,
    platform: PlatformInfo,
    chat: ChatRow,
    actor: Actor,
  ): Promise<Actor> {
    const unitId = chat.kind === "group" && chat.unit?.active ? chat.unit.id : undefined;
    if (unitId === undefined || actor.memberships.some((m) => m.unitId === unitId)) return actor;
    const answersOffer = !!event.offeredChoices?.length && !!pickChoice(event.text, event.offeredChoices);
    const pressed = !!event.choice || answersOffer;
    if (pressed && (await platform.isChatMember?.(event.chat.id, event.sender.id)) !== true) return actor;
    if (!(await deps.services.people.ensureMember(actor.personId, unitId))) return actor;
    return deps.services.people.actorOf(actor.personId, event.platform, event.sender.id);
  }

  /** An update that failed: a storage fault is reported and answered when it was meant for the bot; others logged. */
  async function answerFailure(event: IncomingEvent, err: unknown, logger: Logger): Promise<Outgoing[]> {
    const cause = err instanceof StorageFailure ? err.cause : err;
    const kind = storageFault(cause);
    if (!kind) {
      logger.error({ err }, "an update failed early");
      return [plainReply(event, deps.i18n.t(await fallbackLanguage(event), "error-generic"))];
    }
    faults.report(kind, cause);
    if (!(await expectsAnswer(event))) return [];
    const language = err instanceof StorageFailure ? err.language : await fallbackLanguage(event);
    return [plainReply(event, deps.i18n.t(language, "storage-unavailable"))];
  }

  async function handleClean(event: IncomingEvent, platform: PlatformInfo, logger: Logger): Promise<Outgoing[]> {
    const { services } = deps;
    deps.hot.checkStorage?.();
    if (!platform.deduplicated && !(await firstTimeSeen(deps.hot, event.platform, event.updateId, deps.clock.now())))
      return [];
    const chat = await services.chats.touch(event.platform, event.chat.id, event.chat.kind, event.chat.title);
    const actor = await joinedIfNew(
      event,
      platform,
      chat,
      await services.people.resolve(event.platform, event.sender.id, event.sender.name),
    );
    const ctx = new EventContext(
      event,
      actor,
      chat,
      { ...deps, logger },
      platform.capabilities,
      commands,
      platform.botUsername,
      platform.download,
    );
    // Where the platform keeps an inbox, a conversation's step writes the replies with its state (engine.ts).
    if (platform.deduplicated)
      ctx.stepAnswer = () => {
        const replies = recordedJson(event.sender.languageCode, answerOf(ctx.out, event, actor));
        if (replies === undefined) return undefined;
        platform.stepRecorded?.(replies);
        return { platform: event.platform, updateId: event.updateId, replies };
      };
    try {
      await dispatch(ctx, routes);
    } catch (err) {
      if (storageFault(err)) throw Object.assign(new StorageFailure(err), { language: actor.language });
      logger.error({ err }, "handling an update failed");
      ctx.out.length = 0;
      ctx.say("error-generic");
    }
    return answerOf(ctx.out, event, actor);
  }

  return {
    commands,
    async handle(raw, platform) {
      const cleaned = cleanEvent(raw);
      // The bot's own mention ("@union_bot /trogiup", "@Bot 2") is not part of what the person asks.
      const event =
        cleaned.text !== undefined
          ? { ...cleaned, text: withoutBotMention(cleaned.text, platform.botUsername) }
          : cleaned;
      // Every line logged while handling the update names its platform and id.
      const logger = deps.logger.child({ platform: event.platform, updateId: event.updateId });
      try {
        return await handleClean(event, platform, logger);
      } catch (err) {
        return answerFailure(event, err, logger);
      }
    },
  };
}

/** A storage fault met after the person was known, carrying their language to the answer. */
class StorageFailure extends Error {
  language: Language = "vi";
  constructor(override readonly cause: unknown) {
    super("storage fault");
  }
}

/** What the replies become on their way out: in the event's topic, in the reader's language. */
function answerOf(replies: Outgoing[], event: IncomingEvent, actor: Actor): Outgoing[] {
  // Nothing that names people goes into a group, whatever a feature asked (their private chat gets it).
  const out = replies.filter((o) => !(o.personal && event.chat.kind === "group" && o.chatId === event.chat.id));
  return inTopic(out, event).map((o) => (o.language ? o : { ...o, language: actor.language }));
}

/** An answer built without the database (which may be what failed), quoting the member in a group. */
function plainReply(event: IncomingEvent, text: string): Outgoing {
  return {
    chatId: event.chat.id,
    reply: { kind: "text", text },
    ...(event.chat.kind === "group" && event.messageId ? { replyToMessageId: event.messageId } : {}),
    ...(event.threadId ? { threadId: event.threadId } : {}),
  };
}

/** Answers into the chat the event came from go to its forum topic too (a private chat or another chat: unchanged). */
function inTopic(out: Outgoing[], event: IncomingEvent): Outgoing[] {
  const { threadId } = event;
  if (!threadId) return out;
  return out.map((o) => (o.chatId === event.chat.id && !o.threadId ? { ...o, threadId } : o));
}
