/**
 * Reading Vietnamese date and deadline phrases: "trước ngày 05/7/2025", "đầu tháng 6/2025", "quý II/2026",
 * "sau 01 tuần khi kết thúc hội nghị", "định kỳ hàng quý, 6 tháng, một năm", "theo tuần, tháng (trong tháng 5 và tháng
 * 7)".
 * Pure: text in, phrases out. Never throws on any input.
 */
import type { Bound, DateSpec, FoundPhrase, PeriodKind } from "./types.js";

const NUMBER_WORDS: Record<string, number> = {
  một: 1,
  hai: 2,
  ba: 3,
  bốn: 4,
  tư: 4,
  năm: 5,
  sáu: 6,
  bảy: 7,
  tám: 8,
  chín: 9,
  mười: 10,
  "mười lăm": 15,
};
const ROMAN: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4 };

const pad = (n: number) => String(n).padStart(2, "0");

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function toNumber(word: string): number | undefined {
  const w = word.toLowerCase().trim();
  if (/^\d+$/.test(w)) return Number(w);
  return NUMBER_WORDS[w];
}

interface Core {
  index: number;
  end: number;
  spec: DateSpec;
}

const MONTH_YEAR = String.raw`tháng\s+(\d{1,2})\s*(?:\/|-|năm)\s*(\d{4})`;

/** Dates and date ranges without their bound words. */
function findCores(text: string): Core[] {
  const cores: Core[] = [];
  const add = (m: RegExpExecArray, spec: DateSpec | undefined) => {
    if (!spec) return;
    const index = m.index;
    const end = index + m[0].length;
    if (cores.some((c) => index < c.end && end > c.index)) return;
    cores.push({ index, end, spec });
  };
  const scan = (re: RegExp, make: (m: RegExpExecArray) => DateSpec | undefined) => {
    for (const m of text.matchAll(re)) add(m as RegExpExecArray, make(m as RegExpExecArray));
  };
  const day = (d: string, mo: string, y: string): DateSpec | undefined => {
    const [dd, mm, yy] = [Number(d), Number(mo), Number(y)];
    return validDay(yy, mm, dd) ? { precision: "day", date: `${yy}-${pad(mm)}-${pad(dd)}` } : undefined;
  };
  const month = (
    mo: string,
    y: string,
    precision: "early-month" | "mid-month" | "end-month" | "month",
  ): DateSpec | undefined => {
    const mm = Number(mo);
    return mm >= 1 && mm <= 12 ? { precision, month: `${y}-${pad(mm)}` } : undefined;
  };

  scan(/ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/giu, ([, d = "", mo = "", y = ""]) => day(d, mo, y));
  scan(/(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/])/gu, ([, d = "", , mo = "", y = ""]) =>
    day(d, mo, y),
  );
  scan(new RegExp(String.raw`(đầu|giữa|cuối)\s+${MONTH_YEAR}`, "giu"), ([, part = "", mo = "", y = ""]) => {
    const p = part.toLowerCase();
    return month(mo, y, p === "đầu" ? "early-month" : p === "giữa" ? "mid-month" : "end-month");
  });
  scan(/quý\s+(IV|III|II|I|[1-4])\s*(?:\/|-|năm)\s*(\d{4})/giu, (m) => ({
    precision: "quarter",
    year: Number(m[2]),
    quarter: ROMAN[(m[1] ?? "").toUpperCase()] ?? Number(m[1]),
  }));
  scan(/(?:0?6|sáu)\s+tháng\s+(đầu|cuối)\s+năm\s+(\d{4})/giu, (m) => ({
    precision: "half-year",
    year: Number(m[2]),
    half: m[1]?.toLowerCase() === "đầu" ? 1 : 2,
  }));
  scan(/cuối\s+năm\s+(\d{4})/giu, (m) => ({ precision: "year", year: Number(m[1]) }));
  // "trong năm 2027" (the bound word "trong" is read below); a bare "năm 2027" is a mention, not a time.
  scan(/(?<=\btrong\s+)năm\s+(\d{4})(?![\d/])/giu, (m) => ({ precision: "year", year: Number(m[1]) }));
  scan(new RegExp(MONTH_YEAR, "giu"), ([, mo = "", y = ""]) => month(mo, y, "month"));
  return cores;
}

/** Bound words right before a date: "trước ngày", "hoàn thành trước ngày", "chậm nhất ngày", "trước 17h00 ngày". */
const BOUND_BEFORE = new RegExp(
  String.raw`(?:(hoàn thành)\s+)?(trước|chậm nhất(?:\s+là)?|hạn chót(?:\s+là)?|hạn cuối(?:\s+là)?|không quá|không muộn hơn|đến hết|hết|trong)` +
    String.raw`\s+(?:(\d{1,2})\s*(?:h|giờ|g)\s*(\d{2})?(?:\s*phút)?,?\s+)?(?:(?:ngày|hạn)\s+)?$`,
  "iu",
);

