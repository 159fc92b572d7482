/**
 * What every page of the web view shares: who is asking (the session cookie, then the person's roles read again on
 * every request), their language, the templates under view/ and the small pieces pages are built of (links, tables,
 * sections, a pager, a chart), and the polite pages for a refusal.
 */
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import type { App } from "../app.js";
import { can, scopeRoots } from "../domain/scope.js";
import type { Language, Translate } from "../i18n.js";
import type { Actor } from "../services/people.js";
import type { UnitRow } from "../services/units.js";
import { Html, type SlotValue, securityHeaders, Template } from "./pages.js";
import { WEB_VIEW_POLICY, type WebRequest } from "./route.js";

/** The session cookie's name. */
export const SESSION_COOKIE = "cdweb";

/** A person let in, with their roles as the database holds them at this request. */
export interface Viewer {
  actor: Actor;
  lang: Language;
  t: Translate;
  /** The tops of the subtrees the person may view. */
  roots: UnitRow[];
}

/** A table cell: text or markup, or text with its class (`num` right-aligns a figure). */
export type Cell = SlotValue | { text: string; num?: boolean; cls?: string };

/** The templates: the page's frame (layout.html) and the named parts of parts.html. */
class Templates {
  readonly layout: Template;
  private readonly parts = new Map<string, Template>();

  constructor(dir: string) {
    this.layout = new Template(path.join(dir, "layout.html"));
    const file = path.join(dir, "parts.html");
    const chunks = fs.readFileSync(file, "utf8").split(/^<!-- part: ([a-z-]+) -->\n/m);
    for (let i = 1; i < chunks.length; i += 2)
      this.parts.set(chunks[i]!, new Template(`${file}#${chunks[i]}`, chunks[i + 1]!.trimEnd()));
  }

  part(name: string): Template {
    const t = this.parts.get(name);
    if (!t) throw new Error(`parts.html has no part ${name}`);
    return t;
  }
}

export class ViewKit {
  readonly dir = path.join(import.meta.dirname, "view");
  private readonly templates = new Templates(this.dir);

  constructor(
    readonly app: App,
    readonly options: { telegramToken?: string },
  ) {}

  get secure(): boolean {
    return (this.app.config.web.publicUrl ?? "").startsWith("https:");
  }

  /** The language of someone not (yet) known: the deployment's default (Vietnamese unless DEFAULT_LANGUAGE says). */
  guestLanguage(): Language {
    return this.app.config.defaultLanguage;
  }

  cookie(req: http.IncomingMessage): string | undefined {
    for (const part of (req.headers.cookie ?? "").split(";")) {
      const [name, ...value] = part.trim().split("=");
      if (name === SESSION_COOKIE) return value.join("=");
    }
    return undefined;
  }

  /** The Set-Cookie header of a new session. */
  sessionCookie(value: string, maxAgeSec: number): string {
    return [
      `${SESSION_COOKIE}=${value}`,
      "Path=/web",
      `Max-Age=${maxAgeSec}`,
      "HttpOnly",
      "SameSite=Strict",
      ...(this.secure ? ["Secure"] : []),
    ].join("; ");
  }

  /**
   * The person behind the request, roles read from the database now; when there is none (no cookie, a forged or
   * expired one, no role that may view), the polite page is sent and undefined returned.
   */
  async viewer(r: WebRequest): Promise<Viewer | undefined> {
    const services = this.app.services;
    const personId = await services.webAccess.personFromCookie(this.cookie(r.req));
    if (personId === undefined) {
      this.problemPage(r.res, 401, this.guestLanguage(), "webv-signed-out");
      return undefined;
    }
    const actor = await services.people.actorOf(personId, "web", `view:${personId}`);
    const lang = actor.language;
    const paths = scopeRoots(actor.grants, "view");
    if (!paths.length) {
      this.problemPage(r.res, 403, lang, "webv-no-scope");
      return undefined;
    }
    const roots = (await Promise.all(paths.map((p) => services.units.atScopeRoot(p)))).filter((u): u is UnitRow => !!u);
    return { actor, lang, t: this.app.i18n.forLanguage(lang), roots };
  }

