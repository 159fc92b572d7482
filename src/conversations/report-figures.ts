/**
 * /baocaoso: a chair reports the figures a deadline asks for, for the earliest period the unit still owes however late
 * (domain/occurrences.ts reportingOccurrence). One question per indicator, with the last reported value shown; a
 * number (not negative, a percent at most 100, yes/no for a yes/no figure); a figure over the unit's members, far above
 * its target or jumping from the last one asks for confirmation, also on a first report (domain/indicators.ts
 * oddFigure); then a review and send, and the next period if one has begun. Sending again corrects: the new values
 * count, the old ones stay in the history.
 */

import type { BotContext } from "../bot/types.js";
import { formatDay } from "../domain/dates/due.js";
import { periodText } from "../domain/dates/periods.js";
import { type Measure, oddFigure, readFigure } from "../domain/indicators.js";
import { dayDiff } from "../domain/occurrences.js";
import { can } from "../domain/scope.js";
import type { Choice } from "../platforms/port.js";
import { figuresButton, type IndicatorRow } from "../services/indicators.js";
import { choicesFor, type Flow, type StepResult } from "./engine.js";

export interface FiguresState {
  deadlineId?: number;
  unitId?: number;
  occurrenceId?: number;
  correction?: boolean;
  index?: number;
  /** indicatorId → value */
  values?: Record<string, number>;
  /** A value waiting for confirmation (odd jump). */
  pending?: number;
  /** "/baocaoso MÃ_HẠN sua": correct the latest period already reported. */
  fix?: boolean;
}

const FIX = new Set(["sua", "sửa", "fix", "correct"]);

export function formatFigure(value: number | null | undefined, measure: Measure, t: BotContext["t"]): string {
  if (value === null || value === undefined) return "—";
  if (measure === "yes-no") return t(value >= 1 ? "figures-yes" : "figures-no");
  return t(measure === "percent" ? "figures-percent" : "figures-value", { value });
}

async function indicators(ctx: BotContext, s: FiguresState): Promise<IndicatorRow[]> {
  return ctx.services.indicators.indicatorsOf(s.deadlineId!);
}

/** Units of the chair that owe this deadline. */
async function owingUnits(ctx: BotContext, unitIds: number[]) {
  const managed = ctx.actor.memberships.filter(
    (m) => m.role !== "member" && unitIds.includes(m.unitId) && can(ctx.actor.grants, "manage", m.unitPath),
  );
  const seen = new Map(managed.map((m) => [m.unitId, m]));
  if (ctx.chat.unit && unitIds.includes(ctx.chat.unit.id) && can(ctx.actor.grants, "manage", ctx.chat.unit.path))
    return [{ unitId: ctx.chat.unit.id, unitName: ctx.chat.unit.name }];
  return [...seen.values()].map((m) => ({ unitId: m.unitId, unitName: m.unitName }));
}

/** Every unit the sender may report for (chaired units and, for staff, units under them that owe something). */
async function candidateUnitIds(ctx: BotContext): Promise<number[]> {
  const ids = new Set<number>();
  for (const m of ctx.actor.memberships) if (m.role !== "member") ids.add(m.unitId);
  if (ctx.chat.unit) ids.add(ctx.chat.unit.id);
  return [...ids];
}

async function withOccurrence(ctx: BotContext, s: FiguresState): Promise<StepResult<FiguresState>> {
  const o = await ctx.services.figureReports.occurrenceToReport(s.deadlineId!, s.unitId!, s.fix);
  if (!o)
    return {
      done: true,
      say: [{ kind: "text", text: ctx.t(s.fix ? "figures-nothing-to-fix" : "figures-nothing-due") }],
    };
  return {
    next: await firstStep(ctx, s),
    state: {
      ...s,
      occurrenceId: o.occurrence.id,
      correction: o.correction,
      index: 0,
      values: {},
    },
  };
}

async function afterDeadline(ctx: BotContext, s: FiguresState, unitIds: number[]) {
  const [only, ...others] = await owingUnits(ctx, unitIds);
  if (only && !others.length) return withOccurrence(ctx, { ...s, unitId: only.unitId });
  return { next: "unit", state: s } as const;
}

