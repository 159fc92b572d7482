/** Period names: every label the schedule writes is read back and said in either language; a plan's phrase is not. */
import { describe, expect, it } from "vitest";
import { occurrences } from "../src/domain/dates/due.js";
import { periodText, readPeriodLabel } from "../src/domain/dates/periods.js";
import { DEFAULT_DUE_SETTINGS, PERIOD_KINDS } from "../src/domain/dates/types.js";
import { createI18n } from "../src/i18n.js";

const i18n = createI18n();
const en = i18n.forLanguage("en");
const vi = i18n.forLanguage("vi");

describe("period names", () => {
  it("read back every label a two-year schedule of every kind writes, and say it as the schedule did in Vietnamese", () => {
    const all = occurrences(
      PERIOD_KINDS,
      undefined,
      new Date("2025-01-01T00:00:00+07:00"),
      new Date("2026-12-31T23:59:00+07:00"),
      DEFAULT_DUE_SETTINGS,
    );
    expect(all.length).toBeGreaterThan(100);
    for (const o of all) {
      expect(readPeriodLabel(o.label), o.label).toBeDefined();
      expect(periodText(vi, o.label)).toBe(o.label);
      expect(periodText(en, o.label)).not.toMatch(/tháng|quý|năm|tuần/);
    }
  });

  it("say quarters, halves, years, months and weeks in English", () => {
    expect(periodText(en, "quý II/2025")).toBe("Q2 2025");
    expect(periodText(en, "6 tháng cuối năm 2026; năm 2026")).toBe("second half of 2026; year 2026");
    expect(periodText(en, "6 tháng đầu năm 2026")).toBe("first half of 2026");
    expect(periodText(en, "tháng 03/2026")).toBe("March 2026");
    expect(periodText(en, "tuần đến 06/03/2026")).toBe("week to 06/03/2026");
  });

  it("leave a plan's own phrase as written", () => {
    for (const phrase of ["trước ngày 05/8/2025", "đầu tháng 6/2025", "quý II/2025 và quý III/2025", "tháng 13/2025x"])
      expect(periodText(en, phrase)).toBe(phrase);
  });
});
