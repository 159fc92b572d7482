/**
 * Raw SQL written once for both engines. The project writes its raw statements in the subset SQLite and PostgreSQL
 * share: camelCase columns and aliases in double quotes, `TRUE`/`FALSE`, `INSERT … ON CONFLICT DO NOTHING`,
 * `CASE` instead of two-argument `MAX`, `CAST(x AS INTEGER)`, `?` placeholders. On PostgreSQL `toPostgres` turns the
 * placeholders into `$1, $2, …` and `instr(` into `strpos(` (same arguments, the one function the two name
 * differently); what has no common form (reading a JSON array) is chosen by engine in dialect.ts.
 */
export function toPostgres(sql: string): string {
  let out = "";
  let n = 0;
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      out += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else if (c === "?") {
      out += `$${++n}`;
    } else if (
      (c === "i" || c === "I") &&
      /^instr\s*\(/i.test(sql.slice(i, i + 8)) &&
      !/[\w"]/.test(sql[i - 1] ?? "")
    ) {
      out += "strpos";
      i += "instr".length - 1;
    } else {
      out += c;
    }
  }
  return out;
}
