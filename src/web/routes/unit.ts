/**
 * A unit: its children as a table (sortable by any column, 50 rows a page, so a province of thousands of units
 * answers at once), each child's members, units, linked groups and overdue reports in its branch; a child's name opens
 * its own page. Any unit in the viewer's scope; outside it the polite 403 page, which says nothing about the unit.
 */
import { summaryOf } from "../../services/deadline-board.js";
import { upperBound, type UnitRow } from "../../services/units.js";
import type { Cell, Viewer, ViewKit } from "../view-kit.js";
import { downloadLinks } from "./downloads.js";
import type { WebRequest } from "../route.js";
import { can } from "../../domain/scope.js";

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

/** Each child of a unit with its branch's figures: the subtree read once by its path range, rolled up here. */
export async function childRows(kit: ViewKit, unit: UnitRow): Promise<ChildRow[]> {
  const { db, services, clock, config } = kit.app;
  const lo = unit.path;
  const hi = upperBound(unit.path);
  const [units, groups, boards] = await Promise.all([
    db.$queryRawUnsafe<
      {
        id: number;
        parentId: number | null;
        code: string;
        name: string;
        kind: string;
        path: string;
        memberCount: number;
      }[]
    >(
      `SELECT id, "parentId" AS "parentId", code, name, kind, path, "memberCount" AS "memberCount"
         FROM "Unit" WHERE path >= ? AND path < ? AND active = TRUE`,
      lo,
      hi,
    ),
    db.$queryRawUnsafe<{ unitId: number; n: number | bigint }[]>(
      `SELECT c."unitId" AS "unitId", COUNT(*) AS n FROM "Chat" c JOIN "Unit" u ON u.id = c."unitId"
        WHERE c.kind = 'group' AND c.status = 'active' AND u.path >= ? AND u.path < ? GROUP BY c."unitId"`,
      lo,
      hi,
    ),
    services.deadlines.boards({ paths: [unit.path] }),
  ]);
  const rows = new Map<number, ChildRow>();
  for (const u of units)
    if (Number(u.parentId) === unit.id)
      rows.set(Number(u.id), {
        id: Number(u.id),
        code: u.code,
        name: u.name,
        kind: u.kind,
        members: 0,
        units: 0,
        groups: 0,
        overdue: 0,
      });
  /** The child of `unit` a path lies under ("/1/4/9/12/" under "/1/4/" → 9). */
  const childOf = (path: string) => rows.get(Number(path.slice(lo.length).split("/")[0]));
  const pathOf = new Map<number, string>();
  for (const u of units) {
    pathOf.set(Number(u.id), u.path);
    const row = u.path === lo ? undefined : childOf(u.path);
    if (!row) continue;
    row.members += Number(u.memberCount);
    row.units += 1;
  }
  for (const g of groups) {
    const row = childOf(pathOf.get(Number(g.unitId)) ?? lo);
    if (row) row.groups += Number(g.n);
  }
  const now = clock.now();
  for (const b of boards)
    for (const s of summaryOf(b, now, config.timezone).states)
      if (s.state.kind === "overdue") {
        const row = childOf(s.unit.path);
        if (row) row.overdue += 1;
      }
  return [...rows.values()];
}

function sorted(rows: ChildRow[], column: Column, descending: boolean): ChildRow[] {
  const sign = descending ? -1 : 1;
  return rows.sort((a, b) => {
    const x = a[column];
    const y = b[column];
    const c = typeof x === "number" ? x - (y as number) : String(x).localeCompare(String(y), "vi");
    return sign * (c || a.code.localeCompare(b.code));
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
  }));
  const rows: Cell[][] = shown.map((c) => [
    c.code,
    kit.link(`/web/unit/${encodeURIComponent(c.code)}`, c.name),
    t(`kind-${c.kind}`),
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
  const code = encodeURIComponent(unit.code);
  const items = [];
  const c = await consultations.latestFor(unit.path);
  if (c) {
    items.push(
      kit.link(`/web/consultation/${c.code}?unit=${code}`, t("webv-consultation-of", { code: c.code, title: c.title })),
    );
    items.push(downloadLinks(kit, v, c.code, unit.code));
  }
  for (const d of await progress.figureDeadlinesIn(unit))
    items.push(kit.link(`/web/figures/${d.code}?unit=${code}`, t("webv-figures-of", { code: d.code, title: d.what })));
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
