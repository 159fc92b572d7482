/**
 * Which database the benchmarks run on: SQLite files (the default) or PostgreSQL with BENCH_DATABASE=postgresql or
 * `npm run bench -- --postgresql`. On PostgreSQL each benchmark gets a schema of its own on the server the tests use
 * (test/helpers/postgres.ts), dropped afterwards; with no server answering, the benchmark says it was skipped and why.
 */
import { findPostgres, freshSchema } from "../test/helpers/postgres.js";

export const BENCH_ENGINE: "sqlite" | "postgresql" =
  process.env.BENCH_DATABASE === "postgresql" || process.argv.includes("--postgresql") ? "postgresql" : "sqlite";

/** A fresh schema for benchmark `name` (url, `drop()`), or undefined after printing why it is skipped. */
export async function benchSchema(name: string): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const found = await findPostgres();
  if (!("url" in found)) {
    console.log(`${name}: SKIPPED on PostgreSQL: no server answers (${found.reason})`);
    return undefined;
  }
  return freshSchema(found.url);
}
