/**
 * /thongbao: staff send a plan file or paste text → preview (number, date, title, deadlines with a warning for those
 * already past, consultation items and period, signer, recipients, and what the reader could not find) → optionally
 * correct the number, date, title or deadlines ("Sửa") → choose the targets (whole scope, the kinds Nơi nhận names,
 * one level, or typed unit codes alone or with everything under them) → how many chats → confirm → outbox.
 * Unknown codes are refused by name and corrected codes are taken at any later step; nothing is sent to no one.
 */

import { indicatorLine } from "../bot/features/figures.js";
import type { BotContext } from "../bot/types.js";
import { formatIso } from "../domain/dates/due.js";
import { planReports } from "../domain/plan/reports.js";
import type { Plan } from "../domain/plan/types.js";
import { scopeRoots } from "../domain/scope.js";
import { foldVietnamese, UNIT_KINDS, type UnitKind } from "../domain/units.js";
import type { Reply } from "../platforms/port.js";
import type { Draft, Targeting } from "../services/announcements.js";
import { FileLimitError } from "../services/file-bounds.js";
import { PlanFileError, parsePlanText, readPlanFile } from "../services/plan-files.js";
import { applyEdit, EDITABLE, type Editable, eventsOf, fillBlank } from "./announce-edit.js";
import { choicesFor, type Flow, type StepResult } from "./engine.js";

interface AnnounceState {
  plan?: Plan;
  text?: string;
  fileId?: number;
  fileName?: string;
  mimeType?: string;
  targeting?: Targeting;
  /** Codes typed and checked, waiting for "only these" or "with everything under them". */
  codes?: string[];
  editing?: Editable;
  /** The pasted text filled a whole message: the platform may have cut the rest off. */
  maybeCut?: boolean;
  /** Past deadlines left out: those past by more than 30 days (the default), every past one, or none. */
  skipPast?: SkipPast;
}

type SkipPast = "old" | "all" | "none";
const SKIP_PAST: readonly SkipPast[] = ["old", "all", "none"];
/** A deadline past by more than this is left out by default: an old plan's reports are not reminded of. */
const OLD_PAST_MS = 30 * 86_400_000;

/** The due moments before which a deadline of the plan is not created, under the staff's choice. */
function skipBefore(policy: SkipPast | undefined, now: Date): Date | undefined {
  if (policy === "none") return undefined;
  return policy === "all" ? now : new Date(now.getTime() - OLD_PAST_MS);
}

const MAX_TEXT = 3500;
/** A typed answer this long at a choice step is more of a pasted plan, not a choice or a list of codes. */
const PASTE_LIKE = 300;

/** The draft as the service wants it; the file's bytes wait in StoredFile while staff decide. */
function draftOf(s: AnnounceState, now: Date): Draft {
  return {
    plan: s.plan,
    skipDueBefore: skipBefore(s.skipPast, now),
    text: s.text,
    file: s.fileId
      ? { storedFileId: s.fileId, name: s.fileName ?? "ke-hoach", mimeType: s.mimeType ?? "application/octet-stream" }
      : undefined,
  };
}

/** Fields the reader left empty, named for staff ("số, ngày, người ký"). */
function unread(ctx: BotContext, p: Plan): string[] {
  const missing: string[] = [];
  if (!p.number) missing.push("number");
  if (!p.issuedOn) missing.push("date");
  if (!p.issuingBody) missing.push("issuer");
  if (!p.signer) missing.push("signer");
  if (!p.recipients.length) missing.push("recipients");
  if (!planReports(p).length) missing.push("deadlines");
  return missing.map((f) => ctx.t(`announce-field-${f}`));
}

