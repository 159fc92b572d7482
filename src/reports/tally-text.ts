/** The tally as a short message a chair reads on a phone: the top of the tree here, the rest in the files. */
import { formatDayTime } from "../domain/dates/due.js";
import { OPINION_KINDS } from "../domain/opinions.js";
import { participation, type Counts, type KindCounts } from "../domain/tally.js";
import type { Language } from "../i18n.js";
import type { Tally } from "../services/tally.js";
import { num, pct } from "./format.js";

type T = (key: string, args?: Record<string, string | number>) => string;

export const MAX_CHILD_LINES = 12;

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

export function tallyText(tally: Tally, t: T, lang: Language, timezone: string): string {
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
    for (const child of root.children.slice(0, MAX_CHILD_LINES))
      lines.push(`• ${child.unit.name}: ${summary(child.total, t, lang)}`);
    if (root.children.length > MAX_CHILD_LINES)
      lines.push(t("tally-more-children", { n: root.children.length - MAX_CHILD_LINES }));
  }
  lines.push("", t("tally-files-hint", { unit: root.unit.code, code: consultation.code }));
  return lines.join("\n");
}
