/**
 * The shutdown of `src/main.ts`: one ordered list of steps, each platform's and the worker's stop among them; a step
 * that fails is logged with its name and its error, and the steps after it still run. Then the whole process: the
 * playground started by `src/main.ts` stops on SIGTERM with exit code 0 and nothing logged as an error.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";
import { shutDown } from "../src/start/shutdown.js";

const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: "info", destination: { write: (s: string) => void lines.push(JSON.parse(s)) } });
  return { logger, lines };
}

describe("the shutdown list", () => {
  it("runs every step in the order written", async () => {
    const { logger, lines } = capturedLogger();
    const ran: string[] = [];
    const step = (name: string) => ({ name, stop: async () => void ran.push(name) });
    const failed = await shutDown([step("zalo"), step("telegram"), step("outbox worker"), step("database")], logger);
    expect(ran).toEqual(["zalo", "telegram", "outbox worker", "database"]);
    expect(failed).toEqual([]);
    expect(lines).toEqual([]);
  });

  it("logs a step that fails, with its name and error, and carries on with the next", async () => {
    const { logger, lines } = capturedLogger();
    const ran: string[] = [];
    const failed = await shutDown(
      [
        { name: "telegram", stop: async () => void ran.push("telegram") },
        {
          name: "outbox worker",
          stop: async () => {
            throw new Error("the outbox's connection is gone");
          },
        },
        { name: "database", stop: async () => void ran.push("database") },
      ],
      logger,
    );
    expect(ran).toEqual(["telegram", "database"]);
    expect(failed).toEqual(["outbox worker"]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      step: "outbox worker",
      msg: "a shutdown step failed; carrying on with the next",
      err: { message: "the outbox's connection is gone" },
    });
    expect(String((lines[0]!.err as { stack: string }).stack)).toContain("shutdown.spec.ts");
  });
});

describe("the bot process", () => {
  it("stops its playground, worker and scheduler on SIGTERM and exits with 0", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "union-bot-shutdown-"));
    // tsx as a loader in the bot's own process: tsx's CLI would sit between the signal and the bot, and kills a child
    // that has not answered a signal within 30 ms (a loaded machine) with 143.
    dirs.push(dir);
    const child = spawn(process.execPath, ["--import", TSX, path.resolve("src/main.ts")], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        DATABASE_URL: `file:${path.join(dir, "bot.db")}`,
        PLAYGROUND: "on",
        PLAYGROUND_PORT: "0",
        LOG_LEVEL: "error",
      },
      cwd: dir,
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes("is running: http://")) resolve();
      });
      void exited.then((code) => reject(new Error(`the bot stopped (${code}): ${stdout} ${stderr}`)));
    });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
  }, 120_000);
});
