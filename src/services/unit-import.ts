/**
 * Importing the unit tree from CSV or JSON: create or update by code, re-parent moved units, and (with sync)
 * retire units missing from the file. A file with any bad row changes nothing.
 */
import { parse as parseCsv } from "csv-parse/sync";
import type { Db } from "../db/client.js";
import {
  checkTree,
  childPath,
  depthOfPath,
  type ExistingUnit,
  planUnitChanges,
  type RowProblem,
  type UnitChange,
  type UnitRow,
  unitRowSchema,
} from "../domain/units.js";

export interface ImportReport {
  ok: boolean;
  problems: RowProblem[];
  created: string[];
  updated: string[];
  reparented: string[];
  deactivated: string[];
  deleted: string[];
  unchanged: number;
  notInFile: string[];
}

/** Header words accepted for each column (English, Vietnamese without diacritics). */
const HEADER_ALIASES: Record<string, keyof UnitRow> = {
  code: "code",
  ma: "code",
  ma_don_vi: "code",
  name: "name",
  ten: "name",
  ten_don_vi: "name",
  kind: "kind",
  loai: "kind",
  cap: "kind",
  parent_code: "parentCode",
  parent: "parentCode",
  parentcode: "parentCode",
  ma_cap_tren: "parentCode",
  member_count: "memberCount",
  members: "memberCount",
  membercount: "memberCount",
  so_doan_vien: "memberCount",
  active: "active",
  hoat_dong: "active",
};

interface RawRow {
  line: number;
  values: Record<string, unknown>;
}

export function readUnitFile(content: string, format: "csv" | "json"): { rows: RawRow[]; problems: RowProblem[] } {
  if (format === "json") {
    let data: unknown;
    try {
      data = JSON.parse(content);
    } catch (err) {
      return { rows: [], problems: [{ line: 0, message: `not valid JSON: ${(err as Error).message}` }] };
    }
    const list = Array.isArray(data) ? data : (data as { units?: unknown })?.units;
    if (!Array.isArray(list))
      return { rows: [], problems: [{ line: 0, message: 'expected a JSON array of units (or { "units": [...] })' }] };
    return {
      rows: list.map((v, i) => ({ line: i + 1, values: normaliseKeys((v ?? {}) as Record<string, unknown>) })),
      problems: [],
    };
  }
  try {
    const records = parseCsv(content.replace(/^\uFEFF/, ""), {
      columns: (header: string[]) => header.map((h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? h.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    }) as { record: Record<string, unknown>; info: { lines: number } }[];
    return { rows: records.map((r) => ({ line: r.info.lines, values: r.record })), problems: [] };
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { rows: [], problems: [{ line: e.lines ?? 0, message: `CSV is malformed: ${e.message}` }] };
  }
}

function normaliseKeys(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [HEADER_ALIASES[k.toLowerCase()] ?? k, x]));
}

export async function importUnits(
  db: Db,
  content: string,
  options: { format: "csv" | "json"; sync?: boolean; dryRun?: boolean; actor?: string },
): Promise<ImportReport> {
  const report: ImportReport = {
    ok: false,
    problems: [],
    created: [],
    updated: [],
    reparented: [],
    deactivated: [],
    deleted: [],
    unchanged: 0,
    notInFile: [],
  };
  const { rows: raw, problems } = readUnitFile(content, options.format);
  report.problems.push(...problems);
  const rows: { line: number; row: UnitRow }[] = [];
  for (const r of raw) {
    const parsed = unitRowSchema.safeParse(r.values);
    if (parsed.success) rows.push({ line: r.line, row: parsed.data });
    else for (const issue of parsed.error.issues) report.problems.push({ line: r.line, message: issue.message });
  }
  if (!raw.length && !report.problems.length) report.problems.push({ line: 0, message: "the file has no units" });

  const existingRows = await db.unit.findMany({
    select: {
      id: true,
      code: true,
      name: true,
      kind: true,
      memberCount: true,
      active: true,
      parent: { select: { code: true } },
    },
  });
  const existing: ExistingUnit[] = existingRows.map((u) => ({ ...u, parentCode: u.parent?.code }));
  if (!report.problems.length) report.problems.push(...checkTree(rows, existing));
  if (report.problems.length) {
    report.problems.sort((a, b) => a.line - b.line);
    return report;
  }

  const changes = planUnitChanges(
    rows.map((r) => r.row),
    existing,
  );
  const inFile = new Set(rows.map((r) => r.row.code));
  report.notInFile = existing.filter((u) => !inFile.has(u.code) && u.active).map((u) => u.code);
  report.unchanged = rows.length - new Set(changes.map((c) => c.row.code)).size;
  if (options.dryRun) {
    summarise(report, changes);
    report.ok = true;
    return report;
  }

  await db.$transaction(async (tx) => {
    for (const change of changes) await applyChange(tx as unknown as Db, change);
    if (options.sync) {
      for (const code of report.notInFile) {
        const unit = await tx.unit.findUniqueOrThrow({
          where: { code },
          include: {
            _count: {
              select: {
                opinions: true,
                memberships: true,
                chats: true,
                children: true,
                meetings: true,
                acknowledgements: true,
                submissions: true,
                owedDeadlines: true,
              },
            },
          },
        });
        const referenced = Object.values(unit._count).some((n) => n > 0);
        if (referenced) {
          await tx.unit.update({ where: { id: unit.id }, data: { active: false } });
          report.deactivated.push(code);
        } else {
          await tx.unit.delete({ where: { id: unit.id } });
          report.deleted.push(code);
        }
      }
      report.notInFile = [];
    }
    await tx.auditLog.create({
      data: {
        actor: options.actor ?? "units:import",
        action: "units.import",
        details: JSON.stringify({ changes: changes.length, sync: !!options.sync }),
      },
    });
  });
  summarise(report, changes);
  report.ok = true;
  return report;
}

