/**
 * The corrections staff make to a plan in the announcement preview ("Sửa"): its number, date of issue, title, and its
 * deadlines. A deadline is changed ("2: 15/8/2025", "2: hàng tháng"), removed ("bỏ 2") or added, dated or recurring or
 * relative ("thêm: 30/9/2025: Báo cáo quý III", "thêm: hàng quý: Báo cáo số liệu", "thêm: sau 01 tuần khi kết thúc
 * hội nghị: Báo cáo kết quả"), or taken from an event ("sk 1"); a form's blank date is filled in. Pure: a corrected
 * plan, or the locale key of what was not understood.
 */
import { formatIso } from "../domain/dates/due.js";
import { readDatePhrase } from "../domain/dates/phrases.js";
import type { DateSpec } from "../domain/dates/types.js";
import { type PlanReport, planReports } from "../domain/plan/reports.js";
import type { Plan, PlanBlankDeadline, PlanDeadline } from "../domain/plan/types.js";

/** What «Sửa» corrects, in the order its buttons show. */
export const EDITABLE = ["number", "date", "title", "deadlines"] as const;
export type Editable = (typeof EDITABLE)[number];

/** A deadline as one of the plan's three lists holds it. */
type Entry =
  | { list: "deadlines"; value: PlanDeadline }
  | { list: "relative"; value: Plan["relative"][number] }
  | { list: "recurring"; value: Plan["recurring"][number] };

/** A deadline typed by staff: its phrase as typed, read into a dated, recurring or relative entry. */
function entryFrom(phrase: string, what: string): Entry | undefined {
  const spec: DateSpec | undefined = readDatePhrase(phrase)?.spec;
  if (!spec || !what) return undefined;
  const bound = "bound" in spec ? spec.bound : undefined;
  const base = { text: phrase, what, ...(bound ? { bound } : {}) };
  switch (spec.precision) {
    case "day":
      return {
        list: "deadlines",
        value: { ...base, due: spec.date, precision: "day", ...(spec.time ? { time: spec.time } : {}) },
      };
    case "early-month":
    case "mid-month":
    case "end-month":
    case "month":
      return { list: "deadlines", value: { ...base, due: spec.month, precision: spec.precision } };
    case "quarter":
      return { list: "deadlines", value: { ...base, due: `${spec.year}-Q${spec.quarter}`, precision: "quarter" } };
    case "half-year":
      return { list: "deadlines", value: { ...base, due: `${spec.year}-H${spec.half}`, precision: "half-year" } };
    case "year":
      return { list: "deadlines", value: { ...base, due: String(spec.year), precision: "year" } };
    case "recurring":
      // Typed by staff as a report owed, so it is listed whatever its words (the reader's own lines must say "báo cáo").
      return {
        list: "recurring",
        value: {
          text: phrase,
          what,
          every: spec.every,
          ...(spec.months ? { months: spec.months } : {}),
          ...(spec.dayOfMonth ? { dayOfMonth: spec.dayOfMonth } : {}),
          byHand: true,
        },
      };
    case "relative":
      return { list: "relative", value: { text: phrase, what, offsetDays: spec.offsetDays, anchor: spec.anchor } };
  }
}

/** A deadline on a day (or month, quarter…), from its phrase; undefined for a recurring or relative phrase. */
function dated(phrase: string, what: string): PlanDeadline | undefined {
  const e = entryFrom(phrase, what);
  return e?.list === "deadlines" ? e.value : undefined;
}

/** A plan kept in a conversation begun before events were read has none (the state is stored JSON, not re-read). */
export function eventsOf(plan: Plan): Plan["events"] {
  return plan.events ?? [];
}

/**
 * Staff's answer for a deadline with a blank ("trước ngày 07/……./2026"): a whole date ("07/5/2026"), or only the
 * missing month or day ("5"); "bỏ" drops the deadline (null). undefined when the answer is neither.
 */
export function fillBlank(blank: PlanBlankDeadline, answer: string): PlanDeadline | null | undefined {
  const t = answer.trim();
  if (/^(?:bỏ|bo|bỏ qua|xóa|xoá|skip|drop)$/iu.test(t)) return null;
  let date = readDatePhrase(t)?.spec;
  if (date?.precision !== "day" && /^\d{1,2}$/u.test(t) && (blank.day === null) !== (blank.month === null)) {
    const [day, month] = blank.day === null ? [Number(t), blank.month] : [blank.day, Number(t)];
    date = readDatePhrase(`${day}/${month}/${blank.year}`)?.spec;
  }
  if (date?.precision !== "day") return undefined;
  const [y, m, d] = date.date.split("-");
  const bound = blank.bound === "before" ? "trước ngày" : blank.bound === "by" ? "chậm nhất ngày" : "ngày";
  return dated(`${bound} ${d}/${m}/${y}`, blank.what);
}

