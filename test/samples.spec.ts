/** The playground's sample people: their names are names; the role is only in the persona picker's label. */
import { afterAll, describe, expect, it } from "vitest";
import { PERSONAS, seedSamples } from "../src/services/samples.js";
import { closeAll, freshDb } from "./helpers/db.js";

afterAll(closeAll);

describe("the playground's sample people", () => {
  it("are stored by their plain names, so status lines read '(Lò Thị Mai)' and not '(Lò Thị Mai (đoàn viên))'", async () => {
    const { db } = await freshDb();
    await seedSamples(db);
    const names = (await db.person.findMany({ orderBy: { id: "asc" } })).map((p) => p.displayName);
    expect(names).toEqual(["Lò Thị Mai", "Vàng Văn Sáng", "Nguyễn Thị Hoa", "Trần Minh Đức"]);
    expect(PERSONAS.map((p) => p.label)).toContain("Lò Thị Mai (đoàn viên)");
  });

  it("renames people a database seeded earlier stored with their role", async () => {
    const { db } = await freshDb();
    await seedSamples(db);
    await db.person.updateMany({
      where: { displayName: "Lò Thị Mai" },
      data: { displayName: "Lò Thị Mai (đoàn viên)" },
    });
    await seedSamples(db);
    expect(await db.person.count({ where: { displayName: "Lò Thị Mai" } })).toBe(1);
    expect(await db.person.count({ where: { displayName: { contains: "(" } } })).toBe(0);
    expect(await db.identity.count({ where: { displayName: "Lò Thị Mai" } })).toBe(1);
  });
});
