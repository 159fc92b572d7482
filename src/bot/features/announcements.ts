/** /thongbao (staff broadcast), /tinhtrang (delivery and receipt per unit), and the "Đã nhận" button. */

import { announceFlow, startAnnounce, takePlanFile } from "../../conversations/announce.js";
import { snippet } from "../../conversations/opinion.js";
import { formatDayTime } from "../../domain/dates/due.js";
import { recordId } from "../../domain/ids.js";
import { scopeRoots } from "../../domain/scope.js";
import { byCode, groupOf } from "../../domain/unit-summary.js";
import { isInSubtree } from "../../domain/units.js";
import type { Reply } from "../../platforms/port.js";
import type { Feature } from "../core.js";
import { drillUnit, fullListWord, replyFullList, replySummary } from "../summary-reply.js";
import type { BotContext } from "../types.js";
import { withWebLink } from "../web-link.js";

const MAX_UNIT_LINES = 40;

/** /tinhtrang alone: the latest announcements with their figures; /tinhtrang N: one announcement unit by unit. */
async function status(ctx: BotContext, args: string): Promise<void> {
  const raw = args.trim();
  if (!raw) return list(ctx);
  const { words, file } = fullListWord(raw.split(/\s+/));
  const [seq, unitCode, extra] = words;
  if (!seq || !/^\d{1,6}$/.test(seq) || extra) return ctx.say("status-usage");
  return detail(ctx, Number(seq), unitCode, file);
}

async function list(ctx: BotContext): Promise<void> {
  const rows = await ctx.services.announcements.list(ctx.actor);
  if (!rows.length)
    return ctx.say(scopeRoots(ctx.actor.grants, "broadcast").length ? "status-none" : "status-none-received");
  const tz = ctx.deps.config.timezone;
  const lines = rows.map((a) =>
    ctx.t("status-list-line", {
      seq: a.seq,
      at: formatDayTime(a.createdAt, tz),
      title: snippet(a.title, 90),
      sent: a.sent,
      chats: a.chats,
      failed: a.failed,
      pending: a.pending,
      acked: a.acked,
      units: a.units,
    }),
  );
  // Figures of every unit the sender follows: in a group, only in the sender's private chat.
  const reply: Reply = {
    kind: "text",
    text: [ctx.t("status-list-title"), ...lines, "", ctx.t("status-list-hint")].join("\n"),
    choices: rows.map((a) => ({ id: `st|show|${a.seq}`, label: ctx.t("status-show", { seq: a.seq }) })),
  };
  ctx.replyNaming([reply], { deepLink: "tinhtrang" });
}

/**
 * Who acknowledged is named: asked in a group, the detail goes to the sender's private chat, and the group hears
 * counts of its own unit and the units under it only (never another unit's). A refusal names nobody and stays.
 */
async function detail(ctx: BotContext, seq: number, unitCode?: string, file = false): Promise<void> {
  if (!ctx.isGroup) return void (await detailHere(ctx, seq, unitCode, file));
  const from = ctx.out.length;
  const rows = await detailHere(ctx, seq, unitCode, file);
  if (!rows) return;
  const said = ctx.out.splice(from).map((o) => o.reply);
  const unit = ctx.chat.unit;
  const own = unit ? rows.filter((row) => isInSubtree(unit.path, row.unit.path)) : [];
  const inGroup = own.length
    ? ctx.t("status-group-counts", {
        seq,
        unit: unit!.name,
        acked: own.filter((row) => row.ackAt).length,
        units: own.length,
        sent: own.reduce((n, row) => n + row.sent, 0),
        chats: own.reduce((n, row) => n + row.chats, 0),
      })
    : undefined;
  ctx.replyNaming(said, { inGroup, deepLink: `tinhtrang_${seq}${unitCode ? `_${unitCode}` : ""}` });
}

/**
 * /tinhtrang N [MÃ_ĐƠN_VỊ]: delivery, then acknowledgement over the units actually sent the announcement (a unit without
 * a group, or whose sends all failed, was never asked to acknowledge). A line per unit while they fit one message;
 * beyond that a summary by child unit with counts only (no people's names), drill-down by code or button.
 */
