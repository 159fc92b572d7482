/**
 * The fuzz test of the reliability goal: random and malformed input through the core, through grammY behind the real
 * webhook (updates posted with its secret, a tenth of them broken in shape), raw HTTP to the webhook, the Zalo
 * adapter's listener (zca-js's own message classes) and the playground's API, from plain members and strangers.
 * Nothing may crash, answer 5xx or reject unhandled, every answer is in the language of the person it answers, the
 * database changes only by what such people may validly do, and no log line carries a secret.
 * CI runs FUZZ_COUNT=2,000 inputs (the default) with the fixed seed; `FUZZ_COUNT=20000 npx vitest run test/fuzz.spec.ts`
 * runs more by hand (FUZZ_SEED picks another seed).
 */
import { afterAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../src/app.js";
import { secretValues } from "../src/config.js";
import { hasVisibleText } from "../src/domain/text.js";
import { createLogger } from "../src/logger.js";
import type { IncomingAttachment, IncomingEvent, Outgoing } from "../src/platforms/port.js";
import { startPlayground } from "../src/platforms/web/server.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { adapterFor, freePort, recordingFetch, TOKEN } from "./helpers/telegram.js";
import { zaloRig } from "./helpers/zalo.js";
import type { PushedMessage } from "./helpers/zalo-server.js";

afterAll(closeAll);

const SEED = Number(process.env.FUZZ_SEED ?? 0x16f0221);
const COUNT = Number(process.env.FUZZ_COUNT ?? 2000);
const CORE_EVENTS = Math.round(COUNT * 0.4);
const TELEGRAM_UPDATES = Math.round(COUNT * 0.25);
const RAW_REQUESTS = Math.round(COUNT * 0.1);
const ZALO_MESSAGES = Math.round(COUNT * 0.1);
const PLAYGROUND_CALLS = COUNT - CORE_EVENTS - TELEGRAM_UPDATES - RAW_REQUESTS - ZALO_MESSAGES;
const TOTAL = COUNT;

const WEBHOOK_SECRET = "fuzz-Webhook_secret-0123456789";
const SESSION_SECRET = "fuzz-session-secret-0123456789-abcdefghij";

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const ALPHABETS = [
  "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 .,;:!?-_/|@#=+*'\"\\()[]{}<>",
  "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ĐĂÂÊÔƠƯ",
  "\u200B\u200C\u200D\u2060\uFEFF\u00AD\u202E\u202D\u061C\u180E",
  "\u0000\u0001\u0007\u0008\u000B\u001B\u007F\u0085\u009F\t\r\n",
  "\uD83D\uDE00\uD83C\uDF89\uD83D\uDC4D\uD83D\uDE4F",
  "\uD800\uDBFF\uDC00\uDFFF",
  "中文字符日本語한국어العربيةעברית русский",
  "\u0301\u0300\u0323\u0309\u0303",
];

function randomText(r: Rng, max = 80): string {
  if (r.chance(0.03)) return "";
  if (r.chance(0.02)) return "x".repeat(4000 + r.int(20_000));
  if (r.chance(0.05)) return Array.from({ length: 1 + r.int(8) }, () => r.pick(["\u200B", "\u2060", " "])).join("");
  const alphabet = r.pick(ALPHABETS);
  const n = r.int(max);
  let s = "";
  for (let i = 0; i < n; i++)
    s += r.chance(0.1) ? r.pick(ALPHABETS).charAt(0) : alphabet.charAt(r.int(alphabet.length));
  return s;
}

const UNIT_CODES = ["LC", "LC-TD", "LC-TD-01", "LC-PT-02", "lc-td-01", "GY1", "GY999", "H1", "X", ""];

function randomArgs(r: Rng): string {
  const parts = Array.from({ length: r.int(4) }, () =>
    r.pick([
      () => r.pick(UNIT_CODES),
      () => String(r.int(100) - 10),
      () => r.pick(["vi", "en", "fr", "rut", "them", "bo", "chutich", "canbo", "doanvien", "huy", "grant", "revoke"]),
      () => randomText(r, 20),
      () => "9".repeat(40),
      () => "@union_test_bot",
    ])(),
  );
  return parts.join(" ");
}

function randomCommand(r: Rng, names: string[]): string {
  const name = r.chance(0.9) ? r.pick(names) : randomText(r, 12).replace(/\s/g, "");
  const mention = r.chance(0.1) ? r.pick(["@union_test_bot", "@other_bot", "@"]) : "";
  return `/${name}${mention}${r.chance(0.7) ? ` ${randomArgs(r)}` : ""}`;
}

function randomChoice(r: Rng): string {
  const prefix = r.pick(["ack", "op", "my", "mt", "an", "oc", "dl", "x", "", "ack|", "op|kind", "op|item"]);
  return [prefix, ...Array.from({ length: r.int(3) }, () => r.pick([String(r.int(50)), randomText(r, 10), "-1"]))]
    .join("|")
    .slice(0, r.chance(0.9) ? 64 : 300);
}

const MIME = ["application/pdf", "text/plain", "image/png", "application/x-msdownload", "", "audio/ogg", "video/mp4"];
const PARAMS = ["{}", "{bad", '{"fileSize":-1}', '{"duration":99999999}', "null"];
const FILE_NAMES = ["ke-hoach.docx", "a.pdf", "../../etc/passwd", "x.exe", "", "tệp ✓.txt", "a".repeat(300)];

function randomAttachment(r: Rng): IncomingAttachment {
  const kind = r.pick(["file", "voice", "photo"] as const);
  return {
    kind,
    fileRef: `f${r.int(50)}`,
    ...(r.chance(0.8) ? { fileName: r.pick(FILE_NAMES) } : {}),
    ...(r.chance(0.8) ? { mimeType: r.pick(MIME) } : {}),
    ...(r.chance(0.8) ? { size: r.pick([0, 1, 10_000, 2 ** 31, -1, 50 * 1024 * 1024]) } : {}),
    ...(kind === "voice" ? { durationSec: r.pick([0, 1, 30, 3600, -5]) } : {}),
  };
}

/** Random bytes for a download: empty, tiny, a fake .docx/.pdf header, or large. */
function randomBytes(r: Rng): Uint8Array {
  const size = r.pick([0, 1, 16, 1000, 100_000]);
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = r.int(256);
  if (size > 4 && r.chance(0.5))
    b.set(
      r.pick([
        [0x50, 0x4b, 0x03, 0x04],
        [0x25, 0x50, 0x44, 0x46],
      ]),
    );
  return b;
}

/** Breaks one field of an update the way a faulty or hostile sender might: a wrong type, null, or gone. */
function breakShape(r: Rng, update: Record<string, unknown>): void {
  const paths: [Record<string, unknown>, string][] = [];
  const walk = (o: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(o)) {
      if (o === update && k === "update_id") continue;
      paths.push([o, k]);
      if (v && typeof v === "object" && !Array.isArray(v)) walk(v as Record<string, unknown>);
    }
  };
  walk(update);
  const [owner, key] = r.pick(paths);
  const junk = r.pick([null, 12345, -1.5, "x", "", [], {}, true, [1, "a"], 2 ** 64]);
  if (r.chance(0.2)) delete owner[key];
  else owner[key] = junk;
}

