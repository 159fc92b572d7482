/**
 * /nhapketqua: a chair records a unit meeting (hội nghị lấy ý kiến): date, attendees, and for each item the number of
 * opinions by kind plus the key points. Counted beside individual opinions, never mixed with them; editable until
 * closing. The review shows everything entered, lets the chair correct one field (date, attendees, or one item), and
 * asks for confirmation when the figures look odd: more attendees than the unit has members, more opinions on an item
 * than attendees, or a meeting held before the consultation opened.
 */
import { z } from "zod";
import type { BotContext } from "../bot/types.js";
import { localParts } from "../domain/dates/due.js";
import { readDatePhrase } from "../domain/dates/phrases.js";
import { OPINION_KINDS, type OpinionKind, parseKindCounts } from "../domain/opinions.js";
import { can } from "../domain/scope.js";
import { isInSubtree } from "../domain/units.js";
import { choicesFor, type Flow, type StepResult } from "./engine.js";
import { snippet } from "./opinion.js";

interface MeetingState {
  consultationId?: number;
  unitId?: number;
  heldOn?: string;
  attendees?: number;
  index?: number;
  items?: { itemId: number; counts: Record<OpinionKind, number>; keyPoints: string }[];
  counts?: Record<OpinionKind, number>;
  /** Correcting one field from the review: the next answer goes back to the review. */
  editing?: boolean;
}

const dmy = (iso: string) => iso.split("-").reverse().join("/");

/** What looks wrong in the entered figures, as sentences for the review (empty when all is plausible). */
async function oddities(ctx: BotContext, s: MeetingState): Promise<string[]> {
  const c = await ctx.services.consultations.byId(s.consultationId!);
  const unit = await ctx.services.units.byId(s.unitId!);
  const out: string[] = [];
  const opened = localDay(c.opensAt, ctx.deps.config.timezone);
  if (s.heldOn && s.heldOn < opened)
    out.push(ctx.t("meeting-odd-before-open", { date: dmy(s.heldOn), opened: dmy(opened), code: c.code }));
  const attendees = s.attendees ?? 0;
  if (unit && unit.memberCount > 0 && attendees > unit.memberCount)
    out.push(ctx.t("meeting-odd-attendees", { attendees, members: unit.memberCount, unit: unit.name }));
  for (const it of s.items ?? []) {
    const total = OPINION_KINDS.reduce((sum, k) => sum + it.counts[k], 0);
    const item = c.items.find((x) => x.id === it.itemId);
    if (total > attendees) out.push(ctx.t("meeting-odd-counts", { n: item?.position ?? 0, total, attendees }));
  }
  return out;
}

