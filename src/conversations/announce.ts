/**
 * /thongbao: staff send a plan file or paste text → preview (number, date, title, deadlines, recipients) → choose the
 * target units (whole scope, unit codes, or the unit kinds named in Nơi nhận) → how many chats → confirm → outbox.
 */
import { formatIso } from "../domain/dates/due.js";
import type { Plan } from "../domain/plan/types.js";
import { scopeRoots } from "../domain/scope.js";
import { UNIT_KINDS, type UnitKind } from "../domain/units.js";
import type { BotContext } from "../bot/types.js";
import type { Draft, Targeting } from "../services/announcements.js";
import { PlanFileError, parsePlanText, readPlanFile } from "../services/plan-files.js";
import { choicesFor, type Flow } from "./engine.js";

interface AnnounceState {
  plan?: Plan;
  text?: string;
  fileId?: number;
  fileName?: string;
  mimeType?: string;
  targeting?: Targeting;
}

const MAX_TEXT = 3500;

/** The draft as the service wants it; the file's bytes wait in StoredFile while staff decide. */
function draftOf(s: AnnounceState): Draft {
  return {
    plan: s.plan,
    text: s.text,
    file: s.fileId
      ? { storedFileId: s.fileId, name: s.fileName ?? "ke-hoach", mimeType: s.mimeType ?? "application/octet-stream" }
      : undefined,
  };
}

function preview(ctx: BotContext, s: AnnounceState): string {
  if (!s.plan) return ctx.t("announce-preview-plain", { text: s.text ?? "" });
  const p = s.plan;
  const deadlines = ctx.services.announcements.keyDeadlines(p);
  return ctx.t("announce-preview", {
    type: p.documentType,
    number: p.number ?? "—",
    date: p.issuedOn ? formatIso(p.issuedOn) : "—",
    title: p.title,
    deadlines: deadlines.length ? deadlines.map((d) => `• ${d}`).join("\n") : ctx.t("announce-no-deadlines"),
    recipients: p.recipients.length ? p.recipients.map((r) => `• ${r}`).join("\n") : "—",
  });
}