function preview(ctx: BotContext, s: AnnounceState): string {
  if (!s.plan) return ctx.t("announce-preview-plain", { text: s.text ?? "" });
  const p = s.plan;
  const now = ctx.now();
  const deadlines = ctx.services.announcements.deadlineList(p, undefined, ctx.lang);
  // A recurring report whose periods have all gone by is past too (its line says so), not only a dated one.
  const isPast = (d: (typeof deadlines)[number]) => !!d.over || (!!d.due && d.due < now);
  const past = deadlines.filter(isPast).length;
  // Only dated ones can be skipped: a recurring report with no period left is not created anyway.
  const datedPast = deadlines.filter((d) => d.due && d.due < now).length;
  const cutoff = skipBefore(s.skipPast, now);
  const skipped = (d: { due?: Date }) => !!(d.due && cutoff && d.due < cutoff);
  const pastMark = (d: { due?: Date }) =>
    d.due && d.due < now ? ` ${ctx.t(skipped(d) ? "announce-deadline-past-skipped" : "announce-deadline-past")}` : "";
  const lines = [
    ctx.t("announce-preview", {
      type: p.documentType,
      number: p.number ?? "—",
      date: p.issuedOn ? formatIso(p.issuedOn) : "—",
      title: p.title,
    }),
    ctx.t("announce-preview-deadlines"),
    ...(deadlines.length
      ? deadlines.map((d, i) => `${i + 1}. ${d.line}${pastMark(d)}`)
      : [ctx.t("announce-no-deadlines")]),
  ];
  const events = eventsOf(p);
  if (events.length)
    lines.push(
      ctx.t("announce-preview-events"),
      ...events.map((e, i) => `S${i + 1}. ${formatIso(e.date)}${e.time ? ` ${e.time}` : ""}: ${e.what}`),
    );
  if (p.consultationItems.length)
    lines.push(ctx.t("announce-preview-items"), ...p.consultationItems.map((x, i) => `${i + 1}. ${x}`));
  if (p.periods.length)
    // "Đợt 1 tháng cao điểm: Tháng 5 năm 2025", not "…: Đợt 1: Tháng 5 năm 2025" (the plan's label said twice).
    lines.push(ctx.t("announce-preview-periods"), ...p.periods.map((x) => `• ${x.what}: ${withoutOwnLabel(x)}`));
  if (p.signer)
    lines.push(
      ctx.t("announce-preview-signer", {
        signer: [p.signer.onBehalfOf, p.signer.title, p.signer.name].filter(Boolean).join(", "),
      }),
    );
  lines.push(
    ctx.t("announce-preview-recipients"),
    ...(p.recipients.length ? p.recipients.map((r) => `• ${r}`) : ["—"]),
  );
  const left = deadlines.filter(skipped).length;
  const warnings = [
    ...(past ? [ctx.t("announce-warn-past", { n: past })] : []),
    ...(datedPast
      ? [
          left
            ? ctx.t(s.skipPast === "all" ? "announce-past-skip-all" : "announce-past-skip-old", { n: left })
            : ctx.t("announce-past-keep", { n: datedPast }),
        ]
      : []),
    ...(unread(ctx, p).length ? [ctx.t("announce-warn-unread", { fields: unread(ctx, p).join(", ") })] : []),
    ...(s.maybeCut ? [ctx.t("announce-warn-cut")] : []),
  ];
  if (warnings.length) lines.push("", ...warnings);
  return lines.join("\n");
}

/** The preview's buttons for past deadlines: the other choices that would change what is created. */
function pastChoices(ctx: BotContext, s: AnnounceState): { id: string; label: string }[] {
  if (!s.plan) return [];
  const now = ctx.now();
  const dues = ctx.services.announcements
    .deadlineList(s.plan, undefined, ctx.lang)
    .flatMap((d) => (d.due && d.due < now ? [d.due] : []));
  const count = (p: SkipPast) => dues.filter((d) => d < (skipBefore(p, now) ?? new Date(0))).length;
  const current = count(s.skipPast ?? "old");
  const seen = new Set([current]);
  return (["none", "all", "old"] as const).flatMap((p) => {
    const n = count(p);
    if (p === (s.skipPast ?? "old") || seen.has(n)) return [];
    seen.add(n);
    return [{ id: `past:${p}`, label: ctx.t(`announce-past-choose-${p}`) }];
  });
}

