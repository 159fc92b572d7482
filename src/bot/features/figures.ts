/**
 * Figures against targets: /chitieu (the indicators a deadline asks for: proposed from its plan, confirmed or added by
 * hand), /giaochitieu (targets per unit: a guided split, or a CSV/XLSX sheet sent with the command), /baocaoso (a
 * chair reports the figures), /tiendo (roll-up against targets as text and a chart). The reminder's button
 * "bcs|MÃ_HẠN" starts /baocaoso.
 */
import { assignTargetsFlow, importSheet, startAssignTargets } from "../../conversations/assign-targets.js";
import { figuresFlow, startFigures } from "../../conversations/report-figures.js";
import { takeTargetsSheet, targetsSheetFlow } from "../../conversations/targets-sheet.js";
import { periodText } from "../../domain/dates/periods.js";
import { recordId } from "../../domain/ids.js";
import type { IndicatorDef, Measure } from "../../domain/indicators.js";
import { defaultRollup } from "../../domain/indicators.js";
import { can } from "../../domain/scope.js";
import { figuresPath } from "../../domain/web-paths.js";
import { behindFirst, progressText } from "../../reports/figures-text.js";
import type { DeadlineRow } from "../../services/deadline-board.js";
import { FIGURES_ACTION, type IndicatorRow } from "../../services/indicators.js";
import type { ProgressResult } from "../../services/progress.js";
import type { Feature } from "../core.js";
import type { BotContext } from "../types.js";
import { withWebLink } from "../web-link.js";

const T = (ctx: BotContext) => (k: string, a?: Record<string, string | number>) => ctx.t(k, a);

export function indicatorLine(
  ctx: BotContext,
  i: Pick<IndicatorRow, "name" | "measure" | "comparator" | "target" | "strive">,
  n: number,
) {
  const target =
    i.target === null
      ? ctx.t("indicators-no-target")
      : ctx.t(`indicators-comparator-${i.comparator}`, {
          value: i.target,
          unit: i.measure === "people" || i.measure === "unions" ? "" : "%",
        });
  return `${n}. ${i.name} — ${ctx.t(`figures-measure-${i.measure}`)}, ${target}${i.strive ? ` (${ctx.t("progress-strive")})` : ""}`;
}

async function staffDeadline(ctx: BotContext, code: string | undefined): Promise<DeadlineRow | undefined> {
  if (!code) {
    ctx.say("indicators-usage");
    return undefined;
  }
  const d = await ctx.services.deadlines.byCode(code);
  if (!d) {
    ctx.say("figures-unknown-deadline", { code: code.slice(0, 20) });
    return undefined;
  }
  const root = await ctx.services.units.byId(d.rootUnitId);
  if (!root || !can(ctx.actor.grants, "deadlines", root.path)) {
    ctx.say("not-allowed");
    return undefined;
  }
  return d;
}

const MEASURE_WORDS: Record<string, Measure> = {
  nguoi: "people",
  người: "people",
  people: "people",
  donvi: "unions",
  "đơn vị": "unions",
  "don vi": "unions",
  unions: "unions",
  "%": "percent",
  phantram: "percent",
  "phần trăm": "percent",
  percent: "percent",
  cokhong: "yes-no",
  "có/không": "yes-no",
  "yes-no": "yes-no",
};

/** "Tên | người | ít nhất 70" → an indicator; undefined when a part is missing or unknown. */
function readIndicator(text: string): IndicatorDef | undefined {
  const [name, measureWord, targetText] = text.split("|").map((s) => s.trim());
  const measure = MEASURE_WORDS[(measureWord ?? "").toLowerCase()];
  if (!name || !measure) return undefined;
  const m = /^(trên|hơn|more than|ít nhất|at least)?\s*(\d+(?:[.,]\d+)?)\s*%?$/iu.exec(targetText ?? "");
  if (targetText && !m) return undefined;
  const target = m ? Number(m[2]!.replace(",", ".")) : null;
  const word = (m?.[1] ?? "").toLowerCase();
  const comparator = /trên|hơn|more/u.test(word)
    ? "more-than"
    : target === 100 && measure !== "people" && measure !== "unions"
      ? "all"
      : "at-least";
  return { name: name.slice(0, 200), measure, rollup: defaultRollup(measure), comparator, target, strive: false };
}

