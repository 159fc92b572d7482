/**
 * Sample data for the playground, created on first start: the Lai Châu unit tree (examples/), four people (a member,
 * a grassroots chair, a district chair, provincial staff) and a group chat per sample unit, all on the "web" platform.
 */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/client.js";
import { importUnits } from "./unit-import.js";

export const EXAMPLES_DIR = findExamples(import.meta.dirname);

function findExamples(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "examples", "units-lai-chau.csv"))) return path.join(dir, "examples");
    if (path.dirname(dir) === dir) throw new Error(`examples/ not found above ${from}`);
  }
}

export interface Persona {
  id: string;
  /** The person's name, as the bot stores and shows it ("Đã nhận lúc … (Lò Thị Mai)"). */
  name: string;
  /** The name with the role, for the playground's persona picker only. */
  label: string;
  role: "member" | "chair" | "staff";
  unit: string;
}

export const PERSONAS: Persona[] = [
  { id: "member", name: "Lò Thị Mai", label: "Lò Thị Mai (đoàn viên)", role: "member", unit: "LC-TD-01" },
  {
    id: "chair",
    name: "Vàng Văn Sáng",
    label: "Vàng Văn Sáng (chủ tịch CĐCS xã Bình Lư)",
    role: "chair",
    unit: "LC-TD-01",
  },
  {
    id: "district",
    name: "Nguyễn Thị Hoa",
    label: "Nguyễn Thị Hoa (chủ tịch LĐLĐ Tam Đường)",
    role: "chair",
    unit: "LC-TD",
  },
  { id: "staff", name: "Trần Minh Đức", label: "Trần Minh Đức (cán bộ LĐLĐ tỉnh)", role: "staff", unit: "LC" },
];

export const SAMPLE_GROUPS = [
  { id: "g-LC-TD-01", title: "CĐCS UBND xã Bình Lư", unit: "LC-TD-01" },
  { id: "g-LC-TD-02", title: "CĐCS Công ty TNHH Chè Tam Đường", unit: "LC-TD-02" },
  { id: "g-LC-TD", title: "LĐLĐ huyện Tam Đường", unit: "LC-TD" },
  { id: "g-LC-PT", title: "LĐLĐ huyện Phong Thổ", unit: "LC-PT" },
];

/** Idempotent: only what is missing is created; a restart on a seeded database costs three small queries. */
export async function seedSamples(db: Db): Promise<void> {
  const [people, groups] = await Promise.all([
    db.identity.count({ where: { platform: "web", platformUserId: { in: PERSONAS.map((p) => p.id) } } }),
    db.chat.count({ where: { platform: "web", platformChatId: { in: SAMPLE_GROUPS.map((g) => g.id) } } }),
  ]);
  // Databases seeded before the names lost their role suffix ("Lò Thị Mai (đoàn viên)") get the plain names.
  const labelled = await db.person.findMany({ where: { displayName: { in: PERSONAS.map((p) => p.label) } } });
  for (const person of labelled) {
    const persona = PERSONAS.find((p) => p.label === person.displayName)!;
    await db.person.update({ where: { id: person.id }, data: { displayName: persona.name } });
    await db.identity.updateMany({ where: { personId: person.id }, data: { displayName: persona.name } });
  }
  if (people === PERSONAS.length && groups === SAMPLE_GROUPS.length) return;
  if (!(await db.unit.count())) {
    const r = await importUnits(db, fs.readFileSync(path.join(EXAMPLES_DIR, "units-lai-chau.csv"), "utf8"), {
      format: "csv",
      actor: "playground",
    });
    if (!r.ok) throw new Error(`examples/units-lai-chau.csv: ${r.problems.map((p) => p.message).join("; ")}`);
  }
  for (const p of PERSONAS) {
    const unit = await db.unit.findUnique({ where: { code: p.unit } });
    if (!unit) continue;
    let identity = await db.identity.findUnique({
      where: { platform_platformUserId: { platform: "web", platformUserId: p.id } },
    });
    if (!identity) {
      const person = await db.person.create({
        data: {
          displayName: p.name,
          identities: { create: { platform: "web", platformUserId: p.id, displayName: p.name } },
        },
      });
      identity = await db.identity.findUniqueOrThrow({
        where: { platform_platformUserId: { platform: "web", platformUserId: p.id } },
      });
      await db.membership.create({ data: { personId: person.id, unitId: unit.id, role: p.role } });
    }
  }
  for (const g of SAMPLE_GROUPS) {
    const unit = await db.unit.findUnique({ where: { code: g.unit } });
    if (!unit) continue;
    await db.chat.upsert({
      where: { platform_platformChatId: { platform: "web", platformChatId: g.id } },
      create: {
        platform: "web",
        platformChatId: g.id,
        kind: "group",
        title: g.title,
        unitId: unit.id,
        linkedAt: new Date(),
      },
      update: {},
    });
  }
}

export function samplePlans(): { name: string; file: string }[] {
  const dir = path.join(EXAMPLES_DIR, "plans");
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".txt"))
        .sort()
        .map((f) => ({ name: f.replace(/\.txt$/, ""), file: path.join(dir, f) }))
    : [];
}
