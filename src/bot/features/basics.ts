/** /start, /trogiup, /ngonngu: greeting, help per role, and the language a person reads. */

import { choicesFor, type Flow } from "../../conversations/engine.js";
import { highestRole, ROLES } from "../../domain/scope.js";
import { isLanguage, LANGUAGES, type Language } from "../../i18n.js";
import type { Feature } from "../core.js";
import type { BotContext } from "../types.js";

/**
 * Help for the person's highest role: the commands meant for that role or a lower one, grouped by the role they belong
 * to. A command whose use differs by role says so through a locale key "<description>-for-<role>" (a member's
 * /vaitro only shows their roles; staff's also grants them).
 */
function helpText(ctx: BotContext): string {
  const role = highestRole(ctx.actor.grants);
  const level = ROLES.indexOf(role);
  const describe = (key: string) => {
    const own = `${key}-for-${role}`;
    return ctx.deps.i18n.has(ctx.lang, own) ? ctx.t(own) : ctx.t(key);
  };
  const lines: string[] = [ctx.t("help-intro", { role: ctx.t(`role-${role}`) })];
  for (const tier of ROLES.slice(0, level + 1)) {
    const commands = ctx.commands.all.filter((c) => c.role === tier);
    if (!commands.length) continue;
    if (level > 0) lines.push("", ctx.t(`help-section-${tier}`));
    for (const c of commands)
      lines.push(`/${c.names[0]} (/${c.names.slice(1).join(", /")}) — ${describe(c.description)}`);
  }
  return [...lines, "", ctx.t("help-cancel")].join("\n");
}

interface LanguageState {
  dummy?: true;
}

export const languageFlow: Flow<LanguageState> = {
  id: "language",
  key: "lg",
  steps: {
    choose: {
      accepts: "choice",
      prompt: (ctx) => ({
        text: ctx.t("language-choose"),
        choices: choicesFor(
          languageFlow,
          "choose",
          LANGUAGES.map((l) => ({ id: l, label: ctx.t(`language-name-${l}`) })),
        ),
      }),
      async handle(ctx, _s, answer) {
        if (answer.kind !== "choice" || !isLanguage(answer.id))
          return { retry: "conversation-choose-one", args: { count: LANGUAGES.length } };
        await setLanguage(ctx, answer.id);
        return { done: true };
      },
    },
  },
};

async function setLanguage(ctx: BotContext, lang: Language): Promise<void> {
  await ctx.services.people.setLanguage(ctx.actor.personId, lang);
  ctx.actor.language = lang;
  ctx.say("language-set");
}

export const basics: Feature = {
  flows: [languageFlow],
  commands: [
    {
      names: ["batdau", "start"],
      description: "cmd-start",
      role: "member",
      chats: ["private", "group"],
      run(ctx) {
        ctx.reply({ kind: "text", text: `${ctx.t("start-welcome", { name: ctx.actor.name })}\n\n${helpText(ctx)}` });
      },
    },
    {
      names: ["trogiup", "help"],
      description: "cmd-help",
      role: "member",
      chats: ["private", "group"],
      run(ctx) {
        ctx.reply({ kind: "text", text: helpText(ctx) });
      },
    },
    {
      names: ["ngonngu", "language"],
      description: "cmd-language",
      role: "member",
      chats: ["private", "group"],
      async run(ctx, args) {
        const wanted = args.trim().toLowerCase();
        if (!wanted) return ctx.deps.engine.start(ctx, "language", "choose", {});
        if (!isLanguage(wanted)) return ctx.say("language-unknown", { given: wanted.slice(0, 20) });
        await setLanguage(ctx, wanted);
      },
    },
  ],
};
