/**
 * Proposes indicators and targets from a plan's text (pure). Two sources:
 * - the CHỈ TIÊU section ("CHỈ TIÊU CỤ THỂ", "CHỈ TIÊU CHỦ YẾU"): each figure with a known unit ("02 CĐCS",
 *   "70 đoàn viên", "trên 80%") becomes an indicator with its target and comparator ("ít nhất", "trở lên", "trên",
 *   "100%") and "phấn đấu" marks it as an aim;
 * - "báo cáo số liệu …" sentences: each thing counted ("phát triển đoàn viên, thành lập công đoàn cơ sở") becomes an
 *   indicator without a target.
 * Staff confirm or correct the proposal; nothing here is final. Works on raw text, with conversion debris.
 */
import type { Comparator, IndicatorDef, Measure, Rollup } from "./indicators.js";

export interface ProposedIndicator extends IndicatorDef {
  /** The sentence it was read from. */
  source: string;
  from: "targets" | "report";
}

const UNION_WORDS = [
  "công đoàn cấp trên trực tiếp cơ sở",
  "công đoàn cơ sở",
  "công đoàn",
  "CĐCS",
  "cơ quan",
  "đơn vị",
  "doanh nghiệp",
];
const PEOPLE_WORDS = ["đoàn viên", "người lao động", "CNVCLĐ", "cán bộ", "người", "lao động"];
const COUNT_UNITS: { word: string; measure: Measure }[] = [
  { word: "CĐCS", measure: "unions" },
  { word: "công đoàn cơ sở", measure: "unions" },
  { word: "doanh nghiệp", measure: "unions" },
  { word: "đoàn viên", measure: "people" },
  { word: "người lao động", measure: "people" },
  { word: "CNVCLĐ", measure: "people" },
  { word: "cán bộ", measure: "people" },
  { word: "người", measure: "people" },
];

const FIGURE = new RegExp(
  String.raw`(?:(ít nhất|tối thiểu|trên|hơn)\s+)?(\d+(?:[.,]\d+)?)\s*(%|(?:${COUNT_UNITS.map((u) => u.word).join("|")})(?![\p{L}]))(\s+[^,;.%\d]{0,40}?trở lên)?`,
  "giu",
);