async function current(ctx: BotContext, s: FiguresState) {
  const list = await indicators(ctx, s);
  return { list, indicator: list[s.index ?? 0]! };
}

/** Stores the value of the current indicator and moves to the next, or to the review. */
async function accept(ctx: BotContext, s: FiguresState, value: number): Promise<StepResult<FiguresState>> {
  const { list, indicator } = await current(ctx, s);
  const values = { ...(s.values ?? {}), [String(indicator.id)]: value };
  const index = (s.index ?? 0) + 1;
  const base = { ...s, values, index, pending: undefined };
  const nextIndicator = list[index];
  if (!nextIndicator) return { next: "review", state: base };
  return { next: nextIndicator.measure === "yes-no" ? "yesno" : "value", state: base };
}

/** The unit's last reported value of an indicator before this period ("Kỳ trước"), or null. */
async function previousValue(ctx: BotContext, s: FiguresState, indicatorId: number): Promise<number | null> {
  const occurrence = await ctx.services.deadlines.occurrence(s.occurrenceId ?? 0);
  if (!occurrence || s.unitId === undefined) return null;
  const last = await ctx.services.figureReports.lastValues(s.unitId, occurrence);
  return last.get(indicatorId) ?? null;
}

/** Why a typed value deserves a second look: over the unit's members, far above its target, or a jump. */
async function oddReasons(ctx: BotContext, s: FiguresState, indicator: IndicatorRow, value: number) {
  const last = await previousValue(ctx, s, indicator.id);
  const { members, target } = await ctx.services.figureReports.checkContext(s.unitId ?? 0, indicator);
  return oddFigure(value, indicator.measure, { last, members, target });
}

/** After sending: the next period the unit owes, when it has begun already (a late report), with a button to it. */
async function nextPeriod(ctx: BotContext, s: FiguresState): Promise<{ line: string; choice: Choice } | undefined> {
  const deadline = await ctx.services.deadlines.byId(s.deadlineId ?? 0);
  if (!deadline || s.unitId === undefined) return undefined;
  const next = await ctx.services.figureReports.occurrenceToReport(deadline.id, s.unitId);
  if (!next || next.correction || next.occurrence.id === s.occurrenceId) return undefined;
  const { dueAt } = next.occurrence;
  const label = periodText(ctx.t, next.occurrence.label);
  const due = formatDay(dueAt, ctx.deps.config.timezone);
  // A period whose due day has gone by too is overdue, not merely begun.
  const late = -dayDiff(dueAt, ctx.now(), ctx.deps.config.timezone);
  return {
    line:
      late > 0
        ? ctx.t("figures-next-period-overdue", { period: label, due, days: late })
        : ctx.t("figures-next-period", { period: label, due }),
    choice: figuresButton(deadline.code, ctx.t("figures-next-button", { period: label })),
  };
}

async function question(ctx: BotContext, s: FiguresState): Promise<string> {
  const { list, indicator } = await current(ctx, s);
  const occ = await ctx.services.deadlines.occurrenceOrThrow(s.occurrenceId ?? 0);
  const last = await previousValue(ctx, s, indicator.id);
  const mine = s.correction ? await ctx.services.figureReports.valuesOf(s.unitId!, s.occurrenceId!) : undefined;
  // The unit is named from the first question on, not only at the review: a chair of several units knows which.
  const unit = await ctx.services.units.byId(s.unitId ?? 0);
  const lines = [
    ctx.t("figures-question", {
      unit: unit?.name ?? "",
      n: (s.index ?? 0) + 1,
      total: list.length,
      name: indicator.name,
      measure: ctx.t(`figures-measure-${indicator.measure}`),
      period: periodText(ctx.t, occ.label),
      due: formatDay(occ.dueAt, ctx.deps.config.timezone),
    }),
    ctx.t("figures-last-period", { value: formatFigure(last, indicator.measure, (k, a) => ctx.t(k, a)) }),
  ];
  const sent = mine?.get(indicator.id);
  if (sent !== undefined)
    lines.push(ctx.t("figures-already-sent", { value: formatFigure(sent, indicator.measure, (k, a) => ctx.t(k, a)) }));
  if (indicator.measure === "people" || indicator.measure === "unions") lines.push(ctx.t("figures-new-in-period"));
  lines.push(ctx.t(indicator.measure === "yes-no" ? "figures-answer-yes-no" : "figures-answer-number"));
  return lines.join("\n");
}