  /** A unit by its code when the viewer may see it; otherwise the 403 page (the same for an unknown code). */
  async unitInScope(r: WebRequest, v: Viewer, code: string | undefined): Promise<UnitRow | undefined> {
    const unit = code ? await this.app.services.units.byCode(decodeURIComponent(code)) : v.roots[0];
    if (unit && can(v.actor.grants, "view", unit.path)) return unit;
    this.problemPage(r.res, 403, v.lang, "webv-outside-scope");
    return undefined;
  }

  // ---- building pages ----

  part(name: string, values: Record<string, SlotValue>): Html {
    return this.templates.part(name).html(values);
  }

  link(href: string, text: string): Html {
    return this.part("link", { href, text });
  }

  text(text: string, cls = ""): Html {
    return this.part("p", { text, cls });
  }

  section(title: string, body: Html | Html[], id = ""): Html {
    return this.part("section", { title, id, body: Array.isArray(body) ? Html.join(body) : body });
  }

  list(items: Html[]): Html {
    return this.part("list", { items: Html.join(items.map((item) => this.part("item", { item }))) });
  }

  /** A table; a header given with an `href` is a sort link. Wide tables scroll inside their box on a phone. */
  table(
    head: (string | { text: string; href?: string; num?: boolean; mark?: string; cls?: string })[],
    rows: Cell[][],
  ): Html {
    const th = head.map((h) => {
      const c = typeof h === "string" ? { text: h } : h;
      const label = c.href ? this.link(c.href, `${c.text}${c.mark ?? ""}`) : c.text;
      return this.part("th", { content: label, cls: [c.num ? "num" : "", c.cls ?? ""].join(" ").trim() });
    });
    const tr = rows.map((row) =>
      this.part("tr", {
        cells: Html.join(
          row.map((cell) =>
            typeof cell === "object" && !(cell instanceof Html)
              ? this.part("td", { content: cell.text, cls: [cell.num ? "num" : "", cell.cls ?? ""].join(" ").trim() })
              : this.part("td", { content: cell, cls: "" }),
          ),
        ),
      }),
    );
    return this.part("table", { head: Html.join(th), rows: Html.join(tr) });
  }

  /** A chart as an image of its SVG (drawn from the same vega-lite spec as the chat's picture). */
  chart(svg: string, alt: string): Html {
    return this.part("chart", { src: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`, alt });
  }

  /** Sends a page of the web view in the viewer's language. */
  page(
    res: http.ServerResponse,
    v: Viewer | { lang: Language },
    o: { title: string; main: Html | Html[]; crumbs?: { href: string; text: string }[]; status?: number },
  ): void {
    const t = this.app.i18n.forLanguage(v.lang);
    const crumbs = (o.crumbs ?? []).map((c) => this.part("crumb", { link: this.link(c.href, c.text) }));
    const html = this.templates.layout.render({
      lang: v.lang,
      title: o.title,
      brand: t("webv-brand"),
      who: "actor" in v ? v.actor.name : "",
      crumbs: Html.join(crumbs),
      main: Array.isArray(o.main) ? Html.join(o.main) : o.main,
      footer: t("webv-footer"),
    });
    res.writeHead(o.status ?? 200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      ...securityHeaders(WEB_VIEW_POLICY),
    });
    res.end(html);
  }

  /** A short page that says what went wrong and what to do (ask /web again, …), in the person's language. */
  problemPage(res: http.ServerResponse, status: number, lang: Language, key: string): void {
    const t = this.app.i18n.forLanguage(lang);
    this.page(res, { lang }, { status, title: t(`${key}-title`), main: this.text(t(key)) });
  }

  notFound(res: http.ServerResponse): void {
    this.problemPage(res, 404, this.guestLanguage(), "webv-not-found");
  }
}
