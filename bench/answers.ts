/**
 * Answers about many units at the federation's size (#27), through the bot's own core on SQLite: tree A (1 province,
 * 10 districts, 1,000 grassroots unions) and tree B (3 provinces × 10 districts × BENCH_ANSWERS_PER_DISTRICT grassroots
 * unions, 2,000 by default: 60,033 units; `BENCH_ANSWERS_PER_DISTRICT=200` for a quick run). For each answer of the
 * issue's table it prints the messages a reader receives on Telegram (4,096 characters a message) and on Zalo (2,000;
 * the same command answered with Zalo's capabilities), the characters, the time and the process's peak memory so far.
 * Target: one message on each platform for every answer, whatever the size.
 */
import { FakeClock } from "../src/clock.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { type Capabilities, type Outgoing, splitText } from "../src/platforms/port.js";
import { TELEGRAM_CAPABILITIES } from "../src/platforms/telegram/sender.js";
import { choicesOf, giveRole, Talker, testApp } from "../test/helpers/app.js";
import { closeAll } from "../test/helpers/db.js";
import { report, timed } from "./util.js";

const ZALO: Capabilities = { privateChat: "none", maxTextLength: 2000 };
const at = (local: string) => new Date(`${local}+07:00`);

type App = Awaited<ReturnType<typeof testApp>>;

/** Provinces P1.., districts P1-D01.., grassroots P1-D01-0001.. (zero-padded: code order is reading order). */
async function tree(app: App, provinces: number, perDistrict: number): Promise<void> {
  const db = app.db;
  await db.$executeRawUnsafe(
    `WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < ?)
     INSERT INTO "Unit" (id, code, name, kind, "parentId", path, depth, "memberCount", active, "updatedAt")
     SELECT i, 'P' || i, 'Liên đoàn Lao động tỉnh số ' || i, 'province', NULL, '/' || i || '/', 0, 0, TRUE,
            CURRENT_TIMESTAMP FROM p`,
    provinces,
  );
  await db.$executeRawUnsafe(
    `WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < ?),
          d(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM d WHERE j < 10)
     INSERT INTO "Unit" (id, code, name, kind, "parentId", path, depth, "memberCount", active, "updatedAt")
     SELECT 100 + (i - 1) * 10 + j, 'P' || i || '-D' || substr('0' || j, -2), 'LĐLĐ huyện ' || j || ' tỉnh ' || i,
            'district', i, '/' || i || '/' || (100 + (i - 1) * 10 + j) || '/', 1, 0, TRUE, CURRENT_TIMESTAMP
       FROM p, d`,
    provinces,
  );
  await db.$executeRawUnsafe(
    `WITH RECURSIVE g(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM g WHERE k < ?)
     INSERT INTO "Unit" (id, code, name, kind, "parentId", path, depth, "memberCount", active, "updatedAt")
     SELECT 1000 + (u.id - 101) * ? + k, u.code || '-' || substr('000' || k, -4), 'CĐCS số ' || k || ' ' || u.name,
            'grassroots', u.id, u.path || (1000 + (u.id - 101) * ? + k) || '/', 2, 30, TRUE, CURRENT_TIMESTAMP
       FROM "Unit" u, g WHERE u.kind = 'district'`,
    perDistrict,
    perDistrict,
    perDistrict,
  );
}

/**
 * H1 owed by every grassroots union (due 30/11/2026; a third handed in), with one indicator; announcement 1 to all of
 * them (two thirds have a group and were sent it, a tenth of those acknowledged); consultation GY1 from P1.
 */
