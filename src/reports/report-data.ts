/** The rows every export shares: the roll-up in tree order, the opinions and the meetings of a subtree. */
import type { Db } from "../db/client.js";
import { formatDay } from "../domain/dates/due.js";
import { participation, type TallyNode } from "../domain/tally.js";
import type { Tally } from "../services/tally.js";
import { upperBound } from "../services/units.js";

export const MAX_EXPORTED_OPINIONS = 50_000;

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

export async function opinionRows(
  db: Db,
  tally: Tally,
  options: { hideAuthors: boolean; timezone: string; voiceLabel: (s: number) => string; hidden: string },
): Promise<{ rows: OpinionRow[]; truncated: boolean }> {
  const path = (await db.unit.findUniqueOrThrow({ where: { id: tally.root.unit.id } })).path;
  const found = await db.opinion.findMany({
    where: {
      consultationId: tally.consultation.id,
      status: "active",
      unit: { path: { gte: path, lt: upperBound(path) } },
    },
    include: { unit: true, item: true, person: true },
    orderBy: [{ itemId: "asc" }, { kind: "asc" }, { id: "asc" }],
    take: MAX_EXPORTED_OPINIONS + 1,
  });
  return {
    truncated: found.length > MAX_EXPORTED_OPINIONS,
    rows: found.slice(0, MAX_EXPORTED_OPINIONS).map((o) => ({
      id: o.id,
      unitCode: o.unit.code,
      unitName: o.unit.name,
      item: o.item.position,
      itemTitle: o.item.title,
      kind: o.kind,
      date: formatDay(o.createdAt, options.timezone),
      text: o.text ?? (o.voiceFileRef ? options.voiceLabel(o.voiceDuration ?? 0) : ""),
      author: options.hideAuthors ? options.hidden : o.person.displayName,
    })),
  };
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