function summarise(report: ImportReport, changes: UnitChange[]): void {
  for (const c of changes) {
    if (c.type === "create") report.created.push(c.row.code);
    if (c.type === "update") report.updated.push(c.row.code);
    if (c.type === "reparent") report.reparented.push(c.row.code);
  }
}

async function applyChange(tx: Db, change: UnitChange): Promise<void> {
  const { row } = change;
  const parent = row.parentCode ? await tx.unit.findUniqueOrThrow({ where: { code: row.parentCode } }) : undefined;
  if (change.type === "create") {
    const unit = await tx.unit.create({
      data: {
        code: row.code,
        name: row.name,
        kind: row.kind,
        memberCount: row.memberCount,
        active: row.active,
        parentId: parent?.id ?? null,
        path: "",
      },
    });
    const path = childPath(parent?.path, unit.id);
    await tx.unit.update({ where: { id: unit.id }, data: { path, depth: depthOfPath(path) } });
    return;
  }
  if (change.type === "update") {
    await tx.unit.update({
      where: { code: row.code },
      data: { name: row.name, kind: row.kind, memberCount: row.memberCount, active: row.active },
    });
    return;
  }
  await moveUnit(tx, row.code, parent?.id ?? null);
}

/** Re-parents a unit and rewrites the paths of its whole subtree in one statement. */
export async function moveUnit(tx: Db, code: string, newParentId: number | null): Promise<void> {
  const unit = await tx.unit.findUniqueOrThrow({ where: { code } });
  const parent = newParentId === null ? undefined : await tx.unit.findUniqueOrThrow({ where: { id: newParentId } });
  const newPath = childPath(parent?.path, unit.id);
  await tx.unit.update({ where: { id: unit.id }, data: { parentId: newParentId } });
  await tx.$executeRawUnsafe(
    `UPDATE "Unit" SET path = ? || substr(path, ?), depth = depth + ? WHERE path LIKE ? || '%'`,
    newPath,
    unit.path.length + 1,
    depthOfPath(newPath) - unit.depth,
    unit.path,
  );
}

export function formatImportReport(r: ImportReport): string {
  if (!r.ok) {
    return ["Nothing was written. Problems:", ...r.problems.map((p) => `  line ${p.line}: ${p.message}`)].join("\n");
  }
  const lines = [
    `created: ${r.created.length}${list(r.created)}`,
    `updated: ${r.updated.length}${list(r.updated)}`,
    `re-parented: ${r.reparented.length}${list(r.reparented)}`,
    `unchanged: ${r.unchanged}`,
  ];
  if (r.deactivated.length)
    lines.push(`marked inactive (still referenced): ${r.deactivated.length}${list(r.deactivated)}`);
  if (r.deleted.length) lines.push(`deleted: ${r.deleted.length}${list(r.deleted)}`);
  if (r.notInFile.length)
    lines.push(
      "in the database but not in the file (left alone; --sync retires them): " +
        `${r.notInFile.length}${list(r.notInFile)}`,
    );
  if (!r.created.length && !r.updated.length && !r.reparented.length && !r.deactivated.length && !r.deleted.length)
    lines.unshift("No changes.");
  return lines.join("\n");
}

function list(codes: string[]): string {
  if (!codes.length) return "";
  const shown = codes.slice(0, 12).join(", ");
  return ` (${shown}${codes.length > 12 ? `, … ${codes.length - 12} more` : ""})`;
}
