/**
 * "Giao chỉ tiêu" (/giaochitieu MÃ_HẠN): staff give a unit its target for an indicator and split it among the
 * unit's children evenly, in proportion to membership, or by hand; the review shows the split and the sum check
 * refuses children's targets that do not add up to the parent's, with both figures.
 */

import type { BotContext } from "../bot/types.js";
import type { SplitWay } from "../domain/indicators.js";
import { readFigure } from "../domain/indicators.js";
import { can } from "../domain/scope.js";
import { byCode } from "../domain/unit-summary.js";
import type { IncomingAttachment, Reply } from "../platforms/port.js";
import type { DeadlineRow } from "../services/deadline-board.js";
import { FileLimitError } from "../services/file-bounds.js";
import { choicesFor, type Flow, type StepResult } from "./engine.js";
import { formatFigure } from "./report-figures.js";

export interface AssignState {
  deadlineId: number;
  indicatorId?: number;
  unitId?: number;
  way?: SplitWay;
  hand?: Record<string, number>;
}

const KEEP = new Set(["giu", "giữ", "keep", "-"]);

async function indicator(ctx: BotContext, s: AssignState) {
  const list = await ctx.services.indicators.indicatorsOf(s.deadlineId);
  return list.find((i) => i.id === s.indicatorId) ?? list[0]!;
}

async function unit(ctx: BotContext, s: AssignState) {
  return (await ctx.services.units.byId(s.unitId!))!;
}

async function planned(ctx: BotContext, s: AssignState) {
  return ctx.services.targets.planSplit(await indicator(ctx, s), await unit(ctx, s), s.way!, s.hand);
}

function afterWay(s: AssignState): StepResult<AssignState> {
  return { next: s.way === "hand" ? "hand" : "review", state: s };
}

/** A targets sheet (.csv/.xlsx) for a deadline: imported whole, or refused with each problem and its line. */
export async function importSheet(ctx: BotContext, d: DeadlineRow, att: IncomingAttachment): Promise<Reply> {
  let data: Uint8Array;
  try {
    data = await ctx.download(att.fileRef);
  } catch (err) {
    if (err instanceof FileLimitError)
      return { kind: "text", text: ctx.t(`file-limit-${err.limit}`, { max: err.max }) };
    return { kind: "text", text: ctx.t("announce-download-failed") };
  }
  const file = { name: att.fileName ?? "", data };
  const r = await ctx.services.targets.importTargets(ctx.actor, d, file, ctx.deps.config.files);
  if (r.ok) return { kind: "text", text: ctx.t("assign-imported", { n: r.count, code: d.code }) };
  const lines = r.problems.map((p) =>
    p.line ? ctx.t("assign-import-line", { line: p.line, problem: ctx.t(p.key, p.args) }) : ctx.t(p.key, p.args),
  );
  return { kind: "text", text: [ctx.t("assign-import-refused"), ...lines].join("\n") };
}

