/**
 * "/vaitro them chutich LC-TD-02" without saying whom: staff pick the person from the people of that unit (buttons, or
 * numbered lines on Zalo), or type their id. Ids are shown to each person by their own /vaitro, so staff can ask.
 */

import type { BotContext } from "../bot/types.js";
import type { Role } from "../domain/scope.js";
import type { RoleCandidate } from "../services/roles.js";
import { choicesFor, type Flow, type StepResult } from "./engine.js";

/** Which role staff change where; the person is the one answer asked for. */
export interface GrantRoleState {
  grant: boolean;
  role: Role;
  unitId: number;
  unitCode: string;
}

async function candidates(ctx: BotContext, s: GrantRoleState) {
  return ctx.services.roles.candidates(ctx.actor, s.unitId, ctx.event.platform, s.grant ? undefined : s.role);
}

/** Grants or revokes, and says what happened in the words /vaitro uses with an id. */
export async function changeRole(
  ctx: BotContext,
  s: Pick<GrantRoleState, "grant" | "role" | "unitCode">,
  person: { id: number; displayName: string },
): Promise<string> {
  const result = s.grant
    ? await ctx.services.roles.grant(ctx.actor, person.id, s.role, s.unitCode)
    : await ctx.services.roles.revoke(ctx.actor, person.id, s.role, s.unitCode);
  if (!result.ok) return ctx.t(`role-${result.problem}`, { code: s.unitCode, unit: result.unit?.name ?? s.unitCode });
  const key = s.grant
    ? result.changed
      ? "role-granted"
      : "role-already"
    : result.changed
      ? "role-revoked"
      : "role-not-held";
  return ctx.t(key, { person: person.displayName, role: ctx.t(`role-${s.role}`), unit: result.unit.name });
}

function label(p: RoleCandidate): string {
  return `${p.name} (${p.platformUserId})`;
}

/** One step: the person, chosen from the unit's people or typed as an id. */
export const grantRoleFlow: Flow<GrantRoleState> = {
  id: "grant-role",
  key: "gr",
  steps: {
    person: {
      accepts: "choice-or-text",
      async prompt(ctx, s) {
        const { people, more } = await candidates(ctx, s);
        const unit = await ctx.services.units.byId(s.unitId);
        return {
          text: ctx.t(s.grant ? "role-pick-grant" : "role-pick-revoke", {
            role: ctx.t(`role-${s.role}`),
            unit: unit?.name ?? s.unitCode,
            more: more ? "yes" : "no",
          }),
          choices: choicesFor(
            grantRoleFlow,
            "person",
            people.map((p) => ({ id: p.personId, label: label(p) })),
          ),
        };
      },
      async handle(ctx, s, a): Promise<StepResult<GrantRoleState>> {
        let person: { id: number; displayName: string } | null = null;
        if (a.kind === "choice") {
          const { people } = await candidates(ctx, s);
          const p = people.find((x) => String(x.personId) === a.id);
          person = p ? { id: p.personId, displayName: p.name } : null;
        } else if (a.kind === "text") {
          const id = a.text.trim().replace(/^@/, "");
          if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return { retry: "role-who-id" };
          person = await ctx.services.people.findByPlatformUser(ctx.event.platform, id);
          if (!person) return { retry: "role-unknown-person", args: { id } };
        }
        if (!person) return { retry: "conversation-invalid" };
        return { done: true, say: [{ kind: "text", text: await changeRole(ctx, s, person) }] };
      },
    },
  },
};
