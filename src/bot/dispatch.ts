/**
 * Where an update goes once the chat and the person are known: an ordered list of small named matchers, the first that
 * takes the update answers it. The order is written once, in `ROUTE`; each matcher reads only what it needs.
 */
import type { ConversationEngine } from "../conversations/engine.js";
import { type CommandRegistry, type ParsedCommand, parseCommand, pickChoice, reachesForChoice } from "./commands.js";
import type { BotContext } from "./types.js";

/** What a feature runs for a button ("prefix|arg") or a deep link ("/start prefix_arg"), given the part after the prefix. */
export type Handler = (ctx: BotContext, arg: string) => Promise<void> | void;

/** What the features registered: commands, buttons ("prefix|…"), deep links ("/start prefix_arg") and file takers. */
export interface Routes {
  engine: ConversationEngine;
  commands: CommandRegistry;
  actions: Map<string, Handler>;
  deepLinks: Map<string, Handler>;
  fileTakers: ((ctx: BotContext) => Promise<boolean>)[];
}

/** One update as the matchers see it: its context, its command line read once, and the routes. */
interface Seen {
  ctx: BotContext;
  cmd: ParsedCommand | undefined;
  routes: Routes;
}

/** True when it took the update (answered, or chose to stay silent); false passes it to the next matcher. */
type Matcher = (seen: Seen) => Promise<boolean> | boolean;

const CANCEL = new Set(["huy", "cancel"]);
const START = new Set(["start", "batdau"]);
/** Longest command line read; anything longer is refused without being stored. */
const MAX_COMMAND_LENGTH = 500;

/** A command addressed to another bot in the group ("/trogiup@other_bot"): not ours, stay silent. */
const otherBotsCommand: Matcher = ({ cmd }) => !!cmd?.forOtherBot;

const tooLongCommand: Matcher = ({ ctx, cmd }) => {
  if (!cmd || (ctx.event.text ?? "").length <= MAX_COMMAND_LENGTH) return false;
  ctx.say("command-too-long", { max: MAX_COMMAND_LENGTH });
  return true;
};

/** /huy or /cancel: ends the conversation under way, or says there was none. */
const cancel: Matcher = async ({ ctx, cmd, routes }) => {
  if (!cmd || !CANCEL.has(cmd.name)) return false;
  ctx.say((await routes.engine.cancel(ctx)) ? "conversation-cancelled" : "conversation-nothing-to-cancel");
  return true;
};

/** "/start prefix_arg" from a link or QR code: the feature that owns the prefix (an unknown one falls to /start). */
const deepLink: Matcher = async ({ ctx, cmd, routes }) => {
  if (!cmd || !START.has(cmd.name) || !cmd.args) return false;
  const [prefix, ...rest] = cmd.args.split("_");
  const link = routes.deepLinks.get(prefix ?? "");
  if (!link) return false;
  await link(ctx, rest.join("_"));
  return true;
};

/** Any other command: run it, or say it is unknown (in a group only when it was clearly meant for this bot). */
const command: Matcher = async ({ ctx, cmd, routes }) => {
  if (!cmd) return false;
  const found = routes.commands.find(cmd.name);
  if (found) {
    // The command's name only: its arguments and the message's text are what people wrote.
    ctx.deps.logger.debug({ command: found.names[0] }, "command");
    await found.run(ctx, cmd.args);
  } else if (!ctx.isGroup || ctx.event.text?.includes("@") || ctx.event.mentionsBot)
    ctx.say("command-unknown", { name: cmd.name });
  return true;
};

/** A button of a guided conversation (the engine answers an old or foreign one too). */
const conversationButton: Matcher = async ({ ctx, routes }) => {
  const { choice } = ctx.event;
  if (!choice || !routes.engine.ownsPayload(choice)) return false;
  await routes.engine.continue(ctx);
  return true;
};

/** Any other button: the feature that owns its prefix ("Đã nhận" under an announcement), or "this button is old". */
const action: Matcher = async ({ ctx, routes }) => {
  const { choice } = ctx.event;
  if (!choice) return false;
  const [prefix, ...rest] = choice.split("|");
  const handler = routes.actions.get(prefix ?? "");
  if (handler) await handler(ctx, rest.join("|"));
  else ctx.say("button-unknown");
  return true;
};

/** Text while a conversation waits for an answer. */
const conversationAnswer: Matcher = ({ ctx, routes }) => routes.engine.continue(ctx);

/**
 * "1" or "Đã nhận" typed under an announcement whose choices were shown as numbered lines (Zalo): a button press.
 * Meant for those choices but none of them ("ok" quoting the message, "đã nhận nhưng…"): say how to choose.
 */
const numberedChoice: Matcher = async ({ ctx, routes }) => {
  const { event } = ctx;
  const open = (event.offeredChoices ?? []).filter((c) => !routes.engine.ownsPayload(c.id));
  const offered = pickChoice(event.text, open);
  const [prefix, ...rest] = (offered?.id ?? "").split("|");
  const handler = offered ? routes.actions.get(prefix ?? "") : undefined;
  if (handler) {
    await handler(ctx, rest.join("|"));
    return true;
  }
  if (!ctx.isGroup || !open.length || !(event.replyTo?.fromBot || reachesForChoice(event.text, open))) return false;
  sayHowToChoose(ctx, open);
  return true;
};

/** A file sent on its own in a private chat: the first feature that takes it up (a plan to announce, a sheet). */
const privateFile: Matcher = async ({ ctx, routes }) => {
  if (ctx.isGroup || ctx.event.attachment?.kind !== "file") return false;
  for (const take of routes.fileTakers) if (await take(ctx)) return true;
  return false;
};

/** Nothing else took it: a short hint in a private chat; in a group only when the bot was addressed. */
const fallback: Matcher = ({ ctx }) => {
  if (!ctx.isGroup) ctx.say("fallback-private");
  else if (ctx.event.mentionsBot || ctx.event.replyTo?.fromBot) ctx.say("fallback-group");
  return true;
};

/** The order in which an update is offered to the matchers: the first that takes it answers it. */
export const ROUTE: readonly (readonly [name: string, matcher: Matcher])[] = [
  ["command for another bot", otherBotsCommand],
  ["command too long", tooLongCommand],
  ["cancel", cancel],
  ["deep link", deepLink],
  ["command", command],
  ["conversation button", conversationButton],
  ["action", action],
  ["conversation answer", conversationAnswer],
  ["numbered choice", numberedChoice],
  ["file in a private chat", privateFile],
  ["fallback", fallback],
];

/** Offers the update to each matcher of `ROUTE` in turn; returns the name of the one that took it. */
export async function dispatch(ctx: BotContext, routes: Routes): Promise<string> {
  const seen: Seen = { ctx, cmd: parseCommand(ctx.event.text, ctx.botUsername), routes };
  for (const [name, matcher] of ROUTE) if (await matcher(seen)) return name;
  return "fallback";
}

/** How to answer choices shown as numbered lines: a number, the label, or a quote of the message with the number. */
function sayHowToChoose(ctx: BotContext, choices: { label: string }[]): void {
  const [only] = choices;
  if (choices.length === 1 && only) ctx.say("offer-how-to-choose-one", { label: only.label });
  else ctx.say("offer-how-to-choose", { list: choices.map((c, i) => `${i + 1} (${c.label})`).join(", ") });
}
