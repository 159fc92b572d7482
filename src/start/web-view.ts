/** The web view for chairs and staff (#31): pages read from the database, sessions in signed cookies. */
import { nothingToStop, type Running, type Stop } from "./running.js";

/** Serves the web view when PUBLIC_URL is set (its server loaded only then); otherwise says once that it is off. */
export async function startWebView(running: Running): Promise<Stop> {
  const { config, app, logger } = running;
  if (!config.web.publicUrl) {
    logger.info("web view off: set PUBLIC_URL to serve it (/trangweb says so too)");
    return nothingToStop;
  }
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
