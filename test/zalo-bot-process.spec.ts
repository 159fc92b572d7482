/**
 * The bot as it is deployed with Zalo Bot: `node` on src/main.ts with ZALO_BOT_TOKEN, webhook mode and PUBLIC_URL,
 * against the fake Bot Platform. main.ts registers the webhook under PUBLIC_URL, serves it and the signed file links
 * on WEB_PORT, and a member's command is answered.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./helpers/telegram.js";
import { FakeZaloBotApi } from "./helpers/zalo-bot.js";

/** Waits until `cond` holds; a process starting on a loaded machine takes a while. */
async function waitFor(cond: () => boolean, what: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

let child: ChildProcess | undefined;
let api: FakeZaloBotApi | undefined;
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  await api?.close();
});

describe("main.ts with Zalo Bot by webhook", () => {
  it("registers PUBLIC_URL/zalo-bot/webhook, answers through it, and serves the file links there", async () => {
    api = await new FakeZaloBotApi().start();
    const port = await freePort();
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "zalo-bot-process-"));
    const publicUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ["--import", TSX, path.join(ROOT, "src", "main.ts")], {
      cwd,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: cwd,
        LOG_LEVEL: "info",
        DATABASE_URL: `file:${path.join(cwd, "bot.db")}`,
        PLAYGROUND: "off",
        ZALO_CREDENTIALS_FILE: path.join(cwd, "no-zalo.json"),
        ZALO_BOT_TOKEN: api.token,
        ZALO_BOT_API_ROOT: api.url,
        ZALO_BOT_MODE: "webhook",
        ZALO_BOT_WEBHOOK_SECRET: "process-webhook-secret",
        PUBLIC_URL: publicUrl,
        WEB_HOST: "127.0.0.1",
        WEB_PORT: String(port),
        ADMIN_IDS: "zalo-bot:7001",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString("utf8")));
    await waitFor(
      () => output.includes('"msg":"zalo bot started"') || child!.exitCode !== null,
      "zalo bot started",
      90_000,
    );
    expect(output).toContain('"msg":"zalo bot started"');
    expect(api.webhook).toEqual({ url: `${publicUrl}/zalo-bot/webhook`, secret: "process-webhook-secret" });
    await api.says({ id: "7001", name: "Quản trị" }, "/trogiup");
    expect(api.deliveries).toEqual([200]);
    await waitFor(() => api!.inChat("7001").length > 0, "the answer", 30_000);
    expect(api.inChat("7001")[0]!.text).toContain("/trogiup");
    // The file links are served there too (their handler answers a POST with 405; an unknown path is 404).
    expect((await fetch(`${publicUrl}/files/1.1.${"A".repeat(43)}/x.png`, { method: "POST" })).status).toBe(405);
    expect((await fetch(`${publicUrl}/elsewhere`)).status).toBe(404);
  }, 120_000);
});
