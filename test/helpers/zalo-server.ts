/**
 * A local stand-in for Zalo's servers, for zca-js's REAL `Zalo`/`API` classes: an HTTP server that decodes the
 * encrypted parameters zca-js sends (login: zcid → zpw_enk derivation and AES of `params`; calls: AES-CBC with the
 * session key) and answers the way Zalo does, and a WebSocket server that speaks zca-js's frame format (4-byte header,
 * JSON body, AES-GCM + gzip for events). zca-js's hard-coded login hosts reach it through the `polyfill` fetch option;
 * every other URL comes from the login info it serves, so nothing leaves the loopback interface.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { type WebSocket, WebSocketServer } from "ws";
import { type API, Zalo } from "zca-js";

export const HARNESS_BOT_UID = "9990001";
export const GOOD_COOKIE = "zpw-session-ok";

export interface ZaloCall {
  path: string;
  params: Record<string, unknown>;
}

export interface SentByBot {
  kind: "text" | "file" | "photo";
  threadId: string;
  group: boolean;
  text?: string;
  fileName?: string;
  quoteOf?: string;
  msgId: number;
  /** When the server received it (FakeZaloServer.clock). */
  at: number;
}

export interface PushedMessage {
  uid: string;
  name?: string;
  text?: string;
  content?: unknown;
  msgType?: string;
  mentions?: { uid: string; pos: number; len: number; type: 0 | 1 }[];
  quote?: { msgId: number | string; ownerId: string; text?: string };
  msgId?: string;
  /** When it was sent (ms); now by default. */
  ts?: number;
  /** Makes this a recall ("undo") of the member's message with that id. */
  undoOf?: string;
}

/** The header carrying the moment zca-js made a request (FakeZaloServer.clock). */
const SENT_AT = "x-harness-sent-at";

const md5 = (s: string) => crypto.createHash("md5").update(s).digest("hex");

function aesCbc(key: Buffer, data: string): string {
  const c = crypto.createCipheriv(`aes-${key.length * 8}-cbc`, key, Buffer.alloc(16));
  return Buffer.concat([c.update(data, "utf8"), c.final()]).toString("base64");
}

function aesCbcDecrypt(key: Buffer, data: string): string {
  const d = crypto.createDecipheriv(`aes-${key.length * 8}-cbc`, key, Buffer.alloc(16));
  return Buffer.concat([d.update(Buffer.from(decodeURIComponent(data), "base64")), d.final()]).toString("utf8");
}

/** The key zca-js derives for its login call from zcid and zcid_ext (even/odd characters of two hex strings). */
function loginKey(zcid: string, zcidExt: string): string {
  const even = (s: string) => [...s].filter((_, i) => i % 2 === 0);
  const odd = (s: string) => [...s].filter((_, i) => i % 2 === 1);
  const n = md5(zcidExt).toUpperCase();
  return even(n).slice(0, 8).join("") + even(zcid).slice(0, 12).join("") + odd(zcid).reverse().slice(0, 12).join("");
}

function frame(cmd: number, subCmd: number, body: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(body), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt8(1, 0);
  head.writeUInt16LE(cmd, 1);
  head.writeUInt8(subCmd, 3);
  return Buffer.concat([head, json]);
}

const SERVICES = [
  "other_contact",
  "chat_e2e",
  "workspace",
  "catalog",
  "boards",
  "downloadStickerUrl",
  "sp_contact",
  "zcloud_up_file",
  "media_store_send2me",
  "push_act",
  "aext",
  "zfamily",
  "group_poll",
  "group_cloud_message",
  "media_store",
  "file",
  "auto_reply",
  "sync_action",
  "friendLan",
  "friend",
  "alias",
  "zimsg",
  "group_board",
  "conversation",
  "group",
  "fallback_LP",
  "friend_board",
  "up_file",
  "zavi",
  "reaction",
  "voice_call",
  "profile",
  "sticker",
  "label",
  "consent",
  "zcloud",
  "chat",
  "todoUrl",
  "recent_search",
  "group_e2e",
  "quick_message",
];

