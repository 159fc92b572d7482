/**
 * Measures the plan reader on a corpus of real documents: each `<id>.txt` (and `<id>.docx` / `<id>.pdf` when present)
 * beside a hand-checked `<id>.expected.json`. Scores are counts of right answers over counts of questions, per field
 * group, so `npm run eval:plans` and the corpus test report the same figures.
 */
import fs from "node:fs";
import path from "node:path";
import { type PlanHeader, readHeader } from "../domain/plan/parse.js";
import type { Plan } from "../domain/plan/types.js";
import { PlanFileError, parsePlanText, readPlanFileText } from "./plan-files.js";

export interface ExpectedDoc {
  number: string | null;
  documentType: string;
  place: string | null;
  issuedOn: string | null;
  title: string | null;
  issuingBody?: string | null;
  signer?: { name: string; title: string; onBehalfOf: string | null } | null;
  recipients?: string[];
  deadlines?: { text: string; due: string; precision: string; what?: string }[];
  recurring?: { text: string; every: string[]; months?: number[]; dayOfMonth?: number; what?: string }[];
  /** the days things take place: shown apart from deadlines, never reminded of */
  events?: { text: string; date: string; what?: string }[];
  /** a form's deadlines with a blank day or month: `due` is "2026-??-07" */
  blankDeadlines?: { text: string; due: string; what?: string }[];
  kind?: "full" | "header-excerpt";
}

/** right / asked for one group of questions. */
export interface Score {
  right: number;
  asked: number;
}

export interface DocResult {
  id: string;
  format: "txt" | "docx" | "pdf";
  error?: string;
  header: Score;
  headerMisses: string[];
  /** expected deadlines and recurring items found with the right due day or recurrence */
  deadlines: Score;
  /** deadlines and recurring items the reader gave that match nothing expected */
  invented: Score;
  /** expected events the reader gave as events on the right day */
  events: Score;
  recipients: Score;
  signer: Score;
  misses: string[];
}

export interface CorpusResult {
  docs: DocResult[];
  header: Score;
  deadlines: Score;
  invented: Score;
  events: Score;
  recipients: Score;
  signer: Score;
}

export const HEADER_FIELDS = ["number", "documentType", "place", "issuedOn", "title", "issuingBody"] as const;

const collapse = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();
/** Case, spacing, and the old and new places of a tone mark ("uỷ" / "ủy", "hoà" / "hòa") do not matter. */
const fold = (s: string) =>
  collapse(s)
    .toLowerCase()
    .replace(/uỷ/g, "ủy")
    .replace(/uý/g, "úy")
    .replace(/oà/g, "òa")
    .replace(/oá/g, "óa")
    .replace(/oả/g, "ỏa")
    .replace(/[.;,:]+$/u, "")
    .replace(/\s*([()/])\s*/gu, "$1")
    .trim();

/** Same text, ignoring case, spacing and a trailing stop; for the issuing body also the last line of a block. */
function sameText(want: string | null | undefined, got: string | null | undefined, field?: string): boolean {
  if (want === null || want === undefined) return got === null || got === undefined;
  if (got === null || got === undefined) return false;
  const [w, g] = [fold(want), fold(got)];
  if (w === g) return true;
  // "TỈNH LÀO CAI" is the lowest line of "ỦY BAN NHÂN DÂN / TỈNH LÀO CAI": either form names the same body.
  return field === "issuingBody" && (g.endsWith(` ${w}`) || w.endsWith(` ${g}`));
}

function scoreHeader(want: ExpectedDoc, got: PlanHeader | undefined): { score: Score; misses: string[] } {
  const misses: string[] = [];
  let right = 0;
  for (const f of HEADER_FIELDS) {
    if (f === "issuingBody" && want.issuingBody === undefined) continue;
    const ok = got ? sameText(want[f] as string | null, got[f] as string | null, f) : false;
    if (ok) right++;
    else misses.push(`${f}: want ${JSON.stringify(want[f])} got ${JSON.stringify(got?.[f])}`);
  }
  return { score: { right, asked: HEADER_FIELDS.length - (want.issuingBody === undefined ? 1 : 0) }, misses };
}

const recurrenceKey = (r: { every: string[]; months?: number[] }) =>
  `${[...r.every].sort().join("+")}${r.months?.length ? `@${[...r.months].sort((a, b) => a - b).join(",")}` : ""}`;

/** Multiset matching of keys: how many wanted keys the reader gave, and how many it gave that nobody wanted. */
function matchKeys(
  want: string[],
  got: string[],
): { found: number; extra: number; missing: string[]; extras: string[] } {
  const pool = [...got];
  const missing: string[] = [];
  let found = 0;
  for (const w of want) {
    const at = pool.indexOf(w);
    if (at >= 0) {
      pool.splice(at, 1);
      found++;
    } else missing.push(w);
  }
  const extras = pool.filter((k) => !want.includes(k));
  return { found, extra: extras.length, missing, extras };
}

const part = (n: number | null) => (n === null ? "??" : String(n).padStart(2, "0"));

/**
 * Deadlines, recurring reports and a form's blank deadlines are one list of keys: found ones count towards recall,
 * the reader's keys that match nothing expected are invented. Events are scored apart: an event read as a deadline is
 * invented, a deadline read as an event is missed.
 */
