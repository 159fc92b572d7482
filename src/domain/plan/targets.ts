/** Targets (chỉ tiêu) of a plan: "ít nhất 500 đoàn viên", "Trên 80% …", "70 đoàn viên … trở lên". */
import type { CleanLine } from "./clean.js";
import type { PlanTarget } from "./types.js";

const UNITS = [
  "công đoàn cơ sở",
  "đoàn viên",
  "người lao động",
  "CĐCS",
  "CNVCLĐ",
  "doanh nghiệp",
  "cán bộ",
  "hội nghị",
  "lớp",
  "người",
  "đơn vị",
  "mô hình",
];
const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;

type Value = { value: number; unit: string; comparator?: "at-least" | "more-than" | "at-most" | "less-than" };

export function extractTargets(lines: CleanLine[]): PlanTarget[] {
  const targets: PlanTarget[] = [];
  let inTargets = false;
  for (const line of lines) {
    const roman = /^([IVX]{1,4})\.\s+(.+)$/u.exec(line.text);
    if (roman && !line.bullet) {
      inTargets = /CHỈ TIÊU/u.test(roman[2]!);
      continue;
    }
    if (!inTargets) continue;
    const text = line.text.replace(/^\d+\.\s+/u, "").trim();
    const values = readValues(text);
    const [only, ...others] = values;
    if (!only) continue;
    targets.push(others.length ? { text, values } : { text, ...only });
  }
  return targets;
}

function readValues(text: string): Value[] {
  const out: Value[] = [];
  const re = new RegExp(
    String.raw`(?:(ít nhất|tối thiểu|trên|hơn|tối đa|dưới)\s+)?${NUMBER}\s*(%|[\p{L}]+(?:\s+[\p{L}]+){0,3})?`,
    "giu",
  );
  for (const m of text.matchAll(re)) {
    const value = Number((m[2] ?? "").replace(",", "."));
    if (!Number.isFinite(value)) continue;
    const after = m[3] ?? "";
    const unit = after === "%" ? "%" : UNITS.find((u) => after.startsWith(u));
    if (!unit) continue;
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const comparator = comparatorOf((m[1] ?? "").toLowerCase(), rest);
    out.push(comparator ? { value, unit, comparator } : { value, unit });
  }
  return out;
}

/** "ít nhất 90%", "trên 50", "tối đa 3", "dưới 5", or "… 90% trở lên" just after the number. */
function comparatorOf(word: string, rest: string): Value["comparator"] {
  if (word === "ít nhất" || word === "tối thiểu" || /^[^,.;]*trở lên/u.test(rest)) return "at-least";
  if (word === "trên" || word === "hơn") return "more-than";
  if (word === "tối đa") return "at-most";
  if (word === "dưới") return "less-than";
  return undefined;
}
