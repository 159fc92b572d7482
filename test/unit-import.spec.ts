import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../src/db/client.js";
import { importUnits } from "../src/services/unit-import.js";
import { closeAll, freshDb } from "./helpers/db.js";

const header = "code,name,kind,parent_code,member_count\n";
const tree = `${header}P,Tỉnh,province,,0
D1,Huyện 1,district,P,0
D2,Huyện 2,district,P,0
G1,Cơ sở 1,grassroots,D1,30
G2,Cơ sở 2,grassroots,D1,40
`;

let db: Db;
beforeEach(async () => {
  ({ db } = await freshDb());
});
afterAll(closeAll);

async function paths(): Promise<Record<string, string>> {
  const units = await db.unit.findMany({ orderBy: { code: "asc" } });
  const byId = new Map(units.map((u) => [u.id, u.code]));
  return Object.fromEntries(
    units.map((u) => [
      u.code,
      u.path
        .split("/")
        .filter(Boolean)
        .map((id) => byId.get(Number(id)))
        .join("/"),
    ]),
  );
}

describe("importing the unit tree", () => {
  it("creates a tree of any depth with paths, depths and member counts", async () => {
    const r = await importUnits(db, `${tree}T1,Tổ 1,other,G1,5\n`, { format: "csv" });
    expect(r.ok).toBe(true);
    expect(r.created).toEqual(["P", "D1", "D2", "G1", "G2", "T1"]);
    expect(await paths()).toEqual({ P: "P", D1: "P/D1", D2: "P/D2", G1: "P/D1/G1", G2: "P/D1/G2", T1: "P/D1/G1/T1" });
    const t1 = await db.unit.findUniqueOrThrow({ where: { code: "T1" } });
    expect(t1.depth).toBe(3);
    expect((await db.unit.findUniqueOrThrow({ where: { code: "G2" } })).memberCount).toBe(40);
  });

  it("accepts rows in any order (children before parents)", async () => {
    const r = await importUnits(
      db,
      `${header}G1,Cơ sở 1,grassroots,D1,3\nD1,Huyện,district,P,0\nP,Tỉnh,province,,0\n`,
      { format: "csv" },
    );
    expect(r.ok).toBe(true);
    expect(await paths()).toMatchObject({ G1: "P/D1/G1" });
  });

  it("reports no changes the second time", async () => {
    await importUnits(db, tree, { format: "csv" });
    const again = await importUnits(db, tree, { format: "csv" });
    expect(again).toMatchObject({ ok: true, created: [], updated: [], reparented: [], unchanged: 5 });
  });

  it("updates names and member counts by code", async () => {
    await importUnits(db, tree, { format: "csv" });
    const r = await importUnits(db, tree.replace("G2,Cơ sở 2,grassroots,D1,40", "G2,Cơ sở Hai,grassroots,D1,45"), {
      format: "csv",
    });
    expect(r.updated).toEqual(["G2"]);
    expect(await db.unit.findUniqueOrThrow({ where: { code: "G2" } })).toMatchObject({
      name: "Cơ sở Hai",
      memberCount: 45,
    });
  });

  it("re-parents a moved unit together with everything under it", async () => {
    await importUnits(db, `${tree}T1,Tổ 1,other,G1,5\n`, { format: "csv" });
    const r = await importUnits(
      db,
      `${tree.replace("G1,Cơ sở 1,grassroots,D1,30", "G1,Cơ sở 1,grassroots,D2,30")}T1,Tổ 1,other,G1,5\n`,
      { format: "csv" },
    );
    expect(r.reparented).toEqual(["G1"]);
    expect(await paths()).toMatchObject({ G1: "P/D2/G1", T1: "P/D2/G1/T1", G2: "P/D1/G2" });
    expect((await db.unit.findUniqueOrThrow({ where: { code: "T1" } })).depth).toBe(3);
  });

  it("reports a malformed row with its line number and writes nothing for that file", async () => {
    await importUnits(db, tree, { format: "csv" });
    const bad = `${header}P,Tỉnh mới,province,,0\nD3,Huyện 3,district,P,abc\nD4,,district,P,1\nD5,Huyện 5,planet,P,1\nD6,Huyện 6,district,NOPE,1\n`;
    const r = await importUnits(db, bad, { format: "csv" });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(r.problems[0]!.message).toMatch(/member count/);
    expect(r.problems[1]!.message).toMatch(/name is empty/);
    expect(r.problems[2]!.message).toMatch(/kind "planet"/);
    expect((await db.unit.findUniqueOrThrow({ where: { code: "P" } })).name).toBe("Tỉnh");
    expect(await db.unit.count()).toBe(5);
    const unknownParent = await importUnits(db, `${header}D6,Huyện 6,district,NOPE,1\n`, { format: "csv" });
    expect(unknownParent.problems).toEqual([
      { line: 2, message: "parent code NOPE is neither in this file nor in the database" },
    ]);
  });

  it("refuses duplicate codes, cycles and broken CSV", async () => {
    const dup = await importUnits(db, `${header}P,A,province,,0\nP,B,province,,0\n`, { format: "csv" });
    expect(dup.problems[0]).toEqual({ line: 3, message: "unit code P already appears on line 2" });
    const cycle = await importUnits(db, `${header}A,A,district,B,0\nB,B,district,A,0\n`, { format: "csv" });
    expect(cycle.problems[0]!.message).toMatch(/cycle/);
    const broken = await importUnits(db, `${header}P,"unclosed,province,,0\n`, { format: "csv" });
    expect(broken.ok).toBe(false);
    expect(broken.problems[0]!.message).toMatch(/CSV is malformed/);
    expect(await db.unit.count()).toBe(0);
  });

  it("imports JSON too", async () => {
    const r = await importUnits(
      db,
      JSON.stringify([
        { code: "p", name: "Tỉnh", kind: "tỉnh" },
        { code: "g", name: "CĐCS", kind: "CĐCS", parent_code: "p", member_count: 7 },
      ]),
      { format: "json" },
    );
    expect(r.ok).toBe(true);
    expect(await db.unit.findUniqueOrThrow({ where: { code: "G" } })).toMatchObject({
      kind: "grassroots",
      memberCount: 7,
    });
    const bad = await importUnits(db, "{not json", { format: "json" });
    expect(bad.problems[0]!.message).toMatch(/not valid JSON/);
  });

  it("with --sync retires units missing from the file: a unit with opinions is marked inactive, never deleted", async () => {
    await importUnits(db, tree, { format: "csv" });
    const g1 = await db.unit.findUniqueOrThrow({ where: { code: "G1" } });
    const person = await db.person.create({ data: { displayName: "A" } });
    const c = await db.consultation.create({
      data: {
        code: "DT1",
        title: "t",
        rootUnitId: g1.id,
        opensAt: new Date(),
        closesAt: new Date(),
        createdById: person.id,
      },
    });
    const item = await db.consultationItem.create({ data: { consultationId: c.id, position: 1, title: "i" } });
    await db.opinion.create({
      data: { consultationId: c.id, itemId: item.id, unitId: g1.id, personId: person.id, kind: "agree", text: "ok" },
    });
    const without = tree
      .split("\n")
      .filter((l) => !l.startsWith("G1,") && !l.startsWith("G2,"))
      .join("\n");
    const plain = await importUnits(db, without, { format: "csv" });
    expect(plain.notInFile.sort()).toEqual(["G1", "G2"]);
    expect(await db.unit.count()).toBe(5);
    const synced = await importUnits(db, without, { format: "csv", sync: true });
    expect(synced.deactivated).toEqual(["G1"]);
    expect(synced.deleted).toEqual(["G2"]);
    expect(await db.unit.findUniqueOrThrow({ where: { code: "G1" } })).toMatchObject({ active: false });
    expect(await db.opinion.count()).toBe(1);
  });

  it("builds the shipped Lai Châu tree: 8 districts, 3 sector unions, grassroots units with members", async () => {
    const csv = fs.readFileSync(path.join(import.meta.dirname, "..", "examples", "units-lai-chau.csv"), "utf8");
    expect((await importUnits(db, csv, { format: "csv" })).ok).toBe(true);
    expect(await db.unit.count({ where: { kind: "district" } })).toBe(8);
    expect(await db.unit.count({ where: { kind: "sector" } })).toBe(3);
    const grassroots = await db.unit.findMany({ where: { kind: "grassroots" } });
    expect(grassroots.length).toBeGreaterThanOrEqual(16);
    expect(grassroots.every((u) => u.memberCount > 0 && u.depth === 2)).toBe(true);
    expect((await importUnits(db, csv, { format: "csv" })).created).toEqual([]);
  });
});
