/** Small formatting shared by the pages: shares as "42,5%" (Vietnamese) or "42.5%". */
import type { Language } from "../../i18n.js";

export function percent(part: number, whole: number, lang: Language, given?: number): string {
  if (!whole) return "—";
  const value = given ?? Math.round((part / whole) * 1000) / 10;
  const text = value.toFixed(1);
  return `${lang === "vi" ? text.replace(".", ",") : text}%`;
}

/** Rows a list of units shows on one page (an announcement's or a deadline's); the rest are counted below it. */
export const MAX_ROWS = 500;