async function scene(app: App): Promise<void> {
  const db = app.db;
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P1");
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P1", "zalo");
  await giveRole(app, "2", "Chủ tịch huyện", "chair", "P1-D01");
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const phrase = "chậm nhất ngày 30/11/2026";
  const created = await app.services.deadlines.create(staff, {
    what: "Báo cáo kết quả",
    phrase,
    spec: readDatePhrase(phrase)!.spec,
    owingUnitIds: [],
    rootUnitId: 1,
  });
  await db.$executeRawUnsafe(
    `INSERT INTO "DeadlineUnit" ("deadlineId", "unitId") SELECT ?, id FROM "Unit" WHERE kind = 'grassroots'`,
    created.deadline.id,
  );
  const occ = await db.deadlineOccurrence.findFirstOrThrow();
  await db.$executeRawUnsafe(
    `INSERT INTO "Submission" ("occurrenceId", "unitId", kind, "submittedById", "submittedAt")
     SELECT ?, id, 'submitted', ?, ? FROM "Unit" WHERE kind = 'grassroots' AND id % 3 = 0`,
    occ.id,
    staff.personId,
    at("2026-11-28T10:00:00").toISOString(),
  );
  await app.services.indicators.defineIndicators(staff, created.deadline, [
    {
      name: "Kết nạp đoàn viên",
      measure: "people",
      rollup: "sum",
      comparator: "at-least",
      target: null,
      strive: false,
    },
  ]);
  await db.$executeRawUnsafe(
    `INSERT INTO "Announcement" (seq, title, body, "rootUnitId", "targetUnits", "createdById", "createdAt")
     SELECT 1, 'Kế hoạch 122', '', 1, '[' || group_concat(id) || ']', ?, CURRENT_TIMESTAMP
       FROM "Unit" WHERE kind = 'grassroots'`,
    staff.personId,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Chat" (platform, "platformChatId", kind, title, "unitId", status, "createdAt")
     SELECT 'telegram', '-' || id, 'group', name, id, 'active', CURRENT_TIMESTAMP
       FROM "Unit" WHERE kind = 'grassroots' AND id % 3 <> 0`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "OutboxMessage" (key, platform, "platformChatId", payload, kind, "announcementId", "unitId", status)
     SELECT 'ann:1:' || id, 'telegram', '-' || id, '{}', 'announcement', 1, id, 'sent'
       FROM "Unit" WHERE kind = 'grassroots' AND id % 3 <> 0`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Acknowledgement" ("announcementId", "unitId", "personId", at)
     SELECT 1, id, ?, CURRENT_TIMESTAMP FROM "Unit" WHERE kind = 'grassroots' AND id % 3 <> 0 AND id % 10 = 0`,
    staff.personId,
  );
  const r = await app.services.consultations.open(staff, {
    title: "dự thảo văn kiện",
    items: ["Báo cáo chính trị"],
    rootUnitCode: "P1",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
  if (!r.ok) throw new Error(r.problem);
}

interface Measured {
  telegram: number;
  zalo: number;
  chars: number;
  ms: number;
}

/** The text a reader receives, as messages on a platform whose messages hold `max` characters. */
function messages(out: Outgoing[], max: number): { messages: number; chars: number } {
  let n = 0;
  let chars = 0;
  for (const o of out) {
    if (o.reply.kind === "file" || o.reply.kind === "picture") continue;
    n += splitText(o.reply.text, max).length;
    chars += o.reply.text.length;
  }
  return { messages: n, chars };
}

async function ask(app: App, user: string, text: string, caps: Capabilities, platform: "telegram" | "zalo") {
  const talker = new Talker(app, { id: user, name: user }, { id: user, kind: "private" }, platform);
  return app.core.handle(talker.event({ text }), { capabilities: caps, download: async () => new Uint8Array() });
}

async function command(app: App, user: string, text: string): Promise<Measured> {
  const t = await timed(() => ask(app, user, text, TELEGRAM_CAPABILITIES, "telegram"));
  const z = await ask(app, user, text, ZALO, "zalo");
  const tg = messages(t.value, 4096);
  return { telegram: tg.messages, zalo: messages(z, 2000).messages, chars: tg.chars, ms: t.ms };
}

/** The digest of the first overdue day as queued for staff on each platform. */
async function digest(app: App): Promise<Measured> {
  app.clock.set(at("2026-12-01T08:00:00"));
  const t = await timed(() => app.services.digests.queueDigests());
  const rows = await app.db.outboxMessage.findMany({ where: { kind: "digest" } });
  const text = (platform: string) =>
    (JSON.parse(rows.find((r) => r.platform === platform)?.payload ?? '{"text":""}') as { text: string }).text;
  app.clock.set(at("2026-12-05T09:00:00"));
  return {
    telegram: splitText(text("telegram"), 4096).length,
    zalo: splitText(text("zalo"), 2000).length,
    chars: text("telegram").length,
    ms: t.ms,
  };
}

/** The review of an even split of P1-D01's target among its grassroots unions (/giaochitieu). */
async function splitReview(app: App): Promise<Measured> {
  const run = async (caps: Capabilities, platform: "telegram" | "zalo") => {
    const talker = new Talker(app, { id: "1", name: "1" }, { id: "1", kind: "private" }, platform);
    const say = (event: Parameters<Talker["event"]>[0]) =>
      app.core.handle(talker.event(event), { capabilities: caps, download: async () => new Uint8Array() });
    await say({ text: "/giaochitieu H1" });
    await say({ text: "P1-D01" });
    const ways = await say({ text: "100000" });
    const even = choicesOf(ways).find((c) => c.id.endsWith("even"))!;
    const review = await timed(() => say({ choice: even.id }));
    await say({ text: "/huy" });
    return review;
  };
  const t = await run(TELEGRAM_CAPABILITIES, "telegram");
  const z = await run(ZALO, "zalo");
  const tg = messages(t.value, 4096);
  return { telegram: tg.messages, zalo: messages(z.value, 2000).messages, chars: tg.chars, ms: t.ms };
}

async function benchTree(name: string, provinces: number, perDistrict: number): Promise<boolean> {
  const clock = new FakeClock(at("2026-11-20T09:00:00"));
  const app = await testApp({ clock, units: false });
  const built = await timed(async () => {
    await tree(app, provinces, perDistrict);
    await scene(app);
  });
  const units = await app.db.unit.count();
  console.log(`answers ${name}: ${units} units built in ${(built.ms / 1000).toFixed(1)} s`);
  clock.set(at("2026-12-05T09:00:00"));
  const answers: [string, () => Promise<Measured>][] = [
    ["/chuanop H1 (province staff)", () => command(app, "1", "/chuanop H1")],
    ["/chuanop H1 (district chair)", () => command(app, "2", "/chuanop H1")],
    ["digest, first overdue day", () => digest(app)],
    ["/tinhtrang 1", () => command(app, "1", "/tinhtrang 1")],
    ["/hanchot H1", () => command(app, "1", "/hanchot H1")],
    ["/giaochitieu review (district)", () => splitReview(app)],
    ["/tonghop (province)", () => command(app, "1", "/tonghop P1 GY1")],
    ["/tiendo (district)", () => command(app, "1", "/tiendo P1-D01 H1")],
  ];
  let ok = true;
  for (const [label, run] of answers) {
    const m = await run();
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const met = m.telegram === 1 && m.zalo === 1;
    ok &&= met;
    report(
      `answers ${name} ${label}`,
      { telegram: m.telegram, zalo: m.zalo, chars: m.chars, ms: Math.round(m.ms), peakMB: Math.round(peakMb) },
      "1 message each",
      met,
    );
  }
  return ok;
}

export async function benchAnswers(): Promise<void> {
  const perDistrict = Number(process.env.BENCH_ANSWERS_PER_DISTRICT ?? 2000);
  await benchTree("A", 1, 100);
  await benchTree("B", 3, perDistrict);
  await closeAll();
}
