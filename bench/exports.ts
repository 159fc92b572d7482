/**
 * /xuatbaocao at country scale: a province of 60,000 grassroots unions (60,031 units, BENCH_EXPORT_UNITS) with
 * 300,000 opinions (BENCH_EXPORT_OPINIONS), exported by its staff through the bot's core in a child process run with
 * `npm start`'s node flags. The child measures its peak resident memory (getrusage's maxRSS), its resident memory
 * before and after (a few seconds later, after a collection), the time, the files and their parts. The data are made
 * by another child first, so the export's process holds nothing else. Target: peak under 600 MB, back within 100 MB
 * of where it started, and every opinion in the files.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { closeDatabase, openDatabase, sqlTime } from "../src/db/client.js";
import { giveRole, Talker, testApp, texts } from "../test/helpers/app.js";
import { bigTree } from "../test/helpers/big-tree.js";
import { report, tempDir } from "./util.js";

const UNITS = Number(process.env.BENCH_EXPORT_UNITS ?? 60_000);
const OPINIONS = Number(process.env.BENCH_EXPORT_OPINIONS ?? 300_000);
const DISTRICTS = 30;
const PEAK_LIMIT_MB = 600;
const SETTLED_WITHIN_MB = 100;
/** The node flags `npm start` runs the bot with (package.json), and a handle on the collector for the "after". */
const NODE_FLAGS = [
  "--max-semi-space-size=1",
  "--v8-pool-size=1",
  "--single-threaded",
  "--liftoff-only",
  "--expose-gc",
];

const MB = 1024 * 1024;
const rss = () => Math.round(process.memoryUsage().rss / MB);

/** The province, its staff, a consultation of three items and the opinions, written set-based. */
async function build(url: string): Promise<void> {
  const db = await openDatabase(url);
  const app = await testApp({ db, units: false });
  await bigTree(db, { districts: DISTRICTS, grassroots: UNITS, groups: 0 });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const opened = await app.services.consultations.open(staff, {
    title: "dự thảo văn kiện Đại hội",
    items: ["Báo cáo chính trị", "Báo cáo kiểm điểm", "Điều lệ"],
    rootUnitCode: "P",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
  if (!opened.ok) throw new Error(opened.problem);
  const [a, b, c] = opened.consultation.items.map((i) => i.id);
  const now = sqlTime(app.clock.now());
  const series = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${OPINIONS})`;
  await db.$executeRawUnsafe(
    `${series} INSERT INTO "Person" (id, "displayName", language, "createdAt")
     SELECT 100000 + i, 'Đoàn viên Nguyễn Văn ' || i, 'vi', ? FROM n`,
    now,
  );
  await db.$executeRawUnsafe(
    `${series} INSERT INTO "Opinion" ("consultationId", "itemId", "unitId", "personId", kind, text, status, "createdAt", "updatedAt")
     SELECT ${opened.consultation.id}, CASE i % 3 WHEN 0 THEN ${a} WHEN 1 THEN ${b} ELSE ${c} END,
            ${2 + DISTRICTS} + i % ${UNITS}, 100000 + i,
            CASE i % 5 WHEN 0 THEN 'agree' WHEN 1 THEN 'add' WHEN 2 THEN 'amend' WHEN 3 THEN 'propose' ELSE 'other' END,
            'Đề nghị bổ sung nội dung về chăm lo đời sống, việc làm và thu nhập của đoàn viên, người lao động, ý kiến số ' || i,
            'active', ?, ?
       FROM n`,
    now,
    now,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Participation" ("consultationId", "unitId", "personId", opinions)
     SELECT "consultationId", "unitId", "personId", COUNT(*) FROM "Opinion" WHERE status = 'active'
      GROUP BY "consultationId", "unitId", "personId"`,
  );
  await closeDatabase(db);
}

/** The export, measured from inside the process that makes it. */
async function measure(url: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const db = await openDatabase(url);
  const app = await testApp({ db, units: false });
  const code = (await db.consultation.findFirstOrThrow()).code;
  const staff = Talker.private(app, "1", "Cán bộ tỉnh");
  await staff.send("/vaitro"); // the bot's first answer: modules loaded, caches warm
  gc();
  const before = rss();
  const start = performance.now();
  let out = await staff.send(`/xuatbaocao P ${code}`);
  const seconds = (performance.now() - start) / 1000;
  const files = out.flatMap((o) => (o.reply.kind === "file" ? [o.reply] : []));
  const sizes = files.map(
    (f) => `${f.fileName.replace(/^tong-hop-[^-]+-p/, "")}:${Math.round((f.data as Uint8Array).length / 1024)}kB`,
  );
  const said = texts(out).filter((t) => !t.startsWith("[file"));
  const peak = Math.round((process.resourceUsage().maxRSS * 1024) / MB);
  out = [];
  files.length = 0;
  await sleep(2000);
  gc();
  await sleep(3000);
  gc();
  const after = rss();
  const m = process.memoryUsage();
  const detail = { heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
  const afterParts = Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, Math.round(v / MB)]));
  console.log(JSON.stringify({ seconds, before, peak, after, afterParts, files: sizes, said }));
  await closeDatabase(db);
}

function child(...args: string[]): Promise<string> {
  const proc = spawn(process.execPath, [...NODE_FLAGS, "--import", "tsx", import.meta.filename, "--child", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  proc.stdout.on("data", (d) => (out += String(d)));
  return new Promise((resolve, reject) =>
    proc.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exports bench child exited ${code}`)))),
  );
}

export async function benchExports(): Promise<void> {
  const url = `file:${path.join(tempDir("bench-exports-"), "exports.db")}`;
  await child("--build", url);
  const r = JSON.parse((await child("--measure", url)).trim().split("\n").pop()!) as {
    seconds: number;
    before: number;
    peak: number;
    after: number;
    files: string[];
    said: string[];
  };
  report(
    "exports",
    {
      units: UNITS + DISTRICTS + 1,
      opinions: OPINIONS,
      seconds: r.seconds,
      rssBeforeMB: r.before,
      peakMB: r.peak,
      rssAfterMB: r.after,
      files: r.files.join(","),
    },
    `peak < ${PEAK_LIMIT_MB} MB, after ≤ before + ${SETTLED_WITHIN_MB} MB`,
    r.peak < PEAK_LIMIT_MB && r.after <= r.before + SETTLED_WITHIN_MB,
  );
  for (const s of r.said) console.log(`  said: ${s}`);
}

if (process.argv.includes("--child")) {
  const [mode, url] = process.argv.slice(process.argv.indexOf("--child") + 1);
  await (mode === "--build" ? build(url!) : measure(url!));
  process.exit(0);
} else if (import.meta.filename === process.argv[1]) await benchExports();
