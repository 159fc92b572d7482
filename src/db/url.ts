import path from "node:path";

/** The embedded default: an SQLite file under ./data of the working directory. */
export function defaultDatabaseUrl(cwd: string): string {
  return `file:${path.join(cwd, "data", "union-bot.db")}`;
}

/** The file path of a `file:` SQLite URL, resolved against cwd. */
export function sqliteFilePath(url: string, cwd = process.cwd()): string {
  if (!url.startsWith("file:")) throw new Error(`Only SQLite "file:" URLs are supported, got "${url.split(":")[0]}:"`);
  const raw = url.slice("file:".length).split("?")[0] ?? "";
  return path.isAbsolute(raw) ? raw : path.resolve(cwd, raw);
}

/** Which engine a DATABASE_URL selects: `postgresql://` or `postgres://` is PostgreSQL, anything else SQLite. */
export function databaseEngine(url: string): "sqlite" | "postgresql" {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/**
 * A PostgreSQL URL split into what `pg` understands, the schema Prisma's `?schema=` names (default public; `pg` would
 * ignore the parameter, so the project sets the search path itself) and the pool size Prisma's `connection_limit=`
 * names (default 10 for the main pool; the hot path's and the outbox's pools take fewer).
 */
export function postgresConnection(url: string): { connectionString: string; schema: string; poolSize?: number } {
  if (databaseEngine(url) !== "postgresql") throw new Error(`Not a PostgreSQL URL: "${url.split(":")[0]}:"`);
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? "public";
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid PostgreSQL schema name "${schema}"`);
  u.searchParams.delete("schema");
  const limit = u.searchParams.get("connection_limit");
  u.searchParams.delete("connection_limit");
  const poolSize = limit === null ? undefined : Number(limit);
  if (poolSize !== undefined && !(Number.isInteger(poolSize) && poolSize >= 1 && poolSize <= 1000))
    throw new Error(`Invalid connection_limit "${limit}": expected a whole number from 1 to 1000`);
  return { connectionString: u.toString(), schema, ...(poolSize ? { poolSize } : {}) };
}
