import { z } from "zod";

export const PRECISIONS = [
  "day",
  "early-month",
  "mid-month",
  "end-month",
  "month",
  "quarter",
  "half-year",
  "year",
  "relative",
  "recurring",
] as const;
export type Precision = (typeof PRECISIONS)[number];

export const PERIOD_KINDS = ["week", "month", "quarter", "half-year", "year"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** "before": trước ngày X (strictly before X); "by": chậm nhất / hạn chót / hết ngày X (X included). */
export type Bound = "before" | "by";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const isoMonth = z.string().regex(/^\d{4}-\d{2}$/);

export const dateSpecSchema = z.discriminatedUnion("precision", [
  z.object({
    precision: z.literal("day"),
    date: isoDay,
    bound: z.enum(["before", "by"]).optional(),
    time: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .optional(),
  }),
  z.object({
    precision: z.enum(["early-month", "mid-month", "end-month", "month"]),
    month: isoMonth,
    bound: z.enum(["before", "by"]).optional(),
  }),
  z.object({
    precision: z.literal("quarter"),
    year: z.number().int(),
    quarter: z.number().int().min(1).max(4),
    bound: z.enum(["before", "by"]).optional(),
  }),
  z.object({
    precision: z.literal("half-year"),
    year: z.number().int(),
    half: z.union([z.literal(1), z.literal(2)]),
    bound: z.enum(["before", "by"]).optional(),
  }),
  z.object({ precision: z.literal("year"), year: z.number().int(), bound: z.enum(["before", "by"]).optional() }),
  z.object({ precision: z.literal("relative"), offsetDays: z.number().int(), anchor: z.string() }),
  z.object({
    precision: z.literal("recurring"),
    every: z.array(z.enum(PERIOD_KINDS)).min(1),
    months: z.array(z.number().int().min(1).max(12)).optional(),
    /** "trước ngày 25 hằng tháng", "trước ngày 30 tháng 6 hằng năm": the day of the month it falls due */
    dayOfMonth: z.number().int().min(1).max(31).optional(),
    /** "trước ngày 25": due the day before (the 24th); "chậm nhất ngày 25", "ngày 25": due on the 25th */
    bound: z.enum(["before", "by"]).optional(),
    /** A series from a plan: its first day (the plan's date of issue) and last day (the end of the plan's year). */
    from: isoDay.optional(),
    until: isoDay.optional(),
  }),
]);
export type DateSpec = z.infer<typeof dateSpecSchema>;

/** A date phrase found in text: where it is, what it says, and the words as written. */
export interface FoundPhrase {
  index: number;
  end: number;
  text: string;
  spec: DateSpec;
}

/** How precisions become concrete moments (settings DUE_TIME, EARLY_MONTH_DAY, MID_MONTH_DAY, TIMEZONE). */
export interface DueSettings {
  dueTime: string;
  earlyMonthDay: number;
  midMonthDay: number;
  timezone: string;
}

export const DEFAULT_DUE_SETTINGS: DueSettings = {
  dueTime: "23:59",
  earlyMonthDay: 5,
  midMonthDay: 15,
  timezone: "Asia/Ho_Chi_Minh",
};
