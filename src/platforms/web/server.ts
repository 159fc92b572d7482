/**
 * The local playground: a small web chat served by the bot process on loopback, a third platform adapter over the same
 * port and the same features. People, groups and sample plans come from services/samples.ts.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { App } from "../../app.js";
import type { Logger } from "../../logger.js";
import { PERSONAS, SAMPLE_GROUPS, samplePlans } from "../../services/samples.js";
import { FILE_POLICY, StaticFolder, securityHeaders, sendPage, Template } from "../../web/pages.js";
import type { IncomingEvent } from "../port.js";
import { Transcript, WEB_CAPABILITIES } from "./transcript.js";

export interface Playground {
  url: string;
  transcript: Transcript;
  close(): Promise<void>;
}

export interface PlaygroundOptions {
  app: App;
  host: string;
  port: number;
  logger: Logger;
  /** "Advance the clock": moves time to the next reminder and runs the scheduler; returns what happened. */
  advance?: () => Promise<string>;
}

const MAX_BODY = 25 * 1024 * 1024;
/** The page's files: the template (playground.html) and its stylesheet and script, served under /static/. */
const PAGE_DIR = path.join(import.meta.dirname, "page");
const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * Forged requests: another site open in the same browser may POST to the playground (a form, or fetch with
 * text/plain needs no CORS preflight), and a DNS-rebinding page may even read it. So every POST must be JSON, come
 * from the page itself (Origin and Sec-Fetch-Site, when the browser sends them) and carry the token the page was
 * served with; on a loopback address every request must also name a loopback host.
 */
function refusal(req: http.IncomingMessage, token: string, loopbackOnly: boolean): string | undefined {
  const host = req.headers.host ?? "";
  const hostName = host.replace(/:\d+$/, "").toLowerCase();
  if (loopbackOnly && !LOOPBACK_NAMES.has(hostName)) return "unknown host";
  if (req.method !== "POST") return undefined;
  const [type = ""] = (req.headers["content-type"] ?? "").split(";");
  if (type.trim().toLowerCase() !== "application/json") return "JSON only";
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return "cross-site request";
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") return "cross-site request";
  const given = req.headers["x-playground-token"];
  if (typeof given !== "string" || !sameToken(given, token)) return "missing or wrong page token";
  return undefined;
}

function sameToken(a: string, b: string): boolean {
  const x = crypto.createHash("sha256").update(a).digest();
  const y = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(x, y);
}

/** Answers a request with JSON. */
type Json = (status: number, data: unknown) => void;

async function body(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error("too large");
    chunks.push(c as Buffer);
  }
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
}

