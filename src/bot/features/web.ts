/**
 * /web (/trangweb): a one-time link into the web view for the person asking, only in their private chat (the link
 * opens a session as them, so it must never be posted where others can press it).
 */

import { formatDayTime } from "../../domain/dates/due.js";
import { scopeRoots } from "../../domain/scope.js";
import type { Feature } from "../core.js";
import type { BotContext } from "../types.js";

async function webLink(ctx: BotContext): Promise<void> {
  if (ctx.isGroup) return ctx.say("web-private-only");
  const access = ctx.services.webAccess;
  if (!access.enabled) return ctx.say("web-off");
  if (!scopeRoots(ctx.actor.grants, "view").length) return ctx.say("web-no-scope");
  const link = await access.createLink(ctx.actor.personId);
  if (!link.ok) {
    if (link.problem === "off") return ctx.say("web-off");
    const at = link.retryAt ?? ctx.now();
    return ctx.say("web-too-many", { time: formatDayTime(at, ctx.deps.config.timezone) });
  }
  ctx.say("web-link", { url: link.url, minutes: 15 });
}

export const web: Feature = {
  commands: [
    {
      names: ["trangweb", "web"],
      description: "cmd-web",
      role: "chair",
      chats: ["private"],
      run: webLink,
    },
  ],
};
