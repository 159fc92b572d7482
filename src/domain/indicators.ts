/**
 * Figures against targets (pure): what an indicator is, how a reported value compares with a target, how values roll
 * up the unit tree, and how a parent's target is split among its children with the sum checked.
 *
 * An indicator measures people, unions, a percent or a yes/no; it rolls up by sum (people, unions), by average
 * (percents) or as the share of units meeting it ("trên 80% công đoàn cơ sở xếp loại tốt": each unit reports yes/no,
 * the level above sees the percent of units with yes).
 */

export const MEASURES = ["people", "unions", "percent", "yes-no"] as const;
export type Measure = (typeof MEASURES)[number];
export const ROLLUPS = ["sum", "average", "share"] as const;
export type Rollup = (typeof ROLLUPS)[number];
/** "ít nhất / trở lên" (≥), "trên" (>), "100%" (all: ≥ 100). */
export const COMPARATORS = ["at-least", "more-than", "all"] as const;
export type Comparator = (typeof COMPARATORS)[number];

export interface IndicatorDef {
  name: string;
  measure: Measure;
  rollup: Rollup;
  comparator: Comparator;
  /** The target at the top (the plan's figure); null when the plan asks for the number without a target. */
  target: number | null;
  /** "phấn đấu": an aim rather than a hard requirement (shown as such). */
  strive: boolean;
}

export function isMeasure(s: string): s is Measure {
  return (MEASURES as readonly string[]).includes(s);
}
export function isRollup(s: string): s is Rollup {
  return (ROLLUPS as readonly string[]).includes(s);
}
export function isComparator(s: string): s is Comparator {
  return (COMPARATORS as readonly string[]).includes(s);
}

/** The roll-up a measure takes unless said otherwise. */
export function defaultRollup(measure: Measure): Rollup {
  return measure === "percent" ? "average" : measure === "yes-no" ? "share" : "sum";
}

/** Whether a value meets a target under a comparator. */
export function meets(value: number, target: number, comparator: Comparator): boolean {
  return comparator === "more-than" ? value > target : value >= target;
}

/** Percent of the target reached (one decimal), or null without a target. A zero target is reached by anything. */
export function percentReached(value: number, target: number | null): number | null {
  if (target === null) return null;
  if (target <= 0) return 100;
  return Math.round((value / target) * 1000) / 10;
}

// ---- validating an answer -------------------------------------------------------------------------------------------

export type ValueProblem = "not-a-number" | "negative" | "over-100" | "yes-no" | "whole-number";

/**
 * Reads a typed figure: "12", "12,5", "1.200" (thousands), "có"/"không" for yes/no. Returns the value or the problem.
 */
export function readFigure(raw: string, measure: Measure): { value: number } | { problem: ValueProblem } {
  const text = raw.trim().toLowerCase().replace(/\s+/g, "");
  if (measure === "yes-no") {
    if (["có", "co", "yes", "y", "1", "đạt", "dat", "rồi", "roi"].includes(text)) return { value: 1 };
    if (["không", "khong", "no", "n", "0", "chưa", "chua"].includes(text)) return { value: 0 };
    return { problem: "yes-no" };
  }
  const cleaned = text.replace(/%$/, "");
  if (/^-/.test(cleaned)) return /^-\d/.test(cleaned) ? { problem: "negative" } : { problem: "not-a-number" };
  let normal: string;
  if (/^\d{1,3}(\.\d{3})+$/.test(cleaned)) normal = cleaned.replace(/\./g, "");
  else if (/^\d+(,\d+)?$/.test(cleaned)) normal = cleaned.replace(",", ".");
  else if (/^\d+(\.\d+)?$/.test(cleaned)) normal = cleaned;
  else return { problem: "not-a-number" };
  const value = Number(normal);
  if (!Number.isFinite(value) || value > 1e9) return { problem: "not-a-number" };
  if (measure === "percent" && value > 100) return { problem: "over-100" };
  if ((measure === "people" || measure === "unions") && !Number.isInteger(value)) return { problem: "whole-number" };
  return { value };
}

/**
 * An odd jump worth a second look: more than three times (and at least 10 more than) the last period's value, or a
 * fall to less than a third of it. Yes/no and first reports never jump.
 */
export function isOddJump(value: number, previous: number | null, measure: Measure): boolean {
  if (previous === null || measure === "yes-no") return false;
  if (previous === 0) return value >= 50;
  if (value > previous * 3 && value - previous >= 10) return true;
  return value < previous / 3 && previous - value >= 10;
}

