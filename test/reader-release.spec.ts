/**
 * The big reads' reader gives its SQLite connection back after an export (its page cache is up to 16 MB with
 * better-sqlite3's defaults) and opens it again on the next read. Seen from the process: the file handles it holds on
 * the database file and its write-ahead log.
 */
import { afterAll, describe, expect, it } from "vitest";
import { sqliteReader } from "../src/db/reader.js";
import { closeAll, descriptorsWhere, freshSqliteDb, sqliteOnly } from "./helpers/db.js";

afterAll(closeAll);

/** Open file descriptors of this process on the file and its -wal and -shm. */
const handlesOn = (file: string) => descriptorsWhere((target) => target.startsWith(file));

describe.skipIf(sqliteOnly("the reader's SQLite connection") || process.platform !== "linux")("Reader.release", () => {
  it("closes the SQLite connection and its cache, and the next read opens it again", async () => {
    const { file } = await freshSqliteDb();
    const reader = sqliteReader(file);
    const held = handlesOn(file);
    const count = async () => Number((await reader.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "Unit"`))[0]?.n);

    const units = await count();
    const reading = handlesOn(file);
    expect(reading).toBeGreaterThan(held);
    // SQLite keeps the database file's own handle for reuse while another connection of the process holds locks on
    // it (POSIX locks are per process); the connection's others (its write-ahead log) close.
    reader.release();
    expect(handlesOn(file)).toBeLessThan(reading);
    expect(await count()).toBe(units);
    expect(handlesOn(file)).toBe(reading);
    for (let i = 0; i < 5; i++) {
      reader.release();
      await count();
    }
    expect(handlesOn(file)).toBe(reading);
    reader.close();
    expect(handlesOn(file)).toBeLessThan(reading);
  });
});
