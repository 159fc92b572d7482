/** The web view for chairs and staff (issue 31): served when PUBLIC_URL is set; otherwise said once in the log. */
import type { Running, Stop } from "./running.js";
import { nothingToStop } from "./running.js";

export async function startWebView(running: Running): Promise<Stop> {
  const { config, app, logger } = running;
  if (!config.web.publicUrl) {
    logger.info("web view off: set PUBLIC_URL to serve it (/trangweb says so too)");
    return nothingToStop;
  }
  // Pages read from the database, sessions in signed cookies: any process of a deployment answers any page.
  const { startWebView: serve } = await import("../web/server.js");
  const view = await serve({
    app,
    host: config.web.host,
    port: config.web.port,
    logger,
    ...(config.telegram.enabled ? { telegramToken: config.telegram.token } : {}),
  });
  logger.info({ listening: view.url, publicUrl: config.web.publicUrl }, "web view started");
  return () => view.close();
}
