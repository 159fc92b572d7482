/** Opinions: the kinds a member chooses from, and what a consultation's state means. Pure. */
export const OPINION_KINDS = ["agree", "add", "amend", "propose", "other"] as const;
export type OpinionKind = (typeof OPINION_KINDS)[number];

export function isOpinionKind(x: unknown): x is OpinionKind {
  return typeof x === "string" && (OPINION_KINDS as readonly string[]).includes(x);
}

export interface ConsultationTimes {
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
}

/** Open from its opening time until closed early by staff or until its closing time, whichever comes first. */
export function isOpen(c: ConsultationTimes, now: Date): boolean {
  return !c.closedAt && c.opensAt <= now && now < c.closesAt;
}

/** Meeting results typed as five numbers in kind order: "12 3 0 2 1" (commas or spaces). */
export function parseKindCounts(text: string): Record<OpinionKind, number> | undefined {
  const nums = text
    .trim()
    .split(/[\s,;]+/)
    .filter(Boolean);
  if (nums.length !== OPINION_KINDS.length || !nums.every((n) => /^\d{1,6}$/.test(n))) return undefined;
  return Object.fromEntries(OPINION_KINDS.map((k, i) => [k, Number(nums[i])])) as Record<OpinionKind, number>;
}
