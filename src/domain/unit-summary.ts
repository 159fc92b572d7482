/**
 * An answer about many units, as one message whatever the tree's size (pure): the units are grouped by the level
 * below the reader (one row per child unit: how many owe, how many are done, behind, not yet due, the percent done),
 * the rows sorted so the most lagging come first, the totals, and a handful of named worst units. The text is bound
 * to a character budget (Telegram 4,096, Zalo 2,000): rows that do not fit are counted, never cut mid-line.
 *
 * Every view about many units (/chuanop, /hanchot MÃ_HẠN, /tinhtrang N, the digest, /tiendo, /tonghop, a split's
 * review) builds one of these and renders it with its own words.
 */

export interface SummaryUnit {
  id: number;
  code: string;
  name: string;
  path: string;
}

/** Where one unit stands in the answer: done (handed in, acknowledged, reached), behind (overdue), or still open. */
export type SummaryStanding = "done" | "behind" | "open";

export interface SummaryItem {
  unit: SummaryUnit;
  standing: SummaryStanding;
  /** How far behind (days overdue, or any measure where more is worse): orders the named worst units. */
  lag: number;
}

export interface SummaryCounts {
  total: number;
  done: number;
  behind: number;
  open: number;
  /** done ÷ total × 100; undefined when nothing is owed. */
  percent: number | undefined;
}

export interface SummaryRow extends SummaryCounts {
  /** The child unit (or the reader's own unit, for what it owes itself). */
  unit: SummaryUnit;
}

export interface UnitSummary {
  rows: SummaryRow[];
  totals: SummaryCounts;
  /** The units furthest behind, most first (at most `worst`). */
  worst: SummaryItem[];
}

/** Codes in the order people read them: digits as numbers ("LC-D2" before "LC-D10"; "LC-D01" before "LC-D09"). */
export function compareCodes(a: string, b: string): number {
  const pa = a.toUpperCase().match(/\d+|\D+/g) ?? [];
  const pb = b.toUpperCase().match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) return Number(x) - Number(y) || x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** Units in code order. */
export function byCode<T extends { code: string }>(units: readonly T[]): T[] {
  return [...units].sort((a, b) => compareCodes(a.code, b.code));
}

function counts(items: readonly SummaryItem[]): SummaryCounts {
  let done = 0;
  let behind = 0;
  for (const i of items) {
    if (i.standing === "done") done++;
    else if (i.standing === "behind") behind++;
  }
  const total = items.length;
  return { total, done, behind, open: total - done - behind, percent: total ? (done / total) * 100 : undefined };
}

/** The group of a unit: the deepest group whose path its own path starts with. */
export function groupOf(path: string, groups: Map<string, SummaryUnit>): SummaryUnit | undefined {
  for (let end = path.length - 1; end > 0; end = path.lastIndexOf("/", end - 1)) {
    const g = groups.get(path.slice(0, end + 1));
    if (g) return g;
  }
  return undefined;
}

/**
 * Groups the items by `groups` (the reader's children, and the reader's own unit for what it owes itself): a row per
 * group with at least one item, most lagging first (lowest percent done, then most behind, then code order), the
 * totals, and the `worst` units behind the most. Items outside every group are counted in the totals only.
 */
export function summarise(groups: readonly SummaryUnit[], items: readonly SummaryItem[], worst = 5): UnitSummary {
  const byPath = new Map(groups.map((g) => [g.path, g]));
  const members = new Map<number, SummaryItem[]>();
  for (const item of items) {
    const g = groupOf(item.unit.path, byPath);
    if (!g) continue;
    const list = members.get(g.id) ?? [];
    list.push(item);
    members.set(g.id, list);
  }
  const rows: SummaryRow[] = [];
  for (const g of groups) {
    const list = members.get(g.id);
    if (list?.length) rows.push({ unit: g, ...counts(list) });
  }
  rows.sort(
    (a, b) => (a.percent ?? 100) - (b.percent ?? 100) || b.behind - a.behind || compareCodes(a.unit.code, b.unit.code),
  );
  const named = items
    .filter((i) => i.standing === "behind")
    .sort((a, b) => b.lag - a.lag || compareCodes(a.unit.code, b.unit.code))
    .slice(0, worst);
  return { rows, totals: counts(items), worst: named };
}

/** The words of one view; the renderer only assembles them within the budget. */
export interface SummaryWords {
  title: string;
  totals: (totals: SummaryCounts) => string;
  /** The heading above the rows ("Theo đơn vị (chậm nhất trước):"). */
  rowsTitle: string;
  row: (row: SummaryRow) => string;
  /** "… and N more units" when rows did not fit. */
  more: (n: number) => string;
  /** The worst units on one line ("Chậm nhất: …"), or undefined for none. */
  worst: (items: SummaryItem[]) => string | undefined;
  /** Lines at the end: how to drill down, where the full list is. */
  hints: string[];
}

/**
 * The summary as one text of at most `budget` characters: title, totals, the rows that fit (the rest counted), the
 * worst units, the hints. The title and the hints are kept; rows give way first, then the worst line.
 */
export function renderSummary(summary: UnitSummary, words: SummaryWords, budget: number): string {
  const head = [words.title, words.totals(summary.totals)];
  const worstLine = words.worst(summary.worst);
  const tail = [...(worstLine ? [worstLine] : []), ...words.hints];
  const size = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);
  let room = budget - size(head) - size(tail) - size([words.rowsTitle]);
  if (room < 0 && worstLine) {
    tail.shift();
    room += worstLine.length + 1;
  }
  const shown: string[] = [];
  const rows = summary.rows;
  for (let i = 0; i < rows.length; i++) {
    const line = words.row(rows[i] as SummaryRow);
    const left = rows.length - i - 1;
    const reserve = left ? words.more(left).length + 1 : 0;
    if (line.length + 1 + reserve > room) {
      shown.push(words.more(rows.length - i));
      break;
    }
    shown.push(line);
    room -= line.length + 1;
  }
  const body = rows.length ? [words.rowsTitle, ...shown] : [];
  return [...head, ...body, ...tail].join("\n").slice(0, budget);
}
