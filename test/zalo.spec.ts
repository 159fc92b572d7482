import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ThreadType, type Zalo } from "zca-js";
import { afterAll, describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import type { App } from "../src/app.js";
import { loginFromFile, readCredentials, saveCredentials, ZaloLoginError } from "../src/platforms/zalo/login.js";
import { createLogger } from "../src/logger.js";
import { closeAll } from "./helpers/db.js";
import { giveRole, testApp } from "./helpers/app.js";
import { BOT_UID, fakeZaloApi, groupMessage, settle, userMessage, zaloAdapterFor } from "./helpers/zalo.js";

afterAll(closeAll);

async function setup() {
  const app = await testApp();
  const { api, listener, sent } = fakeZaloApi();
  const adapter = zaloAdapterFor(app, api);
  adapter.start();
  const say = async (m: Parameters<typeof listener.emit>[1]) => {
    listener.emit("message", m);
    await settle(adapter);
  };
  return { app, api, listener, sent, adapter, say };
}

const CHAIR = { uid: "2001", name: "Chị Hoa" };
const MEMBER = { uid: "2002", name: "Anh Páo" };
const GROUP = "8880001";

async function openConsultation(app: App) {
  await giveRole(app, "9100", "Cán bộ", "staff", "LC", "zalo");
  const staff = await app.services.people.resolve("zalo", "9100", "Cán bộ");
  await app.services.consultations.open(staff, {
    title: "Góp ý dự thảo",
    items: ["Dự thảo A", "Dự thảo B"],
    rootUnitCode: "LC",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
}

describe("the bot in Zalo groups", () => {
  it("answers commands in a group with ThreadType.Group, and links the group for a chair", async () => {
    const { app, sent, say } = await setup();
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD", "zalo");
    await say(groupMessage(GROUP, CHAIR, "/lienket LC-TD"));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ threadId: GROUP, type: ThreadType.Group });
    expect(sent[0]!.msg).toMatch(/^Đã liên kết nhóm này với LĐLĐ huyện Tam Đường/);
    expect(sent[0]!.quote).toMatchObject({ uidFrom: CHAIR.uid });
    await say(groupMessage(GROUP, MEMBER, "/donvi"));
    expect(sent[1]!.msg).toContain("LĐLĐ huyện Tam Đường (LC-TD)");
    await say(groupMessage(GROUP, MEMBER, "/lienket LC-PT"));
    expect(sent[2]!.msg).toMatch(/^Chỉ chủ tịch công đoàn/);
  });

  it("ignores the bot's own messages and ordinary chatter, but answers a mention", async () => {
    const { sent, say } = await setup();
    await say(groupMessage(GROUP, { uid: "0", name: "Bot" }, "/trogiup"));
    await say(groupMessage(GROUP, { uid: BOT_UID, name: "Bot" }, "/trogiup"));
    await say(groupMessage(GROUP, MEMBER, "chào cả nhà"));
    expect(sent).toHaveLength(0);
    await say(groupMessage(GROUP, MEMBER, "@Bot giúp với", { mentions: [{ uid: BOT_UID, pos: 0, len: 4, type: 0 }] }));
    expect(sent).toHaveLength(1);
  });

  it("runs the whole opinion conversation in the group with digit answers", async () => {
    const { app, sent, say } = await setup();
    await openConsultation(app);
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD-01", "zalo");
    await say(groupMessage(GROUP, CHAIR, "/lienket LC-TD-01"));
    await say(groupMessage(GROUP, MEMBER, "/gopy"));
    const items = sent.at(-1)!.msg;
    expect(items).toContain(
      "Bạn góp ý cho nội dung nào?\n\n1. 1. Dự thảo A\n2. 2. Dự thảo B\nTrả lời bằng một số: 1, 2",
    );
    await say(groupMessage(GROUP, MEMBER, "2"));
    expect(sent.at(-1)!.msg).toContain("5. Khác");
    await say(groupMessage(GROUP, MEMBER, "3"));
    expect(sent.at(-1)!.msg).toMatch(/^Hãy gõ ý kiến/);
    await say(groupMessage(GROUP, MEMBER, "Đề nghị sửa câu chữ ở mục 2."));
    expect(sent.at(-1)!.msg).toContain("Loại ý kiến: Sửa đổi");
    await say(groupMessage(GROUP, MEMBER, "1"));
    expect(sent.at(-1)!.msg).toMatch(/^Cảm ơn bạn!/);
    expect(sent.every((s) => s.type === ThreadType.Group)).toBe(true);
    const stored = await app.db.opinion.findFirstOrThrow({ include: { item: true, unit: true } });
    expect(stored).toMatchObject({ kind: "amend", text: "Đề nghị sửa câu chữ ở mục 2." });
    expect(stored.item.title).toBe("Dự thảo B");
    expect(stored.unit.code).toBe("LC-TD-01");
  });

  it("takes a voice opinion in a private chat", async () => {
    const { app, sent, say } = await setup();
    await openConsultation(app);
    await giveRole(app, MEMBER.uid, MEMBER.name, "member", "LC-TD-01", "zalo");
    await say(userMessage(MEMBER, "/gopy"));
    await say(userMessage(MEMBER, "1"));
    await say(userMessage(MEMBER, "2"));
    await say(
      userMessage(
        MEMBER,
        { href: "https://voice.example/abc.aac", params: JSON.stringify({ duration: 15000 }) },
        "chat.voice",
      ),
    );
    expect(sent.at(-1)!.msg).toContain("Ý kiến: [tin nhắn thoại 15 giây]");
    expect(sent.at(-1)!.type).toBe(ThreadType.User);
    await say(userMessage(MEMBER, "1"));
    expect(await app.db.opinion.findFirstOrThrow()).toMatchObject({
      voiceFileRef: "https://voice.example/abc.aac",
      voiceDuration: 15,
    });
  });

  it("sends the tally with the chart as a picture attachment", async () => {
    const { app, sent, say } = await setup();
    await openConsultation(app);
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD", "zalo");
    await say(userMessage(CHAIR, "/tonghop"));
    expect(sent[0]!.msg).toMatch(/^TỔNG HỢP Ý KIẾN GY1/);
    const picture = sent[1]!;
    expect(picture.attachments![0]!.filename).toBe("tong-hop-GY1.png");
    const png = PNG.sync.read(picture.attachments![0]!.data);
    expect(picture.attachments![0]!.metadata).toMatchObject({
      width: png.width,
      height: png.height,
      totalSize: picture.attachments![0]!.data.length,
    });
  });

  it("splits text longer than 2,000 characters on line boundaries", async () => {
    const { sent, adapter } = await setup();
    const lines = Array.from({ length: 120 }, (_, i) => `Dòng ${i + 1}: ${"nội dung ".repeat(3)}`);
    await adapter.sender.send({ chatId: GROUP, reply: { kind: "text", text: lines.join("\n") } });
    expect(sent.length).toBeGreaterThan(1);
    for (const s of sent) {
      expect(s.msg.length).toBeLessThanOrEqual(2000);
      expect(s.msg.startsWith("Dòng ")).toBe(true);
    }
    expect(sent.map((s) => s.msg).join("\n")).toBe(lines.join("\n"));
  });
});

describe("staying connected", () => {
  it("reconnects with backoff after the socket drops (1006), and resets after connecting", async () => {
    const { listener, adapter } = await setup();
    await new Promise((r) => setTimeout(r, 5));
    listener.drop(1006);
    expect(adapter.state()).toBe("reconnecting");
    await new Promise((r) => setTimeout(r, 30));
    expect(listener.starts).toBe(2);
    expect(adapter.state()).toBe("listening");
    listener.drop(1006);
    await new Promise((r) => setTimeout(r, 30));
    expect(listener.starts).toBe(3);
    await adapter.stop();
  });

  it("reports a duplicate connection clearly instead of fighting it", async () => {
    const app = await testApp();
    const { api, listener } = fakeZaloApi();
    const lines: string[] = [];
    const logger = createLogger({ level: "info" });
    const capture = logger.child({});
    capture.error = ((obj: unknown, msg?: string) => void lines.push(String(msg ?? obj))) as typeof capture.error;
    const adapter = zaloAdapterFor({ ...app, logger: capture } as App, api);
    adapter.start();
    await new Promise((r) => setTimeout(r, 5));
    listener.drop(3000);
    await new Promise((r) => setTimeout(r, 60));
    expect(adapter.state()).toBe("duplicate-session");
    expect(listener.starts).toBe(1);
    expect(lines[0]).toMatch(/another Zalo Web session/);
  });
});

describe("logging in", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zalo-"));

  it("saves credentials in a file only its owner can read", () => {
    const file = path.join(dir, "creds.json");
    saveCredentials(file, {
      cookie: [{ name: "zpw_sek", value: "secret" }],
      imei: "imei-123",
      userAgent: "Mozilla/5.0",
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readCredentials(file)).toMatchObject({ imei: "imei-123" });
  });

  it("says clearly that a new QR login is needed when the session is refused, missing or broken", async () => {
    const file = path.join(dir, "creds2.json");
    saveCredentials(file, {
      cookie: [{ name: "zpw_sek", value: "secret" }],
      imei: "imei-123",
      userAgent: "Mozilla/5.0",
    });
    const refusing = {
      login: async () => {
        throw new Error("Đăng nhập thất bại");
      },
    } as unknown as Zalo;
    await expect(loginFromFile(file, refusing)).rejects.toThrow(/refused the saved session.*npm run zalo:login/);
    await expect(loginFromFile(path.join(dir, "none.json"), refusing)).rejects.toBeInstanceOf(ZaloLoginError);
    fs.writeFileSync(path.join(dir, "bad.json"), "{");
    await expect(loginFromFile(path.join(dir, "bad.json"), refusing)).rejects.toThrow(/not readable/);
    const accepting = { login: async (c: { imei: string }) => ({ imei: c.imei }) } as unknown as Zalo;
    expect(await loginFromFile(file, accepting)).toMatchObject({ imei: "imei-123" });
  });

  it("never writes credentials into the log", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(line) } });
    logger.info(
      {
        credentials: { cookie: [{ value: "zpw-secret-cookie" }], imei: "imei-secret-1", userAgent: "UA" },
        token: "123456:TOKEN-secret-value",
      },
      "logging in",
    );
    const out = lines.join("");
    expect(out).toContain("logging in");
    expect(out).not.toContain("zpw-secret-cookie");
    expect(out).not.toContain("imei-secret-1");
    expect(out).not.toContain("TOKEN-secret-value");
    expect(out).toContain("[hidden]");
  });
});