/** /chitieu MÃ_HẠN [dexuat | dung | them Tên | đo | mức | sua SỐ …]: list, propose, confirm, add or correct. */
async function indicators(ctx: BotContext, args: string): Promise<void> {
  const [code, sub, ...rest] = args.trim().split(/\s+/);
  const d = await staffDeadline(ctx, code || undefined);
  if (!d) return;
  const list = await ctx.services.indicators.indicatorsOf(d.id);
  const verb = (sub ?? "").toLowerCase();
  if (verb === "them" || verb === "thêm" || verb === "add") {
    const def = readIndicator(rest.join(" "));
    if (!def) return ctx.say("indicators-add-usage");
    const r = await ctx.services.indicators.defineIndicators(ctx.actor, d, [def]);
    if (!r.ok) return ctx.say(`indicators-problem-${r.problem}`);
    return ctx.say("indicators-added", { code: d.code, n: r.indicators.length });
  }
  if (verb === "dung" || verb === "dùng" || verb === "use") return useProposal(ctx, d);
  if (verb === "sua" || verb === "sửa" || verb === "fix") {
    const [n, ...words] = rest;
    const def = readIndicator(words.join(" "));
    if (!def || !/^\d{1,2}$/.test(n ?? "")) return ctx.say("indicators-fix-usage");
    const r = await ctx.services.indicators.correctIndicator(ctx.actor, d, Number(n), def);
    if (!r.ok) return ctx.say(`indicators-problem-${r.problem}`, { n: n ?? "" });
    return ctx.say("indicators-fixed", { code: d.code, n: n ?? "" });
  }
  if (list.length && verb !== "dexuat" && verb !== "propose") {
    const lines = list.map((i) => indicatorLine(ctx, i, i.position));
    ctx.reply({
      kind: "text",
      text: [
        ctx.t("indicators-title", { code: d.code, what: d.what }),
        ...lines,
        "",
        ctx.t("indicators-hint", { code: d.code }),
      ].join("\n"),
    });
    return;
  }
  const proposals = await ctx.services.indicators.proposalsFor(d);
  if (!proposals.length) return ctx.say(noProposal(d), { code: d.code });
  ctx.reply({
    kind: "text",
    text: [
      ctx.t("indicators-proposed", { code: d.code }),
      ...proposals.map((p, i) => indicatorLine(ctx, p, i + 1)),
      "",
      ctx.t("indicators-proposed-hint", { code: d.code }),
    ].join("\n"),
    choices: [
      { id: `ind|use|${d.id}`, label: ctx.t("indicators-use") },
      { id: `ind|no|${d.id}`, label: ctx.t("opinion-cancel") },
    ],
  });
}

/** Why nothing is proposed: the deadline came from no plan (added by hand), or its plan names no figures. */
function noProposal(d: DeadlineRow): string {
  return d.planId ? "indicators-none-proposed" : "indicators-none-no-plan";
}

/** Confirms the plan's proposal: the "Dùng các chỉ tiêu này" button, or "/chitieu MÃ_HẠN dung" where buttons are not pressed. */
async function useProposal(ctx: BotContext, d: DeadlineRow): Promise<void> {
  const proposals = await ctx.services.indicators.proposalsFor(d);
  if (!proposals.length) return ctx.say(noProposal(d), { code: d.code });
  const r = await ctx.services.indicators.defineIndicators(ctx.actor, d, proposals, true);
  if (!r.ok) return ctx.say(`indicators-problem-${r.problem}`);
  ctx.say("indicators-added", { code: d.code, n: r.indicators.length });
}

async function indicatorAction(ctx: BotContext, arg: string): Promise<void> {
  const [verb, id] = arg.split("|");
  if (verb !== "use") return ctx.say("conversation-cancelled");
  const deadlineId = recordId(id);
  const d = deadlineId === undefined ? undefined : await ctx.services.deadlines.byId(deadlineId);
  if (!d) return ctx.say("button-unknown");
  await useProposal(ctx, d);
}

