/**
 * Issue 25.3: every file the bot reads is bounded before it is unpacked or parsed. Each hostile file (zip bombs as a
 * .docx and an .xlsx, one whose header lies about its size, a PDF of 15 million 'A's, a PDF deflate bomb, truncated
 * files, random bytes) is read by the real reader in a child process of its own, whose peak resident memory is
 * measured: under 300 MB each, and the file refused naming the bound. Through the bot, the refusal is said in the
 * person's language and nothing is stored.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileLimitError, readCapped } from "../src/services/file-bounds.js";
import { giveRole, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { docxBomb, writeHostileFiles } from "./helpers/hostile-files.js";

afterAll(closeAll);

const ROOT = path.resolve(import.meta.dirname, "..");
let dir: string;
let files: Record<string, string>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-files-"));
  files = await writeHostileFiles(dir);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What the real reader made of the file, and the child process's peak resident memory. */
async function readInChild(file: string): Promise<{ outcome: string; peakMb: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "test", "helpers", "read-file-child.ts"), file],
    { cwd: ROOT, maxBuffer: 1 << 20, timeout: 240_000 },
  );
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

// The bound each file meets (defaults: FILE_MAX_UNPACKED_MB 20, an .xlsx at most 8 MB, one PDF stream at most 2 MB).
const EXPECTED: Record<string, string> = {
  "bomb.docx": "refused over-limit unpacked 20",
  "lying-bomb.docx": "refused over-limit unpacked 20",
  "bomb.xlsx": "refused file-limit-unpacked 8",
  "as.pdf": "refused over-limit unpacked 2",
  "deflate-bomb.pdf": "refused over-limit unpacked 2",
  "truncated.docx": "refused broken",
  "truncated.xlsx": "refused figures-import-bad-file",
  "truncated.pdf": "refused over-limit unpacked 2",
  "random.docx": "refused broken",
  "random.xlsx": "refused figures-import-bad-file",
  "random.pdf": "refused broken",
  // Just within the unpacked bounds: the parser reads them whole (the worst a file may cost), then the text is refused.
  "largest.docx": "refused over-limit chars 1000000",
  "largest.xlsx": "refused figures-import-bad-header",
  "largest.pdf": "refused not-a-plan",
};

describe("hostile files, each read by the real reader in a process of its own", () => {
  for (const [name, outcome] of Object.entries(EXPECTED))
    it(`${name}: ${outcome}, peak resident memory under 300 MB`, { timeout: 300_000 }, async () => {
      const r = await readInChild(files[name]!);
      console.log(`${name}: ${r.outcome}, peak ${r.peakMb} MB`);
      expect(r.outcome).toBe(outcome);
      expect(r.peakMb).toBeLessThan(300);
    });
});

describe("downloads", () => {
  it("gives up a download as soon as it passes the bound", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1 << 20));
      },
    });
    const err = await readCapped(new Response(body), 3 * 1024 * 1024).catch((e) => e);
    expect(err).toBeInstanceOf(FileLimitError);
    expect(err.limit).toBe("bytes");
    expect(pulled).toBeLessThan(6);
    const declared = new Response("x", { headers: { "content-length": String(50 * 1024 * 1024) } });
    await expect(readCapped(declared, 20 * 1024 * 1024)).rejects.toMatchObject({ limit: "bytes", max: 20 });
  });
});

describe("through the bot", () => {
  async function staffOf(env: Record<string, string> = {}) {
    const app = await testApp({ units: "code,name,kind,parent_code,member_count\nP,LĐLĐ tỉnh,province,,0\n", env });
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
    return { app, staff: Talker.private(app, "1", "Cán bộ tỉnh") };
  }

  it("refuses a zip bomb plan naming the bound, in the person's language, and stores nothing", {
    timeout: 120_000,
  }, async () => {
    const { app, staff } = await staffOf();
    Talker.files.set("bomb-plan", await docxBomb(30 * 1024 * 1024));
    const file = { kind: "file" as const, fileRef: "bomb-plan", fileName: "KH.docx" };
    await staff.send("/thongbao");
    expect(texts(await staff.deliver(staff.event({ attachment: file })))[0]).toBe(
      "Tệp khi giải nén lớn hơn 20 MB nên bot không đọc. Vui lòng gửi tệp nhỏ hơn.",
    );
    await staff.send("/huy");
    await staff.send("/ngonngu en");
    await staff.send("/thongbao");
    expect(texts(await staff.deliver(staff.event({ attachment: file })))[0]).toBe(
      "The file unpacks to more than 20 MB, so the bot does not read it. Please send a smaller file.",
    );
    expect(await app.db.storedFile.count()).toBe(0);
  });

  it("refuses a file the platform says is over FILE_MAX_MB without downloading it", async () => {
    const { app, staff } = await staffOf({ FILE_MAX_MB: "2" });
    await staff.send("/thongbao");
    // Nothing is registered under this reference: a download would fail with "could not be downloaded".
    const out = await staff.deliver(
      staff.event({ attachment: { kind: "file", fileRef: "never", fileName: "KH.pdf", size: 3 * 1024 * 1024 } }),
    );
    expect(texts(out)[0]).toBe("Tệp lớn hơn 2 MB nên bot không đọc. Vui lòng gửi tệp nhỏ hơn.");
    // One that says nothing of its size is measured once downloaded.
    Talker.files.set("big-text", new Uint8Array(3 * 1024 * 1024).fill(65));
    const again = await staff.deliver(
      staff.event({ attachment: { kind: "file", fileRef: "big-text", fileName: "KH.txt" } }),
    );
    expect(texts(again)[0]).toBe("Tệp lớn hơn 2 MB nên bot không đọc. Vui lòng gửi tệp nhỏ hơn.");
    expect(await app.db.storedFile.count()).toBe(0);
  });
});