export const figuresFlow: Flow<FiguresState> = {
  id: "figures",
  key: "fg",
  steps: {
    deadline: {
      accepts: "choice",
      async prompt(ctx) {
        const owed = await ctx.services.indicators.figureDeadlinesOwedBy(await candidateUnitIds(ctx));
        return {
          text: ctx.t("figures-pick-deadline"),
          choices: choicesFor(
            figuresFlow,
            "deadline",
            owed.map((o) => ({ id: o.deadline.id, label: `${o.deadline.code}: ${o.deadline.what.slice(0, 50)}` })),
          ),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        const owed = await ctx.services.indicators.figureDeadlinesOwedBy(await candidateUnitIds(ctx));
        const chosen = owed.find((o) => o.deadline.id === Number(a.id));
        if (!chosen) return { retry: "conversation-invalid" };
        return afterDeadline(ctx, { ...s, deadlineId: chosen.deadline.id }, chosen.unitIds);
      },
    },
    unit: {
      accepts: "choice",
      async prompt(ctx, s) {
        const owed = await ctx.services.indicators.figureDeadlinesOwedBy(await candidateUnitIds(ctx));
        const ids = owed.find((o) => o.deadline.id === s.deadlineId)?.unitIds ?? [];
        const units = await owingUnits(ctx, ids);
        return {
          text: ctx.t("figures-pick-unit"),
          choices: choicesFor(
            figuresFlow,
            "unit",
            units.map((u) => ({ id: u.unitId, label: u.unitName })),
          ),
        };
      },
      handle: (ctx, s, a) =>
        a.kind === "choice" ? withOccurrence(ctx, { ...s, unitId: Number(a.id) }) : { retry: "conversation-invalid" },
    },
    value: {
      accepts: "text",
      prompt: async (ctx, s) => ({ text: await question(ctx, s) }),
      async handle(ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        const { indicator } = await current(ctx, s);
        const read = readFigure(a.text, indicator.measure);
        if ("problem" in read) return { retry: `figures-bad-${read.problem}` };
        if ((await oddReasons(ctx, s, indicator, read.value)).length)
          return { next: "confirm", state: { ...s, pending: read.value } };
        return accept(ctx, s, read.value);
      },
    },
    yesno: {
      accepts: "choice",
      prompt: async (ctx, s) => ({
        text: await question(ctx, s),
        choices: choicesFor(figuresFlow, "yesno", [
          { id: "1", label: ctx.t("figures-yes") },
          { id: "0", label: ctx.t("figures-no") },
        ]),
      }),
      handle: (ctx, s, a) => (a.kind === "choice" ? accept(ctx, s, Number(a.id)) : { retry: "conversation-invalid" }),
    },
    confirm: {
      accepts: "choice",
      async prompt(ctx, s) {
        const { indicator } = await current(ctx, s);
        const t = (k: string, a?: Record<string, string | number>) => ctx.t(k, a);
        const value = formatFigure(s.pending, indicator.measure, t);
        const unit = await ctx.services.units.byId(s.unitId ?? 0);
        const reasons = (await oddReasons(ctx, s, indicator, s.pending ?? 0)).map((r) =>
          r.kind === "members"
            ? ctx.t("figures-odd-members", { value, unit: unit?.name ?? "", members: r.members })
            : r.kind === "target"
              ? ctx.t("figures-odd-target", { value, target: formatFigure(r.target, indicator.measure, t) })
              : ctx.t("figures-odd-jump", { value, last: formatFigure(r.last, indicator.measure, t) }),
        );
        return {
          text: [...reasons, ctx.t("figures-odd-ask")].join("\n"),
          choices: choicesFor(figuresFlow, "confirm", [
            { id: "yes", label: ctx.t("figures-odd-keep") },
            { id: "no", label: ctx.t("figures-odd-retype") },
          ]),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "yes" && s.pending !== undefined) return accept(ctx, s, s.pending);
        return { next: "value", state: { ...s, pending: undefined } };
      },
    },
    review: {
      accepts: "choice",
      async prompt(ctx, s) {
        const list = await indicators(ctx, s);
        const unit = await ctx.services.units.byId(s.unitId!);
        const occ = await ctx.services.deadlines.occurrenceOrThrow(s.occurrenceId ?? 0);
        const t = (k: string, a?: Record<string, string | number>) => ctx.t(k, a);
        const lines = list.map(
          (ind, i) => `${i + 1}. ${ind.name}: ${formatFigure(s.values?.[String(ind.id)], ind.measure, t)}`,
        );
        return {
          text: ctx.t(s.correction ? "figures-review-correction" : "figures-review", {
            unit: unit?.name ?? "",
            period: periodText(ctx.t, occ.label),
            lines: lines.join("\n"),
          }),
          choices: choicesFor(figuresFlow, "review", [
            { id: "send", label: ctx.t("figures-send") },
            { id: "redo", label: ctx.t("figures-redo") },
          ]),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        const list = await indicators(ctx, s);
        if (a.id === "redo")
          return { next: list[0]?.measure === "yes-no" ? "yesno" : "value", state: { ...s, index: 0, values: {} } };
        const unit = await ctx.services.units.byId(s.unitId!);
        if (!unit) return { done: true, say: [{ kind: "text", text: ctx.t("error-generic") }] };
        const r = await ctx.services.figureReports.record(ctx.actor, {
          occurrenceId: s.occurrenceId!,
          unit,
          values: list.map((ind) => ({ indicatorId: ind.id, value: s.values?.[String(ind.id)] ?? 0 })),
        });
        if (!r.ok) return { done: true, say: [{ kind: "text", text: ctx.t(r.problem.key, r.problem.args) }] };
        const key = r.corrected ? "figures-sent-corrected" : r.late ? "figures-sent-late" : "figures-sent";
        const next = r.corrected ? undefined : await nextPeriod(ctx, s);
        const text = [ctx.t(key, { unit: unit.name }), ...(next ? [next.line] : [])].join("\n");
        return { done: true, say: [{ kind: "text", text, ...(next ? { choices: [next.choice] } : {}) }] };
      },
    },
  },
};

/** Starts /baocaoso (optionally for one deadline code), moving to the private chat where the platform has one. */
export async function startFigures(ctx: BotContext, args: string): Promise<void> {
  const words = args
    .trim()
    .split(/[\s_]+/)
    .filter(Boolean);
  const fix = words.some((w) => FIX.has(w.toLowerCase()));
  const code = words.find((w) => !FIX.has(w.toLowerCase()));
  if (!ctx.actor.memberships.some((m) => m.role !== "member")) return ctx.say("figures-chairs-only");
  const owed = await ctx.services.indicators.figureDeadlinesOwedBy(await candidateUnitIds(ctx));
  const chosen = code ? owed.filter((o) => o.deadline.code === code.toUpperCase()) : owed;
  const [only, ...others] = chosen;
  if (!only) return ctx.say(code ? "figures-unknown-deadline" : "figures-none-owed", { code: code ?? "" });
  if (ctx.isGroup && ctx.capabilities.privateChat !== "none") {
    ctx.reply({
      kind: "continue-privately",
      text: ctx.t("figures-continue-privately"),
      payload: `baocaoso${only && !others.length ? `_${only.deadline.code}` : ""}${fix ? "_sua" : ""}`,
      buttonLabel: ctx.t("continue-privately"),
    });
    return;
  }
  if (!others.length) {
    const s: FiguresState = { deadlineId: only.deadline.id, fix };
    const next = await afterDeadline(ctx, s, only.unitIds);
    if ("done" in next) {
      for (const r of next.say ?? []) ctx.reply(r);
      return;
    }
    if (!("next" in next)) return;
    return ctx.deps.engine.start(ctx, "figures", next.next, next.state);
  }
  await ctx.deps.engine.start(ctx, "figures", "deadline", {});
}

async function firstStep(ctx: BotContext, s: FiguresState): Promise<string> {
  const list = await indicators(ctx, s);
  return list[0]?.measure === "yes-no" ? "yesno" : "value";
}
