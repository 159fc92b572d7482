/** /lienket: link a group chat to its unit; /donvi: which unit this chat belongs to; /vaitro: roles. */
import { changeRole, type GrantRoleState, grantRoleFlow } from "../../conversations/grant-role.js";
import { grantActionFor, type Role } from "../../domain/scope.js";
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
  if (!words.length)
    return ctx.say("role-mine", { roles: rolesText(ctx), id: ctx.event.sender.id, platform: ctx.event.platform });
  const [verbRaw, roleRaw, code, userId] = words;
  const verb = foldVietnamese(verbRaw ?? "");
  const roleName = ROLE_WORDS[foldVietnamese(roleRaw ?? "").replace(/\s+/g, "")];
  if ((!GRANT_WORDS.has(verb) && !REVOKE_WORDS.has(verb)) || !roleName || !code) return ctx.say("role-usage");
  const change = { grant: GRANT_WORDS.has(verb), role: roleName, unitCode: code.slice(0, 40) };
  const targetUserId =
    userId ?? (ctx.event.replyTo && !ctx.event.replyTo.fromBot ? ctx.event.replyTo.senderId : undefined);
  if (!targetUserId) return pickPerson(ctx, change);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(targetUserId)) return ctx.say("role-who-id");
  const target = await ctx.services.people.findByPlatformUser(ctx.event.platform, targetUserId);
  if (!target) return ctx.say("role-unknown-person", { id: targetUserId });
  ctx.reply({ kind: "text", text: await changeRole(ctx, change, target) });
}

/** No person named: the people of that unit to choose from, once the unit is known to be the sender's to manage. */
async function pickPerson(ctx: BotContext, change: Omit<GrantRoleState, "unitId">): Promise<void> {
  const unit = await ctx.services.units.byCode(change.unitCode);
  if (!unit) return ctx.say("role-unknown-unit", { code: change.unitCode });
  if (!ctx.can(change.role === "member" ? "manage" : (grantActionFor(change.role) ?? "manage"), unit.path))
    return ctx.say("role-not-allowed", { unit: unit.name });
  const { people } = await ctx.services.roles.candidates(
    ctx.actor,
    unit.id,
    ctx.event.platform,
    change.grant ? undefined : change.role,
  );
  if (!people.length)
    return ctx.say(change.grant ? "role-nobody-known" : "role-nobody-holds", {
      unit: unit.name,
      role: ctx.t(`role-${change.role}`),
    });
  // The list names the unit's people (and their ids): never in a group, which may be another unit's.
  if (ctx.isGroup) return pickPrivately(ctx, change);
  await ctx.deps.engine.start(ctx, "grant-role", "person", { ...change, unitId: unit.id } satisfies GrantRoleState);
}

const ROLE_WORD: Record<Role, string> = { chair: "chutich", staff: "canbo", member: "doanvien", admin: "canbo" };

/** In a group: how to choose the person without a list there (Telegram: a button opening the same in private). */
function pickPrivately(ctx: BotContext, change: Omit<GrantRoleState, "unitId">): void {
  const payload = `vaitro_${change.grant ? "them" : "bo"}_${ROLE_WORD[change.role]}_${change.unitCode}`;
  const text = ctx.t("role-pick-privately", { code: change.unitCode });
  if (ctx.capabilities.privateChat === "deep-link" && /^[A-Za-z0-9_-]{1,64}$/.test(payload))
    ctx.reply({ kind: "continue-privately", text, payload, buttonLabel: ctx.t("continue-privately") });
  else ctx.reply({ kind: "text", text });
}

export const units: Feature = {
  commands: [
    { names: ["lienket", "link"], description: "cmd-link", role: "chair", chats: ["group"], run: link },
    { names: ["donvi", "unit"], description: "cmd-unit", role: "member", chats: ["group", "private"], run: showUnit },
    { names: ["vaitro", "role"], description: "cmd-role", role: "member", chats: ["group", "private"], run: role },
  ],
  flows: [grantRoleFlow],
  // "vaitro_them_chutich_LC-TD": the choice of a person asked for in a group, opened in the private chat.
  deepLinks: { vaitro: (ctx, arg) => role(ctx, arg.replace(/_/g, " ")) },
};