export const announceFlow: Flow<AnnounceState> = {
  id: "announce",
  key: "an",
  steps: {
    content: {
      accepts: "text-or-file",
      prompt: (ctx) => ({ text: ctx.t("announce-send-content") }),
      async handle(ctx, s, a) {
        if (a.kind === "file") {
          const name = a.attachment.fileName ?? "ke-hoach";
          let data: Uint8Array;
          try {
            data = await ctx.download(a.attachment.fileRef);
          } catch {
            return { retry: "announce-download-failed" };
          }
          try {
            const { plan } = await readPlanFile(data, name, a.attachment.mimeType);
            const stored = await ctx.deps.db.storedFile.create({
              data: {
                name,
                mimeType: a.attachment.mimeType ?? "application/octet-stream",
                size: data.byteLength,
                data: Uint8Array.from(data),
              },
            });
            return {
              next: "targets",
              state: { ...s, plan, fileId: stored.id, fileName: name, mimeType: stored.mimeType },
            };
          } catch (err) {
            if (err instanceof PlanFileError) return { retry: `announce-file-${err.problem}` };
            throw err;
          }
        }
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        if (a.text.length > 20_000) return { retry: "answer-too-long", args: { max: 20_000 } };
        try {
          return { next: "targets", state: { ...s, plan: parsePlanText(a.text) } };
        } catch (err) {
          if (!(err instanceof PlanFileError)) throw err;
          if (a.text.length > MAX_TEXT) return { retry: "answer-too-long", args: { max: MAX_TEXT } };
          return { next: "targets", state: { ...s, text: a.text } };
        }
      },
    },
    targets: {
      accepts: "choice",
      prompt(ctx, s) {
        const kinds = s.plan ? ctx.services.announcements.kindsOf({ plan: s.plan }) : [];
        const options = [{ id: "all", label: ctx.t("announce-target-all") }];
        if (kinds.length)
          options.push({
            id: `kinds:${kinds.join(",")}`,
            label: ctx.t("announce-target-kinds", { kinds: kinds.map((k) => ctx.t(`kind-${k}`)).join(", ") }),
          });
        options.push(
          { id: "codes", label: ctx.t("announce-target-codes") },
          { id: "cancel", label: ctx.t("opinion-cancel") },
        );
        return {
          text: `${preview(ctx, s)}\n\n${ctx.t("announce-pick-targets")}`,
          choices: choicesFor(announceFlow, "targets", options),
        };
      },
      handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "cancel") return { done: true, say: [{ kind: "text", text: ctx.t("conversation-cancelled") }] };
        if (a.id === "codes") return { next: "codes", state: s };
        if (a.id.startsWith("kinds:")) {
          const kinds = a.id
            .slice(6)
            .split(",")
            .filter((k): k is UnitKind => (UNIT_KINDS as readonly string[]).includes(k));
          return { next: "confirm", state: { ...s, targeting: { mode: "kinds", kinds } } };
        }
        return { next: "confirm", state: { ...s, targeting: { mode: "subtree" } } };
      },
    },
    codes: {
      accepts: "text",
      prompt: (ctx) => ({ text: ctx.t("announce-codes") }),
      handle(_ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        const codes = a.text
          .split(/[\s,;]+/)
          .filter(Boolean)
          .slice(0, 200);
        if (!codes.length) return { retry: "announce-codes" };
        return { next: "confirm", state: { ...s, targeting: { mode: "codes", codes } } };
      },
    },
    confirm: {
      accepts: "choice",
      async prompt(ctx, s) {
        const plan = await ctx.services.announcements.targets(ctx.actor, s.targeting!);
        const notes = [
          plan.unknownCodes.length ? ctx.t("announce-unknown-codes", { codes: plan.unknownCodes.join(", ") }) : "",
          plan.outsideScope.length ? ctx.t("announce-outside-scope", { codes: plan.outsideScope.join(", ") }) : "",
        ].filter(Boolean);
        return {
          text: [
            ...notes,
            ctx.t("announce-count", {
              chats: plan.chats.length,
              units: plan.units.length,
              without: plan.unitsWithoutChat,
            }),
          ].join("\n"),
          choices: choicesFor(announceFlow, "confirm", [
            { id: "send", label: ctx.t("announce-send") },
            { id: "cancel", label: ctx.t("opinion-cancel") },
          ]),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "cancel") return { done: true, say: [{ kind: "text", text: ctx.t("conversation-cancelled") }] };
        const r = await ctx.services.announcements.broadcast(ctx.actor, draftOf(s), s.targeting!);
        const deadlines =
          s.plan && r.planId
            ? await ctx.services.deadlines.fromPlan(ctx.actor, s.plan, r.planId, r.owing, r.rootUnitId)
            : { created: 0, past: 0 };
        const say = [
          { kind: "text" as const, text: ctx.t("announce-queued", { seq: r.seq, chats: r.chats, units: r.units }) },
        ];
        if (deadlines.created) {
          const lines = [ctx.t("announce-deadlines-created", { n: deadlines.created, units: r.owing.length })];
          const { time, overdueEveryDays } = ctx.deps.config.reminders;
          if (deadlines.past)
            lines.push(ctx.t("announce-deadlines-past", { n: deadlines.past, time, every: overdueEveryDays }));
          say.push({ kind: "text", text: lines.join("\n") });
        }
        return { done: true, say };
      },
    },
  },
};

export async function startAnnounce(ctx: BotContext): Promise<void> {
  if (!scopeRoots(ctx.actor.grants, "broadcast").length) return ctx.say("announce-staff-only");
  if (ctx.isGroup && ctx.capabilities.privateChat !== "none") {
    ctx.reply({
      kind: "continue-privately",
      text: ctx.t("announce-private"),
      payload: "thongbao",
      buttonLabel: ctx.t("continue-privately"),
    });
    return;
  }
  await ctx.deps.engine.start(ctx, "announce", "content", {});
}