/** "trước ngày 25 hằng tháng" falls due the day before the 25th; "ngày 25", "chậm nhất ngày 30/6" on the day. */
function dayBound(phrase: string): Bound {
  return /trước/iu.test(phrase) ? "before" : "by";
}

function boundOf(word: string): Bound {
  return /^trước/i.test(word) ? "before" : "by";
}

const PERIOD_TOKEN = String.raw`(?:(?:hàng|hằng)\s+)?(?:tuần|quý|(?:0?6|sáu)\s+tháng|tháng(?!\s*\d)|(?:một\s+)?năm(?!\s*\d))`;
const PERIOD_LIST = String.raw`${PERIOD_TOKEN}(?:\s*(?:,|và)\s*${PERIOD_TOKEN})*`;
const MONTHS_CLAUSE = String.raw`(?:\s*\(\s*trong\s+(?:các\s+)?tháng\s+\d{1,2}(?:\s*(?:,|và)\s*(?:tháng\s+)?\d{1,2})*\s*\))?`;
const EVERY_ONE = String.raw`(?:hàng|hằng)\s+(?:tuần|quý|tháng(?!\s*\d)|năm(?!\s*\d))`;
const RECURRING = new RegExp(
  String.raw`(?:(?:định kỳ|theo)\s+${PERIOD_LIST}|${EVERY_ONE}(?:\s*(?:,|và)\s*${EVERY_ONE})*)${MONTHS_CLAUSE}`,
  "giu",
);

