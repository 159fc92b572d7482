/**
 * /nhapketqua: a chair records a unit meeting (hội nghị lấy ý kiến): date, attendees, and for each item the number of
 * opinions by kind plus the key points. Counted beside individual opinions, never mixed with them; editable until
 * closing.
 */
import { z } from "zod";
import { readDatePhrase } from "../domain/dates/phrases.js";
import { OPINION_KINDS, parseKindCounts, type OpinionKind } from "../domain/opinions.js";
import { can } from "../domain/scope.js";
import { isInSubtree } from "../domain/units.js";
import type { BotContext } from "../bot/types.js";
import { choicesFor, type Flow } from "./engine.js";
import { snippet } from "./opinion.js";

interface MeetingState {
  consultationId?: number;
  unitId?: number;
  heldOn?: string;
  attendees?: number;
  index?: number;
  items?: { itemId: number; counts: Record<OpinionKind, number>; keyPoints: string }[];
  counts?: Record<OpinionKind, number>;
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
  const units = meetingUnits(ctx, c.rootUnit.path);
  if (units.length === 1) return { next: "date", state: { ...s, unitId: units[0]!.unitId } };
  return { next: "unit", state: s };
}

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
      async prompt(ctx, s) {
        const existing = await ctx.services.opinions.meetingOf(s.consultationId!, s.unitId!);
        return {
          text: `${existing ? `${ctx.t("meeting-existing", { date: existing.heldOn, attendees: existing.attendees })}\n` : ""}${ctx.t("meeting-date")}`,
        };
      },
      handle(ctx, s, a) {
        const p = a.kind === "text" ? readDatePhrase(a.text) : undefined;
        if (p?.spec.precision !== "day") return { retry: "meeting-bad-date" };
        if (new Date(`${p.spec.date}T00:00:00+07:00`) > ctx.now()) return { retry: "meeting-date-future" };
        return { next: "attendees", state: { ...s, heldOn: p.spec.date } };
      },
    },
    attendees: {
      accepts: "text",
      schema: z.string().regex(/^\d{1,6}$/, { message: "meeting-bad-number" }),
      prompt: (ctx) => ({ text: ctx.t("meeting-attendees") }),
      handle: (_ctx, s, a) =>
        a.kind === "text"
          ? { next: "counts", state: { ...s, attendees: Number(a.text), index: 0, items: [] } }
          : { retry: "meeting-bad-number" },
    },
    counts: {
      accepts: "text",
      async prompt(ctx, s) {
        const { c, item } = await current(ctx, s);
        return {
          text: ctx.t("meeting-counts", {
            n: (s.index ?? 0) + 1,
            total: c.items.length,
            item: item.title,
            kinds: OPINION_KINDS.map((k) => ctx.t(`opinion-kind-${k}`)).join(", "),
          }),
        };
      },
      handle(_ctx, s, a) {
        const counts = a.kind === "text" ? parseKindCounts(a.text) : undefined;
        if (!counts) return { retry: "meeting-bad-counts", args: { count: OPINION_KINDS.length } };
        return { next: "points", state: { ...s, counts } };
      },
    },
    points: {
      accepts: "text",
      prompt: (ctx, s) => ({
        text: ctx.t("meeting-points", { max: ctx.deps.config.opinionMaxLength, n: (s.index ?? 0) + 1 }),
      }),
      async handle(ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        if (a.text.length > ctx.deps.config.opinionMaxLength)
          return { retry: "answer-too-long", args: { max: ctx.deps.config.opinionMaxLength } };
        const { c, item } = await current(ctx, s);
        const items = [
          ...(s.items ?? []),
          { itemId: item.id, counts: s.counts!, keyPoints: a.text.trim() === "-" ? "" : a.text.trim() },
        ];
        const index = (s.index ?? 0) + 1;
        return { next: index < c.items.length ? "counts" : "review", state: { ...s, items, index, counts: undefined } };
      },
    },
    review: {
      accepts: "choice",
      async prompt(ctx, s) {
        const c = await ctx.services.consultations.byId(s.consultationId!);
        const unit = await ctx.services.units.byId(s.unitId!);
        const lines = (s.items ?? []).map((it) => {
          const item = c.items.find((x) => x.id === it.itemId);
          return `${item?.position}. ${OPINION_KINDS.map((k) => `${ctx.t(`opinion-kind-${k}`)} ${it.counts[k]}`).join(", ")}`;
        });
        return {
          text: ctx.t("meeting-review", {
            unit: unit?.name ?? "",
            date: s.heldOn!.split("-").reverse().join("/"),
            attendees: s.attendees!,
            lines: lines.join("\n"),
          }),
          choices: choicesFor(meetingFlow, "review", [
            { id: "save", label: ctx.t("meeting-save") },
            { id: "cancel", label: ctx.t("opinion-cancel") },
          ]),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "cancel") return { done: true, say: [{ kind: "text", text: ctx.t("conversation-cancelled") }] };
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
  if (open.length === 1) {
    const next = await afterConsultation(ctx, { consultationId: open[0]!.id });
    return ctx.deps.engine.start(ctx, "meeting", next.next, next.state);
  }
  await ctx.deps.engine.start(ctx, "meeting", "consultation", {});
}
