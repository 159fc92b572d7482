import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DailyAt, everyMinute } from "../src/scheduler/minutes.js";

const at = (local: string) => new Date(`${local}+07:00`);
const TZ = "Asia/Ho_Chi_Minh";

describe("the scheduler's minute", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: at("2026-03-02T09:00:20.250") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("comes at second 0 of every minute, the first after the start, until stopped", () => {
    const calls: Date[] = [];
    const stop = everyMinute((t) => calls.push(t));
    vi.advanceTimersByTime(39_749);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual([at("2026-03-02T09:01:00")]);
    vi.advanceTimersByTime(3 * 60_000);
    expect(calls).toEqual(["09:01", "09:02", "09:03", "09:04"].map((hm) => at(`2026-03-02T${hm}:00`)));
    stop();
    vi.advanceTimersByTime(10 * 60_000);
    expect(calls).toHaveLength(4);
  });

  it("is not called twice when the timer wakes before the minute has turned (the clock was set back)", () => {
    const calls: Date[] = [];
    const stop = everyMinute((t) => calls.push(t));
    vi.advanceTimersByTime(39_750);
    expect(calls).toEqual([at("2026-03-02T09:01:00")]);
    vi.setSystemTime(at("2026-03-02T09:00:59.500"));
    vi.advanceTimersByTime(60_000);
    // The timer woke at 09:01:59.500 by the clock, still the minute already called: it waited for 09:02.
    expect(calls).toEqual([at("2026-03-02T09:01:00")]);
    vi.advanceTimersByTime(500);
    expect(calls).toEqual([at("2026-03-02T09:01:00"), at("2026-03-02T09:02:00")]);
    stop();
  });

  it("keeps coming when a call throws", () => {
    let calls = 0;
    const stop = everyMinute(() => {
      calls++;
      throw new Error("a job failed");
    });
    expect(() => vi.advanceTimersByTime(40_000)).toThrow("a job failed");
    expect(() => vi.advanceTimersByTime(60_000)).toThrow("a job failed");
    expect(calls).toBe(2);
    stop();
  });
});

describe("the daily job at 03:17 local time", () => {
  it("is due at the first minute at or after 03:17 of each local day, once", () => {
    const daily = new DailyAt("03:17", TZ, at("2026-03-02T01:00:00"));
    expect(daily.due(at("2026-03-02T03:16:00"))).toBe(false);
    expect(daily.due(at("2026-03-02T03:17:00"))).toBe(true);
    expect(daily.due(at("2026-03-02T03:18:00"))).toBe(false);
    expect(daily.due(at("2026-03-02T23:59:00"))).toBe(false);
    expect(daily.due(at("2026-03-03T00:00:00"))).toBe(false);
    // The process slept through 03:17: the next minute it wakes on runs it.
    expect(daily.due(at("2026-03-03T05:42:00"))).toBe(true);
    expect(daily.due(at("2026-03-04T03:17:00"))).toBe(true);
  });

  it("counts a start after 03:17 as that day's run (the start-up runs the job), not one before it", () => {
    const late = new DailyAt("03:17", TZ, at("2026-03-02T09:00:00"));
    expect(late.due(at("2026-03-02T09:01:00"))).toBe(false);
    expect(late.due(at("2026-03-03T03:17:00"))).toBe(true);
    const early = new DailyAt("03:17", TZ, at("2026-03-02T03:16:30"));
    expect(early.due(at("2026-03-02T03:17:00"))).toBe(true);
  });

  it("follows the local day of the configured zone, also one with daylight saving", () => {
    // 03:17 in Berlin is 02:17 UTC in winter and 01:17 UTC in summer (from 29/3/2026).
    const daily = new DailyAt("03:17", "Europe/Berlin", new Date("2026-03-28T00:00:00Z"));
    expect(daily.due(new Date("2026-03-28T02:16:00Z"))).toBe(false);
    expect(daily.due(new Date("2026-03-28T02:17:00Z"))).toBe(true);
    expect(daily.due(new Date("2026-03-29T01:16:00Z"))).toBe(false);
    expect(daily.due(new Date("2026-03-29T01:17:00Z"))).toBe(true);
  });
});
