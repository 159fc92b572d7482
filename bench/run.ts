/**
 * npm run bench [-- NAME…] [--postgresql]: runs the benchmarks (all, or the ones named) and prints each ratio against
 * its baseline. With --postgresql (or BENCH_DATABASE=postgresql) the database benchmarks (tally, scale) run on
 * PostgreSQL and the others, SQLite's, are left out; faults (#35) runs on PostgreSQL only.
 */
import { benchAnswers } from "./answers.js";
import { BENCH_ENGINE } from "./bench-db.js";
import { benchBroadcast } from "./broadcast.js";
import { benchBurst } from "./burst.js";
import { benchExports } from "./exports.js";
import { benchFaults } from "./faults.js";
import { benchFigures } from "./figures.js";
import { benchReminders } from "./reminders.js";
import { benchReplay } from "./replay.js";
import { benchScale } from "./scale.js";
import { benchStartup } from "./startup.js";
import { benchTally } from "./tally.js";
import { benchThroughput } from "./throughput.js";
import { benchWeb } from "./web.js";
import { benchZalo } from "./zalo.js";

const all: Record<string, () => Promise<void>> = {
  throughput: benchThroughput,
  tally: benchTally,
  figures: benchFigures,
  reminders: benchReminders,
  broadcast: benchBroadcast,
  startup: benchStartup,
  zalo: benchZalo,
  scale: benchScale,
  exports: benchExports,
  answers: benchAnswers,
  web: benchWeb,
  faults: benchFaults,
  burst: benchBurst,
  replay: benchReplay,
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
// replay (#25.6) runs by name only: 50 restarts of a real process, some five minutes.
const defaults =
  BENCH_ENGINE === "postgresql"
    ? ["tally", "scale", "faults", "burst"]
    : Object.keys(all).filter((n) => n !== "replay");
for (const name of wanted.length ? wanted : defaults) {
  const bench = all[name];
  if (!bench) {
    console.error(`unknown benchmark ${name}; choose from ${Object.keys(all).join(", ")}`);
    process.exitCode = 2;
    continue;
  }
  await bench();
}
// zca-js keeps a 5-minute timer per file upload it waits for; the benchmarks are over, so nothing is left to wait for.
process.exit();
