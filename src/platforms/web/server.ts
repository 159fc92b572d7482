/**
 * The local playground: a small web chat served by the bot process on loopback, a third platform adapter over the same
 * port and the same features. People, groups and sample plans come from services/samples.ts.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { App } from "../../app.js";
import type { Logger } from "../../logger.js";
import { PERSONAS, SAMPLE_GROUPS, samplePlans } from "../../services/samples.js";
import type { IncomingEvent } from "../port.js";
import { PAGE } from "./page.js";
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
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") return "JSON only";
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

  async function deliver(as: string, chat: string, extra: Partial<IncomingEvent>): Promise<void> {
    const persona = personas.get(as);
    if (!persona) throw new Error("unknown persona");
    const group = groups.get(chat);
    if (!group && chat !== as) throw new Error("unknown chat");
    const text = extra.text ?? (extra.attachment ? `📎 ${extra.attachment.fileName}` : undefined);
    const shown = text && !extra.choice ? transcript.addPerson(chat, persona.name, text) : undefined;
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
  const page = PAGE.replace("</head>", `<meta name="playground-token" content="${token}">\n</head>`);
  const loopbackOnly = LOOPBACK_NAMES.has(o.host.toLowerCase());

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://playground");
    const json = (status: number, data: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      res.end(JSON.stringify(data));
    };
    try {
      const refused = refusal(req, token, loopbackOnly);
      if (refused) {
        o.logger.warn({ path: url.pathname, origin: req.headers.origin, why: refused }, "playground request refused");
        req.resume();
        return json(403, { error: refused });
      }
      if (req.method === "GET" && url.pathname === "/") {
        res.writeHead(200, {
          "content-type": "text/html; charset=utf-8",
          "cache-control": "no-store",
          "x-frame-options": "DENY",
          "content-security-policy": "frame-ancestors 'none'",
        });
        res.end(page);
        return;
      }
      if (req.method === "GET" && url.pathname === "/api/setup") {
        return json(200, { personas: PERSONAS, groups: SAMPLE_GROUPS, plans: samplePlans().map((p) => p.name) });
      }
      if (req.method === "GET" && url.pathname === "/api/messages") {
        return json(200, {
          messages: transcript.since(url.searchParams.get("chat") ?? "", Number(url.searchParams.get("after") ?? 0)),
          now: app.clock.now(),
        });
      }
      if (req.method === "GET" && url.pathname.startsWith("/files/")) {
        const blob = transcript.blob(url.pathname.split("/")[2] ?? "");
        if (!blob) return json(404, { error: "not found" });
        res.writeHead(200, {
          "content-type": blob.mimeType,
          "content-disposition": `inline; filename*=UTF-8''${encodeURIComponent(blob.name)}`,
        });
        res.end(Buffer.from(blob.data));
        return;
      }
      if (req.method === "POST") {
        const b = await body(req);
        const as = String(b.as ?? "");
        const chat = String(b.chat ?? "");
        const after = Number(b.after ?? 0);
        if (url.pathname === "/api/send") await deliver(as, chat, { text: String(b.text ?? "").slice(0, 20_000) });
        else if (url.pathname === "/api/press") await deliver(as, chat, { choice: String(b.choice ?? "") });
        else if (url.pathname === "/api/sample-plan") {
          const plan = samplePlans().find((p) => p.name === b.name);
          if (!plan) return json(404, { error: "no such sample plan" });
          const ref = transcript.keepUpload(`${plan.name}.txt`, "text/plain", fs.readFileSync(plan.file));
          await deliver(as, chat, {
            attachment: { kind: "file", fileRef: ref, fileName: `${plan.name}.txt`, mimeType: "text/plain" },
          });
        } else if (url.pathname === "/api/upload") {
          const data = Buffer.from(String(b.base64 ?? ""), "base64");
          const name = String(b.fileName ?? "tep").slice(0, 200);
          const ref = transcript.keepUpload(name, String(b.mimeType ?? ""), data);
          await deliver(as, chat, {
            attachment: { kind: "file", fileRef: ref, fileName: name, mimeType: String(b.mimeType ?? "") || undefined },
          });
        } else if (url.pathname === "/api/advance") {
          return json(200, {
            message: o.advance ? await o.advance() : app.i18n.t(app.config.defaultLanguage, "playground-no-reminder"),
            now: app.clock.now(),
          });
        } else return json(404, { error: "not found" });
        return json(200, { messages: transcript.since(chat, after), now: app.clock.now() });
      }
      json(404, { error: "not found" });
    } catch (err) {
      o.logger.warn({ err: String(err) }, "playground request failed");
      json(400, { error: (err as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(o.port, o.host, resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://${o.host}:${address.port}/`,
    transcript,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