/** A period's words without the label its name already says ("Đợt 1: Tháng 5 năm 2025" under "Đợt 1 tháng cao điểm"). */
function withoutOwnLabel(x: { text: string; what: string }): string {
  const m = /^([^:]{1,40}):\s*(.+)$/u.exec(x.text);
  return m && foldVietnamese(x.what).startsWith(foldVietnamese(m[1] ?? "")) ? (m[2] ?? x.text) : x.text;
}

/** Typed codes at any step after the preview: checked at once; unknown or out-of-scope ones are named and refused. */
async function takeCodes(ctx: BotContext, s: AnnounceState, text: string): Promise<StepResult<AnnounceState>> {
  if (text.length > PASTE_LIKE) return { retry: "announce-paste-continued" };
  const codes = [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((c) => c.toUpperCase()),
    ),
  ].slice(0, 200);
  if (!codes.length) return { retry: "announce-codes" };
  const check = await ctx.services.announcements.targets(ctx.actor, { mode: "codes", codes, withSubtree: false });
  const problems = [
    check.unknownCodes.length ? ctx.t("announce-unknown-codes", { codes: check.unknownCodes.join(", ") }) : "",
    check.outsideScope.length ? ctx.t("announce-outside-scope", { codes: check.outsideScope.join(", ") }) : "",
  ].filter(Boolean);
  if (problems.length) return { retry: "announce-codes-refused", args: { problems: problems.join("\n") } };
  return { next: "reach", state: { ...s, codes, targeting: undefined } };
}

/** Unit codes for a one-line list: the first 20, then "…". */
function listCodes(units: { code: string }[]): string {
  const shown = units.slice(0, 20).map((u) => u.code);
  return units.length > shown.length ? `${shown.join(", ")}, …` : shown.join(", ");
}

