/** The tally as a short message a chair reads on a phone: the top of the tree here, the rest in the files. */
import { formatDayTime } from "../domain/dates/due.js";
import { OPINION_KINDS } from "../domain/opinions.js";
import { type Counts, type KindCounts, participation, type TallyNode } from "../domain/tally.js";
import { compareCodes } from "../domain/unit-summary.js";
import type { Language } from "../i18n.js";
import type { Tally } from "../services/tally.js";
import { num, pct, type T } from "./format.js";

export const MAX_CHILD_LINES = 15;

function kinds(k: KindCounts, t: T, lang: Language): string {
  return (
    OPINION_KINDS.filter((x) => k[x] > 0)
      .map((x) => `${t(`opinion-kind-${x}`)} ${num(k[x], lang)}`)
      .join(", ") || "0"
  );
}

function summary(c: Counts, t: T, lang: Language): string {
  return t("tally-child", {
    people: num(c.people, lang),
    members: num(c.members, lang),
    pct: pct(participation(c), lang),
    opinions: num(c.opinions, lang),
    meetings: num(c.meetings, lang),
    meetingOpinions: num(c.meetingOpinions, lang),
    // The counts as numbers too: the figures above are formatted text ("1.000"), and English chooses
    // "1 meeting" or "2 meetings" by the number.
    ...counts(c),
  });
}

function counts(c: Counts): Record<string, number> {
  return { membersN: c.members, opinionsN: c.opinions, meetingsN: c.meetings, meetingOpinionsN: c.meetingOpinions };
}

/**
 * The tally as one message of at most `budget` characters: the children least taking part first (lowest
 * participation, then code order), as many as fit, the rest counted.
 */
export function tallyText(tally: Tally, t: T, lang: Language, timezone: string, budget = 4096): string {
  for (let max = MAX_CHILD_LINES; max > 0; max = Math.floor(max / 2)) {
    const text = tallyLines(tally, t, lang, timezone, max);
    if (text.length <= budget) return text;
  }
  return tallyLines(tally, t, lang, timezone, 0).slice(0, budget);
}

/** Least taking part first: lowest participation (no members last), then code order. */
export function laggingFirst(a: TallyNode, b: TallyNode): number {
  const rank = (n: TallyNode) => participation(n.total) ?? 101;
  return rank(a) - rank(b) || compareCodes(a.unit.code, b.unit.code);
}

function tallyLines(tally: Tally, t: T, lang: Language, timezone: string, maxChildren: number): string {
  const { root, consultation } = tally;
  const c = root.total;
  const lines = [
    t("tally-title", { code: consultation.code, title: consultation.title }),
    t("tally-unit", {
      unit: root.unit.name,
      code: root.unit.code,
      at: formatDayTime(tally.at, timezone),
      state: t(tally.open ? "tally-open" : "tally-closed"),
    }),
    "",
    t("tally-people", { people: num(c.people, lang), members: num(c.members, lang), pct: pct(participation(c), lang) }),
    t("tally-opinions", { n: num(c.opinions, lang), kinds: kinds(c.byKind, t, lang) }),
    t("tally-meetings", {
      meetings: num(c.meetings, lang),
      attendees: num(c.attendees, lang),
      n: num(c.meetingOpinions, lang),
      kinds: kinds(c.meetingByKind, t, lang),
      ...counts(c),
    }),
    t("tally-not-taken-part", {
      n: num(c.unitsWithMembers - c.unitsTakingPart, lang),
      total: num(c.unitsWithMembers, lang),
    }),
    "",
    t("tally-by-item"),
    ...consultation.items.map((item) => {
      const own = Object.values(c.byItem[item.id] ?? {}).reduce((a, b) => a + b, 0);
      const meeting = Object.values(c.meetingByItem[item.id] ?? {}).reduce((a, b) => a + b, 0);
      return `${item.position}. ${item.title.length > 70 ? `${item.title.slice(0, 69)}…` : item.title}: ${t("tally-item-counts", { own: num(own, lang), meeting: num(meeting, lang) })}`;
    }),
  ];
  if (root.children.length) {
    lines.push("", t("tally-children"));
    const children = [...root.children].sort(laggingFirst);
    for (const child of children.slice(0, maxChildren))
      lines.push(`• ${child.unit.name} (${child.unit.code}): ${summary(child.total, t, lang)}`);
    if (children.length > maxChildren) lines.push(t("tally-more-children", { n: children.length - maxChildren }));
    lines.push(t("tally-drill", { command: t("tally-command"), code: consultation.code }));
  }
  lines.push("", t("tally-files-hint", { unit: root.unit.code, code: consultation.code }));
  return lines.join("\n");
}
