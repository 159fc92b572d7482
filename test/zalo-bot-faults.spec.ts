/**
 * What goes wrong with Zalo's Bot Platform, and what the adapter does: malformed updates and unknown event_names are
 * logged and skipped; `ok:false` is logged with its error_code; a refused token stops this adapter alone, with one
 * log line and a notice to staff; a server that hangs or answers HTML is retried within time limits.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";
import { tellStaffZaloBotStopped } from "../src/platforms/zalo-bot/notices.js";
import { giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { FakeZaloBotApi, until, type ZaloBotRig, zaloBotRig } from "./helpers/zalo-bot.js";

const rigs: ZaloBotRig[] = [];
afterAll(async () => {
  for (const r of rigs) await r.close().catch(() => undefined);
  await closeAll();
});

type Line = { msg: string; level: number; error_code?: number; problem?: string; detail?: string };

function captureLogger() {
  const lines: Line[] = [];
  const logger = createLogger({ level: "info", destination: { write: (s: string) => void lines.push(JSON.parse(s)) } });
  return { logger, lines };
}

async function setup(o: Parameters<typeof zaloBotRig>[1] = {}) {
  const app = await testApp();
  const { logger, lines } = captureLogger();
  const rig = await zaloBotRig(app, { logger, ...o });
  rigs.push(rig);
  return { app, rig, api: rig.api, lines };
}

const HOA = { id: "7001", name: "Chị Hoa" };

describe.each(["polling", "webhook"] as const)("updates Zalo Bot cannot use (%s)", (mode) => {
  it("logs and skips malformed updates and unknown event_names, and answers the next message", async () => {
    const { rig, api, lines } = await setup({ mode });
    await api.pushRaw({ message: { chat: { id: HOA.id }, text: "no sender, no id" } });
    await api.pushRaw({ event_name: "message.text.received" });
    await api.pushRaw(42);
    await api.pushRaw({
      event_name: "user.followed.oa",
      message: { message_id: "u-1", chat: { id: HOA.id }, from: { id: HOA.id }, text: "/trogiup" },
    });
    await rig.says(HOA, "/trogiup");
    expect(api.inChat(HOA.id)).toHaveLength(1);
    const skipped = lines.filter((l) => l.msg === "a Zalo Bot update was skipped");
    expect(skipped.map((l) => l.problem)).toEqual(["malformed", "malformed", "malformed", "unknown-event"]);
    expect(skipped.at(-1)!.detail).toBe("user.followed.oa");
    if (mode === "webhook") expect(api.deliveries).toEqual([200, 200, 200, 200, 200]);
  });
});

describe("answers Zalo Bot refuses", () => {
  it("logs ok:false with its error_code and goes on", async () => {
    const { rig, lines } = await setup();
    await expect(
      rig.adapter.sender.send({ chatId: "nobody", reply: { kind: "text", text: "Xin chào" } }),
    ).rejects.toMatchObject({ failure: "blocked" });
    const line = lines.find((l) => l.msg === "the Zalo Bot API answered ok:false");
    expect(line).toMatchObject({ error_code: 400 });
    await rig.says(HOA, "/trogiup");
    expect(rig.api.inChat(HOA.id)).toHaveLength(1);
  });

  it("a refused token stops this adapter with one log line and a notice to staff; the others go on", async () => {
    let stopped = 0;
    const { app, rig, api, lines } = await setup({ onStopped: () => void stopped++ });
    await giveRole(app, "9100", "Cán bộ", "staff", "LC", "telegram");
    await rig.says(HOA, "/trogiup");
    api.revoke();
    await api.says(HOA, "/vaitro");
    await until(() => rig.adapter.state() === "stopped", "the adapter stopped");
    expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([
      expect.stringMatching(/^Zalo Bot refused the token: the Zalo Bot adapter has stopped/),
    ]);
    expect(stopped).toBe(1);
    const calls = api.calls.length;
    await expect(rig.adapter.sender.send({ chatId: HOA.id, reply: { kind: "text", text: "x" } })).rejects.toMatchObject(
      { failure: "transient" },
    );
    expect(api.calls.length).toBe(calls);
    // Staff hear it on another platform, in their language; Telegram still answers.
    expect(
      await tellStaffZaloBotStopped({ db: app.db, outbox: app.services.outbox, i18n: app.i18n, clock: app.clock }),
    ).toBe(1);
    const notice = await app.db.outboxMessage.findFirstOrThrow({ where: { kind: "notice" } });
    expect(notice).toMatchObject({ platform: "telegram", platformChatId: "9100" });
    expect(notice.payload).toContain("ZALO_BOT_TOKEN");
    expect(lastText(await Talker.private(app, "9100", "Cán bộ").send("/vaitro"))).toContain("cán bộ");
  });
});

describe("a Zalo Bot server that misbehaves", () => {
  it("a send that hangs is cut at the time limit and tried again: the reply arrives once", async () => {
    const { rig, api } = await setup({ timeoutMs: 300 });
    api.fault({ kind: "hang", method: "sendMessage", times: 1 });
    await rig.says(HOA, "/trogiup");
    expect(api.inChat(HOA.id)).toHaveLength(1);
    expect(api.calls.filter((c) => c.method === "sendMessage")).toHaveLength(2);
  });

  it("an HTML page from a proxy, a 502 and a reset connection are retried", async () => {
    const { rig, api } = await setup();
    api.fault({ kind: "html", method: "sendMessage", times: 1 });
    api.fault({ kind: "5xx", method: "sendMessage", times: 1 });
    api.fault({ kind: "reset", method: "sendMessage", times: 1 });
    await rig.says(HOA, "/trogiup");
    expect(api.inChat(HOA.id)).toHaveLength(1);
    expect(api.calls.filter((c) => c.method === "sendMessage")).toHaveLength(4);
  });

  it("a Bot Platform that cannot be reached at start is waited for", async () => {
    const api = await new FakeZaloBotApi().start();
    api.fault({ kind: "5xx", method: "getMe", times: 5 });
    const { rig, lines } = await setup({ api });
    expect(rig.adapter.state()).toBe("running");
    expect(lines.filter((l) => l.msg === "Zalo Bot cannot be reached; trying again")).toHaveLength(1);
    await rig.says(HOA, "/trogiup");
    expect(api.inChat(HOA.id)).toHaveLength(1);
  });

  it("polling goes on after getUpdates hangs, answers HTML or fails", async () => {
    const api = await new FakeZaloBotApi().start();
    const { rig, lines } = await setup({ api, timeoutMs: 300 });
    api.fault({ kind: "hang", method: "getUpdates", times: 1 });
    api.fault({ kind: "html", method: "getUpdates", times: 1 });
    api.fault({ kind: "5xx", method: "getUpdates", times: 1 });
    await rig.says(HOA, "/trogiup");
    expect(api.inChat(HOA.id)).toHaveLength(1);
    expect(lines.filter((l) => l.msg === "Zalo Bot polling failed; trying again").length).toBeGreaterThanOrEqual(2);
  });
});
