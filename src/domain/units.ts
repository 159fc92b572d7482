/**
 * The unit tree (pure). Units form a tree of any depth; each keeps a materialised path of ids ("/1/4/17/"),
 * so "everything under X" is one indexed prefix match and re-parenting rewrites the paths of one subtree.
 */
import { z } from "zod";

export const UNIT_KINDS = ["province", "district", "sector", "grassroots", "other"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Words people write for each kind (CSV, Nơi nhận lines), lower-cased without diacritics. */
const KIND_ALIASES: Record<string, UnitKind> = {
  province: "province",
  tinh: "province",
  "ldld tinh": "province",
  district: "district",
  huyen: "district",
  "ldld huyen": "district",
  sector: "sector",
  nganh: "sector",
  "cd nganh": "sector",
  "cong doan nganh": "sector",
  grassroots: "grassroots",
  cdcs: "grassroots",
  "co so": "grassroots",
  other: "other",
  khac: "other",
};

export function foldVietnamese(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .trim();
}

export function parseUnitKind(raw: string): UnitKind | undefined {
  return KIND_ALIASES[foldVietnamese(raw)];
}

export const unitCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_.-]{0,39}$/, { message: "unit code: 1-40 letters, digits, '_', '-' or '.'" });

export const unitRowSchema = z.object({
  code: unitCodeSchema,
  name: z
    .string()
    .trim()
    .min(1, { message: "name is empty" })
    .max(200, { message: "name is longer than 200 characters" }),
  kind: z.string().transform((k, ctx) => {
    const kind = parseUnitKind(k);
    if (!kind) ctx.addIssue({ code: "custom", message: `kind "${k}" is not one of ${UNIT_KINDS.join(", ")}` });
    return kind ?? "other";
  }),
  parentCode: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((v) => (v ? v : undefined)),
  memberCount: z.coerce
    .number({ message: "member count is not a number" })
    .int({ message: "member count is not a whole number" })
    .min(0, { message: "member count is negative" })
    .default(0),
  active: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((v) =>
      v === undefined || v === "" ? true : v === true || /^(1|true|yes|co|có)$/i.test(String(v).trim()),
    ),
});
export type UnitRow = z.infer<typeof unitRowSchema>;

export interface ExistingUnit {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentCode: string | undefined;
  memberCount: number;
  active: boolean;
}

export type UnitChange =
  | { type: "create"; row: UnitRow }
  | { type: "update"; row: UnitRow; fields: string[] }
  | { type: "reparent"; row: UnitRow; from: string | undefined; to: string | undefined };

export interface RowProblem {
  line: number;
  message: string;
}

/** Checks a whole file of rows against itself and the stored tree: unknown parents, duplicates, cycles. */
export function checkTree(rows: { line: number; row: UnitRow }[], existing: ExistingUnit[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, row } of rows) {
    const first = seen.get(row.code);
    if (first !== undefined) problems.push({ line, message: `unit code ${row.code} already appears on line ${first}` });
    else seen.set(row.code, line);
    if (row.parentCode === row.code) problems.push({ line, message: `unit ${row.code} cannot be its own parent` });
  }
  const parentOf = new Map<string, string | undefined>(existing.map((u) => [u.code, u.parentCode]));
  for (const { row } of rows) parentOf.set(row.code, row.parentCode);
  for (const { line, row } of rows) {
    if (row.parentCode && !parentOf.has(row.parentCode)) {
      problems.push({ line, message: `parent code ${row.parentCode} is neither in this file nor in the database` });
    }
  }
  for (const { line, row } of rows) {
    const visited = new Set<string>();
    let cur: string | undefined = row.code;
    while (cur) {
      if (visited.has(cur)) {
        problems.push({ line, message: `unit ${row.code} would sit under itself (a cycle through ${cur})` });
        break;
      }
      visited.add(cur);
      cur = parentOf.get(cur);
    }
  }
  return problems;
}

/** What importing these rows would change, in an order where parents come before children. */
export function planUnitChanges(rows: UnitRow[], existing: ExistingUnit[]): UnitChange[] {
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const changes: UnitChange[] = [];
  for (const row of orderParentsFirst(rows)) {
    const cur = byCode.get(row.code);
    if (!cur) {
      changes.push({ type: "create", row });
      continue;
    }
    const fields: string[] = [];
    if (cur.name !== row.name) fields.push("name");
    if (cur.kind !== row.kind) fields.push("kind");
    if (cur.memberCount !== row.memberCount) fields.push("memberCount");
    if (cur.active !== row.active) fields.push("active");
    if (fields.length) changes.push({ type: "update", row, fields });
    if ((cur.parentCode ?? undefined) !== row.parentCode) {
      changes.push({ type: "reparent", row, from: cur.parentCode, to: row.parentCode });
    }
  }
  return changes;
}

export function orderParentsFirst(rows: UnitRow[]): UnitRow[] {
  const inFile = new Map(rows.map((r) => [r.code, r]));
  const depthOf = (r: UnitRow): number => {
    let d = 0;
    let p = r.parentCode;
    const guard = new Set<string>();
    while (p && inFile.has(p) && !guard.has(p)) {
      guard.add(p);
      d++;
      p = inFile.get(p)!.parentCode;
    }
    return d;
  };
  return [...rows]
    .map((r) => ({ r, d: depthOf(r) }))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.r);
}

export function childPath(parentPath: string | undefined, id: number): string {
  return `${parentPath ?? "/"}${id}/`;
}

/** True when `path` is `ancestorPath` itself or lies below it. */
export function isInSubtree(ancestorPath: string, path: string): boolean {
  return path.startsWith(ancestorPath);
}

export function depthOfPath(path: string): number {
  return path.split("/").filter(Boolean).length - 1;
}
