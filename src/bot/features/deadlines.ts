/** /hanchot, /themhanchot, /danop, /chuanop, /datmoc: deadlines, submissions and relative anchors. */

import { dueSettings } from "../../config.js";
import { addDeadlineFlow, startAddDeadline } from "../../conversations/add-deadline.js";
import { dueMoment, dueWithPhrase, formatDay } from "../../domain/dates/due.js";
import { periodText } from "../../domain/dates/periods.js";
import { readDatePhrase } from "../../domain/dates/phrases.js";
import { isOpenState, type UnitState } from "../../domain/occurrences.js";
import { scopeRoots } from "../../domain/scope.js";
import { byCode, groupOf, type SummaryItem } from "../../domain/unit-summary.js";
import { deadlinePath } from "../../domain/web-paths.js";
import { handInLead, standingOf, summaryOf, type UnitStanding } from "../../services/deadline-board.js";
import { FileLimitError } from "../../services/file-bounds.js";
import { figuresButton } from "../../services/indicators.js";
import type { UnitRow } from "../../services/units.js";
import type { Feature } from "../core.js";
import {
  DETAIL_LIMIT,
  drillUnit,
  FULL_LIST_WORDS,
  fitLines,
  fullListWord,
  replyFullList,
  replySummary,
} from "../summary-reply.js";
import type { BotContext } from "../types.js";
import { withWebLink } from "../web-link.js";

/** How one unit stands on one occurrence, in words. */
function stateText(ctx: BotContext, state: UnitState): string {
  const tz = ctx.deps.config.timezone;
  switch (state.kind) {
    case "upcoming":
      return ctx.t("deadline-state-upcoming", { n: state.daysLeft });
    case "due-today":
      return ctx.t("deadline-state-due-today");
    case "overdue":
      return ctx.t("deadline-state-overdue", { n: state.days });
    case "submitted":
      return ctx.t(state.late ? "deadline-state-submitted-late" : "deadline-state-submitted", {
        date: formatDay(state.at, tz),
      });
    case "excused":
      return ctx.t("deadline-state-excused");
  }
}

function standingText(ctx: BotContext, standing: UnitStanding): { when: string; state: string } {
  if (standing.kind === "waiting-anchor")
    return { when: ctx.t("deadline-waiting-anchor"), state: ctx.t("deadline-state-no-date") };
  if (standing.kind === "none") return { when: "—", state: ctx.t("deadline-state-no-date") };
  const previous = standing.previous
    ? ` (${ctx.t("deadline-previous", { label: standing.previous.occurrence.label, state: stateText(ctx, standing.previous.state) })})`
    : "";
  const extra =
    (standing.otherOverdue ? ` (${ctx.t("deadline-other-overdue", { n: standing.otherOverdue })})` : "") + previous;
  return {
    when: dueWithPhrase(
      standing.occurrence.dueAt,
      periodText(ctx.t, standing.occurrence.label),
      ctx.deps.config.timezone,
    ),
    state: stateText(ctx, standing.state) + extra,
  };
}

const MAX_LINES = 30;

/** A unit's own deadlines: each with the occurrence the unit is at and its state. */
async function unitListing(ctx: BotContext, unitIds: number[]): Promise<void> {
  const boards = await ctx.services.deadlines.boards({ unitIds });
  const now = ctx.deps.clock.now();
  const tz = ctx.deps.config.timezone;
  const lead = handInLead(ctx.deps.config);
  const rows = boards.flatMap((b) => b.units.map((u) => ({ b, u, standing: standingOf(b, u.id, now, tz, lead) })));
  if (!rows.length) return ctx.say("deadlines-none");
  const dueOf = (st: UnitStanding) => (st.kind === "at" ? st.occurrence.dueAt.getTime() : Number.MAX_SAFE_INTEGER);
  rows.sort((x, y) => dueOf(x.standing) - dueOf(y.standing));
  const lines = rows.slice(0, MAX_LINES).map(({ b, u, standing }) => {
    const { when, state } = standingText(ctx, standing);
    return `• ${b.deadline.code} — ${b.deadline.what} — ${when} — ${u.code}: ${state}`;
  });
  if (rows.length > MAX_LINES) lines.push(ctx.t("deadlines-more", { n: rows.length - MAX_LINES }));
  ctx.reply({ kind: "text", text: [ctx.t("deadlines-title"), ...lines, "", ctx.t("deadlines-hint")].join("\n") });
}

