/**
 * /themhanchot: staff add a deadline — what is due, by when (a Vietnamese phrase), which units owe it — then confirm.
 */
import { z } from "zod";
import type { BotContext } from "../bot/types.js";
import { dueSettings } from "../config.js";
import { dueMoment, formatDay, formatDayTime } from "../domain/dates/due.js";
import { readDatePhrase } from "../domain/dates/phrases.js";
import type { DateSpec } from "../domain/dates/types.js";
import { scopeRoots } from "../domain/scope.js";
import { UNIT_KINDS, type UnitKind } from "../domain/units.js";
import { choicesFor, type Flow } from "./engine.js";

interface AddDeadlineState {
  what?: string;
  phrase?: string;
  spec?: DateSpec;
  owing?: number[];
  rootUnitId?: number;
}

async function scopeRootUnit(ctx: BotContext) {
  const root = scopeRoots(ctx.actor.grants, "deadlines")[0];
  return root ? ctx.services.units.atScopeRoot(root) : undefined;
}

function describe(ctx: BotContext, spec: DateSpec, phrase: string): string {
  if (spec.precision === "recurring") return ctx.t("deadline-recurring", { phrase });
  if (spec.precision === "relative") return ctx.t("deadline-relative", { phrase });
  const at = dueMoment(spec, dueSettings(ctx.deps.config));
  if (!at) return phrase;
  const key = at < ctx.deps.clock.now() ? "deadline-due-past" : "deadline-due";
  return ctx.t(key, { phrase, due: formatDay(at, ctx.deps.config.timezone) });
}

export const addDeadlineFlow: Flow<AddDeadlineState> = {
  id: "add-deadline",
  key: "dl",
  steps: {
    what: {
      accepts: "text",
      schema: z.string().max(500, { message: "answer-too-long" }),
      prompt: (ctx) => ({ text: ctx.t("deadline-ask-what") }),
      handle: (_ctx, s, a) =>
        a.kind === "text" ? { next: "when", state: { ...s, what: a.text } } : { retry: "conversation-text-only" },
    },
    when: {
      accepts: "text",
      prompt: (ctx) => ({ text: ctx.t("deadline-ask-when") }),
      handle(_ctx, s, a) {
        const found = a.kind === "text" ? readDatePhrase(a.text) : undefined;
        if (!found) return { retry: "deadline-bad-phrase" };
        return { next: "units", state: { ...s, phrase: found.text, spec: found.spec } };
      },
    },
    units: {
      accepts: "choice-or-text",
      async prompt(ctx) {
        const root = await scopeRootUnit(ctx);
        const options = [
          { id: "children", label: ctx.t("deadline-units-children", { unit: root?.name ?? "" }) },
          ...(["district", "sector", "grassroots"] as UnitKind[]).map((k) => ({
            id: `kind:${k}`,
            label: ctx.t("deadline-units-kind", { kind: ctx.t(`kind-${k}`) }),
          })),
        ];
        return { text: ctx.t("deadline-ask-units"), choices: choicesFor(addDeadlineFlow, "units", options) };
      },
      async handle(ctx, s, a) {
        const root = await scopeRootUnit(ctx);
        if (!root) return { retry: "conversation-invalid" };
        const subtree = await ctx.services.units.subtree(root.path, { activeOnly: true });
        let owing: number[] = [];
        if (a.kind === "choice" && a.id === "children")
          owing = subtree.filter((u) => u.parentId === root.id).map((u) => u.id);
        else if (
          a.kind === "choice" &&
          a.id.startsWith("kind:") &&
          (UNIT_KINDS as readonly string[]).includes(a.id.slice(5))
        )
          owing = subtree.filter((u) => u.kind === a.id.slice(5)).map((u) => u.id);
        else if (a.kind === "text") {
          for (const code of a.text.split(/[\s,;]+/).filter(Boolean)) {
            const u = await ctx.services.units.byCode(code);
            if (!u) return { retry: "deadline-unknown-unit" };
            if (!ctx.can("deadlines", u.path)) return { retry: "consult-unit-not-allowed" };
            owing.push(u.id);
          }
        }
        if (!owing.length) return { retry: "deadline-no-units" };
        return { next: "confirm", state: { ...s, owing, rootUnitId: root.id } };
      },
    },
    confirm: {
      accepts: "choice",
      prompt: (ctx, s) => ({
        text: ctx.t("deadline-review", {
          what: s.what!,
          when: describe(ctx, s.spec!, s.phrase!),
          units: s.owing!.length,
        }),
        choices: choicesFor(addDeadlineFlow, "confirm", [{ id: "save", label: ctx.t("meeting-save") }]),
      }),
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        const r = await ctx.services.deadlines.create(ctx.actor, {
          what: s.what!,
          phrase: s.phrase!,
          spec: s.spec!,
          owingUnitIds: s.owing!,
          rootUnitId: s.rootUnitId!,
        });
        const lines = [ctx.t("deadline-created", { code: r.deadline.code, what: r.deadline.what, n: r.occurrences })];
        if (r.past && r.dueAt) {
          const tz = ctx.deps.config.timezone;
          lines.push(
            ctx.t("deadline-created-past", {
              due: formatDay(r.dueAt, tz),
              first: r.firstReminderAt ? formatDayTime(r.firstReminderAt, tz) : "—",
              every: ctx.deps.config.reminders.overdueEveryDays,
            }),
          );
        }
        if (s.spec!.precision === "relative") lines.push(ctx.t("deadline-created-relative", { code: r.deadline.code }));
        return { done: true, say: [{ kind: "text", text: lines.join("\n") }] };
      },
    },
  },
};

export async function startAddDeadline(ctx: BotContext): Promise<void> {
  if (!scopeRoots(ctx.actor.grants, "deadlines").length) return ctx.say("not-allowed");
  await ctx.deps.engine.start(ctx, "add-deadline", "what", {});
}