async function detailHere(ctx: BotContext, seq: number, unitCode?: string, file = false) {
  const within = await drillUnit(ctx, unitCode);
  if (within.refused) return undefined;
  const r = await ctx.services.announcements.status(ctx.actor, seq);
  if (!r.ok) return void ctx.say(`status-${r.problem}`, { seq });
  const tz = ctx.deps.config.timezone;
  const path = within.unit?.path;
  const rows = path ? r.rows.filter((row) => row.unit.path.startsWith(path)) : r.rows;
  if (file) {
    await statusList(ctx, seq, rows, within.unit);
    return r.rows;
  }
  // Units with a chat get a line each, in code order; those without a linked group, and those whose group removed the
  // bot before it could be sent there, are summed up in one line each.
  const reached = byCode(rows.filter((row) => row.chats > 0).map((row) => ({ ...row, code: row.unit.code })));
  const delivered = reached.filter((row) => row.sent > 0);
  const lost = byCode(rows.filter((row) => row.chats === 0 && row.lostGroup).map((row) => row.unit));
  const noChat = byCode(rows.filter((row) => row.chats === 0 && !row.lostGroup).map((row) => row.unit));
  let [chats, sent, failed, pending] = [0, 0, 0, 0];
  for (const row of rows) {
    chats += row.chats;
    sent += row.sent;
    failed += row.failed;
    pending += row.pending;
  }
  const acked = delivered.filter((row) => row.ackAt).length;
  const missing = reached.filter((row) => !row.ackAt);
  const remindable = missing.filter((row) => row.sent > 0).length;
  const codes = (units: { code: string }[], max = 60) =>
    units
      .slice(0, max)
      .map((u) => u.code)
      .join(", ") + (units.length > max ? ", …" : "");
  const a = r.announcement;
  // A chair follows the units of their own scope; re-sending and reminding stay with those who sent it.
  const choices = [
    ...(failed && r.whole ? [{ id: `st|resend|${a.seq}`, label: ctx.t("status-resend", { n: failed }) }] : []),
    ...(remindable && r.whole ? [{ id: `st|remind|${a.seq}`, label: ctx.t("status-remind", { n: remindable }) }] : []),
    { id: `st|show|${a.seq}`, label: ctx.t("status-refresh") },
  ];
  const head = [
    ctx.t("status-title", { seq: a.seq, title: a.title }),
    pending
      ? ctx.t("status-progress", { done: sent + failed, chats, failed, pending })
      : ctx.t("status-finished", { sent, chats, failed }),
  ];
  const apart = (max: number) => [
    ...(lost.length ? [ctx.t("status-lost-group", { n: lost.length, codes: codes(lost, max) })] : []),
    ...(noChat.length ? [ctx.t("status-without-chat", { n: noChat.length, codes: codes(noChat, max) })] : []),
  ];
  if (reached.length <= MAX_UNIT_LINES) {
    const lines = reached.map((row) => {
      const delivery = ctx.t("status-delivery", { sent: row.sent, failed: row.failed, pending: row.pending });
      const ack = row.ackAt
        ? ctx.t("status-acked", { at: formatDayTime(row.ackAt, tz), by: row.ackBy ?? "?" })
        : ctx.t("status-not-acked");
      const lostNow = row.lostGroup ? `; ${ctx.t("status-unit-lost-group")}` : "";
      return `• ${row.unit.code} ${row.unit.name}: ${delivery}; ${ack}${lostNow}`;
    });
    const text = [
      ...head,
      ctx.t("status-summary", { units: delivered.length, acked }),
      ...lines,
      ...(apart(60).length ? ["", ...apart(60)] : []),
      "",
      missing.length ? ctx.t("status-missing", { codes: codes(missing) }) : ctx.t("status-all-acked"),
    ].join("\n");
    if (text.length <= ctx.capabilities.maxTextLength) {
      ctx.reply(withWebLink(ctx, { kind: "text", text, choices }, `/web/announcement/${a.seq}`));
      return r.rows;
    }
  }
  const groups = await ctx.services.units.summaryGroups(
    within.unit ? [within.unit.path] : scopeRoots(ctx.actor.grants, "view"),
  );
  replySummary(
    ctx,
    groups,
    delivered.map((row) => ({ unit: row.unit, standing: row.ackAt ? "done" : "behind", lag: 0 })),
    {
      view: "ack",
      title: head.join("\n"),
      drill: `/${ctx.lang === "en" ? "status" : "tinhtrang"} ${a.seq}`,
      button: (code) => `st|show|${a.seq}|${code}`,
      web: `/web/announcement/${a.seq}`,
      hints: [
        ...apart(10),
        ctx.t("full-list-hint", {
          command: `/${ctx.lang === "en" ? "status" : "tinhtrang"} ${a.seq}${within.unit ? ` ${within.unit.code}` : ""} ds`,
        }),
      ],
      choices: [
        ...choices,
        ...(ctx.event.platform === "zalo"
          ? []
          : [{ id: `st|show|${a.seq}|${within.unit?.code ?? "*"}|ds`, label: ctx.t("full-list-button") }]),
      ],
    },
  );
  return r.rows;
}