/** Strips conversion debris and list markers from one line. */
function tidy(line: string): string {
  return line
    .replace(/<sup>.*?<\/sup>/g, "")
    .replace(/\*+|#+/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A name from a clause: the figure and the comparator words taken out, cut at 90 characters on a word. */
function nameOf(clause: string, m: RegExpExecArray): string {
  const unit = m[3] === "%" ? "" : m[3]!;
  const rest = (m[4] ?? "").replace(/\s*trở lên$/u, "");
  const name = `${clause.slice(0, m.index)} ${unit}${rest} ${clause.slice(m.index + m[0].length)}`
    .replace(/^\s*(hàng năm|hằng năm)\s*,?\s*/iu, "")
    .replace(/^\s*phấn đấu\s+/iu, "")
    .replace(/[.;:,\s]+$/u, "")
    .replace(/\s+/g, " ")
    .trim();
  if (name.length <= 90) return capitalise(name);
  const cut = name.slice(0, 89);
  return `${capitalise(cut.slice(0, cut.lastIndexOf(" ")))}…`;
}

function percentMeasure(afterFigure: string): { measure: Measure; rollup: Rollup } {
  const head = afterFigure.trim().replace(/^trở lên\s+/u, "");
  const union = UNION_WORDS.find((w) => head.startsWith(w));
  const people = PEOPLE_WORDS.find((w) => head.startsWith(w));
  if (union && (!people || union.length >= people.length)) return { measure: "yes-no", rollup: "share" };
  return { measure: "percent", rollup: "average" };
}

/** Splits a target sentence into clauses, one per figure: at ";" and at ", " / " và " before the next figure. */
function clauses(sentence: string): string[] {
  const out: string[] = [];
  for (const part of sentence.split(/;\s*/u)) {
    const starts = [...part.matchAll(FIGURE)].map((m) => m.index);
    if (starts.length <= 1) {
      out.push(part);
      continue;
    }
    let from = 0;
    for (const at of starts.slice(1)) {
      const before = part.slice(0, at);
      const cut = Math.max(before.lastIndexOf(", "), before.lastIndexOf(" và "));
      if (cut <= from) continue;
      out.push(part.slice(from, cut));
      from = cut + (part.startsWith(", ", cut) ? 2 : 4);
    }
    out.push(part.slice(from));
  }
  return out.map((c) => c.trim()).filter(Boolean);
}

function fromTargetSentence(sentence: string): ProposedIndicator[] {
  const strive = /phấn đấu/iu.test(sentence);
  const out: ProposedIndicator[] = [];
  for (const clause of clauses(sentence)) {
    const m = new RegExp(FIGURE.source, "iu").exec(clause);
    if (!m) continue;
    const value = Number(m[2]!.replace(",", "."));
    const word = (m[1] ?? "").toLowerCase();
    const percent = m[3] === "%";
    let comparator: Comparator = word === "trên" || word === "hơn" ? "more-than" : "at-least";
    if (percent && value === 100) comparator = "all";
    const kind = percent
      ? percentMeasure(clause.slice(m.index + m[0].length - (m[4]?.length ?? 0)))
      : {
          measure: COUNT_UNITS.find((u) => u.word.toLowerCase() === m[3]!.toLowerCase())!.measure,
          rollup: "sum" as Rollup,
        };
    const target = percent || kind.measure !== "yes-no" ? value : null;
    out.push({ name: nameOf(clause, m), ...kind, comparator, target, strive, source: sentence, from: "targets" });
  }
  return out;
}

const REPORT_FIGURES = /báo cáo số liệu\s+(.+?)(?=\s+(?:theo|định kỳ|hàng|hằng|về|trước|chậm nhất|gửi)\s|[(.;:]|$)/iu;

function fromReportSentence(sentence: string): ProposedIndicator[] {
  const m = REPORT_FIGURES.exec(sentence);
  if (!m) return [];
  return m[1]!
    .split(/,\s*|\s+và\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 3)
    .map((what) => {
      const measure: Measure = /công đoàn cơ sở|CĐCS|công đoàn cấp cơ sở|doanh nghiệp/iu.test(what)
        ? "unions"
        : "people";
      return {
        name: capitalise(what),
        measure,
        rollup: "sum" as Rollup,
        comparator: "at-least" as Comparator,
        target: null,
        strive: false,
        source: sentence,
        from: "report" as const,
      };
    });
}

/**
 * Reads a plan's text and proposes its indicators: the CHỈ TIÊU section's figures first, then the things its
 * "báo cáo số liệu" sentences ask for (skipping those already proposed under the same name).
 */
export function proposeIndicators(text: string): ProposedIndicator[] {
  const targets: ProposedIndicator[] = [];
  const reports: ProposedIndicator[] = [];
  let inTargets = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = tidy(raw);
    if (!line) continue;
    const heading = /^([IVX]{1,4})\.\s+(.+)$/u.exec(line);
    if (heading) {
      inTargets = /^CHỈ TIÊU/u.test(heading[2]!.toUpperCase()) && heading[2] === heading[2]!.toUpperCase();
      continue;
    }
    const sentence = line.replace(/^(?:[-+•]\s*|\d+\.\s+|[a-zđ]\)\s+)/u, "");
    if (inTargets) targets.push(...fromTargetSentence(sentence));
    reports.push(...fromReportSentence(sentence));
  }
  const names = new Set(targets.map((t) => t.name.toLowerCase()));
  return [...targets, ...reports.filter((r) => !names.has(r.name.toLowerCase()))];
}

/**
 * The same proposal from a plan the reader already parsed (as stored in the database): its targets' sentences under a
 * CHỈ TIÊU heading, and every reported "what" of its deadlines and recurring reports.
 */
export function proposeFromParsedPlan(plan: {
  targets?: { text: string }[];
  recurring?: { what: string }[];
  deadlines?: { what: string }[];
  periods?: { what: string }[];
}): ProposedIndicator[] {
  const lines = [
    "I. CHỈ TIÊU",
    ...(plan.targets ?? []).map((t) => t.text),
    "II. BÁO CÁO",
    ...[...(plan.recurring ?? []), ...(plan.deadlines ?? []), ...(plan.periods ?? [])].map((r) => r.what),
  ];
  const seen = new Set<string>();
  return proposeIndicators(lines.join("\n")).filter((p) => {
    const key = `${p.from}|${p.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
