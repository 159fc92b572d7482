/** /lienket: link a group chat to its unit; /donvi: which unit this chat belongs to; /vaitro: roles. */
import type { Role } from "../../domain/scope.js";
import { foldVietnamese } from "../../domain/units.js";
import type { Feature } from "../core.js";
import type { BotContext } from "../types.js";

const ROLE_WORDS: Record<string, Role> = {
  chutich: "chair",
  chair: "chair",
  "chu-tich": "chair",
  canbo: "staff",
  staff: "staff",
  "can-bo": "staff",
  doanvien: "member",
  member: "member",
  "doan-vien": "member",
};
const GRANT_WORDS = new Set(["them", "cap", "grant", "add"]);
const REVOKE_WORDS = new Set(["bo", "thu", "revoke", "remove"]);

async function link(ctx: BotContext, args: string): Promise<void> {
  const result = await ctx.services.chats.link(ctx.actor, ctx.chat, args.split(/\s+/)[0]);
  if (result.ok) {
    ctx.say("link-done", { unit: result.unit.name, code: result.unit.code });
    return;
  }
  const code = args.split(/\s+/)[0]?.slice(0, 40) ?? "";
  ctx.say(`link-${result.problem}`, { code, unit: result.unit?.name ?? code });
}

async function showUnit(ctx: BotContext): Promise<void> {
  const unit = ctx.chat.unit;
  if (!unit) {
    ctx.say(ctx.isGroup ? "unit-not-linked" : "unit-private", { roles: rolesText(ctx) });
    return;
  }
  const [chairs, parent] = await Promise.all([
    ctx.services.units.chairsOf(unit.id),
    unit.parentId ? ctx.services.units.byId(unit.parentId) : undefined,
  ]);
  ctx.say("unit-info", {
    unit: unit.name,
    code: unit.code,
    kind: ctx.t(`kind-${unit.kind}`),
    members: unit.memberCount,
    chairs: chairs.length ? chairs.join(", ") : ctx.t("unit-no-chair"),
    parent: parent ? `${parent.name} (${parent.code})` : ctx.t("unit-no-parent"),
  });
}

function rolesText(ctx: BotContext): string {
  if (!ctx.actor.memberships.length && !ctx.actor.isEnvAdmin) return ctx.t("role-none");
  const lines = ctx.actor.memberships.map((m) => `• ${ctx.t(`role-${m.role}`)} — ${m.unitName} (${m.unitCode})`);
  if (ctx.actor.isEnvAdmin) lines.unshift(`• ${ctx.t("role-admin")} — ${ctx.t("role-everywhere")}`);
  return lines.join("\n");
}

async function role(ctx: BotContext, args: string): Promise<void> {
  const words = args.split(/\s+/).filter(Boolean);
  if (!words.length) return ctx.say("role-mine", { roles: rolesText(ctx) });
  const [verbRaw, roleRaw, code, userId] = words;
  const verb = foldVietnamese(verbRaw ?? "");
  const roleName = ROLE_WORDS[foldVietnamese(roleRaw ?? "").replace(/\s+/g, "")];
  if ((!GRANT_WORDS.has(verb) && !REVOKE_WORDS.has(verb)) || !roleName || !code) return ctx.say("role-usage");
  const targetUserId =
    userId ?? (ctx.event.replyTo && !ctx.event.replyTo.fromBot ? ctx.event.replyTo.senderId : undefined);
  if (!targetUserId) return ctx.say("role-who");
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(targetUserId)) return ctx.say("role-who");
  const target = await ctx.services.people.findByPlatformUser(ctx.event.platform, targetUserId);
  if (!target) return ctx.say("role-unknown-person", { id: targetUserId });
  const result = GRANT_WORDS.has(verb)
    ? await ctx.services.roles.grant(ctx.actor, target.id, roleName, code)
    : await ctx.services.roles.revoke(ctx.actor, target.id, roleName, code);
  if (!result.ok)
    return ctx.say(`role-${result.problem}`, { code: code.slice(0, 40), unit: result.unit?.name ?? code.slice(0, 40) });
  const key = GRANT_WORDS.has(verb)
    ? result.changed
      ? "role-granted"
      : "role-already"
    : result.changed
      ? "role-revoked"
      : "role-not-held";
  ctx.say(key, { person: target.displayName, role: ctx.t(`role-${roleName}`), unit: result.unit.name });
}

export const units: Feature = {
  commands: [
    { names: ["lienket", "link"], description: "cmd-link", role: "chair", chats: ["group"], run: link },
    { names: ["donvi", "unit"], description: "cmd-unit", role: "member", chats: ["group", "private"], run: showUnit },
    { names: ["vaitro", "role"], description: "cmd-role", role: "member", chats: ["group", "private"], run: role },
  ],
};
