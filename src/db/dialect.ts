/** The few SQL fragments with no form common to SQLite and PostgreSQL (see sql.ts for the shared subset). */
import { engineOf } from "./client.js";
import type { Db } from "./types.js";

/**
 * A table source with one row per element of the JSON array in `column` (a text column), the element in
 * `alias.value` as text: SQLite's `json_each`, PostgreSQL's `json_array_elements_text`.
 */
export function jsonArrayRows(db: Db, column: string, alias: string): string {
  return engineOf(db) === "postgresql"
    ? `json_array_elements_text(${column}::json) AS ${alias}(value)`
    : `json_each(${column}) AS ${alias}`;
}