/** Staff and chairs: every deadline owed in their scope, with counts of the latest due date. */
async function scopeListing(ctx: BotContext, paths: string[]): Promise<void> {
  const boards = await ctx.services.deadlines.boards({ paths });
  if (!boards.length) return ctx.say("deadlines-none");
  const now = ctx.deps.clock.now();
  const tz = ctx.deps.config.timezone;
  const rows = boards.map((b) => ({ b, ...summaryOf(b, now, tz) }));
  const dueOf = (r: (typeof rows)[number]) => r.occurrence?.dueAt.getTime() ?? Number.MAX_SAFE_INTEGER;
  rows.sort((x, y) => dueOf(x) - dueOf(y));
  const lines = rows.slice(0, MAX_LINES).map(({ b, occurrence, counts }) =>
    ctx.t("deadlines-scope-line", {
      code: b.deadline.code,
      what: b.deadline.what,
      when: occurrence
        ? dueWithPhrase(occurrence.dueAt, periodText(ctx.t, occurrence.label), tz)
        : ctx.t("deadline-waiting-anchor"),
      submitted: counts.submitted,
      owing: b.units.length,
      overdue: counts.overdue,
      upcoming: counts.upcoming + counts.dueToday,
      excused: counts.excused,
    }),
  );
  if (rows.length > MAX_LINES) lines.push(ctx.t("deadlines-more", { n: rows.length - MAX_LINES }));
  ctx.reply({
    kind: "text",
    text: [ctx.t("deadlines-scope-title"), ...lines, "", ctx.t("deadlines-scope-hint")].join("\n"),
  });
}

type Detail = Extract<Awaited<ReturnType<BotContext["services"]["deadlines"]["detail"]>>, { ok: true }>;

/** How a unit stands, with the other period it is at when that is not the listing's own. */
function unitLine(ctx: BotContext, focus: Detail["occurrence"], standing: UnitStanding): string {
  const { when, state } = standingText(ctx, standing);
  const other = standing.kind === "at" && standing.occurrence.id !== focus?.id ? ` — ${when}` : "";
  return `${state}${other}`;
}

/** The owing units as summary items: done (handed in or excused), behind (overdue, by days) or open. */
function summaryItems(standings: Detail["standings"]): SummaryItem[] {
  return standings.map(({ unit, standing }) => {
    const state = standing.kind === "at" ? standing.state : undefined;
    if (!state || !isOpenState(state)) return { unit, standing: state ? "done" : "open", lag: 0 };
    return state.kind === "overdue"
      ? { unit, standing: "behind", lag: state.days }
      : { unit, standing: "open", lag: 0 };
  });
}

const ENGLISH: Record<string, string> = { chuanop: "missing", hanchot: "deadlines" };

/** The web view's page of a deadline, for the unit the answer was about. */
const deadlinePage = (r: { deadline: { code: string }; within?: { code: string } }) =>
  deadlinePath(r.deadline.code, r.within?.code);

/** The summary of a deadline's units by child, with drill-down by code and button. */
function deadlineSummary(
  ctx: BotContext,
  r: Detail,
  o: { command: "chuanop" | "hanchot"; title: string; leaf: (unitId: number) => string | undefined },
): void {
  const command = `/${ctx.lang === "en" ? ENGLISH[o.command] : o.command} ${r.deadline.code}`;
  const within = r.within ? ` ${r.within.code}` : "";
  replySummary(ctx, r.groups, summaryItems(r.standings), {
    view: "deadline",
    title: o.title,
    drill: command,
    leaf: o.leaf,
    button: (code) => `sum|${o.command}|${r.deadline.code}|${code}`,
    web: deadlinePage(r),
    hints: [ctx.t("full-list-hint", { command: `${command}${within} ${FULL_LIST_WORDS[0]}` })],
    // On Zalo the typed form stands for every button (numbered lines would crowd the message).
    choices:
      ctx.event.platform === "zalo"
        ? []
        : [{ id: `sum|${o.command}|${r.deadline.code}|${r.within?.code ?? "*"}|ds`, label: ctx.t("full-list-button") }],
  });
}

/** Splits "H3 [MÃ_ĐƠN_VỊ] [ds]". */
function readArgs(args: string): { code?: string; unitCode?: string; file: boolean } {
  const { words, file } = fullListWord(args.trim().split(/\s+/).filter(Boolean));
  const [code, unitCode] = words;
  return { code, unitCode: unitCode === "*" ? undefined : unitCode, file };
}

