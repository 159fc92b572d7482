/** npm run bench [-- NAME…]: runs the benchmarks (all, or the ones named) and prints each ratio against its baseline. */
import { benchBroadcast } from "./broadcast.js";
import { benchFigures } from "./figures.js";
import { benchStartup } from "./startup.js";
import { benchTally } from "./tally.js";
import { benchThroughput } from "./throughput.js";
import { benchZalo } from "./zalo.js";

const all: Record<string, () => Promise<void>> = {
  throughput: benchThroughput,
  tally: benchTally,
  figures: benchFigures,
  broadcast: benchBroadcast,
  startup: benchStartup,
  zalo: benchZalo,
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
for (const name of wanted.length ? wanted : Object.keys(all)) {
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