export const assignTargetsFlow: Flow<AssignState> = {
  id: "assign-targets",
  key: "gt",
  // The sheet sent while the guided split is under way (the command's way with a file): import it instead.
  async file(ctx, s, attachment) {
    const d = await ctx.services.deadlines.byId(s.deadlineId);
    if (!d) return { retry: "conversation-invalid" };
    return { done: true, say: [await importSheet(ctx, d, attachment)] };
  },
  steps: {
    indicator: {
      accepts: "choice",
      async prompt(ctx, s) {
        const list = await ctx.services.indicators.indicatorsOf(s.deadlineId);
        return {
          text: ctx.t("assign-pick-indicator"),
          choices: choicesFor(
            assignTargetsFlow,
            "indicator",
            list.map((i) => ({ id: i.id, label: `${i.position}. ${i.name.slice(0, 50)}` })),
          ),
        };
      },
      handle: (_ctx, s, a) =>
        a.kind === "choice"
          ? { next: "unit", state: { ...s, indicatorId: Number(a.id) } }
          : { retry: "conversation-invalid" },
    },
    unit: {
      accepts: "text",
      prompt: (ctx) => ({ text: ctx.t("assign-ask-unit") }),
      async handle(ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        const u = await ctx.services.units.byCode(a.text);
        if (!u) return { retry: "assign-unknown-unit" };
        if (!can(ctx.actor.grants, "deadlines", u.path)) return { retry: "figures-problem-not-allowed" };
        return { next: "total", state: { ...s, unitId: u.id } };
      },
    },
    total: {
      accepts: "text",
      async prompt(ctx, s) {
        const ind = await indicator(ctx, s);
        const u = await unit(ctx, s);
        const current = await ctx.services.targets.targetOf(ind, u);
        const t = (k: string, x?: Record<string, string | number>) => ctx.t(k, x);
        return {
          text: ctx.t(current === null ? "assign-ask-total" : "assign-ask-total-current", {
            unit: u.name,
            indicator: ind.name,
            current: formatFigure(current, ind.measure, t),
          }),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        const ind = await indicator(ctx, s);
        const u = await unit(ctx, s);
        if (KEEP.has(a.text.trim().toLowerCase())) {
          if ((await ctx.services.targets.targetOf(ind, u)) === null) return { retry: "assign-need-total" };
        } else {
          const read = readFigure(a.text, ind.measure === "yes-no" ? "percent" : ind.measure);
          if ("problem" in read) return { retry: `figures-bad-${read.problem}` };
          const problem = await ctx.services.targets.setTarget(ctx.actor, ind, u, read.value);
          if (problem) return { retry: problem.key };
        }
        // Split only to the units that report this deadline's figures (/baocaoso), or have such units under them.
        const children = await ctx.services.targets.reportingChildren(s.deadlineId, u);
        if (!children.length) {
          const below = (await ctx.services.units.children(u.id)).length;
          const key = below ? "assign-saved-one-not-reporting" : "assign-saved-one";
          return { done: true, say: [{ kind: "text", text: ctx.t(key, { unit: u.name }) }] };
        }
        return { next: "way", state: s };
      },
    },
    way: {
      accepts: "choice",
      prompt: (ctx) => ({
        text: ctx.t("assign-ask-way"),
        choices: choicesFor(assignTargetsFlow, "way", [
          { id: "even", label: ctx.t("assign-way-even") },
          { id: "members", label: ctx.t("assign-way-members") },
          { id: "hand", label: ctx.t("assign-way-hand") },
          { id: "none", label: ctx.t("assign-way-none") },
        ]),
      }),
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "none")
          return {
            done: true,
            say: [{ kind: "text", text: ctx.t("assign-saved-one", { unit: (await unit(ctx, s)).name }) }],
          };
        return afterWay({ ...s, way: a.id as SplitWay });
      },
    },
    hand: {
      accepts: "text",
      async prompt(ctx, s) {
        const children = await ctx.services.targets.reportingChildren(s.deadlineId, await unit(ctx, s));
        return {
          text: ctx.t("assign-ask-hand", {
            example: children
              .slice(0, 2)
              .map((c) => `${c.code} 10`)
              .join("\n"),
          }),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        const hand: Record<string, number> = {};
        for (const line of a.text.split(/\n|;/)) {
          if (!line.trim()) continue;
          const m = /^\s*([A-Za-z0-9._-]+)\s*[:=]?\s*(\S+)\s*$/.exec(line);
          const read = m ? readFigure(m[2]!, "people") : undefined;
          if (!m || !read || "problem" in read) return { retry: "assign-bad-hand" };
          hand[m[1]!.toUpperCase()] = read.value;
        }
        const next = { ...s, hand };
        const r = await planned(ctx, next);
        if (!r.ok) return { retry: r.problem.key, args: r.problem.args };
        return { next: "review", state: next };
      },
    },
    review: {
      accepts: "choice",
      async prompt(ctx, s) {
        const r = await planned(ctx, s);
        const ind = await indicator(ctx, s);
        const u = await unit(ctx, s);
        const t = (k: string, x?: Record<string, string | number>) => ctx.t(k, x);
        const text = r.ok
          ? ctx.t("assign-review", {
              unit: u.name,
              indicator: ind.name,
              total: formatFigure(r.parentTarget, ind.measure, t),
              // In code order, as many as one message holds (the buttons or numbered choices below it too); the
              // rest counted with the smallest and largest share, so a split among 2,000 units is one message.
              lines: boundedRows(
                ctx,
                byCode(r.rows).map((x) => ({
                  line: `• ${x.code} ${x.name}: ${formatFigure(x.value, ind.measure, t)}`,
                  value: x.value,
                })),
                (v) => formatFigure(v, ind.measure, t),
              ),
            })
          : ctx.t(r.problem.key, r.problem.args);
        return {
          text,
          choices: choicesFor(assignTargetsFlow, "review", [
            ...(r.ok ? [{ id: "save", label: ctx.t("meeting-save") }] : []),
          ]),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice" || a.id !== "save") return { retry: "conversation-invalid" };
        const r = await planned(ctx, s);
        if (!r.ok) return { done: true, say: [{ kind: "text", text: ctx.t(r.problem.key, r.problem.args) }] };
        const u = await unit(ctx, s);
        const problem = await ctx.services.targets.saveSplit(ctx.actor, await indicator(ctx, s), u, s.way!, r.rows);
        const text = problem
          ? ctx.t(problem.key, problem.args)
          : ctx.t("assign-saved", { unit: u.name, n: r.rows.length });
        return { done: true, say: [{ kind: "text", text }] };
      },
    },
  },
};

/** The split's lines within one message, the ones left out counted with their smallest and largest share. */
function boundedRows(ctx: BotContext, rows: { line: string; value: number }[], show: (v: number) => string): string {
  const budget = ctx.capabilities.maxTextLength - 400;
  const lines = rows.map((r) => r.line);
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    size += (lines[i] as string).length + 1;
    if (size > budget - 120) {
      const rest = rows.slice(i).map((r) => r.value);
      const more = ctx.t("assign-review-more", {
        n: rest.length,
        min: show(Math.min(...rest)),
        max: show(Math.max(...rest)),
      });
      return [...lines.slice(0, i), more].join("\n");
    }
  }
  return lines.join("\n");
}

export async function startAssignTargets(ctx: BotContext, deadline: DeadlineRow): Promise<void> {
  const list = await ctx.services.indicators.indicatorsOf(deadline.id);
  if (!list.length) return ctx.say("indicators-none", { code: deadline.code });
  if (list.length === 1)
    return ctx.deps.engine.start(ctx, "assign-targets", "unit", { deadlineId: deadline.id, indicatorId: list[0]!.id });
  await ctx.deps.engine.start(ctx, "assign-targets", "indicator", { deadlineId: deadline.id });
}
