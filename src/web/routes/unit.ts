/**
 * A unit: its children as a table (sortable by any column, 50 rows a page, so a province of thousands of units
 * answers at once), each child's members, units, linked groups and overdue reports in its branch; a child's name opens
 * its own page. Any unit in the viewer's scope; outside it the polite 403 page, which says nothing about the unit.
 */
import { openReader, sqlTime } from "../../db/client.js";
import { can } from "../../domain/scope.js";
import { consultationPath, figuresPath } from "../../domain/web-paths.js";
import { type UnitRow, upperBound } from "../../services/units.js";
import type { WebRequest } from "../route.js";
import type { Cell, Viewer, ViewKit } from "../view-kit.js";
import { downloadLinks } from "./downloads.js";

export const PAGE_SIZE = 50;

const COLUMNS = ["code", "name", "kind", "members", "units", "groups", "overdue"] as const;
type Column = (typeof COLUMNS)[number];

interface ChildRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  members: number;
  units: number;
  groups: number;
  overdue: number;
}

/**
 * Each child of a unit with its branch's figures, grouped by the database per child (the child's id is the segment of
 * a path after the unit's own: "/1/4/9/12/" under "/1/4/" is 9), read on the engine's own driver. Overdue reports:
 * periods already due that an owing unit has neither handed in nor been excused from, on active deadlines (the
 * boards' "overdue" state).
 */
export async function childRows(kit: ViewKit, unit: UnitRow): Promise<ChildRow[]> {
  const { db, clock } = kit.app;
  const reader = openReader(db);
  const lo = unit.path;
  const hi = upperBound(unit.path);
  const from = lo.length + 1;
  // Only rows strictly below the unit: PostgreSQL refuses the negative length the unit's own path would give.
  const branch = `substr(u.path, ${from}, instr(substr(u.path, ${from}), '/') - 1)`;
  type Count = { b: string; n: number | bigint | string; m?: number | bigint | string | null };
  const [children, units, groups, overdue] = await Promise.all([
    reader.rows<{ id: number; code: string; name: string; kind: string }>(
      `SELECT id, code, name, kind FROM "Unit" WHERE "parentId" = ? AND active = TRUE`,
      unit.id,
    ),
    reader.rows<Count>(
      `SELECT ${branch} AS b, COUNT(*) AS n, SUM(u."memberCount") AS m FROM "Unit" u
        WHERE u.path > ? AND u.path < ? AND u.active = TRUE GROUP BY ${branch}`,
      lo,
      hi,
    ),
    reader.rows<Count>(
      `SELECT ${branch} AS b, COUNT(*) AS n FROM "Chat" c JOIN "Unit" u ON u.id = c."unitId"
        WHERE c.kind = 'group' AND c.status = 'active' AND u.path > ? AND u.path < ? GROUP BY ${branch}`,
      lo,
      hi,
    ),
    reader.rows<Count>(
      `SELECT ${branch} AS b, COUNT(*) AS n
         FROM "DeadlineUnit" du JOIN "Deadline" d ON d.id = du."deadlineId"
         JOIN "Unit" u ON u.id = du."unitId"
         JOIN "DeadlineOccurrence" o ON o."deadlineId" = du."deadlineId"
        WHERE d.active = TRUE AND u.active = TRUE AND u.path > ? AND u.path < ? AND o."dueAt" < ?
          AND NOT EXISTS (SELECT 1 FROM "Submission" s WHERE s."occurrenceId" = o.id AND s."unitId" = du."unitId")
        GROUP BY ${branch}`,
      lo,
      hi,
      sqlTime(clock.now()),
    ),
  ]);
  const rows = new Map<string, ChildRow>();
  for (const c of children)
    rows.set(String(c.id), {
      id: Number(c.id),
      code: c.code,
      name: c.name,
      kind: c.kind,
      members: 0,
      units: 0,
      groups: 0,
      overdue: 0,
    });
  for (const u of units) {
    const row = rows.get(String(u.b));
    if (!row) continue;
    row.members = Number(u.m ?? 0);
    row.units = Number(u.n) - 1; // the child itself is not "under" it
  }
  for (const g of groups) {
    const row = rows.get(String(g.b));
    if (row) row.groups = Number(g.n);
  }
  for (const o of overdue) {
    const row = rows.get(String(o.b));
    if (row) row.overdue = Number(o.n);
  }
  return [...rows.values()];
}

