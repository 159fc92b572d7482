/** Number and percentage formatting per language (Vietnamese: 1.234 and 7,5%). */
import type { Language } from "../i18n.js";

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
