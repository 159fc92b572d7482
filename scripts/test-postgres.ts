/**
 * Says whether the PostgreSQL the tests use answers (test/helpers/postgres.ts: TEST_POSTGRES_URL, or 127.0.0.1:5432
 * database `test` as postgres or root): prints the URL and exits 0, or prints why not and exits 1. Used by .ci/run.
 */
import { findPostgres } from "../test/helpers/postgres.js";

const found = await findPostgres();
if ("url" in found) {
  console.log(found.url.replace(/\/\/[^@]*@/, "//…@"));
} else {
  console.log(found.reason);
  process.exitCode = 1;
}
