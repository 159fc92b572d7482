import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { assertWritable, emptyDatabaseWarning, markerFile, rememberHasData } from "../src/db/startup.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) {
    fs.chmodSync(d, 0o755);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "union-bot-start-"));
  fs.chmodSync(d, 0o755);
  dirs.push(d);
  return d;
}

/** `npm start`'s entry point as an unprivileged user (root ignores file permissions). */
function botCommand(extra: Record<string, string>) {
  const node = [process.execPath, path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve("src/main.ts")];
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", ...node] : node;
  const env = { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), PLAYGROUND: "off", LOG_LEVEL: "error", ...extra };
  return { cmd, env };
}

function startBot(extra: Record<string, string>) {
  const { cmd, env } = botCommand(extra);
  return spawnSync(cmd[0]!, cmd.slice(1), { env, encoding: "utf8", timeout: 30_000 });
}

describe("start-up on a database that cannot be written", () => {
  it("refuses to start on a read-only database file with one clear line", async () => {
    const dir = tempDir();
    const file = path.join(dir, "bot.db");
    const db = await openDatabase(`file:${file}`);
    await db.$disconnect();
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o444);
    fs.chmodSync(dir, 0o555);
    const run = startBot({ DATABASE_URL: `file:${file}` });
    expect(run.status).toBe(1);
    const lines = run.stderr.split("\n").filter((l) => l.trim() && !l.startsWith("npm warn"));
    expect(lines).toEqual([
      `Cannot start: the database ${file} is not writable (its folder ${dir} is read-only). Fix its permissions or the file system, or set DATABASE_URL to a writable place.`,
    ]);
  });

  it("refuses a read-only file in a writable folder", async () => {
    const dir = tempDir();
    const file = path.join(dir, "bot.db");
    await (await openDatabase(`file:${file}`)).$disconnect();
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, 0o777);
    const run = startBot({ DATABASE_URL: `file:${file}` });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Cannot start: the database ${file} is not writable (the file is read-only).`);
  });

  it("accepts a writable database (the check writes nothing)", async () => {
    const dir = tempDir();
    const file = path.join(dir, "bot.db");
    await (await openDatabase(`file:${file}`)).$disconnect();
    const before = fs.readFileSync(file);
    expect(() => assertWritable(file)).not.toThrow();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe("start-up on a new, empty database where one with data is expected", () => {
  it("warns when the marker says the database held data, or a Zalo login is saved; stays quiet otherwise", () => {
    const dir = tempDir();
    const file = path.join(dir, "bot.db");
    const empty = { created: true, units: 0, chats: 0, people: 0 };
    expect(emptyDatabaseWarning(file, empty)).toBeUndefined();
    rememberHasData(file, { created: false, units: 12, chats: 3, people: 40 }, new Date("2026-11-01T00:00:00Z"));
    expect(fs.readFileSync(markerFile(file), "utf8")).toBe("2026-11-01T00:00:00.000Z\n");
    expect(emptyDatabaseWarning(file, empty)).toBe(
      `WARNING: the database ${file} is new and holds no units, chats or people, but ${file}.has-data says it held data (2026-11-01T00:00:00.000Z). Was the database file deleted or moved? Stop the bot and restore it from a backup; members will otherwise be told they belong to no unit.`,
    );
    expect(emptyDatabaseWarning(file, { ...empty, units: 1 })).toBeUndefined();
    fs.rmSync(markerFile(file));
    const credentials = path.join(dir, "zalo-credentials.json");
    fs.writeFileSync(credentials, "{}");
    expect(emptyDatabaseWarning(file, { ...empty, zaloCredentialsFile: credentials })).toContain(
      `a Zalo login is saved in ${credentials}`,
    );
  });

  it("npm start prints the warning when the database file was lost but its marker remains", async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o777);
    const file = path.join(dir, "bot.db");
    fs.writeFileSync(markerFile(file), "2026-11-01T00:00:00.000Z\n");
    // No platform is configured, so the bot would run on: stop it once it has said what it found.
    const { cmd, env } = botCommand({ DATABASE_URL: `file:${file}` });
    const child = spawn(cmd[0]!, cmd.slice(1), { env });
    let stderr = "";
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes("restore it from a backup")) resolve();
      });
      child.on("exit", () => resolve());
    });
    child.kill("SIGTERM");
    expect(stderr).toContain(`WARNING: the database ${file} is new and holds no units, chats or people`);
  });
});