/**
 * The full list ("Danh sách đầy đủ") as .xlsx and .csv in the private chat: every unit in code order with the child
 * unit it lies under, its state and the period it is at. In a group the reader is sent to the private chat.
 */
async function sendFullList(
  ctx: BotContext,
  r: Detail,
  name: string,
  only?: (s: Detail["standings"][number]) => boolean,
) {
  const groups = new Map(r.groups.map((g) => [g.path, g]));
  const rows = byCode(r.standings.filter((s) => !only || only(s)).map((s) => ({ ...s, code: s.unit.code }))).map(
    ({ unit, standing }) => {
      const { when, state } = standingText(ctx, standing);
      const group = groupOf(unit.path, groups);
      return [unit.code, unit.name, group ? group.code : "", state, when];
    },
  );
  await replyFullList(ctx, name, ["code", "unit", "group", "state", "period"], rows);
}

/** /hanchot MÃ_HẠN [MÃ_ĐƠN_VỊ]: each owing unit in the asker's scope and where it stands, or a summary by child. */
async function deadlineDetail(ctx: BotContext, code: string, unitCode?: string, file = false): Promise<void> {
  const within = await drillUnit(ctx, unitCode);
  if (within.refused) return;
  const r = await ctx.services.deadlines.detail(ctx.actor, code, within.unit);
  if (!r.ok)
    return ctx.say(r.problem === "unknown" ? "submit-unknown" : "deadlines-not-in-scope", { code: code.slice(0, 20) });
  if (file) return sendFullList(ctx, r, `han-${r.deadline.code}${within.unit ? `-${within.unit.code}` : ""}`);
  const tz = ctx.deps.config.timezone;
  const when = r.occurrence
    ? dueWithPhrase(r.occurrence.dueAt, periodText(ctx.t, r.occurrence.label), tz)
    : ctx.t("deadline-waiting-anchor");
  const title = ctx.t("deadlines-detail-title", {
    code: r.deadline.code,
    what: r.deadline.what,
    when,
    owing: r.board.units.length,
  });
  const standings = byCode(r.standings.map((s) => ({ ...s, code: s.unit.code })));
  if (standings.length <= DETAIL_LIMIT || !r.groups.length) {
    const text = fitLines(ctx, [
      title,
      ...standings.map(({ unit, standing }) => `• ${unit.code} ${unit.name}: ${unitLine(ctx, r.occurrence, standing)}`),
    ]);
    return ctx.reply(withWebLink(ctx, { kind: "text", text }, deadlinePage(r)));
  }
  const byId = new Map(r.standings.map((s) => [s.unit.id, s.standing]));
  deadlineSummary(ctx, r, {
    command: "hanchot",
    title,
    leaf: (id) => {
      const st = byId.get(id);
      return st ? unitLine(ctx, r.occurrence, st) : undefined;
    },
  });
}

async function listDeadlines(ctx: BotContext, args = ""): Promise<void> {
  const { code, unitCode, file } = readArgs(args);
  if (code) return deadlineDetail(ctx, code, unitCode, file);
  if (ctx.chat.unit) return unitListing(ctx, [ctx.chat.unit.id]);
  if (ctx.isGroup) return ctx.say("unit-not-linked");
  const roots = scopeRoots(ctx.actor.grants, "view");
  if (roots.length) return scopeListing(ctx, roots);
  const unitIds = ctx.actor.memberships.map((m) => m.unitId);
  if (!unitIds.length) return ctx.say("role-none");
  return unitListing(ctx, unitIds);
}

/** The unit a chair marks for: the group's unit, an explicit code, or their only chaired unit. */
async function unitFor(ctx: BotContext, code?: string): Promise<UnitRow | undefined> {
  if (code) return ctx.services.units.byCode(code);
  if (ctx.chat.unit) return ctx.chat.unit;
  const [only, ...others] = ctx.actor.memberships.filter((m) => m.role !== "member");
  return only && !others.length ? ctx.services.units.byId(only.unitId) : undefined;
}

const UNDO = new Set(["huy", "hủy", "undo"]);
const EXCUSE = new Set(["mien", "miễn", "excuse"]);
/** A word shaped like a unit code (letters and digits joined by '-', '_' or '.'): never taken as a note. */
const CODE_SHAPE = /^[A-Za-z0-9]+([-_.][A-Za-z0-9]+)+$/;

