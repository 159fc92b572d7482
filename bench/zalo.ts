/**
 * Zalo under a stalled file send, through zca-js's real classes against the local Zalo of test/helpers/zalo-server.ts:
 * GROUPS groups each ask /trogiup in one burst; the wall time until every answer is out is measured with no stall
 * (baseline) and while a chair's /xuatbaocao waits for a `file_done` that never comes (ZALO_TIMEOUT_MS = 5 s).
 * Target: ratio ≤ 1.5 and every answer out before the stalled send's time limit (a single reply queue would wait 5 s).
 */
import path from "node:path";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { silentLogger } from "../src/logger.js";
import { createZaloAdapter } from "../src/platforms/zalo/adapter.js";
import { ZALO_OPTIONS } from "../src/platforms/zalo/login.js";
import { importUnits } from "../src/services/unit-import.js";
import { EXAMPLE_UNITS, giveRole } from "../test/helpers/app.js";
import { FakeZaloServer, GOOD_COOKIE } from "../test/helpers/zalo-server.js";
import { report, tempDir, timed } from "./util.js";

const GROUPS = Number(process.env.BENCH_ZALO_GROUPS ?? 40);
const TIMEOUT_MS = 5000;

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 2));
}

export async function benchZalo(): Promise<void> {
  const dir = tempDir("bench-zalo-");
  const config = loadConfig(
    { DATABASE_URL: `file:${path.join(dir, "bench.db")}`, PLAYGROUND: "off", LOG_LEVEL: "silent" },
    dir,
  );
  const db = await openDatabase(config.databaseUrl);
  await importUnits(db, EXAMPLE_UNITS, { format: "csv" });
  const app = createApp({ config, db, logger: silentLogger });
  const server = await new FakeZaloServer().start();
  const api = await server.zalo(ZALO_OPTIONS).login(server.credentials(GOOD_COOKIE) as never);
  const adapter = createZaloAdapter({
    api,
    core: app.core,
    db,
    chats: app.services.chats,
    i18n: app.i18n,
    language: "vi",
    logger: silentLogger,
    timeoutMs: TIMEOUT_MS,
    loadStoredFile: async () => new Uint8Array(),
  });
  adapter.start();
  await until(() => server.openSockets > 0 && !!(api.listener as unknown as { cipherKey?: string }).cipherKey);

  await giveRole(app, "2001", "Chị Hoa", "chair", "LC-TD", "zalo");
  await giveRole(app, "9000", "Cán bộ", "staff", "LC", "zalo");
  const staff = await app.services.people.resolve("zalo", "9000", "Cán bộ");
  await app.services.consultations.open(staff, {
    title: "Góp ý",
    items: ["Dự thảo A"],
    rootUnitCode: "LC",
    closesAt: new Date(Date.now() + 86_400_000),
  });

  let round = 0;
  const burst = async () => {
    round++;
    const inGroups = () => server.sent.filter((s) => s.group).length;
    const before = inGroups();
    for (let g = 0; g < GROUPS; g++) {
      await server.pushGroup(`77${round}${String(g).padStart(4, "0")}`, [{ uid: `5${g}`, text: "/trogiup" }]);
    }
    await until(() => inGroups() >= before + GROUPS);
  };
  await burst(); // warm-up: chats and people are created
  const baseline = await timed(burst);
  server.withholdFileDone = true;
  await server.pushUser([{ uid: "2001", name: "Chị Hoa", text: "/xuatbaocao" }]);
  await until(() => server.calls.some((c) => c.path.endsWith("/asyncfile/upload")));
  const stalledAt = Date.now();
  const stalled = await timed(burst);
  const answeredBeforeLimit = Date.now() - stalledAt < TIMEOUT_MS;
  await adapter.stop();
  await server.close();
  await db.$disconnect();
  const ratio = stalled.ms / baseline.ms;
  report(
    "zalo-stall",
    {
      groups: GROUPS,
      baseline_ms: baseline.ms,
      during_stall_ms: stalled.ms,
      ratio,
      answered_before_time_limit: answeredBeforeLimit ? "yes" : "no",
    },
    "ratio <= 1.5, answered before the 5 s limit",
    ratio <= 1.5 && answeredBeforeLimit,
  );
}
