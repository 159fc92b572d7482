/**
 * Run as a child process (`node --import tsx read-file-child.ts FILE`): reads one file with the bot's real reader (a
 * targets sheet for .xlsx/.csv, a plan otherwise), then prints one JSON line: what came of it and the process's peak
 * resident memory in MB (the whole process: Node, tsx and the reader).
 */
import fs from "node:fs";
import path from "node:path";
import { readPlanFile } from "../../src/services/plan-files.js";
import { readTargetSheet } from "../../src/services/target-sheet.js";

const file = process.argv[2]!;
const data = fs.readFileSync(file);
const name = path.basename(file);
let outcome: string;
try {
  if (/\.(xlsx|csv)$/i.test(name)) {
    const r = await readTargetSheet({ name, data });
    outcome =
      "problem" in r
        ? `refused ${r.problem.key}${r.problem.args ? ` ${r.problem.args.max}` : ""}`
        : `read ${r.rows.length}`;
  } else {
    await readPlanFile(data, name);
    outcome = "read";
  }
} catch (err) {
  const e = err as Error & { problem?: string; limit?: { limit: string; max: number } };
  outcome = `refused ${e.problem ?? e.name}${e.limit ? ` ${e.limit.limit} ${e.limit.max}` : ""}`;
}
// VmHWM is this process's own peak (getrusage's maxRSS would start from the parent's, which Linux keeps over exec).
const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1];
const peakKb = hwm ? Number(hwm) : process.resourceUsage().maxRSS;
console.log(JSON.stringify({ outcome, peakMb: Math.round(peakKb / 1024) }));
