/** /hanchot, /themhanchot, /danop, /chuanop, /datmoc: deadlines, submissions and relative anchors. */
import { addDeadlineFlow, startAddDeadline } from "../../conversations/add-deadline.js";
import { formatDay } from "../../domain/dates/due.js";
import { readDatePhrase } from "../../domain/dates/phrases.js";
import { dueMoment } from "../../domain/dates/due.js";
import { dueSettings } from "../../config.js";
import type { UnitRow } from "../../services/units.js";
import type { Feature } from "../core.js";
import type { BotContext } from "../types.js";

async function listDeadlines(ctx: BotContext): Promise<void> {
  const unitIds = ctx.chat.unit ? [ctx.chat.unit.id] : ctx.actor.memberships.map((m) => m.unitId);
  if (!unitIds.length) return ctx.say(ctx.isGroup ? "unit-not-linked" : "role-none");
  const rows = await ctx.services.deadlines.upcomingFor(unitIds);
  if (!rows.length) return ctx.say("deadlines-none");
  const tz = ctx.deps.config.timezone;
  const lines = rows.slice(0, 25).map((r) => {
    const when = r.occurrence ? formatDay(r.occurrence.dueAt, tz) : ctx.t("deadline-waiting-anchor");
    const state = r.submitted ? ctx.t("deadline-submitted") : ctx.t("deadline-not-submitted");
    return `• ${r.deadline.code} — ${r.deadline.what} — ${when} (${r.deadline.phrase}) — ${r.unit.code}: ${state}`;
  });
  ctx.reply({ kind: "text", text: [ctx.t("deadlines-title"), ...lines, "", ctx.t("deadlines-hint")].join("\n") });
}

/** The unit a chair marks for: the group's unit, an explicit code, or their only chaired unit. */
async function unitFor(ctx: BotContext, code?: string): Promise<UnitRow | undefined> {
  if (code) return ctx.services.units.byCode(code);
  if (ctx.chat.unit) return ctx.chat.unit;
  const chaired = ctx.actor.memberships.filter((m) => m.role !== "member");
  return chaired.length === 1 ? ctx.services.units.byId(chaired[0]!.unitId) : undefined;
}

const UNDO = new Set(["huy", "hủy", "undo"]);

async function submitted(ctx: BotContext, args: string): Promise<void> {
  const [code, maybeUnit, ...rest] = args.trim().split(/\s+/).filter(Boolean);
  if (!code) return ctx.say("submit-usage");
  const undo =
    rest.some((w) => UNDO.has(w.toLowerCase())) || (maybeUnit !== undefined && UNDO.has(maybeUnit.toLowerCase()));
  const unitCode =
    maybeUnit && !UNDO.has(maybeUnit.toLowerCase()) && (await ctx.services.units.byCode(maybeUnit))
      ? maybeUnit
      : undefined;
  const unit = await unitFor(ctx, unitCode);
  if (!unit) return ctx.say("submit-which-unit");
  if (undo) {
    const r = await ctx.services.deadlines.undo(ctx.actor, code, unit);
    return r.ok
      ? ctx.say("submit-undone", { unit: unit.name, label: r.label })
      : ctx.say(`submit-${r.problem}`, { code: code.slice(0, 20), unit: unit.name });
  }
  const note = (unitCode ? rest : [maybeUnit, ...rest]).filter(Boolean).join(" ") || undefined;
  let fileId: number | undefined;
  const att = ctx.event.attachment;
  if (att && att.kind === "file") {
    // Nothing is fetched or stored for someone who may not mark this unit.
    if (!ctx.can("manage", unit.path)) return ctx.say("submit-not-allowed", { unit: unit.name });
    let data: Uint8Array;
    try {
      data = await ctx.download(att.fileRef);
    } catch {
      return ctx.say("submit-download-failed");
    }
    fileId = (
      await ctx.deps.db.storedFile.create({
        data: {
          name: att.fileName ?? "bao-cao",
          mimeType: att.mimeType ?? "application/octet-stream",
          size: data.byteLength,
          data: Uint8Array.from(data),
        },
      })
    ).id;
  }
  const r = await ctx.services.deadlines.submit(ctx.actor, code, unit, note, fileId);
  if (!r.ok) return ctx.say(`submit-${r.problem}`, { code: code.slice(0, 20), unit: unit.name });
  ctx.say("submit-done", { unit: unit.name, label: r.label, due: formatDay(r.dueAt, ctx.deps.config.timezone) });
}

async function missing(ctx: BotContext, args: string): Promise<void> {
  const code = args.trim().split(/\s+/)[0];
  if (!code) return ctx.say("missing-usage");
  const r = await ctx.services.deadlines.missing(ctx.actor, code);
  if (!r.ok) return ctx.say(`submit-${r.problem}`, { code: code.slice(0, 20), unit: "" });
  const due = formatDay(r.occurrence.dueAt, ctx.deps.config.timezone);
  if (!r.missing.length) return ctx.say("missing-none", { code: r.deadline.code, due });
  ctx.reply({
    kind: "text",
    text: [
      ctx.t("missing-title", {
        code: r.deadline.code,
        what: r.deadline.what,
        due,
        n: r.missing.length,
        owing: r.owing,
      }),
      ...r.missing.map((u) => `• ${u.code} ${u.name}`),
    ].join("\n"),
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

export const deadlines: Feature = {
  flows: [addDeadlineFlow],
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
