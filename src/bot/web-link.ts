/**
 * "Xem trên web" under an answer about many units: the matching page of the web view (#31), when PUBLIC_URL is set.
 * Telegram gets a button: in a private chat over https a Mini App, signed in by Telegram itself; elsewhere a plain link
 * to the page. Platforms without link buttons (Zalo, the playground) get the address on the text's last line; the page
 * asks for /web first when the browser has no session.
 */
import type { Choice } from "../platforms/port.js";
import type { BotContext } from "./types.js";

type TextReply = { kind: "text"; text: string; choices?: Choice[] };

export function withWebLink(ctx: BotContext, reply: TextReply, path: string): TextReply {
  const base = ctx.deps.config.web.publicUrl; // config has taken its trailing slashes off
  if (!base) return reply;
  const label = ctx.t("web-see");
  if (ctx.capabilities.linkButtons) {
    const miniApp = ctx.event.chat.kind === "private" && base.startsWith("https://");
    const url = miniApp ? `${base}/web/app?to=${encodeURIComponent(path)}` : `${base}${path}`;
    return {
      ...reply,
      choices: [...(reply.choices ?? []), { id: "web", label, url, ...(miniApp ? { webApp: true } : {}) }],
    };
  }
  const line = ctx.t("web-see-line", { url: `${base}${path}` });
  if (reply.text.length + line.length + 1 > ctx.capabilities.maxTextLength) return reply;
  return { ...reply, text: `${reply.text}\n${line}` };
}