/** /giaochitieu MÃ_HẠN: with a .csv/.xlsx attached, import it; otherwise the guided split. */
async function assignTargets(ctx: BotContext, args: string): Promise<void> {
  const d = await staffDeadline(ctx, args.trim().split(/\s+/)[0] || undefined);
  if (!d) return;
  const att = ctx.event.attachment;
  if (att && att.kind === "file") {
    ctx.reply(await importSheet(ctx, d, att));
    return;
  }
  if (ctx.isGroup && ctx.capabilities.privateChat !== "none") {
    ctx.reply({
      kind: "continue-privately",
      text: ctx.t("figures-continue-privately"),
      payload: `giaochitieu_${d.code}`,
      buttonLabel: ctx.t("continue-privately"),
    });
    return;
  }
  await startAssignTargets(ctx, d);
}

async function resolveProgress(ctx: BotContext, args: string): Promise<ProgressResult> {
  const [a, b] = args.trim().split(/\s+/).filter(Boolean);
  if (a && !b && /^H\d+$/i.test(a) && !(await ctx.services.units.byCode(a)))
    return ctx.services.progress.forActor(ctx.actor, undefined, a);
  return ctx.services.progress.forActor(ctx.actor, a, b);
}

/** /tiendo [MÃ_ĐƠN_VỊ] [MÃ_HẠN]: the roll-up against targets, as text and a chart. */
async function progress(ctx: BotContext, args: string): Promise<void> {
  const r = await resolveProgress(ctx, args);
  if (!r.ok) {
    const words = args.trim().split(/\s+/);
    return ctx.say(`progress-problem-${r.problem}`, {
      code: (words.at(-1) ?? "").slice(0, 20),
      unit: r.unit?.name ?? (words[0] ?? "").slice(0, 30),
    });
  }
  const tz = ctx.deps.config.timezone;
  const p = r.progress;
  const hint = ctx.t("progress-drill", { command: ctx.lang === "en" ? "/progress" : "/tiendo", code: p.deadline.code });
  const text = progressText(p, T(ctx), tz, ctx.capabilities.maxTextLength - hint.length - 1);
  // A button per child that owes the deadline (Telegram, the playground): the same answer for that child.
  const children = [...(p.indicators[0]?.children ?? [])].sort(behindFirst);
  const choices =
    ctx.event.platform === "zalo"
      ? []
      : children.slice(0, 12).map((c) => ({ id: `tdo|${c.unit.code}|${p.deadline.code}`, label: c.unit.code }));
  const page = figuresPath(p.deadline.code, p.root.code);
  ctx.reply(
    withWebLink(
      ctx,
      { kind: "text", text: children.length ? `${text}\n${hint}` : text, ...(choices.length ? { choices } : {}) },
      page,
    ),
  );
  try {
    // vega and resvg load on the first chart, not at start-up.
    const { figuresChartData, figuresChartLabels, figuresChartPng } = await import("../../reports/figures-chart.js");
    const data = figuresChartData(r.progress, (o) => periodText(T(ctx), o.label));
    const chart = await figuresChartPng(
      data,
      figuresChartLabels(T(ctx), r.progress.deadline.code, r.progress.root.name),
      ctx.lang,
    );
    ctx.reply({
      kind: "picture",
      fileName: `tien-do-${r.progress.deadline.code}.png`,
      data: chart.png,
      caption: ctx.t("progress-chart-caption"),
    });
  } catch (err) {
    ctx.deps.logger.warn({ err }, "the progress chart could not be drawn");
  }
}

export const figuresFeature: Feature = {
  commands: [
    {
      names: ["baocaoso", "report_figures"],
      description: "cmd-report-figures",
      role: "chair",
      chats: ["private", "group"],
      run: startFigures,
    },
    {
      names: ["tiendo", "progress"],
      description: "cmd-progress",
      role: "chair",
      chats: ["private", "group"],
      run: progress,
    },
    {
      names: ["chitieu", "indicators"],
      description: "cmd-indicators",
      role: "staff",
      chats: ["private", "group"],
      run: indicators,
    },
    {
      names: ["giaochitieu", "assign_targets"],
      description: "cmd-assign-targets",
      role: "staff",
      chats: ["private", "group"],
      run: assignTargets,
    },
  ],
  flows: [figuresFlow, assignTargetsFlow, targetsSheetFlow],
  file: takeTargetsSheet,
  actions: {
    [FIGURES_ACTION]: startFigures,
    ind: indicatorAction,
    tdo: (ctx, payload) => progress(ctx, payload.split("|").join(" ")),
  },
  deepLinks: {
    baocaoso: startFigures,
    giaochitieu: assignTargets,
  },
};
