/**
 * The shape of a migrated database, in engine-neutral terms, so the SQLite and PostgreSQL migrations can be compared:
 * tables, columns (name, nullability, normalised type), primary keys, unique and plain indexes, foreign keys.
 * Prisma's own bookkeeping table is left out.
 */
import Database from "better-sqlite3";
import type pg from "pg";

export interface TableShape {
  columns: Record<string, { type: string; nullable: boolean }>;
  primaryKey: string[];
  /** "unique Name(col1,col2)" or "index Name(col)" */
  indexes: string[];
  /** "col1,col2 -> Table(col1,col2) on delete X" */
  foreignKeys: string[];
}
export type SchemaShape = Record<string, TableShape>;

/** Engine type names to one vocabulary (Prisma's scalar types). */
export function normaliseType(raw: string): string {
  const t = raw
    .toLowerCase()
    .replace(/\(.*\)/, "")
    .trim();
  if (["integer", "int", "int4", "serial"].includes(t)) return "Int";
  if (["bigint", "int8", "bigserial"].includes(t)) return "BigInt";
  if (["text", "varchar", "character varying"].includes(t)) return "String";
  if (["boolean", "bool"].includes(t)) return "Boolean";
  if (["datetime", "timestamp", "timestamp without time zone", "timestamptz"].includes(t)) return "DateTime";
  if (["real", "double precision", "float8"].includes(t)) return "Float";
  if (["decimal", "numeric"].includes(t)) return "Decimal";
  if (["blob", "bytea"].includes(t)) return "Bytes";
  if (["jsonb", "json"].includes(t)) return "Json";
  return `?${raw}`;
}

const ON_DELETE: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

export function sqliteShape(file: string): SchemaShape {
  const db = new Database(file, { readonly: true });
  try {
    const shape: SchemaShape = {};
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`,
      )
      .all() as { name: string }[];
    for (const { name } of tables) {
      const cols = db.prepare(`PRAGMA table_info("${name}")`).all() as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[];
      const indexes = (
        db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[]
      )
        .filter((i) => i.origin !== "pk")
        .map((i) => {
          const on = (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { seqno: number; name: string }[])
            .sort((a, b) => a.seqno - b.seqno)
            .map((c) => c.name);
          return `${i.unique ? "unique" : "index"} ${i.name}(${on.join(",")})`;
        });
      const fks = db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as {
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string;
        on_delete: string;
      }[];
      const byId = new Map<number, typeof fks>();
      for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
      shape[name] = {
        columns: Object.fromEntries(
          cols.map((c) => [c.name, { type: normaliseType(c.type), nullable: c.notnull === 0 && c.pk === 0 }]),
        ),
        primaryKey: cols
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
        indexes: indexes.sort(),
        foreignKeys: [...byId.values()]
          .map((parts) => {
            const p = parts.sort((a, b) => a.seq - b.seq);
            const first = p[0];
            if (!first) return "";
            return `${p.map((x) => x.from).join(",")} -> ${first.table}(${p.map((x) => x.to).join(",")}) on delete ${first.on_delete}`;
          })
          .sort(),
      };
    }
    return shape;
  } finally {
    db.close();
  }
}

export async function postgresShape(client: pg.Client, schema: string): Promise<SchemaShape> {
  const shape: SchemaShape = {};
  const cols = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = $1 AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
    [schema],
  );
  for (const c of cols.rows) {
    const t = (shape[c.table_name] ??= { columns: {}, primaryKey: [], indexes: [], foreignKeys: [] });
    t.columns[c.column_name] = { type: normaliseType(c.data_type), nullable: c.is_nullable === "YES" };
  }
  const idx = await client.query<{ table: string; name: string; primary: boolean; unique: boolean; cols: string[] }>(
    `SELECT t.relname AS table, i.relname AS name, x.indisprimary AS primary, x.indisunique AS unique,
            array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS cols
       FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname <> '_prisma_migrations'`,
    [schema],
  );
  for (const i of idx.rows) {
    const t = shape[i.table];
    if (!t) continue;
    if (i.primary) t.primaryKey = i.cols;
    else t.indexes.push(`${i.unique ? "unique" : "index"} ${i.name}(${i.cols.join(",")})`);
  }
  const fks = await client.query<{ table: string; cols: string[]; ref: string; refcols: string[]; del: string }>(
    `SELECT t.relname AS table, r.relname AS ref, c.confdeltype AS del,
            array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS cols,
            array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS refcols
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  for (const f of fks.rows) {
    shape[f.table]?.foreignKeys.push(
      `${f.cols.join(",")} -> ${f.ref}(${f.refcols.join(",")}) on delete ${ON_DELETE[f.del] ?? f.del}`,
    );
  }
  for (const t of Object.values(shape)) {
    t.indexes.sort();
    t.foreignKeys.sort();
  }
  return shape;
}
