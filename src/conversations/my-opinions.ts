/**
 * /ykiencuatoi: a member lists, edits or withdraws their own opinions while the consultation is open. One numbering:
 * the list's 1, 2, 3 are the buttons' (and Zalo's numbered lines'), and "/ykiencuatoi rut 2" means the list's second.
 * A withdrawal is always confirmed first, showing the opinion's words, so a number typed from an older list (the list
 * moves as opinions are given) cannot withdraw the wrong one unseen.
 */
import type { BotContext } from "../bot/types.js";
import { recordId } from "../domain/ids.js";
import { choicesFor, type Flow } from "./engine.js";
import { snippet } from "./opinion.js";

interface MyOpinionsState {
  opinionId?: number;
  /** The last answer was longer than the limit (refused, not stored). */
  tooLong?: boolean;
}

type Mine = Awaited<ReturnType<BotContext["services"]["opinions"]["mine"]>>[number];

/** What an opinion says: its text, its voice message, or that it has neither (an «Đồng ý» without words). */
function opinionText(
  ctx: BotContext,
  o: { text: string | null; voiceFileRef: string | null; voiceDuration: number | null },
): string {
  if (o.text) return o.text;
  return o.voiceFileRef ? ctx.t("opinion-voice", { seconds: o.voiceDuration ?? 0 }) : ctx.t("opinion-no-text");
}

/** "GY1 · mục 2 · Bổ sung": where an opinion belongs and of what kind it is. */
function place(ctx: BotContext, o: Mine): string {
  return ctx.t("my-opinions-place", {
    code: o.consultation.code,
    item: o.item.position,
    kind: ctx.t(`opinion-kind-${o.kind}`),
  });
}

/** "GY1 · mục 2 · Bổ sung: …": where an opinion belongs and what it says, as one line. */
function describe(ctx: BotContext, o: Mine, max: number): string {
  return `${place(ctx, o)}: ${snippet(opinionText(ctx, o), max)}`;
}

async function listText(ctx: BotContext): Promise<{ text: string; items: { id: number; label: string }[] }> {
  const mine = await ctx.services.opinions.mine(ctx.actor.personId);
  return {
    text: mine.map((o, i) => `${i + 1}. ${describe(ctx, o, 80)}`).join("\n"),
    items: mine.map((o, i) => ({ id: o.id, label: `${i + 1}. ${describe(ctx, o, 30)}` })),
  };
}

/**
 * The member's own opinion with this id and its number in the list (0 once its consultation closed meanwhile: the
 * confirmation still shows it, and the withdrawal then says the consultation is closed).
 */
async function own(ctx: BotContext, opinionId: number | undefined): Promise<{ o: Mine; n: number } | undefined> {
  const mine = await ctx.services.opinions.mine(ctx.actor.personId);
  const n = mine.findIndex((x) => x.id === opinionId);
  const listed = mine[n];
  if (listed) return { o: listed, n: n + 1 };
  const o = await ctx.services.opinions.activeOf(ctx.actor.personId, opinionId ?? 0);
  return o ? { o, n: 0 } : undefined;
}

export const myOpinionsFlow: Flow<MyOpinionsState> = {
  id: "my-opinions",
  key: "my",
  steps: {
    pick: {
      accepts: "choice",
      async prompt(ctx) {
        const { text, items } = await listText(ctx);
        return { text: ctx.t("my-opinions-list", { list: text }), choices: choicesFor(myOpinionsFlow, "pick", items) };
      },
      handle: (_ctx, _s, a) =>
        a.kind === "choice"
          ? { next: "action", state: { opinionId: Number(a.id) } }
          : { retry: "conversation-invalid" },
    },
    action: {
      accepts: "choice",
      async prompt(ctx, s) {
        const found = await own(ctx, s.opinionId);
        if (!found) return { text: ctx.t("opinion-problem-not-found") };
        return {
          text: ctx.t("my-opinions-chosen", {
            n: found.n,
            place: place(ctx, found.o),
            text: opinionText(ctx, found.o),
          }),
          choices: choicesFor(myOpinionsFlow, "action", [
            { id: "edit", label: ctx.t("my-opinions-edit") },
            { id: "withdraw", label: ctx.t("my-opinions-withdraw") },
          ]),
        };
      },
      handle(_ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        return { next: a.id === "edit" ? "edit" : "withdraw", state: s };
      },
    },
    withdraw: {
      accepts: "choice",
      async prompt(ctx, s) {
        const found = await own(ctx, s.opinionId);
        if (!found) return { text: ctx.t("opinion-problem-not-found") };
        return {
          text: ctx.t("my-opinions-confirm-withdraw", { n: found.n, what: describe(ctx, found.o, 200) }),
          choices: choicesFor(myOpinionsFlow, "withdraw", [{ id: "yes", label: ctx.t("my-opinions-withdraw-yes") }]),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        const found = await own(ctx, s.opinionId);
        const r = await ctx.services.opinions.withdraw(ctx.actor.personId, s.opinionId ?? 0);
        const text = r.ok
          ? ctx.t("opinion-withdrawn", { what: found ? describe(ctx, found.o, 60) : "" })
          : ctx.t(`opinion-problem-${r.problem}`, { max: ctx.deps.config.opinionMaxLength });
        return { done: true, say: [{ kind: "text", text }] };
      },
    },
    edit: {
      accepts: "text",
      prompt: (ctx, s) => ({
        text: s.tooLong
          ? ctx.t("opinion-write-shorter", { max: ctx.deps.config.opinionMaxLength })
          : ctx.t("my-opinions-new-text", { max: ctx.deps.config.opinionMaxLength }),
      }),
      async handle(ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        const max = ctx.deps.config.opinionMaxLength;
        if (a.text.length > max)
          return { retry: "opinion-too-long", args: { max, length: a.text.length }, state: { ...s, tooLong: true } };
        const r = await ctx.services.opinions.edit(ctx.actor.personId, s.opinionId ?? 0, a.text);
        const text = r.ok ? ctx.t("opinion-edited") : ctx.t(`opinion-problem-${r.problem}`, { max });
        return { done: true, say: [{ kind: "text", text }] };
      },
    },
  },
};

const WITHDRAW_WORDS = new Set(["rut", "rút", "withdraw"]);

/** /ykiencuatoi [rut SỐ]: the list to pick from, or the confirmation to withdraw the list's opinion SỐ. */
export async function myOpinions(ctx: BotContext, args: string): Promise<void> {
  const [verb, number] = args.trim().split(/\s+/);
  const withdraw = !!verb && WITHDRAW_WORDS.has(verb.toLowerCase());
  const n = recordId((number ?? "").replace(/^#/, "")) ?? 0;
  if ((verb && !withdraw) || (withdraw && n <= 0)) return ctx.say("my-opinions-usage");
  const mine = await ctx.services.opinions.mine(ctx.actor.personId);
  if (!mine.length) return ctx.say("my-opinions-none");
  let opinionId: number | undefined;
  if (withdraw) {
    opinionId = mine[n - 1]?.id;
    if (!opinionId) return ctx.say("my-opinions-no-such-number", { n, count: mine.length });
  }
  if (ctx.isGroup && ctx.capabilities.privateChat !== "none") {
    ctx.reply({
      kind: "continue-privately",
      text: ctx.t("opinion-continue-privately"),
      payload: "ykien",
      buttonLabel: ctx.t("continue-privately"),
    });
    return;
  }
  if (opinionId) return ctx.deps.engine.start(ctx, "my-opinions", "withdraw", { opinionId });
  await ctx.deps.engine.start(ctx, "my-opinions", "pick", {});
}
