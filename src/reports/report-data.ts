/** The rows every export shares: the roll-up in tree order, the opinions and the meetings of a subtree. */
import { type Db, openReader } from "../db/client.js";
import type { Reader } from "../db/reader.js";
import { formatDay } from "../domain/dates/due.js";
import { participation, type TallyNode } from "../domain/tally.js";
import type { Tally } from "../services/tally.js";
import { upperBound } from "../services/units.js";

/** Opinions read from the database at a time while a file is written (the files hold every one). */
export const OPINION_PAGE = 5_000;
/** Opinions the .docx report quotes; the rest are counted there and listed in the .xlsx and .csv. */
export const DOCX_OPINIONS = 2_000;

type OpinionOptions = { hideAuthors: boolean; timezone: string; voiceLabel: (s: number) => string; hidden: string };

export interface OpinionRow {
  id: number;
  unitCode: string;
  unitName: string;
  item: number;
  itemTitle: string;
  kind: string;
  date: string;
  text: string;
  author: string;
}

export interface MeetingRow {
  unitCode: string;
  unitName: string;
  heldOn: string;
  attendees: number;
  item: number;
  itemTitle: string;
  counts: [number, number, number, number, number];
  keyPoints: string;
}

/** Depth-first: each unit followed by the units under it, as the roll-up sheet lists them. */
export function treeRows(root: TallyNode): { node: TallyNode; level: number }[] {
  const out: { node: TallyNode; level: number }[] = [];
  const walk = (n: TallyNode, level: number) => {
    out.push({ node: n, level });
    for (const c of n.children) walk(c, level + 1);
  };
  walk(root, 0);
  return out;
}

interface RawOpinion {
  id: number | bigint;
  itemId: number | bigint;
  kind: string;
  text: string | null;
  voiceFileRef: string | null;
  voiceDuration: number | null;
  createdAt: string | Date;
  unitCode: string;
  unitName: string;
  author: string;
}

/** One reader per database (closed with it), opened on the first export. */
const readers = new WeakMap<Db, Reader>();
function readerOf(db: Db): Reader {
  let r = readers.get(db);
  if (!r) readers.set(db, (r = openReader(db)));
  return r;
}

/** Where a subtree's rows are: its root's path range. */
async function subtreeRange(db: Db, tally: Tally): Promise<{ gte: string; lt: string }> {
  const path = (await db.unit.findUniqueOrThrow({ where: { id: tally.root.unit.id } })).path;
  return { gte: path, lt: upperBound(path) };
}

/** Gives back the export reader's connection and page cache once the files are written (opened again when needed). */
export function releaseReader(db: Db): void {
  readers.get(db)?.release();
}

/**
 * How many active opinions of the consultation the subtree holds (every one goes into the files): on the reader, so
 * the scan fills only the cache released after the export, not that of Prisma's connection, which stays open.
 */
export async function opinionCount(db: Db, tally: Tally): Promise<number> {
  const range = await subtreeRange(db, tally);
  const [found] = await readerOf(db).rows<{ n: number | bigint | string }>(
    `SELECT COUNT(*) AS n FROM "Opinion" o JOIN "Unit" u ON u.id = o."unitId"
      WHERE o."consultationId" = ? AND o.status = 'active' AND u.path >= ? AND u.path < ?`,
    tally.consultation.id,
    range.gte,
    range.lt,
  );
  return Number(found?.n ?? 0);
}

/**
 * Every active opinion of the subtree in the order they were given, a page at a time (keyset on the id, so each page
 * reads on from the last): a country's opinions never sit in memory at once, and the whole list is read once.
 */
export async function* opinionPages(
  db: Db,
  tally: Tally,
  options: OpinionOptions,
  pageSize = OPINION_PAGE,
): AsyncGenerator<OpinionRow[]> {
  const range = await subtreeRange(db, tally);
  const reader = readerOf(db);
  const items = new Map(tally.consultation.items.map((i) => [i.id, i]));
  let after = 0;
  for (;;) {
    // On the engine's own driver, joined in SQL: Prisma's relation loading costs hundreds of microseconds a row. The
    // unary plus keeps SQLite on the primary key (read on from `after`) rather than the consultation's index, which
    // would read and sort every opinion of the consultation for each page.
    const found = await reader.rows<RawOpinion>(
      `SELECT o.id AS id, o."itemId" AS "itemId", o.kind AS kind, o.text AS text, o."voiceFileRef" AS "voiceFileRef",
              o."voiceDuration" AS "voiceDuration", o."createdAt" AS "createdAt", u.code AS "unitCode",
              u.name AS "unitName", p."displayName" AS author
         FROM "Opinion" o JOIN "Unit" u ON u.id = o."unitId" JOIN "Person" p ON p.id = o."personId"
        WHERE o.id > ? AND +o."consultationId" = ? AND o.status = 'active' AND u.path >= ? AND u.path < ?
        ORDER BY o.id LIMIT ?`,
      after,
      tally.consultation.id,
      range.gte,
      range.lt,
      pageSize,
    );
    if (!found.length) return;
    yield found.map((o) => {
      const item = items.get(Number(o.itemId));
      return {
        id: Number(o.id),
        unitCode: o.unitCode,
        unitName: o.unitName,
        item: item?.position ?? 0,
        itemTitle: item?.title ?? "",
        kind: o.kind,
        date: formatDay(new Date(o.createdAt), options.timezone),
        text: o.text ?? (o.voiceFileRef ? options.voiceLabel(Number(o.voiceDuration ?? 0)) : ""),
        author: options.hideAuthors ? options.hidden : o.author,
      };
    });
    after = Number(found.at(-1)!.id);
    if (found.length < pageSize) return;
  }
}

/** The first `limit` opinions in the files' order (the ones the .docx report quotes). */
export async function opinionRows(
  db: Db,
  tally: Tally,
  options: OpinionOptions,
  limit = DOCX_OPINIONS,
): Promise<OpinionRow[]> {
  const rows: OpinionRow[] = [];
  for await (const page of opinionPages(db, tally, options, Math.min(limit, OPINION_PAGE))) {
    rows.push(...page.slice(0, limit - rows.length));
    if (rows.length >= limit) break;
  }
  return rows;
}

export async function meetingRows(db: Db, tally: Tally): Promise<MeetingRow[]> {
  const path = (await db.unit.findUniqueOrThrow({ where: { id: tally.root.unit.id } })).path;
  const meetings = await db.meetingResult.findMany({
    where: { consultationId: tally.consultation.id, unit: { path: { gte: path, lt: upperBound(path) } } },
    include: { unit: true, items: true },
    orderBy: { unitId: "asc" },
  });
  const items = new Map(tally.consultation.items.map((i) => [i.id, i]));
  return meetings.flatMap((m) =>
    m.items.map((i) => ({
      unitCode: m.unit.code,
      unitName: m.unit.name,
      heldOn: m.heldOn.split("-").reverse().join("/"),
      attendees: m.attendees,
      item: items.get(i.itemId)?.position ?? 0,
      itemTitle: items.get(i.itemId)?.title ?? "",
      counts: [i.countAgree, i.countAdd, i.countAmend, i.countPropose, i.countOther] as [
        number,
        number,
        number,
        number,
        number,
      ],
      keyPoints: i.keyPoints,
    })),
  );
}

export function participationOf(n: TallyNode): number | undefined {
  return participation(n.total);
}
