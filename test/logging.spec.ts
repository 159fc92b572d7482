/**
 * How the log reads (issue 34.5): every error under the one key `err`, with its stack; every line logged while an update
 * is handled names its platform and update id (a child logger per update); a debug line per command with the
 * command's name and never the text people wrote.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createBotCore } from "../src/bot/core.js";
import { createLogger } from "../src/logger.js";
import { TELEGRAM_CAPABILITIES } from "../src/platforms/telegram/sender.js";
import { Talker, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

type Line = { level: number; msg: string; platform?: string; updateId?: string; command?: string; err?: any };

const SECRET_WORDS = "mật-khẩu-của-tôi-7731";

describe("the log", () => {
  it("has a debug line per command with its name only, and an update's lines carry its platform and id", async () => {
    const app = await testApp();
    const raw: string[] = [];
    const logger = createLogger({ level: "debug", destination: { write: (l: string) => void raw.push(l) } });
    const failing = {
      commands: [
        {
          names: ["hong", "broken"] as [string, string],
          description: "cmd-help",
          role: "member" as const,
          chats: ["private" as const],
          run: () => {
            throw new Error("the handler broke");
          },
        },
      ],
    };
    const core = createBotCore({ ...app.deps, logger }, app.engine, [failing]);
    const event = new Talker(app, { id: "501", name: "Lan" }, { id: "501", kind: "private" }).event({
      text: `/hong ${SECRET_WORDS}`,
      updateId: "upd-42",
    });
    await core.handle(event, { capabilities: TELEGRAM_CAPABILITIES, botUsername: "union_test_bot" });
    const lines = raw.map((l) => JSON.parse(l) as Line);
    expect(raw.join("")).not.toContain(SECRET_WORDS);
    const command = lines.find((l) => l.msg === "command");
    expect(command).toMatchObject({ level: 20, command: "hong", platform: "telegram", updateId: "upd-42" });
    const failed = lines.find((l) => l.level === 50);
    expect(failed).toMatchObject({ platform: "telegram", updateId: "upd-42", err: { message: "the handler broke" } });
    expect(failed?.err?.stack).toMatch(/the handler broke\n\s+at /);
  }, 60_000);

  it("keeps every error under `err`: no log call in src/ writes an error as a string under another key", () => {
    const root = path.join(import.meta.dirname, "..", "src");
    const files = fs
      .readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.startsWith("generated"));
    const offending: string[] = [];
    const stringly = /(err|error|failure):\s*(String\(|\(?err as Error\)?\??\.message|e\.message|err\.message)/;
    for (const f of files)
      for (const [i, line] of fs.readFileSync(path.join(root, f), "utf8").split("\n").entries())
        if (/logger\??\.|^\s+\{ /.test(line) && stringly.test(line)) offending.push(`${f}:${i + 1}: ${line.trim()}`);
    expect(offending).toEqual([]);
  });
});
