/**
 * Period names in the reader's language. A recurring deadline's occurrences are stored with the label the schedule
 * gives them (src/domain/dates/due.ts: "quý II/2025", "6 tháng đầu năm 2025; năm 2025", "tuần đến 02/05/2025"), which
 * is Vietnamese; `periodText` reads such a label back into its periods and says them with the locale's messages
 * (period-month, period-quarter, period-half, period-year, period-week). Any other label is a plan's own phrase
 * ("trước ngày 05/8/2025"), quoted as written. Pure: the messages come in as a function.
 */

export type PeriodName =
  | { kind: "month"; month: number; year: number }
  | { kind: "quarter"; quarter: number; year: number }
  | { kind: "half-year"; half: 1 | 2; year: number }
  | { kind: "year"; year: number }
  | { kind: "week"; day: string };

const ROMAN = ["I", "II", "III", "IV"];

const PATTERNS: [RegExp, (m: RegExpExecArray) => PeriodName | undefined][] = [
  [/^tháng (\d{1,2})\/(\d{4})$/u, (m) => ({ kind: "month", month: Number(m[1]), year: Number(m[2]) })],
  [
    /^quý (I|II|III|IV)\/(\d{4})$/u,
    (m) => ({ kind: "quarter", quarter: ROMAN.indexOf(m[1] ?? "") + 1, year: Number(m[2]) }),
  ],
  [
    /^6 tháng (đầu|cuối) năm (\d{4})$/u,
    (m) => ({ kind: "half-year", half: m[1] === "đầu" ? 1 : 2, year: Number(m[2]) }),
  ],
  [/^năm (\d{4})$/u, (m) => ({ kind: "year", year: Number(m[1]) })],
  [/^tuần đến (\d{2}\/\d{2}\/\d{4})$/u, (m) => ({ kind: "week", day: m[1] ?? "" })],
];

/** The periods a schedule's label names, or undefined when it is not a schedule's label (a plan's phrase). */
export function readPeriodLabel(label: string): PeriodName[] | undefined {
  const parts = label.split(";").map((p) => p.trim());
  const read: PeriodName[] = [];
  for (const part of parts) {
    const found = PATTERNS.map(([re, make]) => {
      const m = re.exec(part);
      return m ? make(m) : undefined;
    }).find(Boolean);
    if (!found) return undefined;
    read.push(found);
  }
  return read.length ? read : undefined;
}

/**
 * How a period is said. Years and days go to the message as strings, so no locale groups "2025" as "2,025"; the month
 * also goes as a number, for English to choose its name.
 */
export function periodName(t: (key: string, args?: Record<string, string | number>) => string, p: PeriodName): string {
  switch (p.kind) {
    case "month":
      return t("period-month", {
        month: String(p.month).padStart(2, "0"),
        monthNumber: p.month,
        year: String(p.year),
      });
    case "quarter":
      return t("period-quarter", {
        quarter: String(p.quarter),
        roman: ROMAN[p.quarter - 1] ?? "",
        year: String(p.year),
      });
    case "half-year":
      return t("period-half", { half: p.half, year: String(p.year) });
    case "year":
      return t("period-year", { year: String(p.year) });
    case "week":
      return t("period-week", { day: p.day });
  }
}

/** An occurrence's label in the reader's language: a schedule's periods translated, a plan's phrase as written. */
export function periodText(t: (key: string, args?: Record<string, string | number>) => string, label: string): string {
  const read = readPeriodLabel(label);
  return read ? read.map((p) => periodName(t, p)).join("; ") : label;
}
