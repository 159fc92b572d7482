import { z } from "zod";
import { PERIOD_KINDS } from "../dates/types.js";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const deadlineSchema = z.object({
  text: z.string().min(1),
  /** yyyy-mm-dd for a day, yyyy-mm for a month part, yyyy-Qn / yyyy-Hn / yyyy for quarters, halves and years */
  due: z.string(),
  precision: z.enum(["day", "early-month", "mid-month", "end-month", "month", "quarter", "half-year", "year"]),
  bound: z.enum(["before", "by"]).optional(),
  time: z.string().optional(),
  what: z.string(),
});

export const periodSchema = z.object({ text: z.string(), month: z.string().regex(/^\d{4}-\d{2}$/), what: z.string() });
export const recurringSchema = z.object({
  text: z.string(),
  every: z.array(z.enum(PERIOD_KINDS)).min(1),
  months: z.array(z.number().int()).optional(),
  dayOfMonth: z.number().int().optional(),
  what: z.string(),
  /** Added by staff in the announcement preview: a report owed, whatever its words say. */
  byHand: z.boolean().optional(),
});
/** The day something takes place (a meeting, a check, an announcement): shown to staff, never reminded of. */
export const eventSchema = z.object({
  text: z.string(),
  date: isoDay,
  time: z.string().optional(),
  what: z.string(),
});
/**
 * A deadline a form left a blank in ("trước ngày 07/……./2026"): its day or month is unknown until staff give it.
 * `month`/`day` are null where the blank is.
 */
export const blankDeadlineSchema = z.object({
  text: z.string(),
  year: z.number().int(),
  month: z.number().int().min(1).max(12).nullable(),
  day: z.number().int().min(1).max(31).nullable(),
  bound: z.enum(["before", "by"]).optional(),
  what: z.string(),
});
export const relativeSchema = z.object({
  text: z.string(),
  offsetDays: z.number().int(),
  anchor: z.string(),
  what: z.string(),
});

const targetValue = z.object({
  value: z.number(),
  unit: z.string(),
  comparator: z.enum(["at-least", "more-than", "at-most", "less-than"]).optional(),
});
export const targetSchema = z.union([
  targetValue.extend({ text: z.string() }),
  z.object({ text: z.string(), values: z.array(targetValue).min(2) }),
]);

export const planSchema = z.object({
  number: z.string().nullable(),
  documentType: z.string(),
  place: z.string().nullable(),
  issuedOn: isoDay.nullable(),
  title: z.string().min(1),
  issuingBody: z.string().nullable(),
  references: z.array(z.string()),
  signer: z.object({ name: z.string(), title: z.string(), onBehalfOf: z.string().nullable() }).nullable(),
  recipients: z.array(z.string()),
  sections: z.array(z.string()),
  deadlines: z.array(deadlineSchema),
  periods: z.array(periodSchema),
  recurring: z.array(recurringSchema),
  relative: z.array(relativeSchema),
  // Plans stored before events and blank deadlines were read have neither: both default to none.
  events: z.array(eventSchema).default([]),
  blankDeadlines: z.array(blankDeadlineSchema).default([]),
  targets: z.array(targetSchema),
  consultationItems: z.array(z.string()),
});

export type Plan = z.infer<typeof planSchema>;
export type PlanDeadline = z.infer<typeof deadlineSchema>;
export type PlanTarget = z.infer<typeof targetSchema>;
export type PlanEvent = z.infer<typeof eventSchema>;
export type PlanBlankDeadline = z.infer<typeof blankDeadlineSchema>;

/** A plan deadline's phrase without its label ("Trước Đại hội: đầu tháng 12/2025" → "đầu tháng 12/2025"). */
export function deadlinePhrase(d: Pick<PlanDeadline, "text">): string {
  return d.text.replace(/^[^:]*:\s*/, "");
}
