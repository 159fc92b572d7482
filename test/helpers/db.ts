import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../src/db/client.js";

const opened: { db: Db; dir: string }[] = [];

/** A brand-new SQLite file with every migration applied; removed after the test file. */
export async function freshDb(): Promise<{ db: Db; url: string; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "union-bot-test-"));
  const file = path.join(dir, "test.db");
  const url = `file:${file}`;
  const db = await openDatabase(url);
  opened.push({ db, dir });
  return { db, url, file };
}

export async function closeAll(): Promise<void> {
  for (const { db, dir } of opened.splice(0)) {
    await db.$disconnect().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
