/** /tonghop (tally text + chart) and /xuatbaocao (xlsx, csv, docx) for chairs and staff, within their own subtree. */

import { consultationPath } from "../../domain/web-paths.js";
import type { Reply } from "../../platforms/port.js";
import { type Signer, signatureName, superiorName } from "../../reports/signer.js";
import { laggingFirst, tallyText } from "../../reports/tally-text.js";
import type { TallyResult } from "../../services/tally.js";
import type { Feature } from "../core.js";
import type { BotContext } from "../types.js";
import { withWebLink } from "../web-link.js";

/** "[UNIT] [CONSULTATION]", where a lone argument may be either. */
async function resolve(ctx: BotContext, args: string): Promise<TallyResult> {
  const [a, b] = args.trim().split(/\s+/).filter(Boolean);
  if (a && !b && !(await ctx.services.units.byCode(a)) && (await ctx.services.consultations.byCode(a))) {
    return ctx.services.tally.forActor(ctx.actor, undefined, a);
  }
  return ctx.services.tally.forActor(ctx.actor, a, b);
}

/** Names the code that was wrong: the consultation (last word) or the unit (first word). */
function refuse(ctx: BotContext, r: Extract<TallyResult, { ok: false }>, args: string): void {
  const words = args.trim().split(/\s+/);
  const code = (r.problem === "unknown-consultation" ? words.at(-1) : words[0]) ?? "";
  ctx.say(`tally-problem-${r.problem}`, { code: code.slice(0, 30), unit: r.unit?.name ?? code.slice(0, 30) });
}

async function tally(ctx: BotContext, args: string): Promise<void> {
  const r = await resolve(ctx, args);
  if (!r.ok) return refuse(ctx, r, args);
  const text = tallyText(
    r.tally,
    (k, a) => ctx.t(k, a),
    ctx.lang,
    ctx.deps.config.timezone,
    ctx.capabilities.maxTextLength,
  );
  // A button per child, least taking part first (Telegram, the playground): the same answer for that child.
  const code = r.tally.consultation.code;
  const choices =
    ctx.event.platform === "zalo"
      ? []
      : [...r.tally.root.children]
          .sort(laggingFirst)
          .slice(0, 12)
          .map((c) => ({ id: `tho|${c.unit.code}|${code}`, label: c.unit.code }));
  const page = consultationPath(code, r.tally.root.unit.code);
  ctx.reply(withWebLink(ctx, { kind: "text", text, ...(choices.length ? { choices } : {}) }, page));
  try {
    // The chart libraries (vega, resvg) are loaded on the first chart, not at start-up.
    const { tallyChartLabels, tallyChartPng } = await import("../../reports/chart.js");
    const t = (k: string, a?: Record<string, string | number>) => ctx.t(k, a);
    const labels = tallyChartLabels(t, r.tally.consultation.code, r.tally.root.unit.name);
    const chart = await tallyChartPng(r.tally, labels, ctx.lang);
    ctx.reply({
      kind: "picture",
      fileName: `tong-hop-${r.tally.consultation.code}.png`,
      data: chart.png,
      caption: ctx.t("chart-caption"),
    });
  } catch (err) {
    ctx.deps.logger.warn({ err }, "the tally chart could not be drawn");
  }
}

/**
 * Who signs a unit's report: the person exporting it when they chair the unit (TM.) or are its staff (KT., signing for
 * the chair), else the unit's chair; the name without any "(role …)" suffix.
 */
async function signerOf(ctx: BotContext, unitId: number): Promise<Signer | undefined> {
  const mine = ctx.actor.memberships.filter((m) => m.unitId === unitId);
  if (mine.some((m) => m.role === "chair")) return { name: signatureName(ctx.actor.name), deputy: false };
  if (mine.some((m) => m.role === "staff" || m.role === "admin"))
    return { name: signatureName(ctx.actor.name), deputy: true };
  const chairs = await ctx.services.units.chairsOf(unitId);
  return chairs[0] ? { name: signatureName(chairs[0]), deputy: false } : undefined;
}