function localDay(at: Date, timezone: string): string {
  const d = localParts(at, timezone);
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/** Units the chair may record a meeting for in this consultation: those where they are chair or staff. */
function meetingUnits(ctx: BotContext, rootPath: string) {
  const seen = new Map<number, { unitId: number; unitName: string; unitCode: string }>();
  for (const m of ctx.actor.memberships) {
    if (m.role !== "member" && isInSubtree(rootPath, m.unitPath) && can(ctx.actor.grants, "manage", m.unitPath))
      seen.set(m.unitId, m);
  }
  return [...seen.values()];
}

async function managedOpen(ctx: BotContext) {
  const open = await ctx.services.consultations.openCovering(ctx.actor.memberships.map((m) => m.unitPath));
  return open.filter((c) => meetingUnits(ctx, c.rootUnit.path).length > 0);
}

async function current(ctx: BotContext, s: MeetingState) {
  const c = await ctx.services.consultations.byId(s.consultationId!);
  return { c, item: c.items[s.index ?? 0]! };
}

async function afterConsultation(ctx: BotContext, s: MeetingState) {
  const c = await ctx.services.consultations.byId(s.consultationId!);
  const [only, ...others] = meetingUnits(ctx, c.rootUnit.path);
  if (only && !others.length) return { next: "date", state: { ...s, unitId: only.unitId } };
  return { next: "unit", state: s };
}

/** "Xong" while correcting one field from the review: back to the review, the field as it was. */
function backToReview(_ctx: BotContext, s: MeetingState): StepResult<MeetingState> {
  return { next: "review", state: { ...s, counts: undefined, editing: undefined } };
}
const editing = (s: MeetingState) => !!s.editing;

export const meetingFlow: Flow<MeetingState> = {
  id: "meeting",
  key: "mt",
  steps: {
    consultation: {
      accepts: "choice",
      async prompt(ctx) {
        const open = await managedOpen(ctx);
        return {
          text: ctx.t("opinion-pick-consultation"),
          choices: choicesFor(
            meetingFlow,
            "consultation",
            open.map((c) => ({ id: c.id, label: `${c.code}: ${snippet(c.title, 50)}` })),
          ),
        };
      },
      handle: (ctx, s, a) =>
        a.kind === "choice"
          ? afterConsultation(ctx, { ...s, consultationId: Number(a.id) })
          : { retry: "conversation-invalid" },
    },
    unit: {
      accepts: "choice",
      async prompt(ctx, s) {
        const c = await ctx.services.consultations.byId(s.consultationId!);
        return {
          text: ctx.t("meeting-pick-unit"),
          choices: choicesFor(
            meetingFlow,
            "unit",
            meetingUnits(ctx, c.rootUnit.path).map((u) => ({ id: u.unitId, label: u.unitName })),
          ),
        };
      },
      handle: (_ctx, s, a) =>
        a.kind === "choice"
          ? { next: "date", state: { ...s, unitId: Number(a.id) } }
          : { retry: "conversation-invalid" },
    },
    date: {
      accepts: "text",
      finish: backToReview,
      canFinish: editing,
      async prompt(ctx, s) {
        const existing = await ctx.services.opinions.meetingOf(s.consultationId!, s.unitId!);
        return {
          text: `${existing && !s.editing ? `${ctx.t("meeting-existing", { date: dmy(existing.heldOn), attendees: existing.attendees })}\n` : ""}${ctx.t("meeting-date")}`,
        };
      },
      handle(ctx, s, a) {
        const p = a.kind === "text" ? readDatePhrase(a.text) : undefined;
        if (p?.spec.precision !== "day") return { retry: "meeting-bad-date" };
        if (new Date(`${p.spec.date}T00:00:00+07:00`) > ctx.now()) return { retry: "meeting-date-future" };
        return { next: s.editing ? "review" : "attendees", state: { ...s, heldOn: p.spec.date, editing: undefined } };
      },
    },
    attendees: {
      accepts: "text",
      finish: backToReview,
      canFinish: editing,
      schema: z.string().regex(/^\d{1,6}$/, { message: "meeting-bad-number" }),
      prompt: (ctx) => ({ text: ctx.t("meeting-attendees") }),
      handle(_ctx, s, a) {
        if (a.kind !== "text") return { retry: "meeting-bad-number" };
        if (s.editing) return { next: "review", state: { ...s, attendees: Number(a.text), editing: undefined } };
        return { next: "counts", state: { ...s, attendees: Number(a.text), index: 0, items: [] } };
      },
    },
    counts: {
      accepts: "text",
      finish: backToReview,
      canFinish: editing,
      async prompt(ctx, s) {
        const { c, item } = await current(ctx, s);
        const text = ctx.t("meeting-counts", {
          n: (s.index ?? 0) + 1,
          total: c.items.length,
          item: item.title,
          kinds: OPINION_KINDS.map((k) => ctx.t(`opinion-kind-${k}`)).join(", "),
        });
        const before = s.editing ? s.items?.find((x) => x.itemId === item.id) : undefined;
        if (!before) return { text };
        const now = OPINION_KINDS.map((k) => before.counts[k]).join(" ");
        return { text: `${text}\n${ctx.t("meeting-current", { counts: now, points: before.keyPoints || "—" })}` };
      },
      handle(_ctx, s, a) {
        const counts = a.kind === "text" ? parseKindCounts(a.text) : undefined;
        if (!counts) return { retry: "meeting-bad-counts", args: { count: OPINION_KINDS.length } };
        return { next: "points", state: { ...s, counts } };
      },
    },
    points: {
      accepts: "text",
      finish: backToReview,
      canFinish: editing,
      prompt: (ctx, s) => ({
        text: ctx.t("meeting-points", { max: ctx.deps.config.opinionMaxLength, n: (s.index ?? 0) + 1 }),
      }),
      async handle(ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        if (a.text.length > ctx.deps.config.opinionMaxLength)
          return { retry: "answer-too-long", args: { max: ctx.deps.config.opinionMaxLength } };
        const { c, item } = await current(ctx, s);
        const entry = { itemId: item.id, counts: s.counts!, keyPoints: a.text.trim() === "-" ? "" : a.text.trim() };
        if (s.editing) {
          const items = (s.items ?? []).map((x) => (x.itemId === item.id ? entry : x));
          return { next: "review", state: { ...s, items, counts: undefined, editing: undefined } };
        }
        const items = [...(s.items ?? []), entry];
        const index = (s.index ?? 0) + 1;
        return { next: index < c.items.length ? "counts" : "review", state: { ...s, items, index, counts: undefined } };
      },
    },
    review: {
      accepts: "choice",
      async prompt(ctx, s) {
        const c = await ctx.services.consultations.byId(s.consultationId!);
        const unit = await ctx.services.units.byId(s.unitId!);
        const lines = (s.items ?? []).flatMap((it) => {
          const item = c.items.find((x) => x.id === it.itemId);
          return [
            `${item?.position}. ${OPINION_KINDS.map((k) => `${ctx.t(`opinion-kind-${k}`)} ${it.counts[k]}`).join(", ")}`,
            `   ${ctx.t("meeting-review-points", { points: it.keyPoints || "—" })}`,
          ];
        });
        const odd = await oddities(ctx, s);
        const text = ctx.t("meeting-review", {
          unit: unit?.name ?? "",
          date: dmy(s.heldOn!),
          attendees: s.attendees!,
          lines: lines.join("\n"),
        });
        return {
          text: odd.length
            ? `${text}\n\n${odd.map((o) => `⚠ ${o}`).join("\n")}\n${ctx.t("meeting-odd-confirm")}`
            : text,
          choices: choicesFor(meetingFlow, "review", [
            { id: "save", label: ctx.t(odd.length ? "meeting-save-anyway" : "meeting-save") },
            { id: "edit", label: ctx.t("meeting-edit") },
          ]),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "edit") return { next: "edit", state: s };
        const r = await ctx.services.opinions.saveMeeting(ctx.actor, {
          consultationId: s.consultationId!,
          unitId: s.unitId!,
          heldOn: s.heldOn!,
          attendees: s.attendees!,
          items: s.items!,
        });
        const text = r.ok
          ? ctx.t(r.updated ? "meeting-updated" : "meeting-saved")
          : ctx.t(`opinion-problem-${r.problem}`, { max: ctx.deps.config.opinionMaxLength });
        return { done: true, say: [{ kind: "text", text }] };
      },
    },
    edit: {
      accepts: "choice",
      async prompt(ctx, s) {
        const c = await ctx.services.consultations.byId(s.consultationId!);
        return {
          text: ctx.t("meeting-edit-which"),
          choices: choicesFor(meetingFlow, "edit", [
            { id: "date", label: ctx.t("meeting-edit-date") },
            { id: "attendees", label: ctx.t("meeting-edit-attendees") },
            ...c.items.map((i, n) => ({
              id: `item:${n}`,
              label: ctx.t("meeting-edit-item", { n: i.position, item: snippet(i.title, 40) }),
            })),
          ]),
        };
      },
      finish: backToReview,
      handle(_ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "date" || a.id === "attendees") return { next: a.id, state: { ...s, editing: true } };
        const index = Number(a.id.slice(5));
        return { next: "counts", state: { ...s, index, editing: true } };
      },
    },
  },
};

export async function startMeeting(ctx: BotContext): Promise<void> {
  if (!ctx.actor.memberships.some((m) => m.role !== "member")) return ctx.say("meeting-chairs-only");
  const open = await managedOpen(ctx);
  if (!open.length) return ctx.say("opinion-none-open");
  if (ctx.isGroup && ctx.capabilities.privateChat !== "none") {
    ctx.reply({
      kind: "continue-privately",
      text: ctx.t("opinion-continue-privately"),
      payload: "hoinghi",
      buttonLabel: ctx.t("continue-privately"),
    });
    return;
  }
  const [only, ...others] = open;
  if (only && !others.length) {
    const next = await afterConsultation(ctx, { consultationId: only.id });
    return ctx.deps.engine.start(ctx, "meeting", next.next, next.state);
  }
  await ctx.deps.engine.start(ctx, "meeting", "consultation", {});
}
