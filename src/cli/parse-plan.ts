/** npm run plan:parse -- FILE: prints the plan read from a .txt/.md/.docx/.pdf file as JSON. */
import fs from "node:fs";
import { readPlanFile } from "../services/plan-files.js";
import { runCli } from "./run.js";

await runCli(async () => {
  const file = process.argv[2];
  if (!file) throw new Error("Usage: npm run plan:parse -- FILE.txt|FILE.docx|FILE.pdf");
  if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
  const { plan } = await readPlanFile(fs.readFileSync(file), file);
  console.log(JSON.stringify(plan, null, 2));
  return 0;
});