async function exportReports(ctx: BotContext, args: string): Promise<void> {
  const r = await resolve(ctx, args);
  if (!r.ok) return refuse(ctx, r, args);
  if (ctx.isGroup && ctx.capabilities.privateChat !== "none") {
    const payload = `baocao_${r.tally.root.unit.code}_${r.tally.consultation.code}`;
    ctx.reply({
      kind: "continue-privately",
      text: ctx.t("export-private"),
      payload,
      buttonLabel: ctx.t("continue-privately"),
    });
    return;
  }
  const root = await ctx.services.units.byId(r.tally.root.unit.id);
  const [signer, parent] = await Promise.all([
    signerOf(ctx, r.tally.root.unit.id),
    root?.parentId ? ctx.services.units.byId(root.parentId) : undefined,
  ]);
  const files = await ctx.services.exports.build(r.tally, {
    t: (k, a) => ctx.t(k, a),
    timezone: ctx.deps.config.timezone,
    hideAuthors: ctx.deps.config.exportHideAuthors,
    place: ctx.deps.config.reportPlace,
    signer,
    parentName: superiorName(parent?.name, root?.kind ?? ""),
    now: ctx.now(),
    opinionsPerPart: ctx.deps.config.exportOpinionsPerFile,
  });
  const replies: Reply[] = [
    {
      kind: "text",
      text: ctx.t("export-ready", { code: r.tally.consultation.code, unit: r.tally.root.unit.name }),
    },
    {
      kind: "file",
      fileName: `${files.baseName}.xlsx`,
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      data: files.xlsx,
    },
    ...files.csv.map((f) => ({ kind: "file" as const, fileName: f.fileName, mimeType: "text/csv", data: f.data })),
    {
      kind: "file",
      fileName: `${files.baseName}.docx`,
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      data: files.docx,
    },
    ...(files.parts > 1
      ? [
          {
            kind: "text" as const,
            text: ctx.t("export-split", {
              total: files.opinions,
              parts: files.parts,
              per: ctx.deps.config.exportOpinionsPerFile,
            }),
          },
        ]
      : []),
  ];
  if (ctx.isGroup) return sendToPerson(ctx, replies);
  for (const reply of replies) ctx.reply(reply);
}

/**
 * Files that name members never go into a group: where the bot cannot hand over a private-chat link (Zalo), they go
 * straight to the person's own thread; if the platform refuses that (not friends), the group hears what to do.
 */
function sendToPerson(ctx: BotContext, replies: Reply[]): void {
  const name = ctx.actor.name;
  ctx.say("export-sent-privately", { name });
  const refused = {
    chatId: ctx.event.chat.id,
    // Zalo's personal account writes only to friends; Zalo's Bot Platform only to people who opened its private chat.
    reply: {
      kind: "text" as const,
      text: ctx.t(ctx.event.platform === "zalo-bot" ? "export-not-started" : "export-not-friends", { name }),
    },
    ...(ctx.event.messageId ? { replyToMessageId: ctx.event.messageId } : {}),
  };
  for (const [i, reply] of replies.entries())
    ctx.out.push({ chatId: ctx.event.sender.id, reply, personal: true, ...(i === 0 ? { ifRefused: refused } : {}) });
}

export const tallyFeature: Feature = {
  commands: [
    { names: ["tonghop", "tally"], description: "cmd-tally", role: "chair", chats: ["private", "group"], run: tally },
    {
      names: ["xuatbaocao", "export"],
      description: "cmd-export",
      role: "chair",
      chats: ["private", "group"],
      run: exportReports,
    },
  ],
  actions: { tho: (ctx, payload) => tally(ctx, payload.split("|").join(" ")) },
  deepLinks: {
    baocao: (ctx, arg) => exportReports(ctx, arg.replace(/_/g, " ")),
  },
};