/** A plan whose form left blanks in a deadline's date asks staff for them before the preview. */
function afterReading(plan: Plan): string {
  return plan.blankDeadlines.length ? "blank" : "targets";
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
          } catch (err) {
            if (err instanceof FileLimitError) return { retry: `file-limit-${err.limit}`, args: { max: err.max } };
            return { retry: "announce-download-failed" };
          }
          try {
            const { plan } = await readPlanFile(data, name, a.attachment.mimeType, ctx.deps.config.files);
            const stored = await ctx.services.files.store({ name, mimeType: a.attachment.mimeType, data });
            return {
              next: afterReading(plan),
              state: { ...s, plan, fileId: stored.id, fileName: name, mimeType: stored.mimeType },
            };
          } catch (err) {
            if (err instanceof PlanFileError && err.limit)
              return { retry: `file-limit-${err.limit.limit}`, args: { max: err.limit.max } };
            if (err instanceof PlanFileError) return { retry: `announce-file-${err.problem}` };
            throw err;
          }
        }
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        if (a.text.length > 20_000) return { retry: "announce-too-long-send-file", args: { max: MAX_TEXT } };
        // A paste as long as the platform's longest message was probably cut into several: say so in the preview.
        const maybeCut = a.text.length >= ctx.capabilities.maxTextLength - 100;
        try {
          const plan = parsePlanText(a.text);
          return { next: afterReading(plan), state: { ...s, plan, maybeCut } };
        } catch (err) {
          if (!(err instanceof PlanFileError)) throw err;
          if (a.text.length > MAX_TEXT) return { retry: "announce-too-long-send-file", args: { max: MAX_TEXT } };
          return { next: "targets", state: { ...s, text: a.text } };
        }
      },
    },
    blank: {
      accepts: "text",
      prompt(ctx, s) {
        const b = s.plan?.blankDeadlines?.[0];
        const missing = b?.day === null ? (b.month === null ? "day-month" : "day") : "month";
        return {
          text: ctx.t("announce-blank-ask", {
            text: b?.text ?? "",
            what: b?.what ?? "",
            missing: ctx.t(`announce-blank-${missing}`),
          }),
        };
      },
      handle(_ctx, s, a) {
        if (a.kind !== "text" || !s.plan) return { retry: "conversation-text-only" };
        const [blank, ...rest] = s.plan.blankDeadlines ?? [];
        if (!blank) return { next: "targets", state: s };
        const filled = fillBlank(blank, a.text);
        if (filled === undefined) return { retry: "announce-blank-bad" };
        const deadlines = filled ? [...s.plan.deadlines, filled] : s.plan.deadlines;
        const plan = { ...s.plan, deadlines, blankDeadlines: rest };
        return { next: rest.length ? "blank" : "targets", state: { ...s, plan } };
      },
    },
    targets: {
      accepts: "choice-or-text",
      prompt(ctx, s) {
        const kinds = s.plan ? ctx.services.announcements.kindsOf({ plan: s.plan }) : [];
        const options = [{ id: "all", label: ctx.t("announce-target-all") }];
        if (kinds.length)
          options.push({
            id: `kinds:${kinds.join(",")}`,
            label: ctx.t("announce-target-kinds", { kinds: kinds.map((k) => ctx.t(`kind-${k}`)).join(", ") }),
          });
        options.push(
          { id: "level", label: ctx.t("announce-target-level") },
          { id: "codes", label: ctx.t("announce-target-codes") },
        );
        if (s.plan) options.push({ id: "edit", label: ctx.t("announce-edit") }, ...pastChoices(ctx, s));
        return {
          text: `${preview(ctx, s)}\n\n${ctx.t("announce-pick-targets")}`,
          choices: choicesFor(announceFlow, "targets", options),
        };
      },
      handle(ctx, s, a) {
        if (a.kind === "text")
          return a.text.length > PASTE_LIKE ? { retry: "announce-paste-continued" } : takeCodes(ctx, s, a.text);
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "codes") return { next: "codes", state: s };
        if (a.id === "level") return { next: "level", state: s };
        if (a.id === "edit") return { next: "edit", state: s };
        const policy = SKIP_PAST.find((p) => a.id === `past:${p}`);
        if (policy) return { next: "targets", state: { ...s, skipPast: policy } };
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
    level: {
      accepts: "choice-or-text",
      async prompt(ctx) {
        const kinds = await ctx.services.announcements.kindsInScope(ctx.actor);
        return {
          text: ctx.t("announce-pick-level"),
          choices: choicesFor(announceFlow, "level", [
            ...kinds.map((k) => ({
              id: k.kind,
              label: ctx.t("announce-level", { kind: ctx.t(`kind-${k.kind}`), n: k.units }),
            })),
          ]),
        };
      },
      handle(ctx, s, a) {
        if (a.kind === "text") return takeCodes(ctx, s, a.text);
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (!(UNIT_KINDS as readonly string[]).includes(a.id)) return { retry: "conversation-invalid" };
        return { next: "confirm", state: { ...s, targeting: { mode: "kinds", kinds: [a.id as UnitKind] } } };
      },
    },
    codes: {
      accepts: "text",
      prompt: (ctx) => ({ text: ctx.t("announce-codes") }),
      handle(ctx, s, a) {
        if (a.kind !== "text") return { retry: "conversation-text-only" };
        return takeCodes(ctx, s, a.text);
      },
    },
    reach: {
      accepts: "choice-or-text",
      async prompt(ctx, s) {
        const codes = s.codes ?? [];
        const [alone, below] = await Promise.all([
          ctx.services.announcements.targets(ctx.actor, { mode: "codes", codes, withSubtree: false }),
          ctx.services.announcements.targets(ctx.actor, { mode: "codes", codes, withSubtree: true }),
        ]);
        return {
          text: ctx.t("announce-pick-reach", { codes: codes.join(", ") }),
          choices: choicesFor(announceFlow, "reach", [
            { id: "only", label: ctx.t("announce-reach-only", { n: alone.units.length }) },
            { id: "below", label: ctx.t("announce-reach-below", { n: below.units.length }) },
          ]),
        };
      },
      handle(ctx, s, a) {
        // Typed text where a choice was expected: corrected codes (or the rest of a long pasted plan).
        if (a.kind === "text") return takeCodes(ctx, s, a.text);
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        const targeting: Targeting = { mode: "codes", codes: s.codes ?? [], withSubtree: a.id === "below" };
        return { next: "confirm", state: { ...s, targeting } };
      },
    },
    confirm: {
      accepts: "choice-or-text",
      async prompt(ctx, s) {
        const plan = await ctx.services.announcements.targets(ctx.actor, s.targeting!);
        // "4 nhóm chat của 36 đơn vị" read as if 36 units would hear it: the units reached, those without a group and
        // those whose group removed the bot are said apart.
        const lost = plan.unitsLostGroup;
        const count = [
          ctx.t("announce-count", {
            chats: plan.chats.length,
            reached: plan.units.length - plan.unitsWithoutChat - lost.length,
            without: plan.unitsWithoutChat,
          }),
          ...(lost.length ? [ctx.t("announce-lost-groups", { n: lost.length, codes: listCodes(lost) })] : []),
        ].join("\n");
        if (!plan.chats.length)
          return {
            text: `${count}\n${ctx.t("announce-nobody")}`,
            choices: choicesFor(announceFlow, "confirm", [{ id: "targets", label: ctx.t("announce-change-targets") }]),
          };
        return {
          text: count,
          choices: choicesFor(announceFlow, "confirm", [
            { id: "send", label: ctx.t("announce-send") },
            { id: "targets", label: ctx.t("announce-change-targets") },
          ]),
        };
      },
      async handle(ctx, s, a) {
        // Typed text where a choice was expected: corrected codes (or the rest of a long pasted plan).
        if (a.kind === "text") return takeCodes(ctx, s, a.text);
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "targets") return { next: "targets", state: { ...s, targeting: undefined, codes: undefined } };
        const check = await ctx.services.announcements.targets(ctx.actor, s.targeting!);
        if (!check.chats.length) return { retry: "announce-nobody" };
        const r = await ctx.services.announcements.broadcast(
          ctx.actor,
          draftOf(s, ctx.now()),
          s.targeting!,
          ctx.stepKey,
        );
        const deadlines =
          s.plan && r.planId
            ? await ctx.services.deadlines.fromPlan(ctx.actor, s.plan, r.planId, r.owing, r.rootUnitId, {
                skipDueBefore: skipBefore(s.skipPast, ctx.now()),
                stepKey: ctx.stepKey,
              })
            : { created: 0, past: 0, skipped: 0 };
        const say: Reply[] = [
          { kind: "text" as const, text: ctx.t("announce-queued", { seq: r.seq, chats: r.chats, units: r.units }) },
        ];
        if (deadlines.created) {
          const lines = [ctx.t("announce-deadlines-created", { n: deadlines.created, units: r.owing.length })];
          const { time, overdueEveryDays } = ctx.deps.config.reminders;
          if (deadlines.past)
            lines.push(ctx.t("announce-deadlines-past", { n: deadlines.past, time, every: overdueEveryDays }));
          if (deadlines.skipped) lines.push(ctx.t("announce-deadlines-skipped", { n: deadlines.skipped }));
          say.push({ kind: "text", text: lines.join("\n") });
          if (r.planId) say.push(...(await indicatorOffer(ctx, r.planId)));
        } else if (deadlines.skipped)
          say.push({ kind: "text", text: ctx.t("announce-deadlines-skipped", { n: deadlines.skipped }) });
        return { done: true, say };
      },
    },
    edit: {
      accepts: "choice",
      prompt: (ctx) => ({
        text: ctx.t("announce-edit-which"),
        choices: choicesFor(
          announceFlow,
          "edit",
          EDITABLE.map((f) => ({ id: f, label: ctx.t(`announce-edit-${f}`) })),
        ),
      }),
      // Done correcting: the preview again, with every correction made.
      finish: (_ctx, s) => ({ next: "targets", state: { ...s, editing: undefined } }),
      handle(_ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (!(EDITABLE as readonly string[]).includes(a.id)) return { retry: "conversation-invalid" };
        return { next: "editValue", state: { ...s, editing: a.id as Editable } };
      },
    },
    editValue: {
      accepts: "text",
      prompt(ctx, s) {
        const p = s.plan;
        if (!p) return { text: ctx.t("conversation-invalid") };
        const current =
          s.editing === "number"
            ? (p.number ?? "—")
            : s.editing === "date"
              ? p.issuedOn
                ? formatIso(p.issuedOn)
                : "—"
              : s.editing === "title"
                ? p.title
                : [
                    ...ctx.services.announcements
                      .deadlineList(p, undefined, ctx.lang)
                      .map((d, i) => `${i + 1}. ${d.line}`),
                    ...eventsOf(p).map((e, i) => `S${i + 1}. ${formatIso(e.date)}: ${e.what}`),
                  ].join("\n") || "—";
        return { text: ctx.t(`announce-edit-ask-${s.editing ?? "title"}`, { current }) };
      },
      // "Xong": back to the preview with the corrections made so far (the deadlines take several in a row).
      finish: (_ctx, s) => ({ next: "targets", state: { ...s, editing: undefined } }),
      handle(ctx, s, a) {
        if (a.kind !== "text" || !s.plan || !s.editing) return { retry: "conversation-text-only" };
        const r = applyEdit(s.editing, s.plan, a.text);
        if (typeof r === "string") return { retry: r };
        if (s.editing === "deadlines")
          return {
            next: "editValue",
            state: { ...s, plan: r },
            say: [{ kind: "text", text: ctx.t("announce-edited-deadline") }],
          };
        return {
          next: "targets",
          state: { ...s, plan: r, editing: undefined },
          say: [{ kind: "text", text: ctx.t("announce-edited") }],
        };
      },
    },
  },
};

