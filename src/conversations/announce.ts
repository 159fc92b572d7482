/**
 * /thongbao: staff send a plan file or paste text → preview (number, date, title, deadlines with a warning for those
 * already past, consultation items and period, signer, recipients, and what the reader could not find) → optionally
 * correct the number, date, title or deadlines ("Sửa") → choose the targets (whole scope, the kinds Nơi nhận names,
 * one level, or typed unit codes alone or with everything under them) → how many chats → confirm → outbox.
 * Unknown codes are refused by name and corrected codes are taken at any later step; nothing is sent to no one.
 */
import { formatIso } from "../domain/dates/due.js";
import { readDatePhrase } from "../domain/dates/phrases.js";
import type { DateSpec } from "../domain/dates/types.js";
import { planReports } from "../domain/plan/reports.js";
import type { Plan, PlanBlankDeadline, PlanDeadline } from "../domain/plan/types.js";
import { scopeRoots } from "../domain/scope.js";
import { UNIT_KINDS, type UnitKind } from "../domain/units.js";
import { indicatorLine } from "../bot/features/figures.js";
import type { BotContext } from "../bot/types.js";
import type { Reply } from "../platforms/port.js";
import type { Draft, Targeting } from "../services/announcements.js";
import { PlanFileError, parsePlanText, readPlanFile } from "../services/plan-files.js";
import { choicesFor, type Flow, type StepResult } from "./engine.js";