/** /danop MÃ_HẠN [MÃ_ĐƠN_VỊ] [huy | mien] [ghi chú] */
async function submitted(ctx: BotContext, args: string): Promise<void> {
  const [code, second, ...rest] = args.trim().split(/\s+/).filter(Boolean);
  if (!code) return ctx.say("submit-usage");
  const short = code.slice(0, 20);
  const deadline = await ctx.services.deadlines.byCode(code);
  if (!deadline) return ctx.say("submit-unknown", { code: short, unit: "" });
  const known = second ? await ctx.services.units.byCode(second) : undefined;
  if (second && !known && CODE_SHAPE.test(second))
    return ctx.say("submit-unknown-unit", { unit: second.slice(0, 40), code: code.toUpperCase() });
  const words = known ? rest : [second, ...rest].filter((w): w is string => !!w);
  const action = words[0]?.toLowerCase();
  const undo = !!action && UNDO.has(action);
  const excuse = !!action && EXCUSE.has(action);
  const unit = await unitFor(ctx, known?.code);
  if (!unit) return ctx.say("submit-which-unit");
  const args2 = { code: code.toUpperCase(), unit: unit.name };
  if (undo) return undoMark(ctx, code, unit);
  // A deadline that asks for figures is met by sending them: marking it alone would leave every figure view at "—".
  if (!excuse && (await ctx.services.indicators.indicatorsOf(deadline.id)).length)
    return ctx.reply({
      kind: "text",
      text: ctx.t("submit-needs-figures", { code: deadline.code }),
      choices: [figuresButton(deadline.code, ctx.t("figures-button"))],
    });
  const note = (undo || excuse ? words.slice(1) : words).join(" ") || undefined;
  const report = excuse ? { kept: true as const } : await keepAttachedReport(ctx, unit);
  if (!report.kept) return;
  const fileId = report.fileId;
  const r = await ctx.services.deadlines.submit(ctx.actor, code, unit, note, fileId, excuse ? "excused" : "submitted");
  if (!r.ok) return ctx.say(`submit-${r.problem}`, args2);
  const done = {
    unit: unit.name,
    label: periodText(ctx.t, r.label),
    due: formatDay(r.dueAt, ctx.deps.config.timezone),
  };
  ctx.say(excuse ? "submit-excused" : r.late ? "submit-done-late" : "submit-done", done);
}

/** /danop MÃ_HẠN huy: the unit's mark taken back, submitted or excused. */
async function undoMark(ctx: BotContext, code: string, unit: UnitRow): Promise<void> {
  const r = await ctx.services.deadlines.undo(ctx.actor, code, unit);
  if (!r.ok) return ctx.say(`submit-${r.problem}`, { code: code.toUpperCase(), unit: unit.name });
  return ctx.say(r.kind === "excused" ? "submit-undone-excused" : "submit-undone", {
    unit: unit.name,
    label: periodText(ctx.t, r.label),
  });
}

/**
 * The report file sent with /danop, kept for the unit: `kept: false` when the chair was answered instead (not allowed,
 * too large, not downloadable). Nothing is fetched or stored for someone who may not mark this unit.
 */
async function keepAttachedReport(
  ctx: BotContext,
  unit: UnitRow,
): Promise<{ kept: true; fileId?: number } | { kept: false }> {
  const att = ctx.event.attachment;
  if (att?.kind !== "file") return { kept: true };
  if (!ctx.can("manage", unit.path)) {
    ctx.say("submit-not-allowed", { unit: unit.name });
    return { kept: false };
  }
  let data: Uint8Array;
  try {
    data = await ctx.download(att.fileRef);
  } catch (err) {
    if (err instanceof FileLimitError) ctx.say(`file-limit-${err.limit}`, { max: err.max });
    else ctx.say("submit-download-failed");
    return { kept: false };
  }
  const file = await ctx.services.files.store({ name: att.fileName ?? "bao-cao", mimeType: att.mimeType, data });
  return { kept: true, fileId: file.id };
}