function scoreSchedule(want: ExpectedDoc, got: Plan | undefined) {
  const wantKeys = [
    ...(want.deadlines ?? []).map((d) => `${d.precision} ${d.due}`),
    ...(want.recurring ?? []).map((r) => `every ${recurrenceKey(r)}`),
    ...(want.blankDeadlines ?? []).map((b) => `blank ${b.due}`),
  ];
  const gotKeys = got
    ? [
        ...got.deadlines.map((d) => `${d.precision} ${d.due}`),
        ...got.recurring.map((r) => `every ${recurrenceKey(r)}`),
        ...got.blankDeadlines.map((b) => `blank ${b.year}-${part(b.month)}-${part(b.day)}`),
      ]
    : [];
  const m = matchKeys(wantKeys, gotKeys);
  const events = matchKeys(
    (want.events ?? []).map((e) => e.date),
    (got?.events ?? []).map((e) => e.date),
  );
  return {
    deadlines: { right: m.found, asked: wantKeys.length },
    invented: { right: m.extra, asked: gotKeys.length },
    events: { right: events.found, asked: (want.events ?? []).length },
    misses: [
      ...m.missing.map((k) => `deadline not found: ${k}`),
      ...m.extras.map((k) => `deadline invented: ${k}`),
      ...events.missing.map((k) => `event not found: ${k}`),
      ...events.extras.map((k) => `event not labelled: ${k}`),
    ],
  };
}

function scoreRecipients(want: ExpectedDoc, got: Plan | undefined): { score: Score; misses: string[] } {
  const w = (want.recipients ?? []).map(fold);
  const g = (got?.recipients ?? []).map(fold);
  const m = matchKeys(w, g);
  // A recipient the reader made up costs as much as one it missed.
  return {
    score: { right: m.found, asked: Math.max(w.length, m.found + m.extra) },
    misses: [...m.missing.map((x) => `recipient missing: ${x}`), ...(m.extra ? [`recipients extra: ${m.extra}`] : [])],
  };
}

function scoreSigner(want: ExpectedDoc, got: Plan | undefined): { score: Score; misses: string[] } {
  if (want.signer === undefined) return { score: { right: 0, asked: 0 }, misses: [] };
  if (want.signer === null) {
    const ok = !got?.signer;
    return { score: { right: ok ? 1 : 0, asked: 1 }, misses: ok ? [] : ["signer: want none"] };
  }
  const misses: string[] = [];
  let right = 0;
  for (const f of ["name", "title", "onBehalfOf"] as const) {
    if (sameText(want.signer[f], got?.signer?.[f])) right++;
    else misses.push(`signer.${f}: want ${JSON.stringify(want.signer[f])} got ${JSON.stringify(got?.signer?.[f])}`);
  }
  return { score: { right, asked: 3 }, misses };
}

/**
 * Scores one reading. A document the reader refused as a plan (`got` undefined, `error` set) still has its header
 * scored from what `readHeader` gave (`head`): the fields it read count, the others are misses.
 */
export function scoreDoc(
  id: string,
  format: DocResult["format"],
  want: ExpectedDoc,
  got?: Plan,
  error?: string,
  head: PlanHeader | undefined = got,
) {
  const header = scoreHeader(want, head);
  const full = want.kind !== "header-excerpt";
  const schedule = full ? scoreSchedule(want, got) : undefined;
  const recipients = full ? scoreRecipients(want, got) : undefined;
  const signer = full ? scoreSigner(want, got) : undefined;
  const none = { right: 0, asked: 0 };
  const result: DocResult = {
    id,
    format,
    ...(error ? { error } : {}),
    header: header.score,
    headerMisses: header.misses,
    deadlines: schedule?.deadlines ?? none,
    invented: schedule?.invented ?? none,
    events: schedule?.events ?? none,
    recipients: recipients?.score ?? none,
    signer: signer?.score ?? none,
    misses: [...(schedule?.misses ?? []), ...(recipients?.misses ?? []), ...(signer?.misses ?? [])],
  };
  return result;
}

const add = (a: Score, b: Score): Score => ({ right: a.right + b.right, asked: a.asked + b.asked });

/** Reads every document of the corpus in every format it has and scores it. */
export async function evaluateCorpus(dir: string): Promise<CorpusResult> {
  const ids = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".expected.json"))
    .map((f) => f.replace(/\.expected\.json$/, ""))
    .sort();
  const docs: DocResult[] = [];
  for (const id of ids) {
    const want = JSON.parse(fs.readFileSync(path.join(dir, `${id}.expected.json`), "utf8")) as ExpectedDoc;
    for (const format of ["txt", "docx", "pdf"] as const) {
      const file = path.join(dir, `${id}.${format}`);
      if (!fs.existsSync(file)) continue;
      let text: string | undefined;
      try {
        text = await readPlanFileText(fs.readFileSync(file), file);
        docs.push(scoreDoc(id, format, want, parsePlanText(text, file)));
      } catch (err) {
        if (!(err instanceof PlanFileError)) throw err;
        docs.push(
          scoreDoc(id, format, want, undefined, err.message, text === undefined ? undefined : readHeader(text)),
        );
      }
    }
  }
  const none = { right: 0, asked: 0 };
  return {
    docs,
    header: docs.map((d) => d.header).reduce(add, none),
    deadlines: docs.map((d) => d.deadlines).reduce(add, none),
    invented: docs.map((d) => d.invented).reduce(add, none),
    events: docs.map((d) => d.events).reduce(add, none),
    recipients: docs.map((d) => d.recipients).reduce(add, none),
    signer: docs.map((d) => d.signer).reduce(add, none),
  };
}

export function ratio(s: Score): number {
  return s.asked ? s.right / s.asked : 1;
}
