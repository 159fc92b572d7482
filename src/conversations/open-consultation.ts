/** /mogopy: staff open a consultation from a stored plan's drafts or by hand, over a subtree, until a closing day. */
import { z } from "zod";
import type { BotContext } from "../bot/types.js";
import { dueSettings } from "../config.js";
import { dueMoment, formatDayTime } from "../domain/dates/due.js";
import { readDatePhrase } from "../domain/dates/phrases.js";
import { scopeRoots } from "../domain/scope.js";
import { choicesFor, type Flow } from "./engine.js";
import { snippet } from "./opinion.js";

interface OpenState {
  planId?: number;
  title?: string;
  items?: string[];
  unitCode?: string;
  closesAt?: string;
}

const MANUAL = "manual";

async function rootUnits(ctx: BotContext) {
  const roots = scopeRoots(ctx.actor.grants, "consult");
  const units = await Promise.all(roots.map((p) => ctx.services.units.atScopeRoot(p)));
  return units.filter((u): u is NonNullable<typeof u> => !!u);
}

export const openConsultationFlow: Flow<OpenState> = {
  id: "open-consultation",
  key: "oc",
  steps: {
    source: {
      accepts: "choice",
      async prompt(ctx) {
        const plans = await ctx.services.plans.withConsultationItems();
        const choices = plans.map((p) => ({
          id: p.id,
          label: `${p.plan.number ?? "KH"}: ${snippet(p.plan.title, 40)}`,
        }));
        return {
          text: ctx.t("consult-pick-source"),
          choices: choicesFor(openConsultationFlow, "source", [
            ...choices,
            { id: MANUAL, label: ctx.t("consult-manual") },
          ]),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === MANUAL) return { next: "title", state: s };
        const plan = await ctx.services.plans.byId(Number(a.id));
        if (!plan) return { retry: "conversation-invalid" };
        return {
          next: "unit",
          state: { ...s, planId: plan.id, title: plan.plan.title, items: plan.plan.consultationItems },
        };
      },
    },
    title: {
      accepts: "text",
      schema: z.string().max(500, { message: "answer-too-long" }),
      prompt: (ctx) => ({ text: ctx.t("consult-title") }),
      handle: (_ctx, s, a) =>
        a.kind === "text" ? { next: "items", state: { ...s, title: a.text } } : { retry: "conversation-text-only" },
    },
    items: {
      accepts: "text",
      schema: z.string().max(8000, { message: "answer-too-long" }),
      prompt: (ctx) => ({ text: ctx.t("consult-items") }),
      handle(_ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        const items = a.text
          .split("\n")
          .map((l) => l.replace(/^\s*(?:\d+[.)]|[-•*])\s*/, "").trim())
          .filter(Boolean);
        if (!items.length || items.length > 30) return { retry: "consult-items-count" };
        return { next: "unit", state: { ...s, items } };
      },
    },
    unit: {
      accepts: "choice-or-text",
      async prompt(ctx) {
        const roots = await rootUnits(ctx);
        return {
          text: ctx.t("consult-unit", { examples: roots.map((u) => `${u.code} (${u.name})`).join(", ") }),
          choices: choicesFor(
            openConsultationFlow,
            "unit",
            roots.map((u) => ({ id: u.code, label: u.name })),
          ),
        };
      },
      async handle(ctx, s, a) {
        const code = a.kind === "choice" ? a.id : a.kind === "text" ? a.text : "";
        const unit = await ctx.services.units.byCode(code);
        if (!unit) return { retry: "consult-unknown-unit" };
        if (!ctx.can("consult", unit.path)) return { retry: "consult-unit-not-allowed" };
        return { next: "closes", state: { ...s, unitCode: unit.code } };
      },
    },
    closes: {
      accepts: "text",
      prompt: (ctx) => ({ text: ctx.t("consult-closes") }),
      handle(ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        const phrase = readDatePhrase(a.text);
        const due = phrase && dueMoment(phrase.spec, dueSettings(ctx.deps.config));
        if (!due) return { retry: "consult-bad-date" };
        if (due <= ctx.now()) return { retry: "consult-date-past" };
        return { next: "review", state: { ...s, closesAt: due.toISOString() } };
      },
    },
    review: {
      accepts: "choice",
      prompt: (ctx, s) => ({
        text: ctx.t("consult-review", {
          title: s.title ?? "",
          items: (s.items ?? []).map((t, i) => `${i + 1}. ${t}`).join("\n"),
          unit: s.unitCode ?? "",
          closes: formatDayTime(new Date(s.closesAt!), ctx.deps.config.timezone),
        }),
        choices: choicesFor(openConsultationFlow, "review", [{ id: "open", label: ctx.t("consult-open") }]),
      }),
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        const r = await ctx.services.consultations.open(
          ctx.actor,
          {
            title: s.title!,
            items: s.items!,
            rootUnitCode: s.unitCode!,
            closesAt: new Date(s.closesAt!),
            planId: s.planId,
          },
          ctx.stepKey,
        );
        if (!r.ok) return { done: true, say: [{ kind: "text", text: ctx.t(`consult-problem-${r.problem}`) }] };
        const c = r.consultation;
        return {
          done: true,
          say: [
            {
              kind: "text",
              text: ctx.t("consult-opened", {
                code: c.code,
                title: c.title,
                unit: c.rootUnit.name,
                closes: formatDayTime(c.closesAt, ctx.deps.config.timezone),
              }),
            },
          ],
        };
      },
    },
  },
};

export async function startOpenConsultation(ctx: BotContext): Promise<void> {
  if (!scopeRoots(ctx.actor.grants, "consult").length) return ctx.say("not-allowed");
  const plans = await ctx.services.plans.withConsultationItems();
  await ctx.deps.engine.start(ctx, "open-consultation", plans.length ? "source" : "title", {});
}
