/** npm run bench [-- throughput|tally|figures|broadcast]: runs the benchmarks and prints each ratio against its baseline. */
import { benchBroadcast } from "./broadcast.js";
import { benchFigures } from "./figures.js";
import { benchTally } from "./tally.js";
import { benchThroughput } from "./throughput.js";

const all: Record<string, () => Promise<void>> = {
  throughput: benchThroughput,
  tally: benchTally,
  figures: benchFigures,
  broadcast: benchBroadcast,
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