let names: Intl.Collator | undefined;
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted in place by one column, then by code; names in Vietnamese order (one collator, made on first use). */
function sorted(rows: ChildRow[], column: Column, descending: boolean): ChildRow[] {
  const sign = descending ? -1 : 1;
  const text = column === "name" ? (names ??= new Intl.Collator("vi")).compare : byCode;
  return rows.sort((a, b) => {
    const x = a[column];
    const y = b[column];
    const c = typeof x === "number" ? x - (y as number) : text(String(x), String(y));
    return sign * c || byCode(a.code, b.code);
  });
}

export async function unitPage(kit: ViewKit, r: WebRequest): Promise<void> {
  const v = await kit.viewer(r);
  if (!v) return;
  const unit = await kit.unitInScope(r, v, r.match[1]);
  if (!unit) return;
  const { t } = v;
  const q = r.url.searchParams;
  const column: Column = (COLUMNS as readonly string[]).includes(q.get("sort") ?? "")
    ? (q.get("sort") as Column)
    : "code";
  const descending = q.get("dir") === "desc";
  const all = sorted(await childRows(kit, unit), column, descending);
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(q.get("page") ?? "1", 10) || 1));
  const shown = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const base = `/web/unit/${encodeURIComponent(unit.code)}`;
  const href = (o: { sort?: Column; desc?: boolean; page?: number }) =>
    `${base}?sort=${o.sort ?? column}&dir=${(o.desc ?? descending) ? "desc" : "asc"}&page=${o.page ?? 1}`;
  const numeric = new Set<Column>(["members", "units", "groups", "overdue"]);
  const head = COLUMNS.map((c) => ({
    text: t(`webv-col-${c}`),
    href: href({ sort: c, desc: c === column ? !descending : numeric.has(c) }),
    num: numeric.has(c),
    mark: c === column ? (descending ? " ▼" : " ▲") : "",
    // On a phone the name carries the row: the code and the kind are left out there.
    cls: c === "code" || c === "kind" ? "wide" : "",
  }));
  const rows: Cell[][] = shown.map((c) => [
    { text: c.code, cls: "wide" },
    kit.link(`/web/unit/${encodeURIComponent(c.code)}`, c.name),
    { text: t(`kind-${c.kind}`), cls: "wide" },
    { text: String(c.members), num: true },
    { text: String(c.units), num: true },
    { text: String(c.groups), num: true },
    { text: String(c.overdue), num: true, cls: c.overdue ? "bad" : "" },
  ]);
  const pager = kit.part("pager", {
    previous: page > 1 ? kit.link(href({ page: page - 1 }), t("webv-previous")) : "",
    where: t("webv-page", { page, pages, rows: all.length }),
    next: page < pages ? kit.link(href({ page: page + 1 }), t("webv-next")) : "",
  });
  const children = all.length ? [kit.table(head, rows), pager] : [kit.text(t("webv-no-children"), "muted")];
  kit.page(r.res, v, {
    title: `${unit.name} (${unit.code})`,
    crumbs: await crumbs(kit, v.actor.grants, unit),
    main: [
      kit.section(t("webv-children", { n: all.length }), children, "children"),
      kit.section(t("webv-about-unit"), await unitLinks(kit, v, unit), "links"),
    ],
  });
}

/** The unit's latest consultation (its page and the /xuatbaocao files) and its figures deadlines. */
async function unitLinks(kit: ViewKit, v: Viewer, unit: UnitRow) {
  const { consultations, progress } = kit.app.services;
  const { t } = v;
  const items = [];
  const c = await consultations.latestFor(unit.path);
  if (c) {
    items.push(
      kit.link(consultationPath(c.code, unit.code), t("webv-consultation-of", { code: c.code, title: c.title })),
    );
    items.push(downloadLinks(kit, v, c.code, unit.code));
  }
  for (const d of await progress.figureDeadlinesIn(unit))
    items.push(kit.link(figuresPath(d.code, unit.code), t("webv-figures-of", { code: d.code, title: d.what })));
  return items.length ? kit.list(items) : kit.text(t("webv-none"), "muted");
}

/** The way down from the viewer's scope to this unit: only the units the viewer may see. */
export async function crumbs(
  kit: ViewKit,
  grants: Parameters<typeof can>[0],
  unit: { path: string },
): Promise<{ href: string; text: string }[]> {
  const ids = unit.path.split("/").filter(Boolean).map(Number);
  const units = await kit.app.db.unit.findMany({
    where: { id: { in: ids } },
    select: { code: true, name: true, path: true },
  });
  return units
    .filter((u) => can(grants, "view", u.path))
    .sort((a, b) => a.path.length - b.path.length)
    .map((u) => ({ href: `/web/unit/${encodeURIComponent(u.code)}`, text: u.code }));
}