const RAW_PATHS = ["/tg/hook", "/", "/tg/hook/", "/other", "/tg/hook?x=1", "/%2e%2e/etc", "//tg/hook", "/tg/HOOK"];
const RAW_BODIES = [
  "",
  "{",
  "null",
  "[]",
  "[1,2]",
  '"text"',
  "123",
  "{}",
  '{"update_id":"1"}',
  '{"update_id":1.5}',
  '{"update_id":-1}',
  '{"update_id":1e400}',
  '{"update_id":9007199254740993}',
  '{"update_id":7,"message":{"chat":null}}',
  '{"update_id":8,"callback_query":[]}',
  '{"update_id":9,"message":{"text":{"$ne":1}}}',
  "\uFEFF{}",
  '{"update_id":10,"__proto__":{"polluted":1}}',
];

/** A raw HTTP request to the webhook: any method, path, secret header and body, some of them far too large. */
function rawRequest(r: Rng): { method: string; path: string; headers: Record<string, string>; body?: string | Buffer } {
  const method = r.pick(["POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
  const headers: Record<string, string> = {};
  const secret = r.int(4);
  if (secret < 2) headers["x-telegram-bot-api-secret-token"] = WEBHOOK_SECRET;
  else if (secret === 2) headers["x-telegram-bot-api-secret-token"] = r.pick(["", "x", `${WEBHOOK_SECRET}x`]);
  if (r.chance(0.7)) headers["content-type"] = r.pick(["application/json", "text/plain", "multipart/form-data", "x/y"]);
  if (!["POST", "PUT", "PATCH"].includes(method)) return { method, path: r.pick(RAW_PATHS), headers };
  const body = r.chance(0.03)
    ? Buffer.alloc(WEBHOOK_LIMIT + 1 + r.int(1000), 0x61)
    : r.chance(0.3)
      ? Buffer.from(Array.from({ length: r.int(400) }, () => r.int(256)))
      : r.chance(0.5)
        ? r.pick(RAW_BODIES)
        : JSON.stringify({ update_id: r.int(1e6), [r.pick(["message", "callback_query", "x"])]: randomText(r, 30) });
  return { method, path: r.pick(RAW_PATHS), headers, body };
}
const WEBHOOK_LIMIT = 1024 * 1024;

interface Person {
  id: string;
  name: string;
}

/** Every locale text without variables, per language, to tell which language an answer is in. */
function languageTexts(app: App): { vi: Set<string>; en: Set<string> } {
  const vi = new Set<string>();
  const en = new Set<string>();
  const keys = app.i18n.keys("vi");
  const tryT = (lang: "vi" | "en", key: string) => {
    try {
      return app.i18n.t(lang, key);
    } catch {
      return "{"; // needs variables: not a fixed text
    }
  };
  for (const key of keys) {
    const a = tryT("vi", key);
    const b = tryT("en", key);
    if (a !== b && !a.includes("{") && a.length > 12) {
      vi.add(a);
      en.add(b);
    }
  }
  return { vi, en };
}

/** Rows only staff, chairs and admins may change: a member's random input must leave them exactly as they were. */
async function privileged(app: App): Promise<string> {
  const db = app.db;
  const rows = await Promise.all([
    db.unit.findMany({ orderBy: { id: "asc" } }),
    db.membership.findMany({ where: { NOT: { role: "member" } }, orderBy: { id: "asc" } }),
    db.chat.findMany({ where: { NOT: { unitId: null } }, select: { id: true, unitId: true }, orderBy: { id: "asc" } }),
    db.consultation.findMany({ orderBy: { id: "asc" } }),
    db.consultationItem.findMany({ orderBy: { id: "asc" } }),
    db.announcement.findMany({ orderBy: { id: "asc" } }),
    db.acknowledgement.findMany({ orderBy: { id: "asc" } }),
    db.deadline.findMany({ orderBy: { id: "asc" } }),
    db.submission.findMany({ orderBy: { id: "asc" } }),
    db.meetingResult.findMany({ orderBy: { id: "asc" } }),
    db.plan.findMany({ orderBy: { id: "asc" } }),
    db.auditLog.findMany({ orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v));
}

describe("fuzzing", () => {
  it(
    `survives ${TOTAL.toLocaleString("en")} random and malformed inputs (seed 0x${SEED.toString(16)}) through the core, the Telegram webhook, Zalo and the playground`,
    async () => {
      const r = rng(SEED);
      const webhookUrl = "https://bot.example.org/tg/hook";
      const base = await testApp({
        env: {
          TELEGRAM_BOT_TOKEN: TOKEN,
          TELEGRAM_MODE: "webhook",
          TELEGRAM_WEBHOOK_URL: webhookUrl,
          TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
          WEB_SESSION_SECRET: SESSION_SECRET,
        },
      });
      const errors: string[] = [];
      // Every line of the run is searched for the secrets; the lines that hold one are kept for the failure message.
      const secrets = [TOKEN, TOKEN.split(":")[1]!, WEBHOOK_SECRET, SESSION_SECRET];
      const leaks: string[] = [];
      let logLines = 0;
      const logger = createLogger({
        level: "debug",
        secrets: secretValues(base.config),
        destination: {
          write: (line: string) => {
            logLines++;
            if (secrets.some((x) => line.includes(x))) leaks.push(line.slice(0, 300));
            const entry = JSON.parse(line) as { level: number; msg: string; err?: { message?: string } };
            if (entry.level >= 50) errors.push(`${entry.msg}: ${entry.err?.message ?? ""}`);
          },
        },
      });
      const app = createApp({ config: base.config, db: base.db, logger, clock: base.clock });
      const rejections: unknown[] = [];
      const onRejection = (e: unknown) => rejections.push(e);
      process.on("unhandledRejection", onRejection);

      // A consultation is open and four groups are linked, so conversations and presses have something to reach.
      await giveRole(app, "7000", "Cán bộ tỉnh", "staff", "LC");
      const staff = await app.services.people.resolve("telegram", "7000", "Cán bộ tỉnh");
      const opened = await app.services.consultations.open(staff, {
        title: "Góp ý dự thảo",
        items: ["Dự thảo Báo cáo chính trị", "Dự thảo Báo cáo kinh tế - xã hội"],
        rootUnitCode: "LC",
        closesAt: new Date(app.clock.now().getTime() + 30 * 86_400_000),
      });
      expect(opened.ok).toBe(true);
      const groups = ["LC-TD-01", "LC-TD-02", "LC-PT-02", "LC-TD"];
      for (const [i, code] of groups.entries()) {
        const unit = await app.db.unit.findUniqueOrThrow({ where: { code } });
        for (const platform of ["telegram", "zalo"] as const)
          await app.db.chat.create({ data: { platform, platformChatId: `-70${i}`, kind: "group", unitId: unit.id } });
      }
      const people: Person[] = Array.from({ length: 24 }, (_, i) => ({
        id: `71${String(i).padStart(2, "0")}`,
        name: `P${i}`,
      }));
      for (const p of people.slice(0, 12)) await giveRole(app, p.id, p.name, "member", r.pick(groups));
      for (const p of people.slice(0, 24).filter((_, i) => i % 3 === 0)) {
        const actor = await app.services.people.resolve("telegram", p.id, p.name);
        await app.services.people.setLanguage(actor.personId, "en");
        const z = await app.services.people.resolve("zalo", p.id, p.name);
        await app.services.people.setLanguage(z.personId, "en");
      }
      const before = await privileged(app);
      const { vi, en } = languageTexts(app);
      const commandNames = app.core.commands.all.flatMap((c) => c.names);
      const files = new Map<string, Uint8Array>();
      for (let i = 0; i < 50; i++) files.set(`f${i}`, randomBytes(r));

      const languageOf = async (platform: "telegram" | "zalo" | "web", id: string) =>
        (await app.deps.hot.actor({ platform, platformUserId: id }))?.language ?? "vi";
      const wrongLanguage: string[] = [];
      const firstLines = (xs: Set<string>) => new Set([...xs].map((x) => x.split("\n")[0]!));
      const foreignFirst = { vi: firstLines(en), en: firstLines(vi) };
      const checkLanguage = (lang: string, text: string) => {
        const foreign = lang === "en" ? foreignFirst.en : foreignFirst.vi;
        if (foreign.has(text.split("\n")[0]!)) wrongLanguage.push(`${lang}: ${text}`);
      };
      const generic = [app.i18n.t("vi", "error-generic"), app.i18n.t("en", "error-generic")];
      let genericAnswers = 0;

      const randomEvent = (p: Person, platform: "telegram" | "web", seq: number): IncomingEvent => {
        const inGroup = r.chance(0.5);
        const chat = inGroup
          ? {
              id: `-70${r.int(groups.length + 1)}`,
              kind: "group" as const,
              title: r.chance(0.02) ? randomText(r, 20) : "Nhóm",
            }
          : { id: p.id, kind: "private" as const };
        const event: IncomingEvent = {
          platform,
          updateId: r.chance(0.02) ? `dup-${r.int(5)}` : `fz-${seq}`,
          chat,
          sender: { id: p.id, name: r.chance(0.02) ? randomText(r, 30) : p.name },
          messageId: String(seq),
        };
        const kind = r.int(10);
        if (kind < 3) event.text = randomCommand(r, commandNames);
        else if (kind < 6) event.text = r.chance(0.3) ? String(r.int(12)) : randomText(r);
        else if (kind < 8) event.choice = randomChoice(r);
        else {
          event.attachment = randomAttachment(r);
          if (r.chance(0.3)) event.text = r.chance(0.5) ? randomCommand(r, commandNames) : randomText(r, 30);
        }
        if (r.chance(0.1)) event.mentionsBot = true;
        if (r.chance(0.1)) event.replyTo = { messageId: String(r.int(seq + 1)), fromBot: r.chance(0.5) };
        return event;
      };

      // 1. The core, as every adapter calls it.
      for (let i = 0; i < CORE_EVENTS; i++) {
        const p = r.pick(people);
        const event = randomEvent(p, "telegram", i);
        let out: Outgoing[] = [];
        out = await app.core.handle(event, {
          capabilities: r.pick([
            { privateChat: "deep-link", maxTextLength: 4096 },
            { privateChat: "none", maxTextLength: 2000 },
            { privateChat: "direct", maxTextLength: 100_000 },
          ] as const),
          botUsername: "union_test_bot",
          download: async (ref) => {
            if (r.chance(0.2)) throw new Error("download failed");
            return files.get(ref) ?? new Uint8Array();
          },
        });
        const lang = await languageOf("telegram", p.id);
        for (const o of out) {
          if (o.reply.kind !== "text" && o.reply.kind !== "continue-privately") continue;
          if (generic.includes(o.reply.text)) genericAnswers++;
          checkLanguage(lang, o.reply.text);
        }
      }

      // 2. Telegram: grammY handles updates shaped like the Bot API's, answered by a faked client.fetch.
      const { fetch: fakeFetch, calls } = recordingFetch((method) =>
        method === "getFile" ? { file_id: "x", file_unique_id: "x", file_path: "documents/x.bin" } : true,
      );
      const telegram = adapterFor(app, "http://127.0.0.1:1", fakeFetch);
      await telegram.init();
      const port = await freePort();
      await telegram.startWebhook({ url: webhookUrl, secret: WEBHOOK_SECRET, host: "127.0.0.1", port });
      const statuses = new Map<number, number>();
      let serverErrors = 0;
      let crashes = 0;
      let malformed = 0;
      const request = async (method: string, path: string, headers: Record<string, string>, body?: string | Buffer) => {
        try {
          const res = await globalThis.fetch(`http://127.0.0.1:${port}${path}`, {
            method,
            headers,
            ...(body !== undefined ? { body: typeof body === "string" ? body : new Uint8Array(body) } : {}),
          });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) serverErrors++;
          return res.status;
        } catch {
          crashes++;
          return 0;
        }
      };
      const post = (update: unknown) =>
        request(
          "POST",
          "/tg/hook",
          { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
          JSON.stringify(update),
        );
      let notAccepted = 0;
      for (let i = 0; i < TELEGRAM_UPDATES; i++) {
        const p = r.pick(people);
        const e = randomEvent(p, "telegram", CORE_EVENTS + i);
        const from = {
          id: Number(p.id),
          is_bot: false,
          first_name: e.sender.name || "?",
          language_code: r.pick(["vi", "en", "xx"]),
        };
        const chat =
          e.chat.kind === "group"
            ? { id: Number(e.chat.id), type: "supergroup", title: e.chat.title ?? "" }
            : { id: Number(p.id), type: "private", first_name: p.name };
        const update = e.choice
          ? {
              update_id: 1_000_000 + i,
              callback_query: {
                id: String(i),
                from,
                chat_instance: "c",
                data: e.choice,
                ...(r.chance(0.9) ? { message: { message_id: i, date: 0, chat, text: "x" } } : {}),
              },
            }
          : {
              update_id: 1_000_000 + i,
              message: {
                message_id: i,
                date: 0,
                chat,
                from,
                ...(e.text !== undefined ? { [e.attachment ? "caption" : "text"]: e.text } : {}),
                ...(e.text?.startsWith("/")
                  ? { entities: [{ type: "bot_command", offset: 0, length: e.text.split(" ")[0]!.length }] }
                  : {}),
                ...(e.attachment?.kind === "file"
                  ? {
                      document: {
                        file_id: e.attachment.fileRef,
                        file_unique_id: "u",
                        file_name: e.attachment.fileName,
                        mime_type: e.attachment.mimeType,
                        file_size: e.attachment.size,
                      },
                    }
                  : {}),
                ...(e.attachment?.kind === "voice"
                  ? { voice: { file_id: "v", file_unique_id: "v", duration: e.attachment.durationSec ?? 0 } }
                  : {}),
                ...(e.attachment?.kind === "photo"
                  ? { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] }
                  : {}),
              },
            };
        const sentBefore = calls.length;
        // A broken field may still be a valid one of someone else (`from.id: 12345`): that answer's language is theirs.
        const broken = r.chance(0.1);
        if (broken) {
          breakShape(r, update as Record<string, unknown>);
          malformed++;
        }
        if ((await post(update)) !== 200) notAccepted++;
        const lang = await languageOf("telegram", p.id);
        for (const c of calls.slice(sentBefore)) {
          const text = (c.payload as { text?: string }).text;
          if (c.method !== "sendMessage" || !text) continue;
          if (generic.includes(text)) genericAnswers++;
          if (!broken) checkLanguage(lang, text);
        }
      }

      // 3. Raw HTTP to the webhook: any method, path, secret and body. Then a good update is still answered.
      for (let i = 0; i < RAW_REQUESTS; i++) {
        const q = rawRequest(r);
        await request(q.method, q.path, q.headers, q.body);
      }
      const sentBeforeLast = calls.filter((c) => c.method === "sendMessage").length;
      const last = {
        message_id: 1,
        date: 0,
        chat: { id: 7100, type: "private" },
        from: { id: 7100, is_bot: false, first_name: "P" },
      };
      expect(await post({ update_id: 9_000_000, message: { ...last, text: "/trogiup" } })).toBe(200);
      expect(calls.filter((c) => c.method === "sendMessage").length).toBeGreaterThan(sentBeforeLast);
      await telegram.stop();

      // 4. Zalo: zca-js's real classes, logged in against the local Zalo of test/helpers/zalo-server.ts, so every message
      // travels as an encrypted socket frame and every reply as an encrypted HTTP call. Messages go in frames of up to
      // ten for one thread; nobody changes language here, so each private thread's language is known.
      const rig = await zaloRig(app, { timeoutMs: 3000 });
      const zaloNames = commandNames.filter((n) => n !== "ngonngu" && n !== "language");
      let frame: { thread: string; messages: PushedMessage[] } | undefined;
      const flush = async () => {
        if (!frame) return;
        if (frame.thread === "user") await rig.user(frame.messages);
        else await rig.group(frame.thread, frame.messages);
        frame = undefined;
      };
      for (let i = 0; i < ZALO_MESSAGES; i++) {
        const p = r.pick(people);
        const kind = r.int(10);
        const text = kind < 4 ? randomCommand(r, zaloNames) : kind < 7 ? randomText(r) : String(r.int(12));
        const file = { title: r.pick(FILE_NAMES), href: "http://127.0.0.1:9/none", params: r.pick(PARAMS) };
        const message: PushedMessage =
          kind === 9
            ? {
                uid: p.id,
                name: p.name,
                content: file,
                msgType: r.pick(["share.file", "chat.voice", "chat.photo", "x"]),
              }
            : { uid: p.id, name: p.name, text };
        const thread = r.chance(0.6) ? `-70${r.int(groups.length + 1)}` : "user";
        if (frame && (frame.thread !== thread || frame.messages.length >= 10)) await flush();
        frame ??= { thread, messages: [] };
        frame.messages.push(message);
      }
      await flush();
      await rig.close();
      for (const s of rig.server.sent) {
        if (!s.text) continue;
        if (generic.some((g) => s.text!.startsWith(g))) genericAnswers++;
        const p = s.group ? undefined : people.find((x) => x.id === s.threadId);
        if (p) checkLanguage(await languageOf("zalo", p.id), s.text.split("\n\n")[0]!);
      }

      // 5. The playground's API, as a member (and as nobody): its page token, random calls, paths and bodies.
      const playground = await startPlayground({ app, host: "127.0.0.1", port: 0, logger });
      const pageText = await (await globalThis.fetch(playground.url)).text();
      const pageToken = /name="playground-token" content="([0-9a-f]{64})"/.exec(pageText)?.[1] ?? "";
      expect(pageToken).not.toBe("");
      let playgroundErrors = 0;
      let playgroundCrashes = 0;
      const playgroundPaths = ["/api/send", "/api/press", "/api/upload", "/api/sample-plan", "/api/advance", "/api/x"];
      for (let i = 0; i < PLAYGROUND_CALLS; i++) {
        const as = r.pick(["member", "member", "member", "nobody", "", "admin'--"]);
        const chat = r.pick([as, "g-LC-TD-01", "g-LC-TD", "g-none", ""]);
        const get = r.chance(0.15);
        const path = get
          ? r.pick([
              `/api/messages?chat=${encodeURIComponent(chat)}&after=${r.pick(["0", "-1", "x", "1e400"])}`,
              `/files/${r.pick(["1", "99999999999999999999", "x", "-1"])}`,
              "/api/setup",
              "/nope",
            ])
          : r.pick(playgroundPaths);
        const payload: Record<string, unknown> = { as, chat, after: r.pick([0, -1, "x", 1e300]) };
        if (r.chance(0.5))
          payload.text = r.chance(0.5)
            ? randomCommand(
                r,
                commandNames.filter((n) => n !== "ngonngu" && n !== "language"),
              )
            : randomText(r);
        if (r.chance(0.3)) payload.choice = randomChoice(r);
        if (r.chance(0.2))
          Object.assign(payload, {
            base64: Buffer.from(randomBytes(r)).toString("base64"),
            fileName: r.pick(FILE_NAMES),
            mimeType: r.pick(MIME),
            voice: r.chance(0.3),
            durationSec: r.pick([1, -1, "x", 1e9]),
          });
        if (r.chance(0.1)) payload.name = r.pick(["nope", "", "../../etc/passwd"]);
        const body = r.chance(0.1) ? r.pick(["{", "null", "[]", '"x"', ""]) : JSON.stringify(payload);
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (r.chance(0.95)) headers["x-playground-token"] = pageToken;
        try {
          const res = await globalThis.fetch(new URL(path, playground.url), {
            method: get ? "GET" : "POST",
            headers,
            ...(get ? {} : { body }),
          });
          await res.arrayBuffer();
          if (res.status >= 500) playgroundErrors++;
        } catch {
          playgroundCrashes++;
        }
      }
      await playground.close();
      process.off("unhandledRejection", onRejection);
      const counts = {
        inputs: TOTAL,
        logLines,
        malformed,
        statuses: Object.fromEntries(statuses),
        playgroundErrors,
        playgroundCrashes,
      };
      console.log(`fuzz seed 0x${SEED.toString(16)}: ${JSON.stringify(counts)}`);

      expect(leaks).toEqual([]);
      expect({ serverErrors, crashes, notAccepted, playgroundErrors, playgroundCrashes }).toEqual({
        serverErrors: 0,
        crashes: 0,
        notAccepted: 0,
        playgroundErrors: 0,
        playgroundCrashes: 0,
      });
      expect(errors).toEqual([]);
      expect(rejections).toEqual([]);
      expect(genericAnswers).toBe(0);
      expect(wrongLanguage.slice(0, 5)).toEqual([]);
      expect(await privileged(app)).toBe(before);
      // Opinions could only come from members who finished the conversation: each is readable and within limits.
      for (const o of await app.db.opinion.findMany())
        expect(o.text === null || (hasVisibleText(o.text) && o.text.length <= app.config.opinionMaxLength)).toBe(true);
    },
    Math.max(180_000, COUNT * 200),
  );
});