/** Why a figure deserves a second look before it is kept. */
export type OddReason =
  | { kind: "members"; members: number }
  | { kind: "target"; target: number }
  | { kind: "jump"; last: number };

/**
 * The reasons to ask again about a typed figure, also on a unit's first report: more people than the unit (with its
 * subtree) has members; a count more than three times (and at least 10 above) the unit's target; an odd jump from the
 * last value it reported (isOddJump). Percents and yes/no figures are already bounded. Empty when it looks right.
 */
export function oddFigure(
  value: number,
  measure: Measure,
  context: { last: number | null; members: number | null; target: number | null },
): OddReason[] {
  const reasons: OddReason[] = [];
  const { last, members, target } = context;
  if (measure === "people" && members !== null && members > 0 && value > members)
    reasons.push({ kind: "members", members });
  if ((measure === "people" || measure === "unions") && target !== null && target > 0)
    if (value > target * 3 && value - target >= 10) reasons.push({ kind: "target", target });
  if (last !== null && isOddJump(value, last, measure)) reasons.push({ kind: "jump", last });
  return reasons;
}

// ---- rolling up ---------------------------------------------------------------------------------------------------

/** What a subtree's reports add up to: the sum of values, how many units reported, how many met their target. */
export interface Aggregate {
  sum: number;
  reported: number;
  met: number;
}

export const emptyAggregate = (): Aggregate => ({ sum: 0, reported: 0, met: 0 });

export function addAggregate(into: Aggregate, from: Aggregate): Aggregate {
  into.sum += from.sum;
  into.reported += from.reported;
  into.met += from.met;
  return into;
}

/**
 * The rolled-up value of an aggregate: the sum, the average of reported values, or the percent of the units that
 * reported which meet it. Null when nothing was reported: a unit that has not answered is "—", never a "no" (how many
 * answered is said beside the share).
 */
export function rolledValue(a: Aggregate, rollup: Rollup): number | null {
  if (!a.reported) return null;
  if (rollup === "sum") return a.sum;
  if (rollup === "average") return Math.round((a.sum / a.reported) * 10) / 10;
  return Math.round((a.met / a.reported) * 1000) / 10;
}

export interface TreeUnit {
  id: number;
  parentId: number | null;
}

/** Adds each unit's own aggregate into every ancestor up to (and including) the root. Units outside stay out. */
export function rollUpTree(rootId: number, units: TreeUnit[], own: Map<number, Aggregate>): Map<number, Aggregate> {
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  const total = new Map<number, Aggregate>();
  for (const [unitId, a] of own) {
    let at: number | null | undefined = unitId;
    const seen = new Set<number>();
    while (at !== null && at !== undefined && !seen.has(at)) {
      seen.add(at);
      let t = total.get(at);
      if (!t) total.set(at, (t = emptyAggregate()));
      addAggregate(t, a);
      if (at === rootId) break;
      at = parent.get(at);
    }
  }
  return total;
}

// ---- splitting a target among children ----------------------------------------------------------------------------

export type SplitWay = "hand" | "even" | "members";

/**
 * Splits a whole-number target among children: evenly (the remainder to the first ones), or in proportion to
 * membership (largest remainders, ties to the first). Percents and yes/no targets are not split: each child gets the
 * parent's target.
 */
export function splitTarget(
  total: number,
  children: { id: number; members: number }[],
  way: "even" | "members",
  measure: Measure,
): Map<number, number> {
  const out = new Map<number, number>();
  if (!children.length) return out;
  if (measure === "percent" || measure === "yes-no") {
    for (const c of children) out.set(c.id, total);
    return out;
  }
  const weights = children.map((c) => (way === "even" ? 1 : Math.max(0, c.members)));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const shares = weightSum ? weights.map((w) => (total * w) / weightSum) : children.map(() => total / children.length);
  const floors = shares.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, r: s - floors[i]! })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left--;
  }
  for (const [i, c] of children.entries()) out.set(c.id, floors[i]!);
  return out;
}

export type SumCheck = { ok: true } | { ok: false; parentTarget: number; childrenSum: number; difference: number };

/**
 * The sum check under a parent: for people and unions the children's targets must add up exactly to the parent's;
 * percents and yes/no targets are not added up (always fine).
 */
export function checkSplit(parentTarget: number, childTargets: number[], measure: Measure): SumCheck {
  if (measure === "percent" || measure === "yes-no") return { ok: true };
  const childrenSum = childTargets.reduce((a, b) => a + b, 0);
  if (Math.abs(childrenSum - parentTarget) < 1e-9) return { ok: true };
  return { ok: false, parentTarget, childrenSum, difference: childrenSum - parentTarget };
}
