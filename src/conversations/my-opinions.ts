/** /ykiencuatoi: a member lists, edits or withdraws their own opinions while the consultation is open. */
import type { BotContext } from "../bot/types.js";
import { choicesFor, type Flow } from "./engine.js";
import { snippet } from "./opinion.js";

interface MyOpinionsState {
  opinionId?: number;
  /** The last answer was longer than the limit (refused, not stored). */
  tooLong?: boolean;
}

/** What an opinion says: its text, its voice message, or that it has neither (an «Đồng ý» without words). */
function opinionText(
  ctx: BotContext,
  o: { text: string | null; voiceFileRef: string | null; voiceDuration: number | null },
): string {
  if (o.text) return o.text;
  return o.voiceFileRef ? ctx.t("opinion-voice", { seconds: o.voiceDuration ?? 0 }) : ctx.t("opinion-no-text");
}

async function listText(ctx: BotContext): Promise<{ text: string; items: { id: number; label: string }[] }> {
  const mine = await ctx.services.opinions.mine(ctx.actor.personId);
  const lines = mine.map((o, i) => {
    const what = snippet(opinionText(ctx, o), 80);
    return `${i + 1}. [${o.consultation.code} · ${o.item.position}] ${ctx.t(`opinion-kind-${o.kind}`)}: ${what} (#${o.id})`;
  });
  return {
    text: lines.join("\n"),
    items: mine.map((o, i) => ({
      id: o.id,
      label: `${i + 1}. #${o.id} ${snippet(o.text ?? (o.voiceFileRef ? "🎤" : "—"), 30)}`,
    })),
  };
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
        const o = await ctx.deps.db.opinion.findUniqueOrThrow({ where: { id: s.opinionId! } });
        return {
          text: ctx.t("my-opinions-chosen", {
            id: String(o.id),
            text: opinionText(ctx, o),
          }),
          choices: choicesFor(myOpinionsFlow, "action", [
            { id: "edit", label: ctx.t("my-opinions-edit") },
            { id: "withdraw", label: ctx.t("my-opinions-withdraw") },
            { id: "done", label: ctx.t("my-opinions-done") },
          ]),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "done") return { done: true, say: [{ kind: "text", text: ctx.t("conversation-cancelled") }] };
        if (a.id === "edit") return { next: "edit", state: s };
        const r = await ctx.services.opinions.withdraw(ctx.actor.personId, s.opinionId!);
        return {
          done: true,
          say: [
            {
              kind: "text",
              text: r.ok
                ? ctx.t("opinion-withdrawn", { id: String(s.opinionId) })
                : ctx.t(`opinion-problem-${r.problem}`, { max: ctx.deps.config.opinionMaxLength }),
            },
          ],
        };
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
          return {
            retry: "opinion-too-long",
            args: { max, length: a.text.length },
            state: { ...s, tooLong: true },
          };
        const r = await ctx.services.opinions.edit(ctx.actor.personId, s.opinionId!, a.text);
        return {
          done: true,
          say: [
            {
              kind: "text",
              text: r.ok
                ? ctx.t("opinion-edited", { id: String(s.opinionId) })
                : ctx.t(`opinion-problem-${r.problem}`, { max }),
            },
          ],
        };
      },
    },
  },
};

const WITHDRAW_WORDS = new Set(["rut", "rút", "withdraw"]);

/** /ykiencuatoi [rut ID]: the list to pick from, or withdraw one at once. */
export async function myOpinions(ctx: BotContext, args: string): Promise<void> {
  const [verb, id] = args.trim().split(/\s+/);
  if (verb && WITHDRAW_WORDS.has(verb.toLowerCase())) {
    const opinionId = Number((id ?? "").replace(/^#/, ""));
    if (!Number.isInteger(opinionId) || opinionId <= 0) return ctx.say("my-opinions-usage");
    const r = await ctx.services.opinions.withdraw(ctx.actor.personId, opinionId);
    return r.ok
      ? ctx.say("opinion-withdrawn", { id: String(opinionId) })
      : ctx.say(`opinion-problem-${r.problem}`, { max: ctx.deps.config.opinionMaxLength });
  }
  if (verb) return ctx.say("my-opinions-usage");
  const mine = await ctx.services.opinions.mine(ctx.actor.personId);
  if (!mine.length) return ctx.say("my-opinions-none");
  if (ctx.isGroup && ctx.capabilities.privateChat !== "none") {
    ctx.reply({
      kind: "continue-privately",
      text: ctx.t("opinion-continue-privately"),
      payload: "ykien",
      buttonLabel: ctx.t("continue-privately"),
    });
    return;
  }
  await ctx.deps.engine.start(ctx, "my-opinions", "pick", {});
}
