/**
 * The web view's HTTP server: one small ordered route table (the first route whose path matches answers), started by
 * main.ts on WEB_HOST:WEB_PORT when PUBLIC_URL is set. It keeps nothing in memory between requests: the session is a
 * signed cookie and every page is read from the database, so any process of a deployment answers any page.
 *
 * Mounting another handler (signed file links, say) is one line: pass it in `routes`, or put it in `viewRoutes`.
 */
import http from "node:http";
import type { App } from "../app.js";
import type { Logger } from "../logger.js";
import type { RequestHandler } from "./handlers-server.js";
import { StaticFolder, securityHeaders } from "./pages.js";
import { WEB_VIEW_POLICY, type WebRequest, type WebRoute } from "./route.js";
import { accessRoutes } from "./routes/access.js";
import { pageRoutes } from "./routes/pages.js";
import { ViewKit } from "./view-kit.js";

export interface WebViewOptions {
  app: App;
  host: string;
  port: number;
  logger: Logger;
  /** The Telegram bot token, when Telegram runs: lets a Mini App in by its initData. */
  telegramToken?: string;
  /** Handlers mounted before the web view's own (each `{ method, path, handle }`). */
  routes?: WebRoute[];
  /** Request handlers of other parts, tried first (the signed file links, the Zalo Bot webhook). */
  handlers?: readonly RequestHandler[];
}

export interface WebView {
  url: string;
  close(): Promise<void>;
}

/** Every route of the web view, in the order they are tried. */
export function viewRoutes(kit: ViewKit, extra: readonly WebRoute[] = []): WebRoute[] {
  const statics = new StaticFolder(kit.dir, "/web/static/");
  return [
    ...extra,
    { method: "GET", path: /^\/web\/static\//, handle: (r) => void statics.serve(r.req, r.res, r.url.pathname) },
    ...accessRoutes(kit),
    ...pageRoutes(kit),
  ];
}

export async function startWebView(o: WebViewOptions): Promise<WebView> {
  const kit = new ViewKit(o.app, { telegramToken: o.telegramToken });
  const routes = viewRoutes(kit, o.routes);
  const handlers = o.handlers ?? [];
  const server = http.createServer((req, res) => {
    const served = async () => {
      for (const handle of handlers) if (await handle(req, res)) return;
      await answer(routes, kit, req, res);
    };
    void served().catch((err: unknown) => {
      o.logger.error({ err }, "web view request failed");
      if (!res.headersSent) kit.problemPage(res, 500, o.app.config.defaultLanguage, "webv-error");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : o.port;
  return {
    url: `http://${o.host.includes(":") ? `[${o.host}]` : o.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(
  routes: readonly WebRoute[],
  kit: ViewKit,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://web.invalid");
  const method = req.method === "HEAD" ? "GET" : req.method;
  let wrongMethod = false;
  for (const route of routes) {
    const match = route.path.exec(url.pathname);
    if (!match) continue;
    if (route.method !== method) {
      wrongMethod = true;
      continue;
    }
    const r: WebRequest = { req, res, url, match };
    await route.handle(r);
    return;
  }
  if (wrongMethod) {
    res.writeHead(405, { "content-type": "text/plain; charset=utf-8", ...securityHeaders(WEB_VIEW_POLICY) });
    res.end("method not allowed");
    return;
  }
  kit.notFound(res);
}
