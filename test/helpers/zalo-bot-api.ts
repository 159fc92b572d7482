/**
 * Zalo's Bot Platform API on loopback, built from its documentation (issue #32): `/bot<TOKEN>/<method>`, answers
 * `{ok, result}` or `{ok:false, error_code, description}`.
 * - It keeps the chats that wrote to the bot and what the bot sent into each; a send to a chat it does not know, or a
 *   text of more than 2,000 characters (or none), is refused with 400.
 * - getUpdates is long polling with `timeout` in seconds and one update per answer; an empty wait answers 408. It is
 *   refused (409) while a webhook is set; then each message is POSTed to the webhook with the secret in the
 *   `X-Bot-Api-Secret-Token` header.
 * - A wrong token (or one `revoke`d) answers 401; sendPhoto fetches its photo URL as Zalo would, and records what came.
 * - Faults for specs: `fault({ kind: "hang" | "html" | "5xx" | "reset", method?, times? })`.
 */
import http from "node:http";

export interface BotSent {
  method: "sendMessage" | "sendPhoto";
  chatId: string;
  text?: string;
  photo?: string;
  caption?: string;
  messageId: string;
  /** sendPhoto: what fetching the photo URL gave. */
  fetched?: { status: number; type?: string; bytes: number };
}

export interface BotUser {
  id: string;
  name: string;
}

export interface Fault {
  kind: "hang" | "html" | "5xx" | "reset";
  /** Only this method (every method when unset). */
  method?: string;
  /** How many requests fail (all from now on when unset). */
  times?: number;
}

type Answer = { status: number; body: unknown } | "hang" | "html" | "reset";