type StatusRow = Extract<Awaited<ReturnType<BotContext["services"]["announcements"]["status"]>>, { ok: true }>["rows"];

/** /tinhtrang N [MÃ_ĐƠN_VỊ] ds: every unit addressed, in code order, with its delivery and when it acknowledged. */
async function statusList(ctx: BotContext, seq: number, rows: StatusRow, within?: { code: string; path: string }) {
  const tz = ctx.deps.config.timezone;
  const groups = new Map(
    (await ctx.services.units.summaryGroups(within ? [within.path] : scopeRoots(ctx.actor.grants, "view"))).map((g) => [
      g.path,
      g,
    ]),
  );
  const list = byCode(rows.map((row) => ({ ...row, code: row.unit.code }))).map((row) => [
    row.unit.code,
    row.unit.name,
    groupOf(row.unit.path, groups)?.code ?? "",
    row.chats === 0
      ? ctx.t(row.lostGroup ? "status-unit-lost-group" : "full-list-no-group")
      : ctx.t("status-delivery", { sent: row.sent, failed: row.failed, pending: row.pending }),
    row.ackAt ? formatDayTime(row.ackAt, tz) : "",
  ]);
  await replyFullList(
    ctx,
    `thong-bao-${seq}${within ? `-${within.code}` : ""}`,
    ["code", "unit", "group", "delivery", "acked"],
    list,
  );
}

/** The buttons under /tinhtrang: show (or refresh) one announcement, re-send failed deliveries, remind units. */
async function statusAction(ctx: BotContext, arg: string): Promise<void> {
  const [what, raw, unitCode, list] = arg.split("|");
  const seq = recordId(raw);
  if (seq === undefined) return ctx.say("button-unknown");
  if (what === "show") return detail(ctx, seq, unitCode === "*" ? undefined : unitCode, list === "ds");
  if (what === "resend") {
    const r = await ctx.services.announcements.resendFailed(ctx.actor, seq);
    if (!r.ok) return ctx.say(`status-${r.problem}`, { seq });
    return ctx.say(r.chats ? "status-resent" : "status-nothing-to-resend", { seq, n: r.chats });
  }
  if (what === "remind") {
    const r = await ctx.services.announcements.remindUnacknowledged(ctx.actor, seq);
    if (!r.ok) return ctx.say(`status-${r.problem}`, { seq });
    return ctx.say(r.chats ? "status-reminded" : "status-nothing-to-remind", { seq, units: r.units, chats: r.chats });
  }
  ctx.say("button-unknown");
}

async function acknowledge(ctx: BotContext, arg: string): Promise<void> {
  const id = recordId(arg);
  if (id === undefined) return ctx.say("button-unknown");
  const r = await ctx.services.announcements.acknowledge(ctx.actor, id, ctx.chat.unit);
  if (r.ok) return ctx.say("ack-done", { unit: ctx.chat.unit!.name, name: ctx.actor.name });
  if (r.problem === "already")
    return ctx.say("ack-already", {
      unit: ctx.chat.unit?.name ?? "",
      by: r.by,
      at: formatDayTime(r.at, ctx.deps.config.timezone),
    });
  if (r.problem === "not-allowed" && ctx.deps.config.acknowledgeBy === "member")
    return ctx.say("ack-not-allowed-member", { unit: ctx.chat.unit?.name ?? "" });
  ctx.say(`ack-${r.problem}`);
}

export const announcements: Feature = {
  flows: [announceFlow],
  commands: [
    {
      names: ["thongbao", "announce"],
      description: "cmd-announce",
      role: "staff",
      chats: ["private"],
      run: startAnnounce,
    },
    {
      names: ["tinhtrang", "status"],
      description: "cmd-status",
      role: "staff",
      chats: ["private", "group"],
      run: status,
    },
  ],
  actions: { ack: acknowledge, st: statusAction },
  // "tinhtrang_3" (or "tinhtrang_3_LC-TD"): the detail asked for in a group, opened in the private chat.
  deepLinks: { thongbao: startAnnounce, tinhtrang: (ctx, arg) => status(ctx, arg.replace(/_/g, " ")) },
  file: takePlanFile,
};
