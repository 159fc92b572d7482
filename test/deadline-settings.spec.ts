/** The settings of the overdue rhythm and of consultation notices: defaults, and wrong values named. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "cfg-"));

describe("deadline and consultation notice settings", () => {
  it("default to a weekly overdue reminder and a reminder 2 days before close below 50 % participation", () => {
    const c = loadConfig({}, cwd);
    expect(c.reminders.overdueEveryDays).toBe(7);
    expect(c.consultationNotices).toEqual({ reminderDays: 2, belowPercent: 50 });
    const set = loadConfig(
      { OVERDUE_REMINDER_EVERY_DAYS: "3", CONSULTATION_REMINDER_DAYS: "0", CONSULTATION_REMINDER_BELOW_PERCENT: "80" },
      cwd,
    );
    expect([set.reminders.overdueEveryDays, set.consultationNotices.reminderDays]).toEqual([3, 0]);
    expect(set.consultationNotices.belowPercent).toBe(80);
  });

  it("name a wrong value, one line each", () => {
    let problems: string[] = [];
    try {
      loadConfig({ OVERDUE_REMINDER_EVERY_DAYS: "0", CONSULTATION_REMINDER_BELOW_PERCENT: "120" }, cwd);
    } catch (err) {
      if (err instanceof ConfigError) problems = err.problems;
    }
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.startsWith("Setting OVERDUE_REMINDER_EVERY_DAYS:"))).toMatch(/from 1 to 365/);
    expect(problems.find((p) => p.startsWith("Setting CONSULTATION_REMINDER_BELOW_PERCENT:"))).toMatch(/0 to 100/);
  });
});