export async function startPlayground(o: PlaygroundOptions): Promise<Playground> {
  const { app } = o;
  const transcript = new Transcript(app.db, () => app.clock.now());
  const personas = new Map(PERSONAS.map((p) => [p.id, p]));
  const groups = new Map(SAMPLE_GROUPS.map((g) => [g.id, g]));

  /** Shows what the person sent, hands it to the bot as the platform would, and shows the bot's replies. */
  async function deliver(as: string, chat: string, extra: Partial<IncomingEvent>): Promise<void> {
    const persona = personas.get(as);
    if (!persona) throw new Error("unknown persona");
    const group = groups.get(chat);
    if (!group && chat !== as) throw new Error("unknown chat");
    const shown =
      !extra.choice && (extra.text || extra.attachment)
        ? await transcript.addPerson(chat, persona.name, extra.text || undefined, extra.attachment?.fileRef)
        : undefined;
    const event: IncomingEvent = {
      platform: "web",
      updateId: crypto.randomUUID(),
      chat: group ? { id: chat, kind: "group", title: group.title } : { id: as, kind: "private" },
      sender: { id: as, name: persona.name },
      messageId: shown ? String(shown.id) : undefined,
      ...extra,
    };
    const replies = await app.core.handle(event, {
      capabilities: WEB_CAPABILITIES,
      botUsername: "playground",
      download: (ref) => transcript.downloadFile(ref),
    });
    for (const r of replies) await transcript.send(r);
  }

  // One token per server start, written into the page; the page's script sends it with every request.
  const token = crypto.randomBytes(32).toString("hex");
  const page = new Template(path.join(PAGE_DIR, "playground.html")).render({ token });
  const statics = new StaticFolder(PAGE_DIR, "/static/");
  const loopbackOnly = LOOPBACK_NAMES.has(o.host.toLowerCase());

  /** A sample plan sent as a file, as a chair would upload it; false when there is no plan of that name. */
  async function sendSamplePlan(as: string, chat: string, name: unknown): Promise<boolean> {
    const plan = samplePlans().find((p) => p.name === name);
    if (!plan) return false;
    const ref = await transcript.keepUpload(`${plan.name}.txt`, "text/plain", fs.readFileSync(plan.file));
    await deliver(as, chat, {
      attachment: { kind: "file", fileRef: ref, fileName: `${plan.name}.txt`, mimeType: "text/plain" },
    });
    return true;
  }

  /** A file with its caption, as Telegram sends a document: the caption is the message's text (a command). */
  async function sendUpload(as: string, chat: string, b: Record<string, unknown>): Promise<void> {
    const data = Buffer.from(String(b.base64 ?? ""), "base64");
    const name = String(b.fileName ?? "tep").slice(0, 200);
    const mimeType = String(b.mimeType ?? "");
    const ref = await transcript.keepUpload(name, mimeType, data);
    const voice = b.voice === true;
    const caption = String(b.caption ?? "").slice(0, 1024);
    await deliver(as, chat, {
      ...(caption.trim() ? { text: caption } : {}),
      attachment: {
        kind: voice ? "voice" : "file",
        fileRef: ref,
        fileName: name,
        mimeType: mimeType || undefined,
        size: data.byteLength,
        ...(voice ? { durationSec: Math.max(0, Math.round(Number(b.durationSec) || 0)) } : {}),
      },
    });
  }

  /** The page's reads: the setup, a chat's new messages, a stored file. */
  async function answerGet(url: URL, res: http.ServerResponse, json: Json): Promise<void> {
    if (url.pathname === "/api/setup") {
      return json(200, { personas: PERSONAS, groups: SAMPLE_GROUPS, plans: samplePlans().map((p) => p.name) });
    }
    if (url.pathname === "/api/messages") {
      const chat = url.searchParams.get("chat") ?? "";
      const shown = await transcript.since(chat, Number(url.searchParams.get("after") ?? 0));
      return json(200, { ...shown, now: app.clock.now() });
    }
    if (url.pathname.startsWith("/files/")) {
      const blob = await transcript.blob(Number(url.pathname.split("/")[2]));
      if (!blob) return json(404, { error: "not found" });
      res.writeHead(200, {
        "content-type": blob.mimeType || "application/octet-stream",
        "content-disposition": `inline; filename*=UTF-8''${encodeURIComponent(blob.name)}`,
        ...securityHeaders(FILE_POLICY),
      });
      res.end(Buffer.from(blob.data));
      return;
    }
    json(404, { error: "not found" });
  }

  /** The page's actions: send, press, a sample plan, an upload, advance the clock; then the chat's new messages. */
  async function answerPost(pathname: string, b: Record<string, unknown>, json: Json): Promise<void> {
    const as = String(b.as ?? "");
    const chat = String(b.chat ?? "");
    const after = Number(b.after ?? 0);
    if (pathname === "/api/send") await deliver(as, chat, { text: String(b.text ?? "").slice(0, 20_000) });
    else if (pathname === "/api/press") await deliver(as, chat, { choice: String(b.choice ?? "") });
    else if (pathname === "/api/sample-plan") {
      if (!(await sendSamplePlan(as, chat, b.name))) return json(404, { error: "no such sample plan" });
    } else if (pathname === "/api/upload") await sendUpload(as, chat, b);
    else if (pathname === "/api/advance") {
      return json(200, {
        message: o.advance ? await o.advance() : app.i18n.t(app.config.defaultLanguage, "playground-no-reminder"),
        now: app.clock.now(),
      });
    } else return json(404, { error: "not found" });
    return json(200, { ...(await transcript.since(chat, after)), now: app.clock.now() });
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://playground");
    const json: Json = (status, data) => {
      res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
        ...securityHeaders(),
      });
      res.end(JSON.stringify(data));
    };
    try {
      const refused = refusal(req, token, loopbackOnly);
      if (refused) {
        o.logger.warn({ path: url.pathname, origin: req.headers.origin, why: refused }, "playground request refused");
        req.resume();
        return json(403, { error: refused });
      }
      if (req.method === "GET" && url.pathname === "/") return sendPage(res, page);
      if (statics.serve(req, res, url.pathname)) return;
      if (req.method === "GET") return await answerGet(url, res, json);
      if (req.method === "POST") return await answerPost(url.pathname, await body(req), json);
      json(404, { error: "not found" });
    } catch (err) {
      o.logger.warn({ err }, "playground request failed");
      json(400, { error: (err as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(o.port, o.host, resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://${o.host}:${address.port}/`,
    transcript,
    // Pages poll every 1.5 s over keep-alive connections: close them too, or close() waits for their time-out.
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
