/**
 * PostgreSQL for tests: the server of the development and CI machines (127.0.0.1:5432, trust authentication,
 * database `test`), or TEST_POSTGRES_URL. Each test gets its own schema, dropped afterwards. A machine without
 * PostgreSQL skips these tests and says why, once per test file.
 */
import crypto from "node:crypto";
import pg from "pg";

const CANDIDATES = process.env.TEST_POSTGRES_URL
  ? [process.env.TEST_POSTGRES_URL]
  : ["postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test"];

/** The first server URL that answers, or the reason none did. */
export async function findPostgres(): Promise<{ url: string } | { reason: string }> {
  const reasons: string[] = [];
  for (const url of CANDIDATES) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return { url };
    } catch (err) {
      reasons.push(`${url.replace(/\/\/[^@]*@/, "//…@")}: ${(err as Error).message || String(err)}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return { reason: reasons.join("; ") };
}

/** Finds the server, printing why PostgreSQL tests of `what` are skipped when there is none. */
export async function postgresOrSkip(what: string): Promise<string | undefined> {
  const found = await findPostgres();
  if ("url" in found) return found.url;
  console.warn(`PostgreSQL not reachable, SKIPPED ${what} on PostgreSQL (SQLite still tested). ${found.reason}`);
  return undefined;
}

/** A new empty schema on the server; `url` selects it (Prisma's `?schema=`), `drop()` removes it with everything. */
export async function freshSchema(serverUrl: string): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `t_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const u = new URL(serverUrl);
  u.searchParams.set("schema", schema);
  return {
    url: u.toString(),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}
