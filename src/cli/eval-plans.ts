/**
 * npm run eval:plans [-- DIR] [--verbose]: per-field accuracy of the plan reader over the corpus of real documents
 * (test/fixtures/corpus by default), and whether the five sample plans are still read exactly.
 */
import fs from "node:fs";
import path from "node:path";
import { parsePlan } from "../domain/plan/parse.js";
import { evaluateCorpus, type Score } from "../services/plan-eval.js";
import { runCli } from "./run.js";

const pct = (s: Score, empty = 1) => `${((s.asked ? s.right / s.asked : empty) * 100).toFixed(1)}%`.padStart(6);

function samplesExact(dir: string): { right: number; asked: number; wrong: string[] } {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".txt"));
  const wrong: string[] = [];
  for (const f of files) {
    const want = JSON.parse(fs.readFileSync(path.join(dir, f.replace(/\.txt$/, ".expected.json")), "utf8"));
    const got = parsePlan(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>;
    const norm = (v: unknown) => JSON.stringify(v).replace(/\s+/g, " ");
    const bad = Object.keys(want).filter((k) => k !== "notes" && k !== "targets" && norm(want[k]) !== norm(got[k]));
    if (bad.length) wrong.push(`${f}: ${bad.join(", ")}`);
  }
  return { right: files.length - wrong.length, asked: files.length, wrong };
}

await runCli(async () => {
  const args = process.argv.slice(2);
  const verbose = args.includes("--verbose");
  const dir = args.find((a) => !a.startsWith("--")) ?? path.join("test", "fixtures", "corpus");
  const r = await evaluateCorpus(dir);
  const ids = new Set(r.docs.map((d) => d.id));
  console.log(`Corpus ${dir}: ${ids.size} documents, ${r.docs.length} files (.txt/.docx/.pdf)`);
  console.log(" header deadl. invent. recip. signer");
  for (const d of r.docs) {
    const row = [pct(d.header), pct(d.deadlines), pct(d.invented, 0), pct(d.recipients), pct(d.signer)].join(" ");
    console.log(`  ${row}  ${d.id}.${d.format}${d.error ? `  ERROR ${d.error}` : ""}`);
    if (verbose) for (const m of [...d.headerMisses, ...d.misses]) console.log(`           ${m}`);
  }
  console.log(
    `header fields (number, type, place, date, title, issuer): ${pct(r.header)}  (${r.header.right}/${r.header.asked})`,
  );
  console.log(
    `deadlines found (right due or recurrence): ${pct(r.deadlines)}  (${r.deadlines.right}/${r.deadlines.asked})`,
  );
  console.log(`deadlines invented: ${pct(r.invented, 0)}  (${r.invented.right}/${r.invented.asked})`);
  const precise = { right: r.invented.asked - r.invented.right, asked: r.invented.asked };
  console.log(`deadline precision (given and expected): ${pct(precise)}  (${precise.right}/${precise.asked})`);
  console.log(`events found (on the right day): ${pct(r.events)}  (${r.events.right}/${r.events.asked})`);
  console.log(`recipients: ${pct(r.recipients)}  (${r.recipients.right}/${r.recipients.asked})`);
  console.log(`signer (name, title, on behalf of): ${pct(r.signer)}  (${r.signer.right}/${r.signer.asked})`);
  const samples = samplesExact(path.join("test", "fixtures", "plans"));
  console.log(`sample plans read exactly: ${samples.right}/${samples.asked}`);
  for (const w of samples.wrong) console.log(`  ${w}`);
  return samples.wrong.length ? 1 : 0;
});
