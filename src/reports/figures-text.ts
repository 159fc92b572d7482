/** /tiendo as text: each indicator's figure against its target, the children's, the trend, and who has not reported. */

import { formatDay } from "../domain/dates/due.js";
import { periodText } from "../domain/dates/periods.js";
import type { Measure } from "../domain/indicators.js";
import { compareCodes } from "../domain/unit-summary.js";
import type { Progress, ProgressUnit } from "../services/progress.js";
import type { T } from "./format.js";

const MAX_CHILDREN = 15;
const MAX_MISSING = 20;
const MAX_TREND = 12;

export function figureText(value: number | null, measure: Measure, t: T): string {
  if (value === null) return "—";
  if (measure === "percent") return t("figures-percent", { value });
  if (measure === "yes-no") return t("figures-share", { value });
  return t("figures-value", { value });
}

function againstTarget(p: ProgressUnit, measure: Measure, t: T): string {
  // A yes/no share is over the units that answered: say how many of those owing did.
  const answered =
    measure === "yes-no" && p.value !== null && p.owing > 1
      ? ` ${t("figures-share-answered", { reported: p.reported, owing: p.owing })}`
      : "";
  const value = figureText(p.value, measure, t) + answered;
  if (p.target === null) return value;
  const target = figureText(p.target, measure, t);
  const pct = p.percent === null ? "" : ` (${t("figures-percent", { value: p.percent })})`;
  const mark = p.met === true ? " ✓" : "";
  return `${value} / ${target}${pct}${mark}`;
}

/**
 * /tiendo as one message of at most `budget` characters: each indicator with its children most behind first (not
 * reported, then the lowest percent of target, then code order), as many children as fit, the rest counted.
 */
export function progressText(p: Progress, t: T, timezone: string, budget = 4096): string {
  for (let max = MAX_CHILDREN; max > 0; max = Math.floor(max / 2)) {
    const text = progressLines(p, t, timezone, max);
    if (text.length <= budget) return text;
  }
  return progressLines(p, t, timezone, 0).slice(0, budget);
}

/** Most behind first: not reported, then the lowest percent of target, then code order. */
export function behindFirst(a: ProgressUnit, b: ProgressUnit): number {
  const rank = (x: ProgressUnit) => (x.value === null ? -1 : (x.percent ?? 100));
  return rank(a) - rank(b) || compareCodes(a.unit.code, b.unit.code);
}

function progressLines(p: Progress, t: T, timezone: string, maxChildren: number): string {
  const lines = [
    t("progress-title", { code: p.deadline.code, what: p.deadline.what, unit: p.root.name, unitCode: p.root.code }),
    t("progress-period", {
      period: periodText(t, p.occurrence.label),
      due: formatDay(p.occurrence.dueAt, timezone),
      reported: p.owing - p.missing.length,
      owing: p.owing,
    }),
  ];
  for (const [i, ind] of p.indicators.entries()) {
    const { indicator } = ind;
    const period =
      indicator.rollup === "sum" && ind.total.period !== null
        ? ` — ${t("progress-this-period", { value: figureText(ind.total.period, indicator.measure, t) })}`
        : "";
    lines.push(
      "",
      `${i + 1}. ${indicator.name} (${t(`figures-measure-${indicator.measure}`)}${indicator.strive ? `, ${t("progress-strive")}` : ""}): ${againstTarget(ind.total, indicator.measure, t)}${period}`,
    );
    const children = [...ind.children].sort(behindFirst);
    for (const c of children.slice(0, maxChildren))
      lines.push(`   • ${c.unit.name} (${c.unit.code}): ${againstTarget(c, indicator.measure, t)}`);
    if (children.length > maxChildren)
      lines.push(`   ${t("progress-more-children", { n: children.length - maxChildren })}`);
    if (ind.trend.length > 1) {
      const trend = ind.trend
        .slice(-MAX_TREND)
        .map((x) => `${formatDay(x.dueAt, timezone).slice(0, 5)}: ${figureText(x.value, indicator.measure, t)}`)
        .join(" · ");
      lines.push(`   ${t("progress-trend", { trend })}`);
    }
  }
  lines.push("");
  if (!p.missing.length) lines.push(t("progress-all-reported"));
  else {
    const names = p.missing.slice(0, MAX_MISSING).map((m) => m.code);
    const more = p.missing.length > MAX_MISSING ? ` ${t("progress-more", { n: p.missing.length - MAX_MISSING })}` : "";
    lines.push(t("progress-missing", { n: p.missing.length, units: names.join(", ") + more }));
  }
  return lines.join("\n");
}
