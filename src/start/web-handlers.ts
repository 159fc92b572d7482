/**
 * The signed file links (on with PUBLIC_URL) and the Zalo Bot webhook: the web view's server tries them before its
 * pages; without PUBLIC_URL (no web view) a plain server on WEB_HOST:WEB_PORT serves the webhook alone.
 */
import { FileLinks } from "../web/file-links.js";
import type { RequestHandler } from "../web/handlers-server.js";
import { nothingToStop, type Running, type Stop } from "./running.js";

/** Links to files the bot made, for channels that cannot send files; undefined without PUBLIC_URL. */
export function fileLinksOf(running: Running): FileLinks | undefined {
  const publicUrl = running.config.web.publicUrl;
  if (!publicUrl) return undefined;
  const { db, app } = running;
  return new FileLinks({ db, clock: app.clock, publicUrl, secret: () => app.services.webAccess.sessionSecret() });
}

export async function startWebHandlers(running: Running, handlers: RequestHandler[]): Promise<Stop> {
  if (!handlers.length) return nothingToStop;
  const { serveHandlers } = await import("../web/handlers-server.js");
  const { host, port } = running.config.web;
  const server = await serveHandlers(handlers, { host, port, logger: running.logger });
  return () => new Promise<void>((r) => server.close(() => r()));
}
