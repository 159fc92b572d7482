/** /thongbao (staff broadcast), /tinhtrang (delivery and receipt per unit), and the "Đã nhận" button. */
import { formatDayTime } from "../../domain/dates/due.js";
import { scopeRoots } from "../../domain/scope.js";
import { recordId } from "../../domain/ids.js";
import { announceFlow, startAnnounce, takePlanFile } from "../../conversations/announce.js";
import { snippet } from "../../conversations/opinion.js";
import type { Feature } from "../core.js";
import type { BotContext } from "../types.js";

const MAX_UNIT_LINES = 40;

/** /tinhtrang alone: the latest announcements with their figures; /tinhtrang N: one announcement unit by unit. */
async function status(ctx: BotContext, args: string): Promise<void> {
  const raw = args.trim();
  if (!raw) return list(ctx);
  if (!/^\d{1,6}$/.test(raw)) return ctx.say("status-usage");
  return detail(ctx, Number(raw));
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
  ctx.reply({
    kind: "text",
    text: [ctx.t("status-list-title"), ...lines, "", ctx.t("status-list-hint")].join("\n"),
    choices: rows.map((a) => ({ id: `st|show|${a.seq}`, label: ctx.t("status-show", { seq: a.seq }) })),
  });
}

async function detail(ctx: BotContext, seq: number): Promise<void> {
  const r = await ctx.services.announcements.status(ctx.actor, seq);
  if (!r.ok) return ctx.say(`status-${r.problem}`, { seq });
  const tz = ctx.deps.config.timezone;
  // Units with a chat get a line each, in tree order; those without a linked group, and those whose group removed the
  // bot before it could be sent there, are summed up in one line each.
  const reached = r.rows.filter((row) => row.chats > 0);
  const lost = r.rows.filter((row) => row.chats === 0 && row.lostGroup);
  const noChat = r.rows.filter((row) => row.chats === 0 && !row.lostGroup);
  const lines = reached.map((row) => {
    const delivery = ctx.t("status-delivery", { sent: row.sent, failed: row.failed, pending: row.pending });
    const ack = row.ackAt
      ? ctx.t("status-acked", { at: formatDayTime(row.ackAt, tz), by: row.ackBy ?? "?" })
      : ctx.t("status-not-acked");
    const lostNow = row.lostGroup ? `; ${ctx.t("status-unit-lost-group")}` : "";
    return `• ${row.unit.code} ${row.unit.name}: ${delivery}; ${ack}${lostNow}`;
  });
  let [chats, sent, failed, pending] = [0, 0, 0, 0];
  for (const row of r.rows) {
    chats += row.chats;
    sent += row.sent;
    failed += row.failed;
    pending += row.pending;
  }
  const acked = r.rows.filter((row) => row.ackAt).length;
  const missing = reached.filter((row) => !row.ackAt);
  const remindable = missing.filter((row) => row.sent > 0).length;
  const codes = (rows: typeof noChat) =>
    rows
      .slice(0, 60)
      .map((row) => row.unit.code)
      .join(", ") + (rows.length > 60 ? ", …" : "");
  const shown = lines.slice(0, MAX_UNIT_LINES);
  const a = r.announcement;
  // A chair follows the units of their own scope; re-sending and reminding stay with those who sent it.
  const choices = [
    ...(failed && r.whole ? [{ id: `st|resend|${a.seq}`, label: ctx.t("status-resend", { n: failed }) }] : []),
    ...(remindable && r.whole ? [{ id: `st|remind|${a.seq}`, label: ctx.t("status-remind", { n: remindable }) }] : []),
    { id: `st|show|${a.seq}`, label: ctx.t("status-refresh") },
  ];
  ctx.reply({
    kind: "text",
    text: [
      ctx.t("status-title", { seq: a.seq, title: a.title }),
      pending
        ? ctx.t("status-progress", { done: sent + failed, chats, failed, pending })
        : ctx.t("status-finished", { sent, chats, failed }),
      ctx.t("status-summary", { units: r.rows.length, acked }),
      ...shown,
      ...(lines.length > shown.length ? [ctx.t("status-more-units", { n: lines.length - shown.length })] : []),
      ...(noChat.length || lost.length ? [""] : []),
      ...(lost.length ? [ctx.t("status-lost-group", { n: lost.length, codes: codes(lost) })] : []),
      ...(noChat.length ? [ctx.t("status-without-chat", { n: noChat.length, codes: codes(noChat) })] : []),
      "",
      missing.length ? ctx.t("status-missing", { codes: codes(missing) }) : ctx.t("status-all-acked"),
    ].join("\n"),
    choices,
  });
}

/** The buttons under /tinhtrang: show (or refresh) one announcement, re-send failed deliveries, remind units. */
async function statusAction(ctx: BotContext, arg: string): Promise<void> {
  const [what, raw] = arg.split("|");
  const seq = recordId(raw);
  if (seq === undefined) return ctx.say("button-unknown");
  if (what === "show") return detail(ctx, seq);
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
  deepLinks: { thongbao: startAnnounce },
  file: takePlanFile,
};
