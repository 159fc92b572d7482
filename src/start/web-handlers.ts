/**
 * The signed file links (on with PUBLIC_URL) and the Zalo Bot webhook, served on WEB_HOST:WEB_PORT by a plain server
 * until the web view's own server mounts the same handlers.
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
