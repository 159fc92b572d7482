/** The rows every export shares: the roll-up in tree order, the opinions and the meetings of a subtree. */
import type { Db } from "../db/client.js";
import { formatDay } from "../domain/dates/due.js";
import { OPINION_KINDS } from "../domain/opinions.js";
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

/** Where a subtree's rows are: its root's path range. */
async function subtreeRange(db: Db, tally: Tally): Promise<{ gte: string; lt: string }> {
  const path = (await db.unit.findUniqueOrThrow({ where: { id: tally.root.unit.id } })).path;
  return { gte: path, lt: upperBound(path) };
}

/** How many active opinions of the consultation the subtree holds (every one goes into the files). */
export async function opinionCount(db: Db, tally: Tally): Promise<number> {
  return db.opinion.count({
    where: { consultationId: tally.consultation.id, status: "active", unit: { path: await subtreeRange(db, tally) } },
  });
}

/**
 * Every active opinion of the subtree, item by item and kind by kind, a page at a time (by id within each): a
 * country's opinions never sit in memory at once.
 */
export async function* opinionPages(
  db: Db,
  tally: Tally,
  options: OpinionOptions,
  pageSize = OPINION_PAGE,
): AsyncGenerator<OpinionRow[]> {
  const range = await subtreeRange(db, tally);
  const items = [...tally.consultation.items].sort((a, b) => a.id - b.id);
  for (const item of items)
    for (const kind of [...OPINION_KINDS].sort()) {
      let after = 0;
      for (;;) {
        const found = await db.opinion.findMany({
          where: {
            consultationId: tally.consultation.id,
            itemId: item.id,
            kind,
            status: "active",
            id: { gt: after },
            unit: { path: range },
          },
          select: {
            id: true,
            kind: true,
            text: true,
            voiceFileRef: true,
            voiceDuration: true,
            createdAt: true,
            unit: { select: { code: true, name: true } },
            person: { select: { displayName: true } },
          },
          orderBy: { id: "asc" },
          take: pageSize,
        });
        if (!found.length) break;
        yield found.map((o) => ({
          id: o.id,
          unitCode: o.unit.code,
          unitName: o.unit.name,
          item: item.position,
          itemTitle: item.title,
          kind: o.kind,
          date: formatDay(o.createdAt, options.timezone),
          text: o.text ?? (o.voiceFileRef ? options.voiceLabel(o.voiceDuration ?? 0) : ""),
          author: options.hideAuthors ? options.hidden : o.person.displayName,
        }));
        after = found.at(-1)!.id;
        if (found.length < pageSize) break;
      }
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
