/**
 * Getting in: the one-time link from /web and a Telegram Mini App. Opening the link's address (GET) changes nothing:
 * it shows a page whose one button posts the token (the page's script presses it at once), so a link preview or a
 * prefetch never uses the link up; the POST redeems it, sets the session cookie and sends the person on. A Mini App
 * page posts Telegram's initData the same way.
 */
import type http from "node:http";
import { z } from "zod";
import { safeWebPath } from "../../services/web-access.js";
import { securityHeaders } from "../pages.js";
import { WEB_VIEW_POLICY, type WebRequest, type WebRoute } from "../route.js";
import type { ViewKit } from "../view-kit.js";

const MAX_BODY = 8 * 1024;

async function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A POST must come from a page of this site (another site's form cannot log someone in as someone else). */
function sameSite(kit: ViewKit, req: http.IncomingMessage): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") return false;
  const origin = req.headers.origin;
  if (origin === undefined || origin === "null") return site === "same-origin" || origin === undefined;
  const allowed = new Set([`http://${req.headers.host}`, `https://${req.headers.host}`]);
  const publicUrl = kit.app.config.web.publicUrl;
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  return allowed.has(origin);
}

function refuse(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...securityHeaders(WEB_VIEW_POLICY) });
  res.end(text);
}

function redirect(res: http.ServerResponse, to: string, cookie?: string): void {
  res.writeHead(303, {
    location: to,
    "cache-control": "no-store",
    ...(cookie ? { "set-cookie": cookie } : {}),
    ...securityHeaders(WEB_VIEW_POLICY),
  });
  res.end();
}

const miniAppBody = z.object({ initData: z.string().max(4096), path: z.string().max(300).optional() });

export function accessRoutes(kit: ViewKit): WebRoute[] {
  const { services, i18n } = kit.app;

  /** The page for a link that cannot open a session: in the language of whom it was made for, when known. */
  async function linkRefused(r: WebRequest, token: string, problem: string): Promise<void> {
    const owner = await services.webAccess.linkOwner(token);
    const person = owner === undefined ? null : await kit.app.db.person.findUnique({ where: { id: owner } });
    const lang = person && (person.language === "en" || person.language === "vi") ? person.language : undefined;
    kit.problemPage(r.res, 410, lang ?? kit.guestLanguage(), `webv-link-${problem}`);
  }

  return [
    {
      method: "GET",
      path: /^\/web\/login$/,
      handle: (r) => {
        const lang = kit.guestLanguage();
        const t = i18n.forLanguage(lang);
        const token = r.url.searchParams.get("t") ?? "";
        kit.page(
          r.res,
          { lang },
          {
            title: t("webv-login-title"),
            main: kit.part("login", { token, intro: t("webv-login-intro"), button: t("webv-login-button") }),
          },
        );
      },
    },
    {
      method: "POST",
      path: /^\/web\/login$/,
      handle: async (r) => {
        if (!sameSite(kit, r.req)) return refuse(r.res, 403, "cross-site request");
        const body = await readBody(r.req);
        if (body === undefined) return refuse(r.res, 413, "too large");
        const token = new URLSearchParams(body).get("t") ?? "";
        const opened = await services.webAccess.redeem(token);
        if (!opened.ok) return linkRefused(r, token, opened.problem);
        redirect(r.res, safeWebPath(opened.path), kit.sessionCookie(opened.cookie, opened.maxAgeSec));
      },
    },
    {
      method: "GET",
      path: /^\/web\/app$/,
      handle: (r) => {
        const lang = kit.guestLanguage();
        const t = i18n.forLanguage(lang);
        const to = safeWebPath(r.url.searchParams.get("to") ?? "/web");
        kit.page(
          r.res,
          { lang },
          {
            title: t("webv-brand"),
            main: kit.part("miniapp", { to, wait: t("webv-miniapp-wait"), refused: t("webv-miniapp-refused") }),
          },
        );
      },
    },
    {
      method: "POST",
      path: /^\/web\/miniapp$/,
      handle: async (r) => {
        if (!sameSite(kit, r.req)) return refuse(r.res, 403, "cross-site request");
        if ((r.req.headers["content-type"] ?? "").split(";")[0]?.trim() !== "application/json")
          return refuse(r.res, 415, "JSON only");
        const raw = await readBody(r.req);
        if (raw === undefined) return refuse(r.res, 413, "too large");
        let parsed: z.infer<typeof miniAppBody>;
        try {
          parsed = miniAppBody.parse(JSON.parse(raw));
        } catch {
          return refuse(r.res, 400, "bad request");
        }
        const token = kit.options.telegramToken;
        const result = token
          ? await services.webAccess.fromTelegramMiniApp(parsed.initData, token)
          : ({ ok: false, problem: "bad-signature" } as const);
        const headers = {
          "content-type": "application/json; charset=utf-8",
          "cache-control": "no-store",
          ...securityHeaders(WEB_VIEW_POLICY),
        };
        if (!result.ok) {
          r.res.writeHead(403, headers);
          r.res.end(JSON.stringify({ ok: false, problem: result.problem }));
          return;
        }
        r.res.writeHead(200, { ...headers, "set-cookie": kit.sessionCookie(result.cookie, result.maxAgeSec) });
        r.res.end(JSON.stringify({ ok: true, path: safeWebPath(parsed.path) }));
      },
    },
  ];
}