export class FakeZaloBotApi {
  readonly botId = "4242";
  token = `${this.botId}:fake-secret-of-the-bot`;
  canJoinGroups = true;
  readonly sent: BotSent[] = [];
  readonly calls: { method: string; params: Record<string, unknown> }[] = [];
  /** Chats that wrote to the bot, and their kind. */
  readonly chats = new Map<string, "PRIVATE" | "GROUP">();
  /** What the webhook answered to each delivery. */
  readonly deliveries: number[] = [];
  webhook?: { url: string; secret: string };
  private readonly queue: unknown[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly faults: Fault[] = [];
  private readonly hung = new Set<http.ServerResponse>();
  private server?: http.Server;
  private seq = 1000;
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.route(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    for (const wake of this.waiting.splice(0)) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  fault(f: Fault): void {
    this.faults.push({ ...f });
  }

  /** The token stops working (revoked in Zalo Bot Manager). */
  revoke(): void {
    this.token = `${this.botId}:a-new-secret-after-revoking`;
  }

  /** What the bot sent into one chat, in order. */
  inChat(chatId: string): BotSent[] {
    return this.sent.filter((s) => s.chatId === chatId);
  }

  /** A member writes to the bot (a private chat when `group` is unset); returns the message id. */
  async says(
    from: BotUser,
    text: string,
    o: { group?: string; nameField?: "first_name" | "name" | "display_name"; eventName?: string } = {},
  ): Promise<string> {
    return this.push(from, { text }, o);
  }

  async push(
    from: BotUser,
    content: Record<string, unknown>,
    o: { group?: string; nameField?: "first_name" | "name" | "display_name"; eventName?: string } = {},
  ): Promise<string> {
    const chatId = o.group ?? from.id;
    const type = o.group ? "GROUP" : "PRIVATE";
    this.chats.set(chatId, type);
    const messageId = String(++this.seq);
    const event =
      o.eventName ??
      (content.photo
        ? "message.image.received"
        : content.sticker
          ? "message.sticker.received"
          : "message.text.received");
    return this.pushRaw({
      event_name: event,
      message: {
        message_id: messageId,
        chat: { id: chatId, chat_type: type },
        from: { id: from.id, [o.nameField ?? "display_name"]: from.name, is_bot: false },
        date: Date.now(),
        ...content,
      },
    }).then(() => messageId);
  }

  /** Any update as it is (malformed ones too): queued for getUpdates, or POSTed to the webhook. */
  async pushRaw(update: unknown): Promise<void> {
    if (this.webhook) {
      this.deliveries.push(await this.post(this.webhook.url, update, this.webhook.secret));
      return;
    }
    this.queue.push(update);
    this.waiting.shift()?.();
  }

  /** A POST to the webhook as Zalo would make it (or with another secret, or none). */
  async post(url: string, body: unknown, secret?: string): Promise<number> {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret ? { "x-bot-api-secret-token": secret } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  }

  /** Updates still waiting to be fetched. */
  get pending(): number {
    return this.queue.length;
  }

  private takeFault(method: string): Fault | undefined {
    const f = this.faults.find((x) => !x.method || x.method === method);
    if (!f) return undefined;
    if (f.times !== undefined && --f.times <= 0) this.faults.splice(this.faults.indexOf(f), 1);
    return f;
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let params: Record<string, unknown> = {};
    try {
      params = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
    } catch {
      return this.answer(res, { status: 400, body: { ok: false, error_code: 400, description: "Bad JSON" } });
    }
    if (!m) return this.answer(res, { status: 404, body: { ok: false, error_code: 404, description: "Not Found" } });
    const [, token, method] = m as unknown as [string, string, string];
    this.calls.push({ method, params });
    const f = this.takeFault(method);
    if (f) return this.answer(res, f.kind === "5xx" ? { status: 502, body: { ok: false, error_code: 502 } } : f.kind);
    if (token !== this.token)
      return this.answer(res, { status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } });
    this.answer(res, await this.method(method, params));
  }

  private answer(res: http.ServerResponse, a: Answer): void {
    if (a === "hang") {
      this.hung.add(res);
      res.on("close", () => this.hung.delete(res));
      return;
    }
    if (a === "reset") {
      res.socket?.destroy();
      return;
    }
    if (a === "html") {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      return;
    }
    res.writeHead(a.status, { "content-type": "application/json" });
    res.end(JSON.stringify(a.body));
  }

  private async method(method: string, p: Record<string, unknown>): Promise<Answer> {
    const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });
    const no = (code: number, description: string) => ({
      status: code,
      body: { ok: false, error_code: code, description },
    });
    switch (method) {
      case "getMe":
        return ok({
          id: this.botId,
          account_name: "bot.congdoan",
          account_type: "BASIC",
          can_join_groups: this.canJoinGroups,
        });
      case "getUpdates": {
        if (this.webhook) return no(409, "Conflict: getUpdates is not available while a webhook is set");
        if (!this.queue.length) {
          const sec = Math.min(Number(p.timeout ?? 0) || 0, 60);
          await new Promise<void>((wake) => {
            const timer = setTimeout(() => {
              const i = this.waiting.indexOf(done);
              if (i >= 0) this.waiting.splice(i, 1);
              wake();
            }, sec * 1000);
            const done = () => {
              clearTimeout(timer);
              wake();
            };
            this.waiting.push(done);
          });
        }
        const next = this.queue.shift();
        return next === undefined ? no(408, "Request timeout") : ok(next);
      }
      case "setWebhook": {
        const url = typeof p.url === "string" ? p.url : "";
        const secret = typeof p.secret_token === "string" ? p.secret_token : "";
        if (!/^https?:\/\//.test(url)) return no(400, "Bad Request: url");
        if (secret.length < 8 || secret.length > 256)
          return no(400, "Bad Request: secret_token must be 8-256 characters");
        this.webhook = { url, secret };
        return ok({ url, updated_at: Date.now() });
      }
      case "deleteWebhook":
        this.webhook = undefined;
        return ok({ url: "", updated_at: Date.now() });
      case "getWebhookInfo":
        return ok({ url: this.webhook?.url ?? "", updated_at: Date.now() });
      case "sendChatAction":
        return this.chats.has(String(p.chat_id)) ? ok(true) : no(400, "Bad Request: chat not found");
      case "sendMessage": {
        const chatId = String(p.chat_id ?? "");
        const text = typeof p.text === "string" ? p.text : "";
        if (!this.chats.has(chatId)) return no(400, "Bad Request: chat not found");
        if (text.length < 1 || text.length > 2000) return no(400, "Bad Request: text must be 1-2000 characters");
        return ok(this.record({ method: "sendMessage", chatId, text }));
      }
      case "sendPhoto": {
        const chatId = String(p.chat_id ?? "");
        const photo = typeof p.photo === "string" ? p.photo : "";
        if (!this.chats.has(chatId)) return no(400, "Bad Request: chat not found");
        if (!/^https?:\/\//.test(photo)) return no(400, "Bad Request: photo must be a URL");
        const fetched = await fetch(photo).then(
          async (r) => ({
            status: r.status,
            type: r.headers.get("content-type") ?? undefined,
            bytes: (await r.arrayBuffer()).byteLength,
          }),
          () => ({ status: 0, bytes: 0 }),
        );
        if (fetched.status !== 200) return no(400, "Bad Request: the photo could not be fetched");
        const caption = typeof p.caption === "string" ? p.caption : undefined;
        return ok(this.record({ method: "sendPhoto", chatId, photo, ...(caption ? { caption } : {}), fetched }));
      }
      default:
        return no(404, `Not Found: method ${method}`);
    }
  }

  private record(s: Omit<BotSent, "messageId">): { message_id: string; date: number } {
    const messageId = String(++this.seq);
    this.sent.push({ ...s, messageId });
    return { message_id: messageId, date: Date.now() };
  }
}