/** /chuanop MÃ_HẠN [MÃ_ĐƠN_VỊ]: the units still owing, named when few, else a summary by child unit. */
async function missing(ctx: BotContext, args: string): Promise<void> {
  const { code, unitCode, file } = readArgs(args);
  if (!code) return ctx.say("missing-usage");
  const within = await drillUnit(ctx, unitCode);
  if (within.refused) return;
  const r = await ctx.services.deadlines.missing(ctx.actor, code, within.unit);
  if (!r.ok) return ctx.say(`submit-${r.problem}`, { code: code.toUpperCase().slice(0, 20), unit: "" });
  const due = formatDay(r.occurrence.dueAt, ctx.deps.config.timezone);
  if (!r.missing.length) return ctx.say("missing-none", { code: r.deadline.code, due });
  if (file)
    return sendFullList(
      ctx,
      r,
      `chua-nop-${r.deadline.code}${within.unit ? `-${within.unit.code}` : ""}`,
      (s) => s.standing.kind === "at" && isOpenState(s.standing.state),
    );
  const title = ctx.t("missing-title", {
    code: r.deadline.code,
    what: r.deadline.what,
    due,
    n: r.missing.length,
    owing: r.owing,
  });
  // The same words as /hanchot MÃ_HẠN: the unit's own overdue days, and the earlier period it is at.
  const owed = (standing: UnitStanding) =>
    standing.kind === "at" && (standing.state.kind === "overdue" || standing.occurrence.id !== r.occurrence.id)
      ? ` (${unitLine(ctx, r.occurrence, standing)})`
      : "";
  if (r.missing.length <= DETAIL_LIMIT || !r.groups.length) {
    const text = fitLines(ctx, [
      title,
      ...byCode(r.missing.map((m) => ({ ...m, code: m.unit.code }))).map(
        ({ unit, standing }) => `• ${unit.code} ${unit.name}${owed(standing)}`,
      ),
    ]);
    return ctx.reply(withWebLink(ctx, { kind: "text", text }, deadlinePage(r)));
  }
  const byId = new Map(r.standings.map((s) => [s.unit.id, s.standing]));
  deadlineSummary(ctx, r, {
    command: "chuanop",
    title,
    leaf: (id) => {
      const st = byId.get(id);
      return st ? unitLine(ctx, r.occurrence, st) : undefined;
    },
  });
}

async function setAnchor(ctx: BotContext, args: string): Promise<void> {
  const [code, ...rest] = args.trim().split(/\s+/).filter(Boolean);
  const phrase = code ? readDatePhrase(rest.join(" ")) : undefined;
  const at = phrase ? dueMoment(phrase.spec, dueSettings(ctx.deps.config)) : undefined;
  if (!code || !at || phrase?.spec.precision !== "day") return ctx.say("anchor-usage");
  const r = await ctx.services.deadlines.setAnchor(ctx.actor, code, at);
  if (!r.ok) return ctx.say(`anchor-${r.problem}`, { code: code.slice(0, 20) });
  ctx.say("anchor-set", { code: code.toUpperCase(), due: formatDay(r.dueAt, ctx.deps.config.timezone) });
}

/** A drill-down button: "sum|<command>|<deadline>|<unit>" answers as the command typed with the unit's code. */
async function drillPressed(ctx: BotContext, payload: string): Promise<void> {
  const [command, code, unit, list] = payload.split("|");
  if (!code || !unit) return ctx.say("button-unknown");
  const file = list === "ds";
  if (command === "chuanop") return missing(ctx, `${code} ${unit}${file ? " ds" : ""}`);
  if (command === "hanchot") return deadlineDetail(ctx, code, unit === "*" ? undefined : unit, file);
  return ctx.say("button-unknown");
}

export const deadlines: Feature = {
  flows: [addDeadlineFlow],
  actions: { sum: drillPressed },
  commands: [
    {
      names: ["hanchot", "deadlines"],
      description: "cmd-deadlines",
      role: "member",
      chats: ["group", "private"],
      run: listDeadlines,
    },
    {
      names: ["danop", "submitted"],
      description: "cmd-submitted",
      role: "chair",
      chats: ["group", "private"],
      run: submitted,
    },
    {
      names: ["chuanop", "missing"],
      description: "cmd-missing",
      role: "chair",
      chats: ["group", "private"],
      run: missing,
    },
    {
      names: ["themhanchot", "add_deadline"],
      description: "cmd-add-deadline",
      role: "staff",
      chats: ["private"],
      run: startAddDeadline,
    },
    {
      names: ["datmoc", "set_anchor"],
      description: "cmd-set-anchor",
      role: "staff",
      chats: ["private", "group"],
      run: setAnchor,
    },
  ],
};