function withEntry(plan: Plan, e: Entry): Plan {
  if (e.list === "deadlines") return { ...plan, deadlines: [...plan.deadlines, e.value] };
  if (e.list === "relative") return { ...plan, relative: [...plan.relative, e.value] };
  return { ...plan, recurring: [...plan.recurring, e.value] };
}

function without(plan: Plan, source: PlanReport["source"]): Plan {
  const list = plan[source.list] as unknown[];
  return { ...plan, [source.list]: list.filter((_, j) => j !== source.index) };
}

/**
 * "thêm: PHRASE: WHAT": the phrase may hold a colon of its own ("17:00 ngày 30/9/2025"), so the first colon after
 * which the rest still names something and before which a date phrase reads is taken.
 */
function added(text: string): Entry | undefined {
  const m = /^(?:thêm|them|add)\s*:\s*(.+)$/iu.exec(text);
  if (!m) return undefined;
  const rest = m[1] ?? "";
  for (let i = rest.indexOf(":"); i > 0; i = rest.indexOf(":", i + 1)) {
    const phrase = rest.slice(0, i).trim();
    const what = rest.slice(i + 1).trim();
    const entry = what && readDatePhrase(phrase) ? entryFrom(phrase, what) : undefined;
    if (entry) return entry;
  }
  return undefined;
}

/**
 * One correction of the deadlines, numbered as the preview lists them (planReports). A changed deadline keeps its
 * words and takes the new date or schedule, whichever kind it is.
 */
export function editDeadlines(plan: Plan, text: string): Plan | undefined {
  const t = text.trim();
  const reports = planReports(plan);
  const remove = /^(?:bỏ|bo|xóa|xoá|xoa|remove|delete)\s+(\d{1,2})$/iu.exec(t);
  if (remove) {
    const source = reports[Number(remove[1]) - 1]?.source;
    return source ? without(plan, source) : undefined;
  }
  // "sk 2" / "sự kiện 2": the day of event 2 is in fact a deadline (staff know the plan better than the reader).
  const event = /^(?:sk|s|sự kiện|su kien|event)\s*(\d{1,2})$/iu.exec(t);
  if (event) {
    const e = eventsOf(plan)[Number(event[1]) - 1];
    const d = e ? dated(`ngày ${formatIso(e.date)}`, e.what) : undefined;
    if (!d || !e) return undefined;
    return { ...plan, deadlines: [...plan.deadlines, d], events: eventsOf(plan).filter((x) => x !== e) };
  }
  const entry = added(t);
  if (entry) return withEntry(plan, entry);
  const change = /^(\d{1,2})\s*[:.)-]\s*(.+)$/u.exec(t);
  if (change) {
    const source = reports[Number(change[1]) - 1]?.source;
    if (!source) return undefined;
    const old = (plan[source.list] as { what: string }[])[source.index];
    const replacement = old ? entryFrom((change[2] ?? "").trim(), old.what) : undefined;
    if (!replacement) return undefined;
    if (replacement.list === source.list) {
      const list = (plan[source.list] as unknown[]).map((x, j) => (j === source.index ? replacement.value : x));
      return { ...plan, [source.list]: list };
    }
    return withEntry(without(plan, source), replacement);
  }
  return undefined;
}

/** Applies one correction: the plan as corrected, or the locale key saying what the answer should look like. */
export function applyEdit(field: Editable, plan: Plan, text: string): Plan | string {
  const t = text.trim();
  if (field === "number") {
    if (!/^\d{1,5}\s*\/\s*[\p{L}\d.-]+(?:-[\p{L}\d.]+)*$/u.test(t)) return "announce-edit-bad-number";
    return { ...plan, number: t.replace(/\s+/g, "") };
  }
  if (field === "date") {
    const spec = readDatePhrase(t)?.spec;
    if (spec?.precision !== "day") return "announce-edit-bad-date";
    return { ...plan, issuedOn: spec.date };
  }
  if (field === "title") {
    if (t.length < 5 || t.length > 600) return "announce-edit-bad-title";
    return { ...plan, title: t.replace(/\s+/g, " ") };
  }
  return editDeadlines(plan, t) ?? "announce-edit-bad-deadline";
}
