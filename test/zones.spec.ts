import { describe, expect, it } from "vitest";
import { localParts, zonedTime } from "../src/domain/dates/due.js";
import { FIXED_OFFSET_ZONES, fixedOffsetMinutes } from "../src/domain/dates/zones.js";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** What Intl says the wall clock shows: the reference the arithmetic must match. */
function intlParts(timezone: string) {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
    weekday: "short",
  });
  return (at: Date) => {
    const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
    const [year, month, day, hour, minute] = [p.year, p.month, p.day, p.hour, p.minute].map(Number);
    return { year, month, day, hour, minute, weekday: WEEKDAYS.indexOf(p.weekday!) };
  };
}

const TIMES = [
  [0, 0],
  [7, 30],
  [12, 0],
  [23, 59],
] as const;

/** Local days from 2000 to 2035 (every `step` days) at the start of the day, a reminder time, noon, the last minute. */
function* localMoments(step: number): Generator<[y: number, m: number, d: number, hh: number, mm: number]> {
  for (let day = Date.UTC(2000, 0, 1); day <= Date.UTC(2035, 11, 31); day += step * 86_400_000) {
    const d = new Date(day);
    for (const [hh, mm] of TIMES) yield [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hh, mm];
  }
}

/** The moments where the arithmetic (localParts, zonedTime) disagrees with Intl. */
function disagreements(zone: string, step: number): string[] {
  const offset = fixedOffsetMinutes(zone);
  if (offset === undefined) return [`${zone} is not in the table`];
  const intl = intlParts(zone);
  const wrong: string[] = [];
  for (const [y, m, d, hh, mm] of localMoments(step)) {
    const at = zonedTime(y, m, d, hh, mm, zone);
    const arithmetic = JSON.stringify(localParts(at, zone));
    const reference = JSON.stringify(intl(at));
    if (at.getTime() !== Date.UTC(y, m - 1, d, hh, mm) - offset * 60_000 || arithmetic !== reference)
      wrong.push(`${zone} ${at.toISOString()}: ${arithmetic}, Intl ${reference}`);
  }
  return wrong;
}

/** The table's zones by the zone Intl reads them as: an alias ("Asia/Ho_Chi_Minh", "Asia/Saigon") shares its data. */
const canonical = new Map<string, string[]>();
for (const name of FIXED_OFFSET_ZONES) {
  const zone = new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
  canonical.set(zone, [...(canonical.get(zone) ?? []), name]);
}

describe("time zones of fixed offset", () => {
  it("hold only names Intl knows, each alias with the offset of the zone it stands for", () => {
    for (const names of canonical.values())
      expect(names.map((n) => [n, fixedOffsetMinutes(n)])).toEqual(
        names.map((n) => [n, fixedOffsetMinutes(names[0]!)]),
      );
    expect(canonical.get("Asia/Saigon")).toEqual(["Asia/Ho_Chi_Minh", "Asia/Saigon"]);
  });

  it.each([...canonical.keys()])(
    "%s: the arithmetic agrees with Intl on every day from 2000 to 2035, at 00:00, 07:30, 12:00 and 23:59",
    (zone) => {
      expect(disagreements(zone, 1).slice(0, 5)).toEqual([]);
    },
  );

  it("Etc/GMT-14 … Etc/GMT+12 (fixed by definition) agree with Intl every 29 days from 2000 to 2035", () => {
    const zones = Array.from({ length: 27 }, (_, i) => i - 14)
      .filter((h) => h !== 0)
      .map((h) => `Etc/GMT${h < 0 ? "" : "+"}${h}`);
    expect(zones.flatMap((z) => disagreements(z, 29)).slice(0, 5)).toEqual([]);
  });

  it("read zone names as Intl does, whatever their case, and know no others", () => {
    expect(fixedOffsetMinutes("Asia/Ho_Chi_Minh")).toBe(420);
    expect(fixedOffsetMinutes("asia/saigon")).toBe(420);
    expect(fixedOffsetMinutes("Etc/GMT-7")).toBe(420);
    expect(fixedOffsetMinutes("Etc/GMT+5")).toBe(-300);
    for (const notAZone of ["Etc/GMT-07", "Etc/GMT-15", "Etc/GMT+13", "UTC+7", "Asia/Hanoi"]) {
      expect(fixedOffsetMinutes(notAZone)).toBeUndefined();
      expect(() => new Intl.DateTimeFormat("en", { timeZone: notAZone })).toThrow(RangeError);
    }
  });

  it("leave zones with daylight saving to Intl", () => {
    expect(fixedOffsetMinutes("Europe/Berlin")).toBeUndefined();
    // 01:30 UTC on the last Sunday of March 2026 is 03:30 in Berlin (summer time); an hour earlier, 01:30 (winter time).
    expect(localParts(new Date("2026-03-29T01:30:00Z"), "Europe/Berlin")).toMatchObject({ hour: 3, minute: 30 });
    expect(localParts(new Date("2026-03-29T00:30:00Z"), "Europe/Berlin")).toMatchObject({ hour: 1, minute: 30 });
  });

  it("leave instants before 2000 to Intl: Saigon kept UTC+8 until 1975", () => {
    const parts = { year: 1970, month: 1, day: 1, hour: 8, minute: 0, weekday: 4 };
    expect(localParts(new Date("1970-01-01T00:00:00Z"), "Asia/Ho_Chi_Minh")).toEqual(parts);
  });
});