const EDITABLE = ["number", "date", "title", "deadlines"] as const;
type Editable = (typeof EDITABLE)[number];

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
function draftOf(s: AnnounceState): Draft {
  return {
    plan: s.plan,
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
  const past = deadlines.filter((d) => d.due && d.due < now).length;
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
    lines.push(ctx.t("announce-preview-periods"), ...p.periods.map((x) => `• ${x.what}: ${x.text}`));
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
    ...(past
      ? [
          left
            ? ctx.t(s.skipPast === "all" ? "announce-past-skip-all" : "announce-past-skip-old", { n: left })
            : ctx.t("announce-past-keep", { n: past }),
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

const cancelled = (ctx: BotContext): StepResult<AnnounceState> => ({
  done: true,
  say: [{ kind: "text", text: ctx.t("conversation-cancelled") }],
});

/** A corrected deadline: its phrase as typed, with the due day or period the phrase names. */
function deadlineFrom(phrase: string, what: string): PlanDeadline | undefined {
  const spec: DateSpec | undefined = readDatePhrase(phrase)?.spec;
  if (!spec) return undefined;
  const bound = "bound" in spec ? spec.bound : undefined;
  const base = { text: phrase, what, ...(bound ? { bound } : {}) };
  switch (spec.precision) {
    case "day":
      return { ...base, due: spec.date, precision: "day", ...(spec.time ? { time: spec.time } : {}) };
    case "early-month":
    case "mid-month":
    case "end-month":
    case "month":
      return { ...base, due: spec.month, precision: spec.precision };
    case "quarter":
      return { ...base, due: `${spec.year}-Q${spec.quarter}`, precision: "quarter" };
    case "half-year":
      return { ...base, due: `${spec.year}-H${spec.half}`, precision: "half-year" };
    case "year":
      return { ...base, due: String(spec.year), precision: "year" };
    default:
      return undefined;
  }
}

/** A plan kept in a conversation begun before events were read has none (the state is stored JSON, not re-read). */
function eventsOf(plan: Plan): Plan["events"] {
  return plan.events ?? [];
}

/** A plan whose form left blanks in a deadline's date asks staff for them before the preview. */
function afterReading(plan: Plan): string {
  return plan.blankDeadlines.length ? "blank" : "targets";
}

/**
 * Staff's answer for a deadline with a blank ("trước ngày 07/……./2026"): a whole date ("07/5/2026"), or only the
 * missing month or day ("5"); "bỏ" drops the deadline (null). undefined when the answer is neither.
 */
function fillBlank(blank: PlanBlankDeadline, answer: string): PlanDeadline | null | undefined {
  const t = answer.trim();
  if (/^(?:bỏ|bo|bỏ qua|xóa|xoá|skip|drop)$/iu.test(t)) return null;
  let date = readDatePhrase(t)?.spec;
  if (date?.precision !== "day" && /^\d{1,2}$/u.test(t) && (blank.day === null) !== (blank.month === null)) {
    const [day, month] = blank.day === null ? [Number(t), blank.month] : [blank.day, Number(t)];
    date = readDatePhrase(`${day}/${month}/${blank.year}`)?.spec;
  }
  if (date?.precision !== "day") return undefined;
  const [y, m, d] = date.date.split("-");
  const bound = blank.bound === "before" ? "trước ngày" : blank.bound === "by" ? "chậm nhất ngày" : "ngày";
  return deadlineFrom(`${bound} ${d}/${m}/${y}`, blank.what);
}

/**
 * "2: 15/8/2025" changes deadline 2's date, "bỏ 2" removes it, "thêm: 30/9/2025: Báo cáo quý" adds one. The numbers
 * are the preview's (planReports); a recurring or relative deadline can be removed, not given a date.
 */
function editDeadlines(plan: Plan, text: string): Plan | undefined {
  const t = text.trim();
  const reports = planReports(plan);
  const remove = /^(?:bỏ|bo|xóa|xoá|xoa|remove)\s+(\d{1,2})$/iu.exec(t);
  if (remove) {
    const source = reports[Number(remove[1]) - 1]?.source;
    if (!source) return undefined;
    const list = plan[source.list] as unknown[];
    return { ...plan, [source.list]: list.filter((_, j) => j !== source.index) };
  }
  // "sk 2" / "sự kiện 2": the day of event 2 is in fact a deadline (staff know the plan better than the reader).
  const event = /^(?:sk|s|sự kiện|su kien|event)\s*(\d{1,2})$/iu.exec(t);
  if (event) {
    const e = eventsOf(plan)[Number(event[1]) - 1];
    const d = e ? deadlineFrom(`ngày ${formatIso(e.date)}`, e.what) : undefined;
    if (!d || !e) return undefined;
    return { ...plan, deadlines: [...plan.deadlines, d], events: eventsOf(plan).filter((x) => x !== e) };
  }
  const add = /^(?:thêm|them|add)\s*:\s*([^:]+):\s*(.+)$/iu.exec(t);
  if (add) {
    const d = deadlineFrom(add[1]!.trim(), add[2]!.trim());
    return d ? { ...plan, deadlines: [...plan.deadlines, d] } : undefined;
  }
  const change = /^(\d{1,2})\s*[:.)-]\s*(.+)$/u.exec(t);
  if (change) {
    const source = reports[Number(change[1]) - 1]?.source;
    const old = source?.list === "deadlines" ? plan.deadlines[source.index] : undefined;
    const d = old ? deadlineFrom(change[2]!.trim(), old.what) : undefined;
    if (!d || !source) return undefined;
    return { ...plan, deadlines: plan.deadlines.map((x, j) => (j === source.index ? d : x)) };
  }
  return undefined;
}

function applyEdit(field: Editable, plan: Plan, text: string): Plan | string {
  const t = text.trim();
  if (field === "number") {
    if (!/^\d{1,5}\s*\/\s*[\p{L}\d.-]+(?:-[\p{L}\d.]+)*$/u.test(t)) return "announce-edit-bad-number";
    return { ...plan, number: t.replace(/\s+/g, "") };
  }
  if (field === "date") {
    const spec = readDatePhrase(t)?.spec;
    if (spec?.precision !== "day") return "announce-edit-bad-date";
    return { ...plan, issuedOn: spec.date };
  }
  if (field === "title") {
    if (t.length < 5 || t.length > 600) return "announce-edit-bad-title";
    return { ...plan, title: t.replace(/\s+/g, " ") };
  }
  return editDeadlines(plan, t) ?? "announce-edit-bad-deadline";
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
              next: afterReading(plan),
              state: { ...s, plan, fileId: stored.id, fileName: name, mimeType: stored.mimeType },
            };
          } catch (err) {
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
        options.push({ id: "cancel", label: ctx.t("opinion-cancel") });
        return {
          text: `${preview(ctx, s)}\n\n${ctx.t("announce-pick-targets")}`,
          choices: choicesFor(announceFlow, "targets", options),
        };
      },
      handle(ctx, s, a) {
        if (a.kind === "text")
          return a.text.length > PASTE_LIKE ? { retry: "announce-paste-continued" } : takeCodes(ctx, s, a.text);
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "cancel") return cancelled(ctx);
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
            { id: "back", label: ctx.t("announce-back") },
          ]),
        };
      },
      handle(ctx, s, a) {
        if (a.kind === "text") return takeCodes(ctx, s, a.text);
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "back") return { next: "targets", state: s };
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
            { id: "back", label: ctx.t("announce-back") },
          ]),
        };
      },
      handle(ctx, s, a) {
        // Typed text where a choice was expected: corrected codes (or the rest of a long pasted plan).
        if (a.kind === "text") return takeCodes(ctx, s, a.text);
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "back") return { next: "targets", state: { ...s, codes: undefined } };
        const targeting: Targeting = { mode: "codes", codes: s.codes ?? [], withSubtree: a.id === "below" };
        return { next: "confirm", state: { ...s, targeting } };
      },
    },
    confirm: {
      accepts: "choice-or-text",
      async prompt(ctx, s) {
        const plan = await ctx.services.announcements.targets(ctx.actor, s.targeting!);
        const lost = plan.unitsLostGroup;
        const count = [
          ctx.t("announce-count", {
            chats: plan.chats.length,
            units: plan.units.length,
            without: plan.unitsWithoutChat,
          }),
          ...(lost.length ? [ctx.t("announce-lost-groups", { n: lost.length, codes: listCodes(lost) })] : []),
        ].join("\n");
        if (!plan.chats.length)
          return {
            text: `${count}\n${ctx.t("announce-nobody")}`,
            choices: choicesFor(announceFlow, "confirm", [
              { id: "targets", label: ctx.t("announce-change-targets") },
              { id: "cancel", label: ctx.t("opinion-cancel") },
            ]),
          };
        return {
          text: count,
          choices: choicesFor(announceFlow, "confirm", [
            { id: "send", label: ctx.t("announce-send") },
            { id: "targets", label: ctx.t("announce-change-targets") },
            { id: "cancel", label: ctx.t("opinion-cancel") },
          ]),
        };
      },
      async handle(ctx, s, a) {
        // Typed text where a choice was expected: corrected codes (or the rest of a long pasted plan).
        if (a.kind === "text") return takeCodes(ctx, s, a.text);
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "cancel") return cancelled(ctx);
        if (a.id === "targets") return { next: "targets", state: { ...s, targeting: undefined, codes: undefined } };
        const check = await ctx.services.announcements.targets(ctx.actor, s.targeting!);
        if (!check.chats.length) return { retry: "announce-nobody" };
        const r = await ctx.services.announcements.broadcast(ctx.actor, draftOf(s), s.targeting!);
        const deadlines =
          s.plan && r.planId
            ? await ctx.services.deadlines.fromPlan(ctx.actor, s.plan, r.planId, r.owing, r.rootUnitId, {
                skipDueBefore: skipBefore(s.skipPast, ctx.now()),
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
        choices: choicesFor(announceFlow, "edit", [
          ...EDITABLE.map((f) => ({ id: f, label: ctx.t(`announce-edit-${f}`) })),
          { id: "back", label: ctx.t("announce-back") },
        ]),
      }),
      handle(_ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        if (a.id === "back") return { next: "targets", state: s };
        if (!(EDITABLE as readonly string[]).includes(a.id)) return { retry: "conversation-invalid" };
        return { next: "editValue", state: { ...s, editing: a.id as Editable } };
      },
    },
    editValue: {
      accepts: "text",
      prompt(ctx, s) {
        const p = s.plan!;
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
      handle(ctx, s, a) {
        if (a.kind !== "text" || !s.plan || !s.editing) return { retry: "conversation-text-only" };
        const r = applyEdit(s.editing, s.plan, a.text);
        if (typeof r === "string") return { retry: r };
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
