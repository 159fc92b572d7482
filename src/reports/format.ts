/** Number and percentage formatting per language (Vietnamese: 1.234 and 7,5%). */
import type { Language } from "../i18n.js";

/** A report's words in the reader's language: a locale key and its arguments (the bot's ctx.t, the web view's t). */
export type T = (key: string, args?: Record<string, string | number>) => string;

export function num(n: number, lang: Language): string {
  return new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB").format(n);
}

export function pct(value: number | undefined, lang: Language): string {
  if (value === undefined) return "—";
  const format = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", {
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
  });
  return `${format.format(value)}%`;
}
