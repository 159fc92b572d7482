/**
 * What goes wrong with Zalo, through zca-js's real classes against the local Zalo: a file whose `file_done` never
 * comes, one frame with two messages, Zalo's error codes, dead and dropped sockets, a session taken over or refused,
 * group events, recalls, and logging in with no network.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger, type Logger } from "../src/logger.js";
import { SendError } from "../src/platforms/port.js";
import { loginWithRetry, saveCredentials, ZALO_OPTIONS, ZaloLoginError } from "../src/platforms/zalo/login.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { FakeSender } from "./helpers/fake-sender.js";
import { BOT_UID, FakeZaloServer, type RigOptions, until, type ZaloRig, zaloRig } from "./helpers/zalo.js";
import { GOOD_COOKIE } from "./helpers/zalo-server.js";

const rigs: ZaloRig[] = [];
afterAll(async () => {
  for (const r of rigs) await r.close().catch(() => undefined);
  await closeAll();
});

const CHAIR = { uid: "2001", name: "Chị Hoa" };
const MEMBER = { uid: "2002", name: "Anh Páo" };
const GROUP = "8880001";
const OTHER_GROUP = "8880002";
const say = (from: { uid: string; name: string }, text: string, extra = {}) => ({ ...from, ...extra, text });

function capturingLogger(): { logger: Logger; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const logger = createLogger({
    level: "info",
    destination: {
      write: (line: string) => {
        const o = JSON.parse(line) as { level: number; msg: string };
        lines.push({ level: o.level >= 50 ? "error" : o.level >= 40 ? "warn" : "info", msg: o.msg });
      },
    },
  });
  return { logger, lines };
}

async function setup(o: RigOptions = {}) {
  const app = await testApp();
  const rig = await zaloRig(app, o);
  rigs.push(rig);
  return { app, rig, server: rig.server, sent: rig.server.sent };
}

async function linkedGroup(app: Awaited<ReturnType<typeof testApp>>, rig: ZaloRig, group = GROUP, unit = "LC-TD-01") {
  await giveRole(app, CHAIR.uid, CHAIR.name, "chair", unit, "zalo");
  await rig.group(group, [say(CHAIR, `/lienket ${unit}`)]);
}

async function openConsultation(app: Awaited<ReturnType<typeof testApp>>) {
  await giveRole(app, "9100", "Cán bộ", "staff", "LC", "zalo");
  const staff = await app.services.people.resolve("zalo", "9100", "Cán bộ");
  await app.services.consultations.open(staff, {
    title: "Góp ý dự thảo",
    items: ["Dự thảo A", "Dự thảo B"],
    rootUnitCode: "LC",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
}

describe("a file send whose file_done never comes", () => {
  it("fails with a transient error after the time limit while other threads keep sending", async () => {
    const { server, rig } = await setup({ timeoutMs: 400 });
    server.withholdFileDone = true;
    const stuck = rig.adapter.sender
      .send({
        chatId: CHAIR.uid,
        reply: { kind: "file", fileName: "bao-cao.csv", mimeType: "text/csv", data: new Uint8Array([65, 44, 66]) },
      })
      .then(
        () => "sent",
        (e: unknown) => e,
      );
    await until(() => server.calls.some((c) => c.path === "/api/message/asyncfile/upload"), "the upload");
    await rig.adapter.sender.send({ chatId: MEMBER.uid, reply: { kind: "text", text: "vẫn gửi được" } });
    expect(server.sent.map((s) => s.text)).toEqual(["vẫn gửi được"]);
    const failure = await stuck;
    expect(failure).toBeInstanceOf(SendError);
    expect(failure).toMatchObject({
      failure: "transient",
      message: expect.stringMatching(/no answer from Zalo within 400 ms/),
    });
    expect(server.sent.some((s) => s.kind === "file")).toBe(false);
  });

  it("holds up only its own thread, and that thread goes on after the time limit", async () => {
    const { app, server, rig, sent } = await setup({ timeoutMs: 600 });
    await openConsultation(app);
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD", "zalo");
    server.withholdFileDone = true;
    await server.pushUser([say(CHAIR, "/xuatbaocao")]);
    await until(() => server.calls.some((c) => c.path === "/api/message/asyncfile/upload"), "the first upload");
    server.withholdFileDone = false;
    // Another chat is answered while the chair's first file is still waiting for its file_done.
    await server.pushGroup(OTHER_GROUP, [say(MEMBER, "/trogiup")]);
    await until(() => sent.some((s) => s.threadId === OTHER_GROUP), "the answer in the other group");
    expect(sent.filter((s) => s.kind === "file")).toHaveLength(0);
    await rig.adapter.idle();
    const files = sent.filter((s) => s.kind === "file").map((s) => s.fileName);
    expect(files).toHaveLength(2);
    expect(files.every((f) => /\.(csv|docx)$/.test(f!))).toBe(true);
    expect(sent.filter((s) => s.kind === "file").every((s) => s.threadId === CHAIR.uid && !s.group)).toBe(true);
  });
});

describe("the outbox while a Zalo file is stuck", () => {
  it("keeps delivering to Telegram, and the stuck Zalo file is retried later, not lost", async () => {
    const { app, rig, server } = await setup({ timeoutMs: 1500 });
    server.withholdFileDone = true;
    const telegram = new FakeSender("telegram");
    const stored = await app.db.storedFile.create({
      data: { name: "ke-hoach.csv", mimeType: "text/csv", size: 1, data: new Uint8Array([65]) },
    });
    const csv = {
      kind: "file" as const,
      fileName: "ke-hoach.csv",
      mimeType: "text/csv",
      data: { storedFileId: stored.id },
    };
    await app.services.outbox.enqueue([
      { key: "z-file", platform: "zalo", platformChatId: MEMBER.uid, reply: csv, kind: "notice" },
      ...Array.from({ length: 5 }, (_, i) => ({
        key: `t-${i}`,
        platform: "telegram",
        platformChatId: String(-100 - i),
        reply: { kind: "text" as const, text: `Thông báo ${i}` },
        kind: "notice" as const,
      })),
    ]);
    const worker = new OutboxWorker({
      outbox: app.services.outbox,
      senders: { zalo: rig.adapter.sender, telegram },
      pacing: { zalo: { perSecond: 10, perChatPerMinute: 10 }, telegram: { perSecond: 100, perChatPerMinute: 20 } },
      clock: app.clock,
      logger: app.logger,
    });
    let roundOver = false;
    const round = worker.runOnce().then(() => {
      roundOver = true;
    });
    await until(() => server.calls.some((c) => c.path === "/api/message/asyncfile/upload"), "the Zalo upload");
    await until(() => telegram.sent.length === 5, "the Telegram deliveries");
    // All five went out while the Zalo file was still waiting for its file_done.
    expect(roundOver).toBe(false);
    expect(server.sent).toHaveLength(0);
    await round;
    const row = await app.db.outboxMessage.findUniqueOrThrow({ where: { key: "z-file" } });
    expect(row).toMatchObject({ status: "pending", lastError: expect.stringMatching(/no answer from Zalo/) });
  });
});

describe("one frame with two messages of one member", () => {
  it("handles ['/gopy', '2'] in order, so the '2' answers the item question", async () => {
    const { app, rig, sent } = await setup();
    await openConsultation(app);
    await linkedGroup(app, rig);
    await rig.group(GROUP, [say(MEMBER, "/gopy"), say(MEMBER, "2")]);
    expect(sent.at(-2)!.text).toContain("Bạn góp ý cho nội dung nào?");
    expect(sent.at(-1)!.text).toContain("Ý kiến của bạn thuộc loại nào?");
  });

  it("handles two chats of one frame each in order, independently", async () => {
    const { app, rig, server, sent } = await setup();
    await openConsultation(app);
    await linkedGroup(app, rig);
    await server.pushGroup(GROUP, [say(MEMBER, "/gopy"), say(MEMBER, "1")]);
    await server.pushUser([say(CHAIR, "/vaitro")]);
    await rig.settle(3);
    const inGroup = sent.filter((s) => s.threadId === GROUP).map((s) => s.text!);
    expect(inGroup.at(-1)).toContain("Ý kiến của bạn thuộc loại nào?");
    expect(sent.some((s) => s.threadId === CHAIR.uid)).toBe(true);
  });
});

describe("Zalo's error codes", () => {
  it("221 (too many requests): the account rests, sends fail fast meanwhile, and a reply is sent once the rest is over", async () => {
    const { server, rig, sent } = await setup({ restMs: 1000 });
    server.failures.push({ path: /\/sms$/, code: 221, message: "Vượt quá số request cho phép", times: 1 });
    const first = await rig.adapter.sender
      .send({ chatId: MEMBER.uid, reply: { kind: "text", text: "một" } })
      .catch((e) => e);
    expect(first).toMatchObject({ failure: "rate-limited", retryAfterSec: 1 });
    const calls = server.calls.length;
    const second = await rig.adapter.sender
      .send({ chatId: CHAIR.uid, reply: { kind: "text", text: "hai" } })
      .catch((e) => e);
    expect(second).toMatchObject({ failure: "rate-limited" });
    expect(server.calls.length).toBe(calls);
    // An interactive reply caught by the rest waits it out and goes once.
    await rig.user([say(MEMBER, "/trogiup")]);
    expect(sent.map((s) => s.threadId)).toEqual([MEMBER.uid]);
  });

  it("-69 (retry limit) is a rate limit too, and 123 (cannot message this person) is a blocked chat", async () => {
    const { server, rig } = await setup();
    server.failures.push({ path: /\/sms$/, code: 123, message: "Không thể nhận tin nhắn từ bạn", times: 1 });
    server.failures.push({ path: /\/sms$/, code: -69, message: "retry limit", times: 1 });
    const send = (chatId: string) =>
      rig.adapter.sender.send({ chatId, reply: { kind: "text", text: "x" } }).catch((e: unknown) => e);
    expect(await send(CHAIR.uid)).toMatchObject({ failure: "blocked", message: expect.stringContaining("123") });
    expect(await send(MEMBER.uid)).toMatchObject({ failure: "rate-limited" });
  });
});

describe("exports naming members, asked for in a group", () => {
  it("go to the person's own Zalo thread, never into the group", async () => {
    const { app, rig, sent } = await setup();
    await openConsultation(app);
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD", "zalo");
    await rig.group(GROUP, [say(CHAIR, "/lienket LC-TD")]);
    await rig.group(GROUP, [say(CHAIR, "/xuatbaocao")]);
    const inGroup = sent.filter((s) => s.group);
    expect(inGroup.at(-1)!.text).toMatch(/gửi vào trò chuyện riêng với Chị Hoa, không gửi vào nhóm/);
    expect(inGroup.some((s) => s.kind !== "text")).toBe(false);
    const privately = sent.filter((s) => s.threadId === CHAIR.uid && !s.group);
    expect(privately.filter((s) => s.kind === "file").map((s) => s.fileName!.split(".").pop())).toEqual([
      "xlsx",
      "csv",
      "docx",
    ]);
  });

  it("when Zalo refuses the person's thread (123, not friends), tell them to add the bot as a friend and send nothing", async () => {
    const { app, rig, server, sent } = await setup();
    await openConsultation(app);
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD", "zalo");
    await rig.group(GROUP, [say(CHAIR, "/lienket LC-TD")]);
    server.failures.push({
      path: /^\/api\/message\//,
      code: 123,
      message: "Không thể nhận tin nhắn từ bạn",
      times: 10,
    });
    await rig.group(GROUP, [say(CHAIR, "/xuatbaocao")]);
    expect(sent.every((s) => s.group && s.kind === "text")).toBe(true);
    expect(sent.at(-1)!.text).toMatch(/kết bạn với tài khoản này rồi gõ lại lệnh/);
    expect(sent.filter((s) => /kết bạn/.test(s.text ?? ""))).toHaveLength(1);
  });
});

describe("staying connected", () => {
  it("notices a socket that stays open but answers nothing, and reconnects", async () => {
    const { server, rig, sent } = await setup({ heartbeatMs: 40 });
    expect(server.socketsOpened).toBe(1);
    server.freezeSockets();
    await until(() => server.socketsOpened === 2 && rig.adapter.state() === "listening", "a new socket");
    await until(() => !!(rig.api.listener as unknown as { cipherKey?: string }).cipherKey, "the cipher key");
    await rig.group(GROUP, [say(MEMBER, "/trogiup")]);
    expect(sent).toHaveLength(1);
  });

  it("after a dead-open socket, answers everything written since the last frame it received, not only the last 5 s", async () => {
    // The bot's wall clock, moved by hand: the socket froze a minute ago, and members wrote at 2, 10, 28, 35 and 57 s.
    const frozeAt = Date.now() - 60_000;
    let wall = frozeAt;
    const { app, rig, server, sent } = await setup({
      heartbeatMs: 40,
      time: { now: () => wall, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    });
    await linkedGroup(app, rig);
    await rig.group(GROUP, [say(MEMBER, "chào cả nhà")]);
    const before = sent.length;
    rig.freeze();
    const members = ["3001", "3002", "3003", "3004", "3005"];
    for (const [i, second] of [2, 10, 28, 35, 57].entries()) {
      wall = frozeAt + second * 1000;
      await server.pushGroup(GROUP, [{ uid: members[i]!, name: `Người ${i + 1}`, text: "/trogiup", ts: wall }]);
    }
    wall = frozeAt + 60_000;
    await until(() => server.socketsOpened === 2, "the reconnect");
    await until(() => sent.length >= before + 5, "answers to all five missed messages");
    await rig.adapter.idle();
    const answers = sent.slice(before);
    expect(answers).toHaveLength(5);
    expect(answers.every((s) => s.threadId === GROUP && s.text!.includes("/gopy"))).toBe(true);
    expect(new Set(answers.map((s) => s.quoteOf)).size).toBe(5);
  });

  it("reconnects after a drop (1006) and handles the messages sent during the gap, not older ones", async () => {
    const { server, rig, sent } = await setup();
    server.missedGroup = GROUP;
    server.missed = [say(MEMBER, "/trogiup"), { ...say(CHAIR, "/vaitro"), ts: Date.now() - 3_600_000 }];
    server.dropSockets();
    await until(() => server.socketsOpened === 2, "the reconnect");
    await until(() => sent.length === 1, "the missed message's answer");
    await rig.adapter.idle();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain("/gopy");
    expect(rig.adapter.state()).toBe("listening");
  });

  it("also fetches the missed messages when zca-js reconnects by itself (Zalo's close_and_retry_codes)", async () => {
    const server = await new FakeZaloServer().start();
    server.retryCodes = [1006];
    const { rig, sent } = await setup({ server });
    server.missedGroup = GROUP;
    server.missed = [say(MEMBER, "/trogiup")];
    server.dropSockets();
    await until(() => sent.length === 1, "the missed message's answer");
    expect(server.socketsOpened).toBe(2);
    expect(rig.adapter.state()).toBe("listening");
  });

  it("a take-over by another Zalo Web session stops Zalo, says so once, tells staff, and sends fail at once", async () => {
    const { logger, lines } = capturingLogger();
    const { server, rig } = await setup({ logger });
    server.pushDuplicate();
    await until(() => rig.adapter.state() === "duplicate-session", "the stop");
    expect(rig.lost).toEqual(["duplicate"]);
    expect(lines.filter((l) => l.level === "error" && /another Zalo Web session/.test(l.msg))).toHaveLength(1);
    const calls = server.calls.length;
    const failure = await rig.adapter.sender
      .send({
        chatId: GROUP,
        reply: { kind: "file", fileName: "a.csv", mimeType: "text/csv", data: new Uint8Array([1]) },
      })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ failure: "transient", message: expect.stringMatching(/another Zalo Web session/) });
    expect(server.calls.length).toBe(calls);
    expect(server.socketsOpened).toBe(1);
  });

  it("a session refused on the socket (HTTP 401) stops Zalo instead of reconnecting forever, and says to log in again", async () => {
    const { logger, lines } = capturingLogger();
    const { server, rig } = await setup({ logger });
    server.validCookie = "a-newer-session";
    server.dropSockets();
    await until(() => rig.adapter.state() === "session-refused", "the stop");
    await new Promise((r) => setTimeout(r, 100));
    expect(server.socketsOpened).toBe(1);
    expect(rig.lost).toEqual(["refused"]);
    const said = lines.filter((l) => l.level === "error" && /npm run zalo:login/.test(l.msg));
    expect(said).toHaveLength(1);
  });
});

describe("group events, recalls", () => {
  it("marks the chat inactive when the bot is removed from the group, tells the chair, and takes it back when re-added", async () => {
    const { app, rig } = await setup();
    await linkedGroup(app, rig);
    await rig.server.pushGroupEvent("remove_member", {
      groupId: GROUP,
      sourceId: "7777",
      creatorId: "7777",
      groupName: "Nhóm",
      updateMembers: [{ id: BOT_UID, dName: "Bot" }],
    });
    await rig.settle(1);
    const chat = await app.db.chat.findFirstOrThrow({ where: { platform: "zalo", platformChatId: GROUP } });
    expect(chat.status).toBe("blocked");
    // The same chat service as Telegram's: the chair hears of it in their own Zalo thread (through the outbox).
    const notice = await app.db.outboxMessage.findFirstOrThrow({ where: { kind: "notice" } });
    expect(notice).toMatchObject({ platform: "zalo", platformChatId: CHAIR.uid });
    expect(notice.payload).toContain("Bot đã bị xóa khỏi nhóm");

    // Added back: active again, still linked, and the group hears that no new /lienket is needed.
    await rig.server.pushGroupEvent("join", {
      groupId: GROUP,
      sourceId: "7777",
      creatorId: "7777",
      groupName: "Nhóm",
      updateMembers: [{ id: BOT_UID, dName: "Bot" }],
    });
    await rig.settle(1);
    const back = await app.db.chat.findFirstOrThrow({ where: { platform: "zalo", platformChatId: GROUP } });
    expect(back.status).toBe("active");
    expect(back.unitId).toBe(chat.unitId);
    expect(rig.server.sent.at(-1)?.text).toBe(
      "Bot đã trở lại nhóm. Nhóm vẫn liên kết với CĐCS Ủy ban nhân dân xã Bình Lư, không cần liên kết lại.",
    );
  });

  it("follows a renamed group, and welcomes members who join a linked group with the unit's help", async () => {
    const { app, rig, sent } = await setup();
    await linkedGroup(app, rig);
    const base = { groupId: GROUP, sourceId: "7777", creatorId: "7777" };
    await rig.server.pushGroupEvent("update", { ...base, groupName: "CĐ Bình Lư (mới)", updateMembers: [] });
    await rig.settle(1);
    const chat = await app.db.chat.findFirstOrThrow({ where: { platform: "zalo", platformChatId: GROUP } });
    expect(chat.title).toBe("CĐ Bình Lư (mới)");
    await rig.server.pushGroupEvent("join", {
      ...base,
      groupName: "x",
      updateMembers: [{ id: "3003", dName: "Chị Lan" }],
    });
    await rig.settle(1);
    expect(sent.at(-1)).toMatchObject({ threadId: GROUP, group: true });
    expect(sent.at(-1)!.text).toMatch(/^Chào mừng Chị Lan đến với nhóm của .+! .*\/trogiup/);
  });

  it("drops a message recalled before it was handled, and says how to start again when it was already taken", async () => {
    const { app, rig, sent } = await setup();
    await openConsultation(app);
    await linkedGroup(app, rig);
    await rig.group(GROUP, [say(MEMBER, "/gopy")]);
    await rig.group(GROUP, [
      { ...say(MEMBER, "2"), msgId: "990001" },
      { uid: MEMBER.uid, name: MEMBER.name, undoOf: "990001" },
    ]);
    expect(sent.at(-1)!.text).toContain("Bạn góp ý cho nội dung nào?");
    const [answer] = await rig.group(GROUP, [say(MEMBER, "1")]);
    expect(sent.at(-1)!.text).toContain("Ý kiến của bạn thuộc loại nào?");
    await rig.group(GROUP, [{ uid: MEMBER.uid, name: MEMBER.name, undoOf: answer! }]);
    expect(sent.at(-1)!.text).toMatch(/vừa thu hồi một tin nhắn mà tôi đã ghi nhận.*\/huy/);
  });
});

describe("logging in", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zalo-login-"));

  it("retries with backoff while the network is down, then logs in with zca-js", async () => {
    const server = await new FakeZaloServer().start();
    const file = path.join(dir, "ok.json");
    saveCredentials(file, server.credentials(GOOD_COOKIE));
    server.networkDownFor = 2;
    const waits: number[] = [];
    const api = await loginWithRetry(file, () => server.zalo(ZALO_OPTIONS), {
      baseDelayMs: 1000,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(api.getOwnId()).toBe(BOT_UID);
    expect(waits).toEqual([1000, 2000]);
    await server.close();
  });

  it("does not retry a refused session: it says a new QR login is needed", async () => {
    const server = await new FakeZaloServer().start();
    const file = path.join(dir, "refused.json");
    saveCredentials(file, server.credentials("an-expired-session"));
    const waits: number[] = [];
    const failure = await loginWithRetry(file, () => server.zalo(ZALO_OPTIONS), {
      sleep: async (ms) => void waits.push(ms),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ZaloLoginError);
    expect(String((failure as Error).message)).toMatch(/refused the saved session.*npm run zalo:login/);
    expect(waits).toEqual([]);
    expect(server.loginAttempts).toBe(1);
    await server.close();
  });
});
