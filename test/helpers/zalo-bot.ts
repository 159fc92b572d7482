/**
 * The Zalo Bot adapter against the fake Bot Platform (zalo-bot-api.ts), on a real database with its inbox, polling
 * or webhook. A node:http server plays the web server: it serves the signed file links and the webhook.
 */
import http from "node:http";
import type { App } from "../../src/app.js";
import { openInbox } from "../../src/db/client.js";
import type { Logger } from "../../src/logger.js";
import { createZaloBotAdapter, type ZaloBotAdapter } from "../../src/platforms/zalo-bot/adapter.js";
import { FileLinks } from "../../src/web/file-links.js";
import { until } from "./zalo.js";
import { type BotUser, FakeZaloBotApi } from "./zalo-bot-api.js";

export { FakeZaloBotApi, until };
export const WEBHOOK_SECRET = "webhook-secret-42";

export interface ZaloBotRigOptions {
  mode?: "polling" | "webhook";
  /** Serve signed file links (PUBLIC_URL set); true unless false. */
  publicUrl?: boolean;
  api?: FakeZaloBotApi;
  logger?: Logger;
  timeoutMs?: number;
  onStopped?: () => void;
}

export interface ZaloBotRig {
  api: FakeZaloBotApi;
  adapter: ZaloBotAdapter;
  /** The web server's base URL (PUBLIC_URL). */
  base: string;
  links?: FileLinks;
  /** A member writes; resolves once the update was handled and its replies sent. */
  says(from: BotUser, text: string, o?: { group?: string }): Promise<string>;
  /** Waits until the update with this message id in this chat is handled. */
  handled(chatId: string, messageId: string): Promise<void>;
  close(): Promise<void>;
}

export async function zaloBotRig(app: App, o: ZaloBotRigOptions = {}): Promise<ZaloBotRig> {
  const api = o.api ?? (await new FakeZaloBotApi().start());
  let adapter: ZaloBotAdapter | undefined;
  let links: FileLinks | undefined;
  const server = http.createServer((req, res) => {
    void (async () => {
      if (links && (await links.handle(req, res))) return;
      if (adapter && (await adapter.webhook(req, res))) return;
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  if (o.publicUrl !== false)
    links = new FileLinks({
      db: app.db,
      clock: app.clock,
      publicUrl: base,
      secret: () => app.services.webAccess.sessionSecret(),
    });
  const mode = o.mode ?? "polling";
  adapter = createZaloBotAdapter({
    token: api.token,
    apiRoot: api.url,
    mode,
    webhook: { url: `${base}/zalo-bot/webhook`, secret: WEBHOOK_SECRET },
    core: app.core,
    db: app.db,
    inbox: openInbox(app.db),
    i18n: app.i18n,
    language: "vi",
    logger: o.logger ?? app.logger,
    loadStoredFile: async (id) => (await app.db.storedFile.findUniqueOrThrow({ where: { id } })).data,
    ...(links ? { share: (f: Parameters<FileLinks["share"]>[0]) => links!.share(f) } : {}),
    timeoutMs: o.timeoutMs ?? 3000,
    pollTimeoutSec: 1,
    retryBaseMs: 10,
    onStopped: o.onStopped,
  });
  await adapter.start();
  const a = adapter;
  const handled = async (chatId: string, messageId: string) => {
    const updateId = `${chatId}:${messageId}`;
    await until(async () => {
      const row = await app.db.inboxUpdate.findUnique({
        where: { platform_updateId: { platform: "zalo-bot", updateId } },
      });
      return !!row?.handledAt;
    }, `update ${updateId} handled`);
    await a.idle();
  };
  return {
    api,
    adapter: a,
    base,
    links,
    handled,
    async says(from, text, s = {}) {
      const id = await api.says(from, text, s);
      await handled(s.group ?? from.id, id);
      return id;
    },
    async close() {
      await a.stop();
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
