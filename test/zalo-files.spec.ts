/**
 * Files Zalo does not confirm in time: a non-image upload is sent only when Zalo's `file_done` socket event arrives,
 * which comes late or never (zca-js issues #155, #180, #224), and zca-js then finishes the send by itself. Through
 * zca-js's real classes with main.ts's wiring (a PacedSender that retries interactive replies, one shared pacer; its
 * backoff shortened here): each file goes once, the person hears within the time limit that it is late and what to do,
 * their other replies are not held behind it, and the outbox's retry of a late file counts its late delivery.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { PlatformSender } from "../src/platforms/port.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { PacedSender } from "../src/scheduler/paced-sender.js";
import { type PaceTime, SharedPacer } from "../src/scheduler/pacer.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { type FakeZaloServer, type RigOptions, until, type ZaloRig, zaloRig } from "./helpers/zalo.js";

const rigs: ZaloRig[] = [];
afterAll(async () => {
  for (const r of rigs) await r.close().catch(() => undefined);
  await closeAll();
});

const CHAIR = { uid: "2001", name: "Chị Hoa" };
const MEMBER = { uid: "2002", name: "Anh Páo" };
const GROUP = "8880001";
const say = (from: { uid: string; name: string }, text: string) => ({ ...from, text });

/** Real time, with the PacedSender's backoff between attempts (1, 2, 4 s in production) cut to 50 ms. */
const quickBackoff: PaceTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
};

/** As main.ts wraps the Zalo sender: one pacer for the account, interactive replies retried on transient faults. */
const mainWiring = (s: PlatformSender): PlatformSender =>
  new PacedSender(s, new SharedPacer({ perSecond: 1000, perChatPerMinute: 20, minIntervalMs: 0 }, quickBackoff), {
    timeoutMs: 30_000,
  });

async function setup(o: RigOptions) {
  const app = await testApp();
  const rig = await zaloRig(app, o);
  rigs.push(rig);
  await giveRole(app, "9100", "Cán bộ", "staff", "LC", "zalo");
  const staff = await app.services.people.resolve("zalo", "9100", "Cán bộ");
  await app.services.consultations.open(staff, {
    title: "Góp ý dự thảo",
    items: ["Dự thảo A"],
    rootUnitCode: "LC",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
  await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD", "zalo");
  return { app, rig, server: rig.server, sent: rig.server.sent };
}

const uploads = (server: FakeZaloServer) =>
  server.calls.filter((c) => c.path.endsWith("/asyncfile/upload")).map((c) => String(c.params.fileName));
const isLateNotice = (text = "") => /Zalo chưa xác nhận/.test(text);

describe("an export whose files Zalo confirms late", () => {
  it("each file reaches the chair once, and the chair hears it is late before it arrives", async () => {
    const { rig, server, sent } = await setup({ timeoutMs: 300, wrapSender: mainWiring });
    server.fileDoneDelayMs = 900;
    await rig.user([say(CHAIR, "/xuatbaocao")]);
    expect(sent.filter((s) => s.kind === "file").map((s) => s.fileName!.split(".").pop())).toEqual([
      "xlsx",
      "csv",
      "docx",
    ]);
    expect(uploads(server)).toHaveLength(3);
    const late = sent.filter((s) => isLateNotice(s.text));
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ threadId: CHAIR.uid, group: false });
    expect(late[0]!.text).toMatch(/\.xlsx[\s\S]*gõ lại \/xuatbaocao/);
    expect(sent.indexOf(late[0]!)).toBeLessThan(sent.findIndex((s) => s.kind === "file"));
  });
});

describe("an export whose file_done never comes", () => {
  it("the chair's other reply is not held behind it, the chair hears within the time limit, each file goes up once", async () => {
    const { rig, server, sent } = await setup({ timeoutMs: 800, wrapSender: mainWiring });
    server.withholdFileDone = true;
    await server.pushUser([say(CHAIR, "/xuatbaocao")]);
    await until(() => uploads(server).length === 1, "the first upload");
    await server.pushUser([say(CHAIR, "/vaitro")]);
    await until(() => sent.some((s) => /^Vai trò của bạn/.test(s.text ?? "")), "the answer to /vaitro");
    // Answered while the first file still waits for Zalo, before its time limit is up.
    expect(sent.some((s) => isLateNotice(s.text))).toBe(false);
    await until(() => sent.some((s) => isLateNotice(s.text)), "the late notice");
    await rig.adapter.idle();
    expect(sent.filter((s) => isLateNotice(s.text))).toHaveLength(1);
    expect(sent.find((s) => isLateNotice(s.text))!.text).toMatch(/\.xlsx, .*\.csv, .*\.docx/);
    const names = uploads(server);
    expect(names.map((n) => n.split(".").pop())).toEqual(["xlsx", "csv", "docx"]);
    expect(sent.some((s) => s.kind === "file" || s.group)).toBe(false);
  });
});

describe("the outbox's retry of a file Zalo confirmed late", () => {
  it("takes that late delivery: one file in the group, one upload, the row marked sent", async () => {
    const { app, rig, server, sent } = await setup({ timeoutMs: 300 });
    await rig.group(GROUP, [say(MEMBER, "chào")]);
    server.withholdFileDone = true;
    const stored = await app.db.storedFile.create({
      data: { name: "ke-hoach.pdf", mimeType: "application/pdf", size: 1, data: new Uint8Array([37]) },
    });
    const file = { kind: "file" as const, fileName: "ke-hoach.pdf", mimeType: "application/pdf" };
    await app.services.outbox.enqueue([
      {
        key: "plan-file",
        platform: "zalo",
        platformChatId: GROUP,
        reply: { ...file, data: { storedFileId: stored.id } },
        kind: "notice",
      },
    ]);
    const worker = new OutboxWorker({
      outbox: app.services.outbox,
      senders: { zalo: rig.adapter.sender },
      pacing: { zalo: { perSecond: 10, perChatPerMinute: 10 } },
      clock: app.clock,
      logger: app.logger,
    });
    await worker.runOnce();
    const row = () => app.db.outboxMessage.findUniqueOrThrow({ where: { key: "plan-file" } });
    expect(await row()).toMatchObject({ status: "pending", lastError: expect.stringMatching(/no answer from Zalo/) });
    server.withholdFileDone = false;
    server.releaseFileDone(); // Zalo confirms the upload after all: zca-js sends the file by itself.
    await until(() => sent.some((s) => s.kind === "file"), "the late delivery");
    app.clock.advance(10 * 60_000);
    await worker.runOnce();
    const files = sent.filter((s) => s.kind === "file");
    expect(files).toHaveLength(1);
    expect(uploads(server)).toHaveLength(1);
    expect(await row()).toMatchObject({ status: "sent", platformMessageId: String(files[0]!.msgId) });
  });
});