const SETTINGS = {
  features: {
    sharefile: {
      big_file_domain_list: [],
      max_size_share_file_v2: 100,
      max_size_share_file_v3: 100,
      file_upload_show_icon_1GB: false,
      restricted_ext: "exe",
      next_file_time: 0,
      max_file: 10,
      max_size_photo: 10,
      max_size_share_file: 100,
      max_size_resize_photo: 10,
      max_size_gif: 10,
      max_size_original_photo: 10,
      chunk_size_file: 5 * 1024 * 1024,
      restricted_ext_file: ["exe"],
    },
    socket: {
      rotate_error_codes: [],
      retries: {},
      debug: { enable: false },
      ping_interval: 600_000,
      reset_endpoint: 0,
      queue_ctrl_actionid_map: {},
      close_and_retry_codes: [],
      max_msg_size: 1_000_000,
      enable_ctrl_socket: true,
      reconnect_after_fallback: false,
      enable_chat_socket: true,
      submit_wss_log: false,
      disable_lp: true,
      offline_monitor: { enable: false },
    },
  },
  keepalive: { alway_keepalive: 1, keepalive_duration: 0, time_deactive: 0 },
};

export class FakeZaloServer {
  readonly calls: ZaloCall[] = [];
  readonly sent: SentByBot[] = [];
  readonly groups = new Map<string, string>();
  /** Who is in each group, as getGroupInfo tells it. */
  readonly groupMembers = new Map<string, string[]>();
  /** Answer the next call whose path matches with this Zalo error code. */
  readonly failures: { path: RegExp; code: number; message: string; times: number }[] = [];
  /**
   * When true, a non-image upload gets no `file_done` event (zca-js issues #155, #180, #224) until
   * `releaseFileDone()`.
   */
  withholdFileDone = false;
  /** How long after an upload its `file_done` event comes (when not withheld). */
  fileDoneDelayMs = 5;
  private withheld: number[] = [];
  /** The cookie Zalo accepts; anything else is a refused session (login answers an error, the socket 401). */
  validCookie = GOOD_COOKIE;
  /** How many login attempts are answered with a dropped connection (a network outage). */
  networkDownFor = 0;
  loginAttempts = 0;
  socketsOpened = 0;
  /** The time stamped on what the bot sends (`SentByBot.at`); a test on a fake clock hands in its own. */
  clock: () => number = Date.now;
  private requestAt = 0;
  /** Close codes zca-js retries by itself (Zalo's close_and_retry_codes); none by default. */
  retryCodes: number[] = [];
  /** Messages the old_messages request (cmd 511) answers with. */
  missed: PushedMessage[] = [];
  missedGroup = "";
  private readonly secret = crypto.randomBytes(32);
  private readonly cipher = crypto.randomBytes(16);
  private readonly server = http.createServer((req, res) => void this.onHttp(req, res));
  private readonly wss = new WebSocketServer({ noServer: true });
  private sockets: WebSocket[] = [];
  /** Message ids are unique across servers, as Zalo's are (a restarted bot must not see an old id again). */
  private static msgIds = 700_000;
  private get nextMsgId(): number {
    return FakeZaloServer.msgIds;
  }
  private set nextMsgId(v: number) {
    FakeZaloServer.msgIds = v;
  }
  private nextFileId = 1;
  base = "";

