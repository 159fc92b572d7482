import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { HotStore } from "../src/db/hot.js";
import { InboxStore } from "../src/db/inbox-sqlite.js";
import { SqliteOutboxStore } from "../src/db/outbox-sqlite.js";
import { sharedConnection } from "../src/db/sqlite-connection.js";
import { closeAll, descriptorsWhere, freshSqliteDb, sqliteOnly } from "./helpers/db.js";

afterAll(closeAll);

/** How many descriptors this process holds open on the file itself (not its -wal or -shm). */
function descriptorsOn(file: string): number {
  const real = fs.realpathSync(file);
  return descriptorsWhere((target) => target === real);
}

describe.skipIf(sqliteOnly("one direct connection per SQLite file") || process.platform !== "linux")(
  "the SQLite file's direct connection",
  () => {
    it("is one for the hot store, the inbox and the outbox, so none reads its pages again after another wrote", async () => {
      const { file } = await freshSqliteDb();
      const before = descriptorsOn(file);
      const hot = new HotStore(file);
      const inbox = new InboxStore(file);
      const outbox = new SqliteOutboxStore(file);
      await outbox.holders();
      expect(descriptorsOn(file) - before).toBe(1);
      hot.close();
      inbox.close();
      await outbox.close();
    });

    it("stays open while any store still uses it, and the last to let go closes it", async () => {
      const { file } = await freshSqliteDb();
      const hot = new HotStore(file);
      const inbox = new InboxStore(file);
      await inbox.store("telegram", [{ updateId: "1", payload: "{}", chatId: "77" }]);
      inbox.close();
      // The hot store goes on writing on the connection the inbox let go of.
      await hot.saveConversation(
        { platform: "telegram", chatId: "77", userId: "77" },
        "language",
        "choose",
        "{}",
        "2026-12-07T00:00:00.000Z",
        "2026-12-08T00:00:00.000Z",
      );
      expect(hot.conversation("telegram", "77", "77")?.step).toBe("choose");
      const again = new InboxStore(file);
      expect(again.seen("telegram", "1")).toBe("unhandled");
      hot.close();
      again.close();
      const { db, release } = sharedConnection(file);
      expect(db.open).toBe(true);
      release();
      expect(db.open).toBe(false);
    });

    it("is not closed under the others by a store closed twice", async () => {
      const { file } = await freshSqliteDb();
      const hot = new HotStore(file);
      const inbox = new InboxStore(file);
      inbox.close();
      inbox.close();
      expect(hot.conversation("telegram", "77", "77")).toBeUndefined();
      hot.close();
    });

    it("is a new one for a file put in the place of the one it has open", async () => {
      const { file } = await freshSqliteDb();
      const old = sharedConnection(file);
      fs.renameSync(file, `${file}.old`);
      fs.copyFileSync(`${file}.old`, file);
      const other = sharedConnection(file);
      expect(other.db).not.toBe(old.db);
      other.release();
      expect(old.db.open).toBe(true);
      old.release();
      expect(old.db.open).toBe(false);
    });

    it("is found by the file, however its path is written", async () => {
      const { file } = await freshSqliteDb();
      const a = sharedConnection(file);
      const b = sharedConnection(`${file.replace(/\/test\.db$/, "")}/./test.db`);
      expect(b.db).toBe(a.db);
      a.release();
      expect(a.db.open).toBe(true);
      b.release();
      expect(a.db.open).toBe(false);
    });
  },
);