/**
 * After the deadlines are created: the indicators the plan proposes, to confirm per figures deadline with the same
 * "Dùng các chỉ tiêu này" action as /chitieu, or to correct there; nothing when the plan proposes none.
 */
async function indicatorOffer(ctx: BotContext, planId: number): Promise<Reply[]> {
  const { deadlines, others, proposals } = await ctx.services.indicators.planProposal(planId);
  if (!proposals.length) return [];
  const code = (deadlines[0] ?? others[0])?.code ?? "";
  const text = [
    ctx.t("announce-indicators-proposed"),
    ...proposals.map((p, i) => indicatorLine(ctx, p, i + 1)),
    "",
    deadlines.length
      ? ctx.t("announce-indicators-hint", { code })
      : ctx.t("announce-indicators-hint-no-figures", { code, codes: others.map((d) => d.code).join(", ") }),
  ].join("\n");
  const choices = deadlines.map((d) => ({
    id: `ind|use|${d.id}`,
    label: deadlines.length > 1 ? ctx.t("announce-indicators-use-for", { code: d.code }) : ctx.t("indicators-use"),
  }));
  return [{ kind: "text", text, ...(choices.length ? { choices } : {}) }];
}

/** The kinds of file a plan is read from. */
const PLAN_FILE = /\.(docx|pdf|txt|md)$/i;

/**
 * A plan file sent without /thongbao by someone who may announce: taken as the announcement's content at once, so the
 * preview comes now (with Hủy when no announcement was meant) instead of asking for the file a second time.
 */
export async function takePlanFile(ctx: BotContext): Promise<boolean> {
  const file = ctx.event.attachment;
  if (file?.kind !== "file" || !PLAN_FILE.test(file.fileName ?? "")) return false;
  if (!scopeRoots(ctx.actor.grants, "broadcast").length) return false;
  ctx.say("announce-file-offer");
  await ctx.deps.engine.startWith(ctx, "announce", "content", {});
  return true;
}

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
