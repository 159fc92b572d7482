/**
 * /gopy: a member gives an opinion. Consultation (skipped when one is open) → item → kind → text or voice →
 * the unit it counts for (asked once and remembered) → review → send.
 */

import type { BotContext } from "../bot/types.js";
import { isOpinionKind, OPINION_KINDS, type OpinionKind } from "../domain/opinions.js";
import { isInSubtree } from "../domain/units.js";
import { choicesFor, type Flow, type StepResult } from "./engine.js";

export interface OpinionState {
  consultationId?: number;
  itemId?: number;
  kind?: OpinionKind;
  text?: string;
  voice?: { fileRef: string; durationSec?: number };
  unitId?: number;
  /** The last answer was longer than the limit (refused, not stored): the prompt asks for a shorter one. */
  tooLong?: boolean;
}

export function snippet(text: string, max = 60): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1).trimEnd()}…` : one;
}

/** The member's units that a consultation covers. */
function coveredUnits(ctx: BotContext, rootPath: string) {
  const seen = new Map<number, { unitId: number; unitName: string; unitCode: string }>();
  for (const m of ctx.actor.memberships) if (isInSubtree(rootPath, m.unitPath)) seen.set(m.unitId, m);
  return [...seen.values()];
}

/** Where the words are asked for: optional for "agree", required otherwise. */
function textStep(kind: OpinionKind | undefined): string {
  return kind === "agree" ? "agreeText" : "text";
}

async function consultationOf(ctx: BotContext, s: OpinionState) {
  return ctx.services.consultations.byId(s.consultationId!);
}

/**
 * A typed opinion: over the limit it is refused at once, saying it was not saved and how to send it (shorter, in
 * several opinions, or by voice); else go on.
 */
async function typedText(ctx: BotContext, s: OpinionState, text: string): Promise<StepResult<OpinionState>> {
  const max = ctx.deps.config.opinionMaxLength;
  if (text.length > max)
    return { retry: "opinion-too-long", args: { max, length: text.length }, state: { ...s, tooLong: true } };
  return afterText(ctx, { ...s, text, voice: undefined, tooLong: undefined });
}

/** After the text: ask for the unit only when the member belongs to several and has no remembered choice. */
async function afterText(ctx: BotContext, s: OpinionState): Promise<{ next: string; state: OpinionState }> {
  const c = await consultationOf(ctx, s);
  const units = coveredUnits(ctx, c.rootUnit.path);
  const [only, ...others] = units;
  if (only && !others.length) return { next: "review", state: { ...s, unitId: only.unitId } };
  const rememberedId = await ctx.services.people.rememberedOpinionUnit(ctx.actor.personId);
  const remembered = units.find((u) => u.unitId === rememberedId);
  if (remembered) return { next: "review", state: { ...s, unitId: remembered.unitId } };
  return { next: "unit", state: s };
}

export const opinionFlow: Flow<OpinionState> = {
  id: "opinion",
  key: "op",
  steps: {
    consultation: {
      accepts: "choice",
      async prompt(ctx) {
        const open = await ctx.services.consultations.openCovering(ctx.actor.memberships.map((m) => m.unitPath));
        return {
          text: ctx.t("opinion-pick-consultation"),
          choices: choicesFor(
            opinionFlow,
            "consultation",
            open.map((c) => ({ id: c.id, label: `${c.code}: ${snippet(c.title, 50)}` })),
          ),
        };
      },
      handle: (_ctx, s, a) =>
        a.kind === "choice"
          ? { next: "item", state: { ...s, consultationId: Number(a.id) } }
          : { retry: "conversation-invalid" },
    },
    item: {
      accepts: "choice",
      async prompt(ctx, s) {
        const c = await consultationOf(ctx, s);
        const list = c.items.map((i) => `${i.position}. ${i.title}`).join("\n");
        return {
          text: ctx.t("opinion-pick-item", { title: c.title, items: list }),
          choices: choicesFor(
            opinionFlow,
            "item",
            c.items.map((i) => ({ id: i.id, label: `${i.position}. ${snippet(i.title, 40)}` })),
          ),
        };
      },
      handle: (_ctx, s, a) =>
        a.kind === "choice"
          ? { next: "kind", state: { ...s, itemId: Number(a.id) } }
          : { retry: "conversation-invalid" },
    },
    kind: {
      accepts: "choice",
      prompt: (ctx) => ({
        text: ctx.t("opinion-pick-kind"),
        choices: choicesFor(
          opinionFlow,
          "kind",
          OPINION_KINDS.map((k) => ({ id: k, label: ctx.t(`opinion-kind-${k}`) })),
        ),
      }),
      handle: (_ctx, s, a) =>
        a.kind === "choice" && isOpinionKind(a.id)
          ? { next: textStep(a.id), state: { ...s, kind: a.id } }
          : { retry: "conversation-invalid" },
    },
    /** "Đồng ý" needs no words: a button sends it as it is, typed text is kept as a note. */
    agreeText: {
      accepts: "choice-or-text",
      prompt: (ctx) => ({
        text: ctx.t("opinion-agree-write", { max: ctx.deps.config.opinionMaxLength }),
        choices: choicesFor(opinionFlow, "agreeText", [{ id: "none", label: ctx.t("opinion-agree-no-text") }]),
      }),
      async handle(ctx, s, a) {
        if (a.kind === "choice") return afterText(ctx, { ...s, text: undefined, voice: undefined, tooLong: undefined });
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        return typedText(ctx, s, a.text);
      },
    },
    text: {
      accepts: "text-or-voice",
      prompt: (ctx, s) => ({
        text: s.tooLong
          ? ctx.t("opinion-write-shorter", { max: ctx.deps.config.opinionMaxLength })
          : ctx.t("opinion-write", { max: ctx.deps.config.opinionMaxLength }),
      }),
      async handle(ctx, s, a) {
        if (a.kind === "voice")
          return afterText(ctx, {
            ...s,
            voice: { fileRef: a.attachment.fileRef, durationSec: a.attachment.durationSec },
            text: undefined,
            tooLong: undefined,
          });
        if (a.kind !== "text") return { retry: "conversation-text-or-voice" };
        return typedText(ctx, s, a.text);
      },
    },
    unit: {
      accepts: "choice",
      async prompt(ctx, s) {
        const c = await consultationOf(ctx, s);
        return {
          text: ctx.t("opinion-pick-unit"),
          choices: choicesFor(
            opinionFlow,
            "unit",
            coveredUnits(ctx, c.rootUnit.path).map((u) => ({ id: u.unitId, label: u.unitName })),
          ),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        await ctx.services.people.rememberOpinionUnit(ctx.actor.personId, Number(a.id));
        return { next: "review", state: { ...s, unitId: Number(a.id) } };
      },
    },
    review: {
      accepts: "choice",
      async prompt(ctx, s) {
        const c = await consultationOf(ctx, s);
        const item = c.items.find((i) => i.id === s.itemId);
        const unit = await ctx.services.units.byId(s.unitId!);
        const content = s.voice
          ? ctx.t("opinion-voice", { seconds: s.voice.durationSec ?? 0 })
          : (s.text ?? ctx.t("opinion-no-text"));
        return {
          text: ctx.t("opinion-review", {
            consultation: c.code,
            item: item?.title ?? "",
            kind: ctx.t(`opinion-kind-${s.kind}`),
            text: content,
            unit: unit?.name ?? "",
          }),
          choices: choicesFor(opinionFlow, "review", [
            { id: "send", label: ctx.t("opinion-send") },
            { id: "rewrite", label: ctx.t("opinion-rewrite") },
          ]),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "rewrite") return { next: textStep(s.kind), state: { ...s, text: undefined, voice: undefined } };
        const result = await ctx.services.opinions.give(ctx.actor, {
          consultationId: s.consultationId!,
          itemId: s.itemId!,
          unitId: s.unitId!,
          kind: s.kind!,
          text: s.text,
          voice: s.voice,
          stepKey: ctx.stepKey,
        });
        const text = result.ok
          ? ctx.t("opinion-saved", { id: String(result.id) })
          : ctx.t(`opinion-problem-${result.problem}`, { max: ctx.deps.config.opinionMaxLength });
        return { done: true, say: [{ kind: "text", text }] };
      },
    },
  },
};

/** Starts /gopy: in a Telegram group it hands the member a link into the private chat; elsewhere it starts here. */
export async function startOpinion(ctx: BotContext, code?: string): Promise<void> {
  if (!ctx.actor.memberships.length) return ctx.say("opinion-no-unit");
  let open = await ctx.services.consultations.openCovering(ctx.actor.memberships.map((m) => m.unitPath));
  if (code) {
    open = open.filter((c) => c.code === code.trim().toUpperCase());
    if (!open.length) return ctx.say("opinion-unknown-consultation", { code: code.slice(0, 20) });
  }
  const [only, ...others] = open;
  if (!only) return ctx.say("opinion-none-open");
  if (ctx.isGroup && ctx.capabilities.privateChat !== "none") {
    ctx.reply({
      kind: "continue-privately",
      text: ctx.t("opinion-continue-privately"),
      payload: others.length ? "gopy" : `gopy_${only.code}`,
      buttonLabel: ctx.t("continue-privately"),
    });
    return;
  }
  if (!others.length)
    return ctx.deps.engine.start(ctx, "opinion", "item", { consultationId: only.id } satisfies OpinionState);
  return ctx.deps.engine.start(ctx, "opinion", "consultation", {} satisfies OpinionState);
}
