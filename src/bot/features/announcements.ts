/** /thongbao (staff broadcast), /tinhtrang (delivery and receipt per unit), and the "Đã nhận" button. */
import { formatDayTime } from "../../domain/dates/due.js";
import { announceFlow, startAnnounce } from "../../conversations/announce.js";
import type { Feature } from "../core.js";
import type { BotContext } from "../types.js";

async function status(ctx: BotContext, args: string): Promise<void> {
  const raw = args.trim();
  if (raw && !/^\d{1,6}$/.test(raw)) return ctx.say("status-usage");
  const r = await ctx.services.announcements.status(ctx.actor, raw ? Number(raw) : undefined);
  if (!r.ok) return ctx.say(`status-${r.problem}`, { seq: raw || "—" });
  const tz = ctx.deps.config.timezone;
  const lines = r.rows.map((row) => {
    const delivery =
      row.chats === 0
        ? ctx.t("status-no-chat")
        : ctx.t("status-delivery", { sent: row.sent, failed: row.failed, pending: row.pending });
    const ack = row.ackAt ? ctx.t("status-acked", { at: formatDayTime(row.ackAt, tz) }) : ctx.t("status-not-acked");
    return `• ${row.unit.code} ${row.unit.name}: ${delivery}; ${ack}`;
  });
  const missing = r.rows.filter((row) => !row.ackAt).map((row) => row.unit.code);
  const shown = lines.slice(0, 40);
  ctx.reply({
    kind: "text",
    text: [
      ctx.t("status-title", { seq: r.announcement.seq, title: r.announcement.title }),
      ctx.t("status-summary", { units: r.rows.length, acked: r.rows.length - missing.length }),
      ...shown,
      ...(lines.length > shown.length ? [ctx.t("tally-more-children", { n: lines.length - shown.length })] : []),
      "",
      missing.length ? ctx.t("status-missing", { codes: missing.join(", ") }) : ctx.t("status-all-acked"),
    ].join("\n"),
  });
}

async function acknowledge(ctx: BotContext, arg: string): Promise<void> {
  const id = Number(arg);
  if (!Number.isInteger(id)) return ctx.say("button-unknown");
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
  actions: { ack: acknowledge },
  deepLinks: { thongbao: startAnnounce },
};
