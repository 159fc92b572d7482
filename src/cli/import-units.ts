/** npm run units:import -- FILE [--sync] [--dry-run]: create or update the unit tree from CSV or JSON. */
import fs from "node:fs";
import path from "node:path";
import { loadConfigFromProcess } from "../config.js";
import { openDatabase } from "../db/client.js";
import { formatImportReport, importUnits } from "../services/unit-import.js";
import { runCli } from "./run.js";

await runCli(async () => {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) throw new Error("Usage: npm run units:import -- FILE.csv|FILE.json [--sync] [--dry-run]");
  if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
  const format = path.extname(file).toLowerCase() === ".json" ? "json" : "csv";
  const config = loadConfigFromProcess();
  const db = await openDatabase(config.databaseUrl);
  try {
    const report = await importUnits(db, fs.readFileSync(file, "utf8"), {
      format,
      sync: args.includes("--sync"),
      dryRun: args.includes("--dry-run"),
      actor: "units:import (command line)",
    });
    console.log(`${path.basename(file)}: ${formatImportReport(report)}`);
    return report.ok ? 0 : 1;
  } finally {
    await db.$disconnect();
  }
});
