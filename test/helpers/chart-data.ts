/**
 * A tally and a progress of a unit with `n` children, as the services hand them to the charts: long names sharing
 * their first 40 characters ("Công đoàn cơ sở Công ty Cổ phần Xây dựng và Thương mại số 7"), some names twice, and
 * figures spread so the ones furthest behind are known (child i reaches i % 97 of 100). Only the fields the charts
 * read are filled.
 */

import type { Measure, Rollup } from "../../src/domain/indicators.js";
import { emptyCounts, type TallyNode } from "../../src/domain/tally.js";
import type { Progress, ProgressUnit } from "../../src/services/progress.js";
import type { Tally } from "../../src/services/tally.js";

export const childName = (i: number) =>
  i % 10 === 3
    ? "Công đoàn Trường Tiểu học" // the same name for every tenth child
    : `Công đoàn cơ sở Công ty Cổ phần Xây dựng và Thương mại số ${i}`;
export const childCode = (i: number) => `LC-${String(i).padStart(4, "0")}`;
/** The share child i reaches: 0..96, so the furthest behind are i = 97k. */
export const childShare = (i: number) => i % 97;

function node(id: number, code: string, name: string, members: number, people: number): TallyNode {
  const total = { ...emptyCounts(), members, people, opinions: people * 2, meetingOpinions: people };
  return {
    unit: { id, parentId: id === 1 ? null : 1, code, name, depth: 1, memberCount: members, active: true },
    own: emptyCounts(),
    total,
    children: [],
  };
}

export function tallyOf(n: number): Tally {
  const root = node(1, "LC", "Liên đoàn Lao động tỉnh Lai Châu", 0, 0);
  for (let i = 1; i <= n; i++) root.children.push(node(1 + i, childCode(i), childName(i), 100, childShare(i)));
  root.total = { ...emptyCounts(), members: 100 * n, people: root.children.reduce((a, c) => a + c.total.people, 0) };
  return {
    consultation: { code: "D1" } as Tally["consultation"],
    open: true,
    root,
    at: new Date("2026-12-07T00:00:00Z"),
  };
}

/** Twelve quarters from quý I/2024; children report a tenth of their target each quarter (sum) or their share. */
export function progressOf(n: number, measure: Measure = "people", rollup: Rollup = "sum"): Progress {
  const quarters = Array.from({ length: 12 }, (_, k) => ({
    id: k + 1,
    label: `quý ${["I", "II", "III", "IV"][k % 4]}/${2024 + Math.floor(k / 4)}`,
    dueAt: new Date(Date.UTC(2024 + Math.floor(k / 4), (k % 4) * 3 + 3, 0)),
  }));
  const percent = measure === "percent" || measure === "yes-no";
  const unit = (i: number): ProgressUnit => {
    const target = percent ? 80 : 1000;
    const value = i % 11 === 5 ? null : percent ? childShare(i) : childShare(i) * 10;
    return {
      unit: { id: 1 + i, code: childCode(i), name: childName(i) },
      period: value,
      value,
      target,
      percent: value === null ? null : Math.round((value / target) * 1000) / 10,
      met: value === null ? null : value >= target,
      periods: [],
      reported: value === null ? 0 : 1,
      owing: 1,
    };
  };
  const children = Array.from({ length: n }, (_, k) => unit(k + 1));
  const total = children.reduce((a, c) => a + (c.value ?? 0), 0);
  const target = percent ? 80 : 1000 * n;
  return {
    deadline: { code: "H3" },
    root: { name: "Liên đoàn Lao động tỉnh Lai Châu", code: "LC" },
    occurrence: quarters.at(-1),
    occurrences: quarters,
    indicators: [
      {
        indicator: {
          id: 1,
          deadlineId: 1,
          position: 1,
          name: "Kết nạp đoàn viên",
          measure,
          rollup,
          comparator: "at-least",
          target,
          strive: false,
        },
        total: {
          ...unit(0),
          unit: { id: 1, code: "LC", name: "Liên đoàn Lao động tỉnh Lai Châu" },
          value: percent ? 64 : total,
          target,
        },
        children,
        trend: quarters.map((q, k) => ({
          occurrenceId: q.id,
          label: q.label,
          dueAt: q.dueAt,
          period: percent ? 40 + k * 3 : Math.round(total / 12),
          value: percent ? 40 + k * 3 : Math.round((total / 12) * (k + 1)),
        })),
      },
    ],
    missing: [],
    owing: n,
  } as unknown as Progress;
}
