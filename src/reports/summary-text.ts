/**
 * The words of a summary by child unit (domain/unit-summary.ts) in the reader's language: the totals, one line per
 * child (name and code, counts, percent), the units furthest behind, how to drill down and where the full list is.
 * Each view names its own keys: `summary-<view>-totals`, `summary-<view>-row`, `summary-<view>-worst-unit`.
 */
import type { SummaryCounts, SummaryItem, SummaryWords } from "../domain/unit-summary.js";
import type { Language } from "../i18n.js";
import { num, pct, type T } from "./format.js";

export interface SummaryView {
  /** Names the keys: summary-<view>-totals, summary-<view>-row, summary-<view>-worst-unit. */
  view: "deadline" | "ack" | "digest";
  title: string;
  /** The command and its arguments before the unit code, for drill-down ("/chuanop H3"). */
  drill: string;
  /** A child's code to show in the drill-down example. */
  example?: string;
  /** A leaf row (a child that is itself the one unit counted) in its own words, e.g. its state. */
  leaf?: (unitId: number) => string | undefined;
  /** Extra lines at the end (where the full list is). */
  hints?: string[];
}

function countArgs(c: SummaryCounts, lang: Language): Record<string, string | number> {
  return {
    done: num(c.done, lang),
    total: num(c.total, lang),
    behind: num(c.behind, lang),
    open: num(c.open, lang),
    percent: pct(c.percent, lang),
    count: c.total,
  };
}

/** The words for one view, ready for renderSummary. */
export function summaryWords(t: T, lang: Language, v: SummaryView): SummaryWords {
  return {
    title: v.title,
    totals: (c) => t(`summary-${v.view}-totals`, countArgs(c, lang)),
    rowsTitle: t("summary-rows-title"),
    row: (r) => {
      const leaf = r.total === 1 ? v.leaf?.(r.unit.id) : undefined;
      if (leaf !== undefined) return `• ${r.unit.code} ${r.unit.name}: ${leaf}`;
      return t(`summary-${v.view}-row`, { name: r.unit.name, code: r.unit.code, ...countArgs(r, lang) });
    },
    more: (n) => t("summary-more", { n: num(n, lang), count: n }),
    worst: (items: SummaryItem[]) =>
      items.length
        ? t(`summary-${v.view}-worst`, {
            units: items
              .map((i) => t(`summary-${v.view}-worst-unit`, { code: i.unit.code, name: i.unit.name, n: i.lag }))
              .join("; "),
          })
        : undefined,
    hints: [...(v.example ? [t("summary-drill", { command: v.drill, example: v.example })] : []), ...(v.hints ?? [])],
  };
}
