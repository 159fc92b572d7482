/**
 * The province's tally over 10,000 units and 1,000,000 opinions in an SQLite file, against a hand-written SQL
 * GROUP BY (better-sqlite3, no ORM) computing the per-unit, per-item, per-kind counts in the same run. Target ≤ 2.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { FakeClock } from "../src/clock.js";
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { ConsultationService } from "../src/services/consultations.js";
import { TallyService } from "../src/services/tally.js";
import { UnitService } from "../src/services/units.js";
import { report, tempDir, timed } from "./util.js";

const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
const OPINIONS = Number(process.env.BENCH_OPINIONS ?? 1_000_000);
const PEOPLE = Math.max(1000, Math.floor(OPINIONS / 4));
const KINDS = ["agree", "add", "amend", "propose", "other"];

/** Province → 100 districts → grassroots units; opinions spread over grassroots units, 3 items, 5 kinds. */
function generate(file: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const now = new Date().toISOString();
  db.transaction(() => {
    const unit = db.prepare(
      `INSERT INTO "Unit" (id, code, name, kind, parentId, path, depth, memberCount, active, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    );
    unit.run(1, "P", "Tỉnh", "province", null, "/1/", 0, 0, now, now);
    const districts = 100;
    for (let d = 0; d < districts; d++)
      unit.run(2 + d, `D${d}`, `Huyện ${d}`, "district", 1, `/1/${2 + d}/`, 1, 0, now, now);
    for (let id = 2 + districts; id <= UNITS; id++) {
      const parent = 2 + (id % districts);
      unit.run(id, `G${id}`, `Cơ sở ${id}`, "grassroots", parent, `/1/${parent}/${id}/`, 2, 50 + (id % 200), now, now);
    }
    const person = db.prepare(`INSERT INTO "Person" (id, displayName, language, createdAt) VALUES (?, ?, 'vi', ?)`);
    for (let i = 1; i <= PEOPLE; i++) person.run(i, `Người ${i}`, now);
    db.prepare(
      `INSERT INTO "Consultation" (id, code, title, rootUnitId, opensAt, closesAt, createdById, createdAt) VALUES (1, 'GY1', 'Bench', 1, ?, ?, 1, ?)`,
    ).run(now, new Date(Date.now() + 86_400_000).toISOString(), now);
    const item = db.prepare(`INSERT INTO "ConsultationItem" (id, consultationId, position, title) VALUES (?, 1, ?, ?)`);
    for (let i = 1; i <= 3; i++) item.run(i, i, `Văn kiện ${i}`);
    const opinion = db.prepare(
      `INSERT INTO "Opinion" (consultationId, itemId, unitId, personId, kind, text, status, createdAt, updatedAt) VALUES (1, ?, ?, ?, ?, 'ý kiến', ?, ?, ?)`,
    );
    let seed = 1;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const firstGrassroots = 2 + districts;
    for (let i = 0; i < OPINIONS; i++) {
      const personId = 1 + (rnd() % PEOPLE);
      const unitId = firstGrassroots + (personId % (UNITS - firstGrassroots + 1));
      opinion.run(
        1 + (rnd() % 3),
        unitId,
        personId,
        KINDS[rnd() % 5],
        rnd() % 50 === 0 ? "withdrawn" : "active",
        now,
        now,
      );
    }
    db.exec(`INSERT INTO "Participation" (consultationId, unitId, personId, opinions)
      SELECT consultationId, unitId, personId, COUNT(*) FROM "Opinion" WHERE status = 'active' GROUP BY consultationId, unitId, personId`);
  })();
  db.exec("ANALYZE");
  db.close();
}

export async function benchTally(): Promise<void> {
  const dir = tempDir("bench-tally-");
  const url = `file:${path.join(dir, "tally.db")}`;
  migrate(url);
  const gen = await timed(async () => generate(path.join(dir, "tally.db")));

  const raw = new Database(path.join(dir, "tally.db"), { readonly: true });
  const handWritten = raw.prepare(
    `SELECT o.unitId, o.itemId, o.kind, COUNT(*) AS n FROM "Opinion" o WHERE o.consultationId = 1 AND o.status = 'active' GROUP BY o.unitId, o.itemId, o.kind`,
  );
  const db = await openDatabase(url);
  const clock = new FakeClock(new Date());
  const units = new UnitService(db);
  const consultations = new ConsultationService(db, units, clock);
  const tally = new TallyService(db, units, consultations, clock);
  const consultation = (await consultations.byCode("GY1"))!;
  const province = (await units.byCode("P"))!;

  handWritten.all();
  await tally.compute(consultation, province); // warm both
  const runs = 3;
  let base = Infinity;
  let ours = Infinity;
  let total = 0;
  let baseTotal = 0;
  for (let i = 0; i < runs; i++) {
    const b = await timed(async () => handWritten.all() as { n: number }[]);
    base = Math.min(base, b.ms);
    baseTotal = b.value.reduce((s, r) => s + Number(r.n), 0);
    const o = await timed(() => tally.compute(consultation, province));
    ours = Math.min(ours, o.ms);
    total = o.value.root.total.opinions;
  }
  raw.close();
  await db.$disconnect();
  const ratio = ours / base;
  report(
    "tally",
    {
      units: UNITS,
      opinions: OPINIONS,
      generate_ms: Math.round(gen.ms),
      group_by_ms: Math.round(base),
      tally_ms: Math.round(ours),
      ratio,
      same_total: String(total === baseTotal),
    },
    "ratio <= 2",
    ratio <= 2 && total === baseTotal,
  );
}
