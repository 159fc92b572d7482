/**
 * Rolling counts up the unit tree (pure): each unit's own counts plus everything below it.
 * "People" at a level is the sum of each unit's distinct contributors (an opinion counts for one unit).
 */
import { OPINION_KINDS, type OpinionKind } from "./opinions.js";

export type KindCounts = Record<OpinionKind, number>;

export const zeroKinds = (): KindCounts => ({ agree: 0, add: 0, amend: 0, propose: 0, other: 0 });

export interface UnitInfo {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  depth: number;
  memberCount: number;
  active: boolean;
}

export interface Counts {
  members: number;
  people: number;
  opinions: number;
  byKind: KindCounts;
  /** itemId → kind → count */
  byItem: Record<number, KindCounts>;
  meetings: number;
  attendees: number;
  meetingOpinions: number;
  meetingByKind: KindCounts;
  meetingByItem: Record<number, KindCounts>;
  /** Units with members that took part (an opinion or a meeting), and units with members in all. */
  unitsTakingPart: number;
  unitsWithMembers: number;
}

export interface TallyNode {
  unit: UnitInfo;
  own: Counts;
  total: Counts;
  children: TallyNode[];
}

export const emptyCounts = (): Counts => ({
  members: 0,
  people: 0,
  opinions: 0,
  byKind: zeroKinds(),
  byItem: {},
  meetings: 0,
  attendees: 0,
  meetingOpinions: 0,
  meetingByKind: zeroKinds(),
  meetingByItem: {},
  unitsTakingPart: 0,
  unitsWithMembers: 0,
});

function addKinds(into: KindCounts, from: KindCounts): void {
  for (const k of OPINION_KINDS) into[k] += from[k];
}

function addItems(into: Record<number, KindCounts>, from: Record<number, KindCounts>): void {
  for (const [item, kinds] of Object.entries(from)) addKinds((into[Number(item)] ??= zeroKinds()), kinds);
}

export function addCounts(into: Counts, from: Counts): void {
  into.members += from.members;
  into.people += from.people;
  into.opinions += from.opinions;
  addKinds(into.byKind, from.byKind);
  addItems(into.byItem, from.byItem);
  into.meetings += from.meetings;
  into.attendees += from.attendees;
  into.meetingOpinions += from.meetingOpinions;
  addKinds(into.meetingByKind, from.meetingByKind);
  addItems(into.meetingByItem, from.meetingByItem);
  into.unitsTakingPart += from.unitsTakingPart;
  into.unitsWithMembers += from.unitsWithMembers;
}

/** Builds the tree under `rootId` from units (any order) and each unit's own counts, then rolls totals up once. */
export function rollUp(rootId: number, units: UnitInfo[], own: Map<number, Counts>): TallyNode {
  const nodes = new Map<number, TallyNode>();
  for (const u of units) {
    const c = own.get(u.id) ?? emptyCounts();
    c.members = u.memberCount;
    c.unitsWithMembers = u.memberCount > 0 ? 1 : 0;
    c.unitsTakingPart = u.memberCount > 0 && (c.opinions > 0 || c.meetings > 0) ? 1 : 0;
    nodes.set(u.id, { unit: u, own: c, total: emptyCounts(), children: [] });
  }
  for (const n of nodes.values()) {
    if (n.unit.id !== rootId && n.unit.parentId !== null) nodes.get(n.unit.parentId)?.children.push(n);
  }
  const root = nodes.get(rootId);
  if (!root) throw new Error(`unit ${rootId} is not in the tree given`);
  // Deepest first, so every child's total is complete before its parent adds it.
  const ordered = [...nodes.values()].sort((a, b) => b.unit.depth - a.unit.depth);
  for (const n of ordered) {
    addCounts(n.total, n.own);
    for (const c of n.children) addCounts(n.total, c.total);
  }
  // Codes are ASCII: a plain comparison orders them as people read them, without the cost of collation.
  for (const n of nodes.values())
    if (n.children.length > 1)
      n.children.sort((a, b) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0));
  return root;
}

/** people / members, as a percentage with one decimal; undefined when there are no members. */
export function participation(c: Counts): number | undefined {
  return c.members > 0 ? Math.round((c.people / c.members) * 1000) / 10 : undefined;
}
