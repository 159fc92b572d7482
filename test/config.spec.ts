import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, readDotEnv } from "../src/config.js";

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "cfg-"));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, cwd);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("settings", () => {
  it("choose the engine by DATABASE_URL, refuse a bad schema name or pool size, and reject other engines", () => {
    expect(loadConfig({ DATABASE_URL: "file:./x.db" }, cwd).databaseEngine).toBe("sqlite");
    expect(loadConfig({ DATABASE_URL: "postgresql://bot:secret@db:5432/union" }, cwd).databaseEngine).toBe(
      "postgresql",
    );
    expect(problemsOf({ DATABASE_URL: "postgresql://db/union?connection_limit=0" })).toEqual([
      'Setting DATABASE_URL: Invalid connection_limit "0": expected a whole number from 1 to 1000',
    ]);
    expect(problemsOf({ DATABASE_URL: "postgres://db/union?schema=bad-name" })).toEqual([
      'Setting DATABASE_URL: Invalid PostgreSQL schema name "bad-name"',
    ]);
    expect(problemsOf({ DATABASE_URL: "mysql://db/union" })).toEqual([
      expect.stringMatching(
        /^Setting DATABASE_URL: expected an SQLite URL .* or a PostgreSQL URL .*starts with "mysql:"/,
      ),
    ]);
  });

  it("start with no settings at all: embedded SQLite under ./data, Vietnamese, playground on", () => {
    const c = loadConfig({}, cwd);
    expect(c.databaseUrl).toBe(`file:${path.join(cwd, "data", "union-bot.db")}`);
    expect(c.defaultLanguage).toBe("vi");
    expect(c.timezone).toBe("Asia/Ho_Chi_Minh");
    expect(c.telegram.enabled).toBe(false);
    expect(c.playground).toEqual({ enabled: true, host: "127.0.0.1", port: 3000 });
    expect(c.reminders.offsetsDays).toEqual([7, 3, 1, 0, -1, -3]);
    expect(c.opinionMaxLength).toBe(4000);
    expect(c.exportHideAuthors).toBe(false);
    expect(loadConfig({ EXPORT_HIDE_AUTHORS: "true" }, cwd).exportHideAuthors).toBe(true);
  });

  it("turn Telegram on with a token and keep the playground off unless asked", () => {
    const c = loadConfig(
      { TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ", TELEGRAM_API_ROOT: "http://127.0.0.1:9000" },
      cwd,
    );
    expect(c.telegram).toMatchObject({ enabled: true, mode: "polling", apiRoot: "http://127.0.0.1:9000" });
    expect(c.playground.enabled).toBe(false);
    expect(
      loadConfig({ TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ", PLAYGROUND: "on" }, cwd).playground.enabled,
    ).toBe(true);
  });

  it("take any zone Intl knows, with or without daylight saving, and its offset table's names in any case", () => {
    for (const zone of ["Asia/Ho_Chi_Minh", "asia/saigon", "Etc/GMT-7", "UTC", "Europe/Berlin", "America/New_York"])
      expect(loadConfig({ TIMEZONE: zone }, cwd).timezone).toBe(zone);
    for (const zone of ["Asia/Hanoi", "Etc/GMT-07", "UTC+7"]) expect(problemsOf({ TIMEZONE: zone })).toHaveLength(1);
  });

  it("read admins as platform:id pairs", () => {
    expect(loadConfig({ ADMIN_IDS: "telegram:42, zalo:abc_1" }, cwd).adminIds).toEqual(["telegram:42", "zalo:abc_1"]);
  });

  it("name the variable and what is expected, one line each, for wrong values", () => {
    const problems = problemsOf({
      TELEGRAM_MODE: "push",
      PLAYGROUND_PORT: "http",
      REMINDER_TIME: "7h",
      TIMEZONE: "Mars/Base",
      ADMIN_IDS: "42",
    });
    expect(problems).toHaveLength(5);
    expect(problems.find((p) => p.startsWith("Setting TELEGRAM_MODE:"))).toMatch(/polling.*webhook.*got "push"/);
    expect(problems.find((p) => p.startsWith("Setting PLAYGROUND_PORT:"))).toMatch(/whole number/);
    expect(problems.find((p) => p.startsWith("Setting REMINDER_TIME:"))).toMatch(/HH:MM/);
    expect(problems.find((p) => p.startsWith("Setting TIMEZONE:"))).toMatch(/IANA/);
    expect(problems.find((p) => p.startsWith("Setting ADMIN_IDS:"))).toMatch(/telegram:123456/);
    for (const p of problems) expect(p).not.toContain("\n");
  });

  it("refuse a malformed token without echoing it whole", () => {
    const [p] = problemsOf({ TELEGRAM_BOT_TOKEN: "not-a-token-but-a-very-long-secret-string-here" });
    expect(p).toMatch(/^Setting TELEGRAM_BOT_TOKEN: expected a BotFather token/);
    expect(p).not.toContain("very-long-secret-string-here");
  });

  describe("never echo a secret setting's value, naming the setting and what it expects", () => {
    const cases: [string, string, string, RegExp][] = [
      ["TELEGRAM_BOT_TOKEN", "123456789:AAH-secret", "AAH-secret", /expected a BotFather token/],
      ["TELEGRAM_BOT_TOKEN", `123456789:AAH${"x".repeat(40)} `, "123456789:AAH", /expected a BotFather token/],
      ["TELEGRAM_WEBHOOK_SECRET", "hook$ecret!value-1234", "ecret!value", /expected 16-256 characters/],
      ["TELEGRAM_WEBHOOK_SECRET", "shortHook", "shortHook", /expected 16-256 characters/],
      ["WEB_SESSION_SECRET", "a-session-secret-too-short", "session-secret", /expected at least 32 characters/],
      ["DATABASE_URL", "mysql://bot:Pa55word-db@db:3306/union", "Pa55word", /expected an SQLite URL/],
      ["DATABASE_URL", "bot:Pa55word-db@db/union", "Pa55word", /expected an SQLite URL/],
    ];
    for (const [name, value, secret, expects] of cases)
      it(`${name} = ${value.slice(0, 12)}…`, () => {
        const problems = problemsOf({ [name]: value });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(new RegExp(`^Setting ${name}: ${expects.source}`));
        expect(problems[0]).not.toContain(secret);
      });
  });

  it("require the webhook settings in webhook mode, naming each missing one", () => {
    const problems = problemsOf({ TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ", TELEGRAM_MODE: "webhook" });
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "Setting TELEGRAM_WEBHOOK_URL",
      "Setting TELEGRAM_WEBHOOK_SECRET",
    ]);
    expect(problems[0]).toContain("it is missing");
  });

  it("read .env files with the real environment taking precedence", () => {
    const file = path.join(cwd, ".env");
    fs.writeFileSync(file, "# comment\nLOG_LEVEL=debug\nDEFAULT_LANGUAGE='en'\n");
    expect(readDotEnv(file)).toEqual({ LOG_LEVEL: "debug", DEFAULT_LANGUAGE: "en" });
    expect(readDotEnv(path.join(cwd, "missing.env"))).toEqual({});
  });

  it("list every setting in .env.example", () => {
    const example = fs.readFileSync(path.join(import.meta.dirname, "..", ".env.example"), "utf8");
    const source = fs.readFileSync(path.join(import.meta.dirname, "..", "src", "config.ts"), "utf8");
    const names = [...source.matchAll(/^\s{2}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(example, name).toMatch(new RegExp(`^#?\\s*${name}=`, "m"));
  });
});
