/**
 * The web view for chairs and staff (#31): pages read from the database, sessions in signed cookies, on
 * WEB_HOST:WEB_PORT when PUBLIC_URL is set. Request handlers of other parts (the signed file links, the Zalo Bot
 * webhook) are tried first on the same server; without PUBLIC_URL a plain server serves those alone.
 */
import type { RequestHandler } from "../web/handlers-server.js";
import type { Running, Stop } from "./running.js";
import { startWebHandlers } from "./web-handlers.js";

export async function startWebView(running: Running, handlers: RequestHandler[] = []): Promise<Stop> {
  const { config, app, logger } = running;
  if (!config.web.publicUrl) {
    logger.info("web view off: set PUBLIC_URL to serve it (/trangweb says so too)");
    return startWebHandlers(running, handlers);
  }
  const { startWebView: serve } = await import("../web/server.js");
  const view = await serve({
    app,
    host: config.web.host,
    port: config.web.port,
    logger,
    handlers,
    ...(config.telegram.enabled ? { telegramToken: config.telegram.token } : {}),
  });
  logger.info({ listening: view.url, publicUrl: config.web.publicUrl }, "web view started");
  return () => view.close();
}