function periodKinds(list: string): PeriodKind[] {
  const kinds: PeriodKind[] = [];
  for (const m of list.matchAll(new RegExp(PERIOD_TOKEN, "giu"))) {
    const t = m[0].toLowerCase();
    const kind: PeriodKind = /tuần/.test(t)
      ? "week"
      : /quý/.test(t)
        ? "quarter"
        : /(6|sáu)\s+tháng/.test(t)
          ? "half-year"
          : /tháng/.test(t)
            ? "month"
            : "year";
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return kinds;
}

const RELATIVE =
  /(?:sau|trong(?:\s+vòng)?)\s+(\d{1,3}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+(ngày|tuần|tháng)(?:\s+làm việc)?\s*,?\s+(?:kể\s+từ\s+(?:khi\s+|ngày\s+)?|khi\s+|sau\s+khi\s+|từ\s+khi\s+|từ\s+ngày\s+)([^.;,()\n]+)/giu;

const EVERY = "(?:hàng|hằng)";
const DAY_MONTHLY = new RegExp(String.raw`(?:(?:định kỳ\s+)?trước\s+)?(?:ngày\s+)?(\d{1,2})\s+${EVERY}\s+tháng`, "giu");
const DAY_YEARLY = new RegExp(
  String.raw`(?:(?:định kỳ\s+)?trước\s+)?ngày\s+(\d{1,2})\s*(?:tháng\s+|\/)(\d{1,2})\s+${EVERY}\s+năm`,
  "giu",
);
const YEARLY_BY = new RegExp(
  String.raw`(?:định kỳ\s+)?${EVERY}\s+năm\s*\(\s*(?:trước|chậm nhất)\s+ngày\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*\)`,
  "giu",
);
const EVERY_N_YEARS = /(?:định kỳ\s+)?(?:hai|2|02|ba|3|03)\s+năm\s+(?:một|1)\s+lần/giu;

/**
 * Recurrences on a day of the month: "trước ngày 25 hằng tháng", "trước ngày 30 tháng 6 hằng năm", "định kỳ hàng năm
 * (trước ngày 10/12)", and "định kỳ hai năm một lần".
 */
function findDayRecurrences(text: string): FoundPhrase[] {
  const out: FoundPhrase[] = [];
  const push = (m: RegExpExecArray, spec: DateSpec) => {
    const index = m.index;
    const end = index + m[0].length;
    if (!out.some((f) => index < f.end && end > f.index)) out.push({ index, end, text: m[0], spec });
  };
  const day = (d: string | undefined) => {
    const n = Number(d);
    return n >= 1 && n <= 31 ? n : undefined;
  };
  const month = (mo: string | undefined) => {
    const n = Number(mo);
    return n >= 1 && n <= 12 ? n : undefined;
  };
  for (const m of text.matchAll(DAY_YEARLY)) {
    const [d, mo] = [day(m[1]), month(m[2])];
    if (d && mo)
      push(m, { precision: "recurring", every: ["year"], months: [mo], dayOfMonth: d, bound: dayBound(m[0]) });
  }
  for (const m of text.matchAll(YEARLY_BY)) {
    const [d, mo] = [day(m[1]), month(m[2])];
    if (d && mo)
      push(m, { precision: "recurring", every: ["year"], months: [mo], dayOfMonth: d, bound: dayBound(m[0]) });
  }
  for (const m of text.matchAll(DAY_MONTHLY)) {
    const d = day(m[1]);
    if (d) push(m, { precision: "recurring", every: ["month"], dayOfMonth: d, bound: dayBound(m[0]) });
  }
  for (const m of text.matchAll(EVERY_N_YEARS)) push(m, { precision: "recurring", every: ["year"] });
  return out;
}

/** "trong 15 ngày kể từ …", "sau 2 tuần …": a deadline counted from another date. */
function findRelatives(text: string): FoundPhrase[] {
  const out: FoundPhrase[] = [];
  for (const m of text.matchAll(RELATIVE)) {
    const [whole, count = "", unitWord = "", anchorText = ""] = m;
    const n = toNumber(count);
    if (n === undefined) continue;
    const unit = unitWord.toLowerCase();
    const offsetDays = unit === "tuần" ? n * 7 : unit === "tháng" ? n * 30 : n;
    out.push({
      index: m.index,
      end: m.index + whole.trimEnd().length,
      text: whole.trim(),
      spec: { precision: "relative", offsetDays, anchor: anchorText.trim() },
    });
  }
  return out;
}

/** "hàng tháng", "hằng quý (tháng 3, 6, 9, 12)": a report that comes back, with the months it is limited to. */
function findRecurrings(text: string): FoundPhrase[] {
  const out: FoundPhrase[] = [];
  for (const m of text.matchAll(RECURRING)) {
    const every = periodKinds(m[0].replace(/\(.*\)/s, ""));
    if (!every.length) continue;
    const inBrackets = /\((.*)\)/s.exec(m[0])?.[1];
    const months =
      inBrackets === undefined
        ? undefined
        : [...inBrackets.matchAll(/\d{1,2}/g)].map((x) => Number(x[0])).filter((x) => x >= 1 && x <= 12);
    const spec: DateSpec = months?.length
      ? { precision: "recurring", every, months }
      : { precision: "recurring", every };
    out.push({ index: m.index, end: m.index + m[0].length, text: m[0], spec });
  }
  return out;
}

/**
 * A date with the bound words before it ("trước 17h00 ngày …"), except after a validity ("thời hạn / có hiệu lực đến
 * hết ngày 30/6/2026" is how long something is valid, not a deadline).
 */
function withBound(text: string, core: { index: number; end: number; spec: DateSpec }): FoundPhrase {
  const before = BOUND_BEFORE.exec(text.slice(Math.max(0, core.index - 60), core.index));
  const plain = { index: core.index, end: core.end, text: text.slice(core.index, core.end), spec: core.spec };
  if (!before) return plain;
  const validity = /(?:thời hạn|hiệu lực|giá trị)(?:\s+\p{L}+){0,3}\s*:?\s*$/iu;
  if (validity.test(text.slice(Math.max(0, core.index - before[0].length - 40), core.index - before[0].length)))
    return plain;
  if (core.spec.precision === "relative" || core.spec.precision === "recurring") return plain;
  const index = core.index - before[0].length;
  let spec = { ...core.spec, bound: boundOf(before[2] ?? "") } as DateSpec;
  if (before[3] && spec.precision === "day") spec = { ...spec, time: `${pad(Number(before[3]))}:${before[4] ?? "00"}` };
  return { index, end: core.end, text: text.slice(index, core.end), spec };
}

/** Every date phrase in a text, in order of appearance, with its bound words included. */
export function findDatePhrases(input: string): FoundPhrase[] {
  const text = typeof input === "string" ? input.normalize("NFC") : "";
  if (!text) return [];
  const found: FoundPhrase[] = findRelatives(text);
  const taken = (p: { index: number; end: number }) => found.some((f) => p.index < f.end && p.end > f.index);
  for (const r of findDayRecurrences(text)) if (!taken(r)) found.push(r);
  for (const r of findRecurrings(text)) if (!taken(r)) found.push(r);
  for (const core of findCores(text)) if (!taken(core)) found.push(withBound(text, core));
  return found.sort((a, b) => a.index - b.index);
}

/**
 * Reads one phrase typed on its own ("đầu tháng 6/2025", "trước 17h00 ngày 05/7/2025", "hàng quý").
 * Returns undefined when the text holds no date, or more than the phrase (two dates).
 */
export function readDatePhrase(input: string): FoundPhrase | undefined {
  const text = typeof input === "string" ? input.normalize("NFC").trim() : "";
  if (!text || text.length > 300) return undefined;
  const found = findDatePhrases(text);
  if (found.length !== 1) return undefined;
  return found[0];
}

/** True when a phrase sets a deadline by itself (a bound, or a month part), not merely mentions a date. */
export function isDeadlineLike(p: FoundPhrase): boolean {
  const s = p.spec;
  if (s.precision === "relative" || s.precision === "recurring") return true;
  if ("bound" in s && s.bound) return true;
  return s.precision === "early-month" || s.precision === "mid-month" || s.precision === "end-month";
}
