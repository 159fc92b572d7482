import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve("src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated") return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

/** Every import (static, type-only or dynamic) of a file, as written. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/g)].map((m) => m[1]!);
  found.push(...[...text.matchAll(/import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]!));
  return found;
}

function localImports(file: string): string[] {
  return importsOf(file)
    .filter((s) => s.startsWith("."))
    .map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, ".ts")));
}

const files = sourceFiles(SRC);
const rel = (f: string) => path.relative(SRC, f);

describe("the code's layers", () => {
  it("keep platform libraries inside their adapters (and the Zalo login command)", () => {
    const offenders = files.filter((f) => {
      const r = rel(f);
      if (r.startsWith("platforms/telegram/") || r.startsWith("platforms/zalo/") || r === "cli/zalo-login.ts")
        return false;
      return importsOf(f).some((s) => s === "grammy" || s.startsWith("@grammyjs/") || s === "zca-js");
    });
    expect(offenders.map(rel)).toEqual([]);
  });

  it("keep src/domain free of I/O and of the layers above it", () => {
    const offenders = files
      .filter((f) => rel(f).startsWith("domain/"))
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => /^node:(fs|net|http|https|child_process)|^\.\.\/(services|db|bot|platforms)\//.test(s))
          .map((s) => `${rel(f)} → ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it("keep src/bot and src/conversations off the database: they reach it through the services", () => {
    // `ctx.deps.db.…`, `deps.db`, or `db` taken out of the deps (`const { db } = ctx.deps`).
    const direct = /\bdeps\s*\.\s*db\b|\{[^}]*\bdb\b[^}]*\}\s*=\s*(?:\w+\.)?deps\b/;
    const offenders = files
      .filter((f) => rel(f).startsWith("bot/") || rel(f).startsWith("conversations/"))
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .flatMap((line, i) => (direct.test(line) ? [`${rel(f)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it("import each other without cycles", () => {
    const graph = new Map(files.map((f) => [f, localImports(f)]));
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map(rel).join(" → "));
        return;
      }
      state.set(f, "open");
      for (const g of graph.get(f) ?? []) if (graph.has(g)) visit(g, [...trail, f]);
      state.set(f, "done");
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
