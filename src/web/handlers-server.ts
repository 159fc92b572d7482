/**
 * A plain HTTP server on WEB_HOST:WEB_PORT for request handlers that say whether they served a request (the file
 * links, the Zalo Bot webhook); anything else is 404. Where the web view's own server runs, it mounts the same
 * handlers instead.
 */
import http from "node:http";
import type { Logger } from "../logger.js";

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

export async function serveHandlers(
  handlers: RequestHandler[],
  o: { host: string; port: number; logger: Logger },
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    req.on("error", () => undefined);
    res.on("error", () => undefined);
    void (async () => {
      try {
        for (const handle of handlers) if (await handle(req, res)) return;
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("404\n");
      } catch (err) {
        o.logger.warn({ err }, "a web request failed");
        if (!res.headersSent) res.writeHead(500).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(o.port, o.host, resolve));
  return server;
}
