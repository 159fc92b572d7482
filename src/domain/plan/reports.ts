/**
 * The reports a plan asks of the units it is sent to, as deadlines will be created from it (pure). The announcement
 * preview, the message units receive and the deadlines created all read this one list, so staff see every deadline
 * that will be created and no other.
 *
 * Left out: the issuing union's own duties ("Liên đoàn Lao động tỉnh tổng hợp báo cáo Tỉnh ủy …": the province does
 * that itself) and recurring lines that are not reports. Two reports with the same words but different schedules
 * (plan 143's weekly/monthly and half-yearly/yearly "báo cáo số liệu …") are told apart by their schedule.
 */
import { readDatePhrase } from "../dates/phrases.js";
import type { DateSpec } from "../dates/types.js";
import { foldVietnamese } from "../units.js";
import { deadlinePhrase, type Plan } from "./types.js";

export interface PlanReport {
  what: string;
  /** The date phrase as the plan writes it ("đầu tháng 6/2025", "định kỳ hàng quý"). */
  phrase: string;
  spec: DateSpec;
  /** Which list of the plan it comes from and where, so a correction in the preview reaches the right entry. */
  source: { list: "deadlines" | "relative" | "recurring"; index: number };
  /** Its words name its schedule, to tell it from a report with the same words and another schedule. */
  scheduleInWhat?: boolean;
}

/** "Ban Thường vụ Liên đoàn Lao động tỉnh" → "ldld tinh": a union's name folded, with its usual abbreviations. */
function foldedUnion(name: string): string {
  return foldVietnamese(name)
    .replace(/^(?:ban thuong vu|ban chap hanh|doan chu tich|thuong truc)\s+/u, "")
    .replace(/lien doan lao dong/gu, "ldld")
    .replace(/cong doan/gu, "cd")
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * A duty whose subject is the issuing union itself: its words open with the issuer's name ("Liên đoàn Lao động tỉnh
 * tổng hợp báo cáo Tỉnh ủy …", "LĐLĐ tỉnh tổng hợp …"). A union plan without a named issuer is the province's.
 */
export function isIssuersOwnDuty(what: string, issuingBody: string | null): boolean {
  const subject = foldedUnion(what);
  const issuer = issuingBody ? foldedUnion(issuingBody) : "";
  const names = [issuer, "ldld tinh"].filter((n) => n.length >= 4);
  return names.some((n) => subject === n || subject.startsWith(`${n} `));
}

/** "theo tuần, tháng (trong tháng 5 và tháng 7)" → "theo tuần, tháng trong tháng 5 và tháng 7". */
function plainPhrase(phrase: string): string {
  return phrase.replace(/[()]/gu, " ").replace(/\s+/gu, " ").replace(/\s+,/gu, ",").trim();
}

export function planReports(plan: Plan): PlanReport[] {
  const candidates: Omit<PlanReport, "spec">[] = [
    ...plan.deadlines.map((d, index) => ({
      what: d.what,
      phrase: deadlinePhrase(d),
      source: { list: "deadlines" as const, index },
    })),
    ...plan.relative.map((r, index) => ({
      what: r.what,
      phrase: r.text,
      source: { list: "relative" as const, index },
    })),
    ...plan.recurring.flatMap((r, index) =>
      r.byHand || /báo cáo/iu.test(r.what)
        ? [{ what: r.what, phrase: r.text, source: { list: "recurring" as const, index } }]
        : [],
    ),
  ];
  const reports: PlanReport[] = [];
  for (const c of candidates) {
    if (isIssuersOwnDuty(c.what, plan.issuingBody)) continue;
    const spec = readDatePhrase(c.phrase)?.spec;
    if (spec) reports.push({ ...c, spec });
  }
  const count = new Map<string, number>();
  for (const r of reports) count.set(r.what, (count.get(r.what) ?? 0) + 1);
  return reports.map((r) =>
    (count.get(r.what) ?? 0) > 1 && r.spec.precision === "recurring"
      ? { ...r, what: `${r.what} (${plainPhrase(r.phrase)})`, scheduleInWhat: true }
      : r,
  );
}

/**
 * When a plan's recurring report runs: from the plan's date of issue, and until the end of the year the plan is for
 * when it names one ("… năm 2021") or, for a report limited to some months ("trong tháng 5 và tháng 7"), the year of
 * the plan's periods or of its issue. Open-ended otherwise.
 */
export function seriesWindow(plan: Plan, spec: DateSpec): { from?: string; until?: string } {
  if (spec.precision !== "recurring") return {};
  const titled = [...plan.title.matchAll(/năm\s+((?:19|20)\d{2})(?!\s*[-–]\s*\d)/giu)].map((m) => m[1]!);
  const ofPeriods = [...new Set(plan.periods.map((p) => p.month.slice(0, 4)))];
  let year: string | undefined;
  if (titled.length === 1) year = titled[0];
  else if (spec.months?.length) year = ofPeriods.length === 1 ? ofPeriods[0] : plan.issuedOn?.slice(0, 4);
  return {
    ...(plan.issuedOn ? { from: plan.issuedOn } : {}),
    ...(year ? { until: `${year}-12-31` } : {}),
  };
}