  async start(): Promise<this> {
    this.server.on("upgrade", (req, socket, head) => {
      if (!String(req.headers.cookie ?? "").includes(`zpw_sek=${this.validCookie}`)) {
        socket.end("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** zca-js's fetch: its fixed https hosts are served here; the URLs from the login info already point here. */
  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (url.protocol === "https:") {
      if (url.hostname === "registry.npmjs.org") throw new TypeError("fetch failed");
      if (this.networkDownFor > 0 && url.pathname.includes("/login/")) {
        this.networkDownFor--;
        this.loginAttempts++;
        throw new TypeError("fetch failed", { cause: new Error("getaddrinfo EAI_AGAIN wpa.chat.zalo.me") });
      }
      return fetch(`${this.base}/${url.hostname}${url.pathname}${url.search}`, init);
    }
    // Stamped when zca-js makes the request, so a fake clock that moves while it is on its way does not skew `at`.
    const headers = { ...(init?.headers as Record<string, string> | undefined), [SENT_AT]: String(this.clock()) };
    return fetch(input, { ...init, headers });
  };

  credentials(cookie = GOOD_COOKIE) {
    return {
      imei: "3c1a7d0e-1111-4222-8333-444455556666-f0e1d2c3b4a5968778695a4b3c2d1e0f",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
      cookie: [{ key: "zpw_sek", value: cookie, domain: ".chat.zalo.me", path: "/" }],
    };
  }

  /** zca-js's own login against this server. */
  login(cookie = GOOD_COOKIE): Promise<API> {
    return this.zalo().login(this.credentials(cookie) as Parameters<Zalo["login"]>[0]);
  }

  /** zca-js's own Zalo class, with its fetch pointed here. */
  zalo(options: { selfListen?: boolean; checkUpdate?: boolean; logging?: boolean } = {}): Zalo {
    return new Zalo({ checkUpdate: false, logging: false, selfListen: true, ...options, polyfill: this.fetch });
  }

  // ---- events the server pushes over the socket ----

  /** One frame (cmd 521) carrying these group messages back to back (kept for old_messages while frozen). */
  async pushGroup(groupId: string, messages: PushedMessage[]): Promise<string[]> {
    const ids = messages.map((m) => m.msgId ?? String(this.nextMsgId++));
    if (this.frozen) {
      // Zalo keeps what members write while the bot's socket is dead; the missed-messages request returns it.
      this.missedGroup = groupId;
      this.missed.push(...messages.map((m, i) => ({ ...m, msgId: ids[i] })));
      return ids;
    }
    const groupMsgs = messages.map((m, i) => this.messageData(groupId, m, ids[i]!));
    await this.pushEvent(521, { groupMsgs });
    return ids;
  }

  async pushUser(messages: PushedMessage[]): Promise<string[]> {
    const ids = messages.map((m) => m.msgId ?? String(this.nextMsgId++));
    const msgs = messages.map((m, i) => this.messageData(HARNESS_BOT_UID, m, ids[i]!));
    await this.pushEvent(501, { msgs });
    return ids;
  }

  async pushGroupEvent(act: string, data: Record<string, unknown>): Promise<void> {
    await this.pushEvent(601, { controls: [{ content: { act_type: "group", act, data: JSON.stringify(data) } }] });
  }

  async pushGroupReaction(groupId: string, uid: string, msgId: number, icon = "/-strong"): Promise<void> {
    const react = {
      actionId: "1",
      msgId: String(this.nextMsgId++),
      cliMsgId: "1",
      msgType: "reaction",
      uidFrom: uid,
      idTo: groupId,
      dName: "Thành viên",
      content: JSON.stringify({
        rMsg: [{ gMsgID: String(msgId), cMsgID: "1", msgType: 1 }],
        rIcon: icon,
        rType: 3,
        source: 6,
      }),
      ts: String(Date.now()),
      ttl: 0,
    };
    await this.pushEvent(612, { reacts: [], reactGroups: [react] });
  }

  /** Another Zalo Web session opened: the server says so (cmd 3000) and zca-js closes with 3000. */
  pushDuplicate(): void {
    for (const s of this.sockets) s.send(frame(3000, 0, {}));
  }

  /** The connection drops without a close frame (code 1006 on the client). */
  dropSockets(): void {
    for (const s of this.sockets) s.terminate();
    this.sockets = [];
  }

  /**
   * The connection stays open but nothing flows any more, pongs included (a dead NAT mapping, a frozen proxy); group
   * messages pushed meanwhile wait for the missed-messages request. A new socket ends the freeze.
   */
  freezeSockets(): void {
    this.frozen = true;
    for (const s of this.sockets) (s as unknown as { _socket: import("node:net").Socket })._socket.pause();
  }

  /** Whether the sockets are frozen (see freezeSockets). */
  frozen = false;

  get openSockets(): number {
    return this.sockets.filter((s) => s.readyState === s.OPEN).length;
  }

  private messageData(threadId: string, m: PushedMessage, msgId: string) {
    return {
      actionId: msgId,
      msgId,
      cliMsgId: String(Number(msgId) + 1),
      msgType: m.undoOf ? "chat.undo" : (m.msgType ?? "webchat"),
      uidFrom: m.uid,
      idTo: threadId,
      dName: m.name ?? `Người ${m.uid}`,
      ts: String(m.ts ?? Date.now()),
      status: 1,
      content: m.undoOf
        ? { deleteMsg: 1, globalMsgId: Number(m.undoOf), cliMsgId: Number(m.undoOf) + 1 }
        : (m.content ?? m.text ?? ""),
      notify: "1",
      ttl: 0,
      userId: "0",
      uin: "0",
      cmd: 521,
      st: 3,
      at: 0,
      realMsgId: "0",
      ...(m.mentions ? { mentions: m.mentions } : {}),
      ...(m.quote
        ? {
            quote: {
              ownerId: m.quote.ownerId,
              cliMsgId: 1,
              globalMsgId: Number(m.quote.msgId),
              cliMsgType: 1,
              ts: Date.now(),
              msg: m.quote.text ?? "",
              attach: "",
              fromD: "Bot",
              ttl: 0,
            },
          }
        : {}),
    };
  }

  private async pushEvent(cmd: number, data: unknown): Promise<void> {
    const gz = zlib.gzipSync(Buffer.from(JSON.stringify({ data }), "utf8"));
    const iv = crypto.randomBytes(16);
    const aad = crypto.randomBytes(16);
    const c = crypto.createCipheriv("aes-128-gcm", this.cipher, iv);
    c.setAAD(aad);
    const body = Buffer.concat([iv, aad, c.update(gz), c.final(), c.getAuthTag()]);
    const payload = frame(cmd, 0, { data: encodeURIComponent(body.toString("base64")), encrypt: 2 });
    for (const s of this.sockets) if (s.readyState === s.OPEN) s.send(payload);
  }

  private onSocket(ws: WebSocket): void {
    this.socketsOpened++;
    this.frozen = false;
    this.sockets.push(ws);
    ws.on("close", () => {
      this.sockets = this.sockets.filter((s) => s !== ws);
    });
    ws.on("message", (raw: Buffer) => {
      const cmd = raw.readUInt16LE(1);
      if (cmd === 511 && this.missed.length) {
        const groupMsgs = this.missed.map((m) =>
          this.messageData(this.missedGroup, m, m.msgId ?? String(this.nextMsgId++)),
        );
        this.missed = [];
        void this.pushOld(ws, groupMsgs);
      }
    });
    ws.send(frame(1, 1, { key: this.cipher.toString("base64") }));
  }

  private async pushOld(ws: WebSocket, groupMsgs: unknown[]): Promise<void> {
    const gz = zlib.gzipSync(Buffer.from(JSON.stringify({ data: { groupMsgs } }), "utf8"));
    const iv = crypto.randomBytes(16);
    const aad = crypto.randomBytes(16);
    const c = crypto.createCipheriv("aes-128-gcm", this.cipher, iv);
    c.setAAD(aad);
    const body = Buffer.concat([iv, aad, c.update(gz), c.final(), c.getAuthTag()]);
    ws.send(frame(511, 1, { data: encodeURIComponent(body.toString("base64")), encrypt: 2 }));
  }

  /** Sends the `file_done` events withheld so far (Zalo confirming uploads late). */
  releaseFileDone(): void {
    for (const fileId of this.withheld.splice(0)) this.fileDone(fileId);
  }

  private fileDone(fileId: number): void {
    void this.pushEvent(601, {
      controls: [{ content: { act_type: "file_done", fileId, data: { url: `${this.base}/files/${fileId}` } } }],
    });
  }

  // ---- HTTP ----

  private async onHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", this.base);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.endsWith("/api/login/getLoginInfo"))
      return json(200, this.loginInfo(url, String(req.headers.cookie)));
    if (url.pathname.endsWith("/api/login/getServerInfo"))
      return json(200, { error_code: 0, data: { setttings: this.settings(), extra_ver: {} } });
    const body = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const enc = url.searchParams.get("params") ?? body.get("params");
    const params = enc ? (JSON.parse(aesCbcDecrypt(this.secret, enc)) as Record<string, unknown>) : {};
    this.calls.push({ path: url.pathname, params });
    const failure = this.failures.find((f) => f.path.test(url.pathname) && f.times > 0);
    if (failure) {
      failure.times--;
      return json(200, { error_code: failure.code, error_message: failure.message });
    }
    const ok = (data: unknown) =>
      json(200, { error_code: 0, data: aesCbc(this.secret, JSON.stringify({ error_code: 0, data })) });
    this.requestAt = Number(req.headers[SENT_AT]) || this.clock();
    return ok(this.answer(url.pathname, params));
  }

  private settings() {
    const socket = {
      ...SETTINGS.features.socket,
      close_and_retry_codes: this.retryCodes,
      retries: Object.fromEntries(this.retryCodes.map((c) => [String(c), { max: 5, times: [5] }])),
    };
    return { ...SETTINGS, features: { ...SETTINGS.features, socket } };
  }

  private loginInfo(url: URL, cookie: string) {
    this.loginAttempts++;
    const key = loginKey(url.searchParams.get("zcid") ?? "", url.searchParams.get("zcid_ext") ?? "");
    const asked = JSON.parse(aesCbcDecrypt(Buffer.from(key, "utf8"), url.searchParams.get("params") ?? "")) as {
      imei: string;
    };
    if (!cookie.includes(`zpw_sek=${this.validCookie}`) || !asked.imei)
      return { error_code: -1, error_message: "Phiên đăng nhập không hợp lệ" };
    const host = this.base;
    const info = {
      uid: HARNESS_BOT_UID,
      zpw_enk: this.secret.toString("base64"),
      zpw_ws: [`${host.replace("http", "ws")}/ws`],
      zpw_service_map_v3: Object.fromEntries(SERVICES.map((k) => [k, [host]])),
    };
    return {
      error_code: 0,
      data: aesCbc(Buffer.from(key, "utf8"), JSON.stringify({ error_code: 0, data: info })),
    };
  }

  private answer(path: string, params: Record<string, unknown>): unknown {
    const group = path.startsWith("/api/group/");
    const threadId = String(group ? params.grid : params.toid);
    if (/\/(sendmsg|sms|quote|mention)$/.test(path)) {
      const msgId = this.nextMsgId++;
      this.sent.push({
        kind: "text",
        threadId,
        group,
        text: String(params.message),
        msgId,
        at: this.requestAt,
        ...(params.qmsgId ? { quoteOf: String(params.qmsgId) } : {}),
      });
      return { msgId };
    }
    if (path.endsWith("/asyncfile/upload")) {
      const fileId = this.nextFileId++;
      if (this.withholdFileDone) this.withheld.push(fileId);
      else setTimeout(() => this.fileDone(fileId), this.fileDoneDelayMs);
      return { fileId, clientFileId: params.clientId, chunkId: 1, finished: 1 };
    }
    if (path.endsWith("/asyncfile/msg")) {
      const msgId = this.nextMsgId++;
      this.sent.push({ kind: "file", threadId, group, fileName: String(params.fileName), msgId, at: this.requestAt });
      return { msgId };
    }
    if (path.endsWith("/photo_original/upload")) {
      const photoId = this.nextFileId++;
      return {
        photoId,
        clientFileId: params.clientId,
        chunkId: 1,
        finished: 1,
        normalUrl: `${this.base}/p/${photoId}`,
        hdUrl: `${this.base}/p/${photoId}`,
        thumbUrl: `${this.base}/p/${photoId}`,
      };
    }
    if (path.endsWith("/photo_original/send")) {
      const msgId = this.nextMsgId++;
      this.sent.push({ kind: "photo", threadId, group, text: String(params.desc ?? ""), msgId, at: this.requestAt });
      return { msgId };
    }
    if (path.endsWith("/getmg-v2")) {
      const ids = Object.keys(JSON.parse(String(params.gridVerMap)) as Record<string, number>);
      // As Zalo answers: the members as "uid_version" in memVerList, memberIds and currentMems left empty.
      const info = (id: string) => ({
        groupId: id,
        name: this.groups.get(id) ?? "",
        memberIds: [],
        currentMems: [],
        memVerList: (this.groupMembers.get(id) ?? []).map((uid) => `${uid}_0`),
      });
      return {
        gridInfoMap: Object.fromEntries(
          ids.filter((id) => this.groups.has(id) || this.groupMembers.has(id)).map((id) => [id, info(id)]),
        ),
        unchangedsGroup: [],
        removedsGroup: [],
      };
    }
    return {};
  }
}
