/**
 * The second half of `npm run build`: copies every file under src/ that tsc does not compile (page templates,
 * stylesheets, client scripts, icons) to the same place under the build's output, where the built JavaScript looks
 * for them beside itself (`import.meta.dirname`). `tsx scripts/copy-assets.ts [outDir]`, outDir default `dist`.
 */
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Copies the non-TypeScript files of src/ (not src/generated) under `outDir`/src; returns their paths from src/. */
export function copyAssets(outDir: string): string[] {
  const from = path.join(ROOT, "src");
  const copied: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== path.join(from, "generated")) walk(full);
      } else if (!entry.name.endsWith(".ts")) {
        const rel = path.relative(from, full);
        const to = path.join(outDir, "src", rel);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(full, to);
        copied.push(rel);
      }
    }
  };
  walk(from);
  return copied.sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const outDir = path.resolve(ROOT, process.argv[2] ?? "dist");
  console.log(
    `copied ${copyAssets(outDir).length} files beside the built JavaScript in ${path.relative(ROOT, outDir)}/src`,
  );
}
