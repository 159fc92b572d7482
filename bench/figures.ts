/**
 * The province's roll-up of figures: 10 indicators × 10,000 units × 12 periods (about 1.2 million reports, 1 in 20
 * corrected, so the history holds older rows too) in an SQLite file. ProgressService.compute (the grouped query by
 * branch, the owing counts, the targets, the units not reporting) against a hand-written GROUP BY giving the same
 * roll-up for this two-level tree: current reports summed per indicator, period and district (joined to the unit for
 * its parent), with better-sqlite3 and no ORM, measured in the same run. Target ≤ 2. For scale it also prints the
 * time of the plainest GROUP BY (per indicator and period only, no units at all).
 */
import path from "node:path";
import Database from "better-sqlite3";
import { FakeClock } from "../src/clock.js";
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { standaloneProgress } from "../src/services/progress.js";
import { UnitService } from "../src/services/units.js";
import { report, tempDir, timed } from "./util.js";

const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
const INDICATORS = 10;
const PERIODS = 12;
const DISTRICTS = 100;
const START = Date.UTC(2025, 0, 3, 16, 59);

function generate(file: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const now = new Date().toISOString();
  const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
  db.transaction(() => {
    const unit = db.prepare(
      `INSERT INTO "Unit" (id, code, name, kind, parentId, path, depth, memberCount, active, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    );
    unit.run(1, "P", "Tỉnh", "province", null, "/1/", 0, 0, now, now);
    for (let d = 0; d < DISTRICTS; d++)
      unit.run(2 + d, `D${d}`, `Huyện ${d}`, "district", 1, `/1/${2 + d}/`, 1, 0, now, now);
    for (let id = 2 + DISTRICTS; id <= UNITS; id++) {
      const parent = 2 + (id % DISTRICTS);
      unit.run(id, `G${id}`, `Cơ sở ${id}`, "grassroots", parent, `/1/${parent}/${id}/`, 2, 50 + (id % 200), now, now);
    }
    db.prepare(
      `INSERT INTO "Deadline" (id, code, what, phrase, precision, spec, rootUnitId, createdById, active, createdAt) VALUES (1, 'H1', 'Bench', 'hàng tuần', 'recurring', '{}', 1, 1, 1, ?)`,
    ).run(now);
    const owe = db.prepare(`INSERT INTO "DeadlineUnit" (deadlineId, unitId) VALUES (1, ?)`);
    for (let id = 2 + DISTRICTS; id <= UNITS; id++) owe.run(id);
    const occ = db.prepare(`INSERT INTO "DeadlineOccurrence" (id, deadlineId, dueAt, label) VALUES (?, 1, ?, ?)`);
    for (let k = 1; k <= PERIODS; k++) occ.run(k, iso(START + (k - 1) * 7 * 86_400_000), `tuần ${k}`);
    const ind = db.prepare(
      `INSERT INTO "Indicator" (id, deadlineId, position, name, measure, rollup, comparator, target, strive, createdById, createdAt) VALUES (?, 1, ?, ?, ?, ?, 'at-least', ?, 0, 1, ?)`,
    );
    for (let i = 1; i <= INDICATORS; i++) {
      const measure = i % 5 === 0 ? "yes-no" : i % 4 === 0 ? "percent" : "people";
      const rollup = measure === "yes-no" ? "share" : measure === "percent" ? "average" : "sum";
      ind.run(i, i, `Chỉ tiêu ${i}`, measure, rollup, measure === "people" ? 100_000 : 80, now);
    }
    const target = db.prepare(
      `INSERT INTO "UnitTarget" (indicatorId, unitId, value, source, setById, setAt) VALUES (?, ?, ?, 'even', 1, ?)`,
    );
    for (let i = 1; i <= INDICATORS; i++) for (let d = 0; d < DISTRICTS; d++) target.run(i, 2 + d, 1000, now);
    const rep = db.prepare(
      `INSERT INTO "FigureReport" (indicatorId, occurrenceId, unitId, value, reportedById, reportedAt, late, current) VALUES (?, ?, ?, ?, 1, ?, 0, ?)`,
    );
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let k = 1; k <= PERIODS; k++) {
      const at = iso(START + (k - 1) * 7 * 86_400_000 - 3_600_000);
      for (let id = 2 + DISTRICTS; id <= UNITS; id++) {
        for (let i = 1; i <= INDICATORS; i++) {
          const value = i % 5 === 0 ? rnd() % 2 : i % 4 === 0 ? rnd() % 101 : rnd() % 20;
          if (rnd() % 20 === 0) rep.run(i, k, id, value + 1, at, 0);
          rep.run(i, k, id, value, at, 1);
        }
      }
    }
  })();
  db.exec("ANALYZE");
  db.close();
}

export async function benchFigures(): Promise<void> {
  const dir = tempDir("bench-figures-");
  const file = path.join(dir, "figures.db");
  const url = `file:${file}`;
  migrate(url);
  const gen = await timed(async () => generate(file));

  const raw = new Database(file, { readonly: true });
  const handWritten = raw.prepare(
    `SELECT r.indicatorId, r.occurrenceId, u.parentId, SUM(r.value) AS s, COUNT(*) AS n
       FROM "FigureReport" r JOIN "Unit" u ON u.id = r.unitId
      WHERE r.current = 1 AND r.indicatorId IN (SELECT id FROM "Indicator" WHERE deadlineId = 1)
      GROUP BY r.indicatorId, r.occurrenceId, u.parentId`,
  );
  const plainest = raw.prepare(
    `SELECT r.indicatorId, r.occurrenceId, SUM(r.value) AS s, COUNT(*) AS n FROM "FigureReport" r
      WHERE r.current = 1 AND r.indicatorId IN (SELECT id FROM "Indicator" WHERE deadlineId = 1)
      GROUP BY r.indicatorId, r.occurrenceId`,
  );
  const db = await openDatabase(url);
  const clock = new FakeClock(new Date(START + PERIODS * 7 * 86_400_000));
  const units = new UnitService(db);
  const figures = standaloneProgress(db, units, clock);
  const deadline = await db.deadline.findUniqueOrThrow({ where: { code: "H1" } });
  const province = (await units.byCode("P"))!;

  handWritten.all();
  await figures.compute(deadline, province); // warm both
  let base = Infinity;
  let plain = Infinity;
  let ours = Infinity;
  let same = true;
  for (let run = 0; run < 3; run++) {
    const b = await timed(async () => handWritten.all() as { indicatorId: number; s: number; n: number }[]);
    base = Math.min(base, b.ms);
    plain = Math.min(plain, (await timed(async () => plainest.all())).ms);
    const o = await timed(async () => (await figures.compute(deadline, province))!);
    ours = Math.min(ours, o.ms);
    // The same sums: indicator 1 (people, summed) over all periods, and how many reports indicator 1 has.
    const handSum = b.value.filter((r) => Number(r.indicatorId) === 1).reduce((a, r) => a + Number(r.s), 0);
    same = same && o.value.indicators[0]!.total.value === handSum && o.value.missing.length === 0;
  }
  raw.close();
  await db.$disconnect();
  const ratio = ours / base;
  report(
    "figures",
    {
      units: UNITS,
      indicators: INDICATORS,
      periods: PERIODS,
      generate_ms: Math.round(gen.ms),
      group_by_ms: Math.round(base),
      plain_group_by_ms: Math.round(plain),
      rollup_ms: Math.round(ours),
      ratio,
      same_total: String(same),
    },
    "ratio <= 2",
    ratio <= 2 && same,
  );
}
