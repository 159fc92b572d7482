/**
 * Web pages as real files: an HTML template whose `{{name}}` slots are filled with escaped values, and a folder of
 * static files (CSS, client scripts, images) served under one URL prefix. Every answer carries the same strict
 * security headers: scripts and styles only from files of this origin (no inline script or style, no CDN), no
 * framing, no sniffing. The playground uses it; any later page served by the bot (a web view for staff) can too.
 *
 * The files live beside the TypeScript under src/ and are copied next to the built JavaScript by `npm run build`
 * (scripts/copy-assets.ts), so `import.meta.dirname` finds them in both.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";

/**
 * The Content-Security-Policy of every page: nothing but this origin's own files and its own API, no inline script or
 * style (an injected `<script>` or `onclick=` does not run), no plugins, no framing, forms post nowhere.
 */
export const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  // A recording chosen to send is measured (its length in seconds) from a blob: URL before it goes.
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * For a file people uploaded or the bot made, shown from the same origin: a sandbox, so an uploaded .html or .svg
 * cannot run script in the page's origin (it would hold the page token).
 */
export const FILE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

/** Headers every answer of a page server sends. */
export function securityHeaders(policy = PAGE_POLICY): Record<string, string> {
  return {
    "content-security-policy": policy,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
  };
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML text and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/**
 * Markup made by filling another template (so its own values were escaped there): put into a slot as it is. Only
 * `Template.html` makes it, so text from people can never become markup.
 */
export class Html {
  private constructor(readonly markup: string) {}

  static join(parts: readonly Html[]): Html {
    return new Html(parts.map((p) => p.markup).join(""));
  }

  /** @internal Templates only. */
  static fromTemplate(markup: string): Html {
    return new Html(markup);
  }
}

export type SlotValue = string | Html;

/** An HTML file with `{{name}}` slots, read once (or its text, when a file holds several named parts). */
export class Template {
  private readonly parts: string[];

  constructor(
    readonly file: string,
    text = fs.readFileSync(file, "utf8"),
  ) {
    this.parts = text.split(/\{\{\s*([a-zA-Z][\w-]*)\s*\}\}/);
  }

  /** The slots the file names, in order of first appearance. */
  get slots(): string[] {
    return [...new Set(this.parts.filter((_, i) => i % 2 === 1))];
  }

  /** Fills every slot with its escaped value; a slot without a value is a programming error, so it throws. */
  render(values: Record<string, SlotValue>): string {
    return this.parts
      .map((part, i) => {
        if (i % 2 === 0) return part;
        const value = values[part];
        if (value === undefined) throw new Error(`${path.basename(this.file)}: no value for {{${part}}}`);
        return value instanceof Html ? value.markup : escapeHtml(value);
      })
      .join("");
  }

  /** The filled template as markup another template's slot takes unescaped. */
  html(values: Record<string, SlotValue>): Html {
    return Html.fromTemplate(this.render(values));
  }
}

interface StaticFile {
  data: Buffer;
  type: string;
  etag: string;
}

/**
 * The files of one folder (not its subfolders), listed and read once at start, served under `prefix`
 * ("/static/playground.css"). Only names that were in the folder are answered, so no path can reach anything else.
 */
export class StaticFolder {
  private readonly files = new Map<string, StaticFile>();

  constructor(
    dir: string,
    readonly prefix: string,
  ) {
    for (const name of fs.readdirSync(dir)) {
      const type = TYPES[path.extname(name).toLowerCase()];
      const full = path.join(dir, name);
      if (!type || type.startsWith("text/html") || !fs.statSync(full).isFile()) continue;
      const data = fs.readFileSync(full);
      const etag = `"${crypto.createHash("sha256").update(data).digest("base64url").slice(0, 22)}"`;
      this.files.set(name, { data, type, etag });
    }
  }

  /** The names served, for tests and for a page to link. */
  get names(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Answers a GET or HEAD for one of its files; false when the request is not for this folder. */
  serve(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): boolean {
    if (!pathname.startsWith(this.prefix) || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const file = this.files.get(decodeURIComponent(pathname.slice(this.prefix.length)));
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8", ...securityHeaders() });
      res.end("not found");
      return true;
    }
    // Revalidated on every load (cheap: a 304 without the body), so a new version is never hidden by a cache.
    const headers = { "content-type": file.type, etag: file.etag, "cache-control": "no-cache", ...securityHeaders() };
    if (req.headers["if-none-match"] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    res.writeHead(200, { ...headers, "content-length": String(file.data.length) });
    res.end(req.method === "HEAD" ? undefined : file.data);
    return true;
  }
}

/** Sends a rendered page with the security headers; never cached (it may carry a per-start token). */
export function sendPage(res: http.ServerResponse, html: string): void {
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    ...securityHeaders(),
  });
  res.end(html);
}
