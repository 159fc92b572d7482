/**
 * What a chart of child units draws, whatever the tree's size: at most MAX_BARS bars (the children furthest behind
 * when there are more, with how many were left out), each under a label no other bar has, and numbers in the
 * reader's language as the text writes them (1.000 in Vietnamese). Shared by the tally and the progress charts.
 */
import type { Language } from "../i18n.js";

export const MAX_BARS = 25;
/** Longest unit label drawn; a longer name is cut with "…", never so far that two labels read the same. */
export const MAX_LABEL = 38;

export interface Picked<T> {
  drawn: T[];
  /** Children left out of the picture (0 when every one is drawn). */
  notDrawn: number;
}

/**
 * Every item in its own order when there are at most `max`; else the `max` furthest behind, most behind first
 * (`behind` sorts them: negative when a is further behind than b).
 */
export function pickBars<T>(items: T[], behind: (a: T, b: T) => number, max = MAX_BARS): Picked<T> {
  if (items.length <= max) return { drawn: items, notDrawn: 0 };
  return { drawn: [...items].sort(behind).slice(0, max), notDrawn: items.length - max };
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, Math.max(1, n - 1))}…` : s);

/**
 * One label per unit, all different: the name (cut to `max` characters), and where two would read the same (same
 * name, or same first characters) the unit's code after it, whole. Codes are unique, so the labels are.
 */
export function uniqueLabels(units: { code: string; name: string }[], max = MAX_LABEL): string[] {
  const withCode = new Set<number>();
  for (;;) {
    const labels = units.map((u, i) =>
      withCode.has(i) ? `${cut(u.name, max - u.code.length - 3)} (${u.code})` : cut(u.name, max),
    );
    const seen = new Map<string, number[]>();
    for (const [i, l] of labels.entries()) seen.set(l, [...(seen.get(l) ?? []), i]);
    const clashing = [...seen.values()].filter((ix) => ix.length > 1).flat();
    const plain = clashing.filter((i) => !withCode.has(i));
    if (!plain.length) return labels;
    for (const i of plain) withCode.add(i);
  }
}

/** Vega's number locale for the reader: "1.000" and "7,5" in Vietnamese, "1,000" in English (as src/reports/format). */
export function chartLocale(lang: Language): {
  number: { decimal: string; thousands: string; grouping: number[]; currency: [string, string] };
} {
  return lang === "vi"
    ? { number: { decimal: ",", thousands: ".", grouping: [3], currency: ["", " ₫"] } }
    : { number: { decimal: ".", thousands: ",", grouping: [3], currency: ["£", ""] } };
}

/** Axis numbers grouped by thousands in the locale, whole where whole (d3-format). */
export const AXIS_NUMBER = ",~r";

/** Telegram's limits for a photo: width + height at most 10,000 px, the longer side at most 20 times the shorter. */
export function withinPhotoLimits(width: number, height: number): boolean {
  return width + height <= 10_000 && Math.max(width, height) / Math.min(width, height) <= 20;
}
