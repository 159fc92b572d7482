/**
 * Guided conversations declared as data: each step has a prompt, accepts a choice or a (zod-validated) text or voice
 * answer, and says what comes next. State lives in the database keyed by platform + chat + user, so a restart resumes
 * at the same step; an idle conversation expires politely; an answer that does not fit re-asks with the reason.
 * One engine for every platform: a choice can be pressed (button), or typed as its number or its label.
 *
 * No step is a dead end: the engine adds to every question a way back ("Quay lại": the step before, with the answers
 * as they were there), the step's own way to finish when it has one ("Xong"), and a way out ("Hủy"). They are buttons,
 * and the same words typed ("quay lại", "xong", "hủy", "back", "done", "cancel") do the same at any step, so a person
 * who cannot find a button is never stuck. A "Quay lại" or "Hủy" pressed under an earlier question acts on the current one.
 *
 * A step's state is written last, once its answer (and the next question) is known, and with it the update's replies
 * (`ctx.stepAnswer`, where the platform keeps an inbox): a process killed after the step and before sending still
 * sends that answer after a restart, rather than handling the update again against a step it already left. A kill
 * after the step's own writes and before that last one has the answer handled again: each stored step has its own
 * key (`ctx.stepKey`), and the services a last step calls record their writes under it (services/step-outcomes.ts).
 */
import { randomUUID } from "node:crypto";
import type { ZodType } from "zod";
import type { BotContext, Conversations } from "../bot/types.js";
import { sqlTime } from "../db/client.js";
import type { HotStorage } from "../db/hot-store.js";
import { foldVietnamese } from "../domain/units.js";
import type { Choice, IncomingAttachment, Reply } from "../platforms/port.js";

/** A step's question: its text and, for a choice, the buttons (also shown as numbered lines where needed). */
export interface Prompt {
  text: string;
  choices?: Choice[];
}

/** An answer as the step's handler receives it, once read and checked by the engine. */
export type Answer =
  | { kind: "choice"; id: string }
  | { kind: "text"; text: string }
  | { kind: "voice"; attachment: IncomingAttachment }
  | { kind: "file"; attachment: IncomingAttachment };

/** What a step decided: the next step and its state, the end, or the same question again with a reason. */
export type StepResult<S> =
  | { next: string; state: S; say?: Reply[] }
  | { done: true; say?: Reply[] }
  /** Re-ask: `reason` is a locale key, shown before the prompt again; `state` (when given) is kept for next time. */
  | { retry: string; args?: Record<string, string | number>; state?: S };

/** One question of a flow: how it is asked, what it accepts, and what an answer leads to. */
export interface Step<S> {
  prompt(ctx: BotContext, state: S): Promise<Prompt> | Prompt;
  /**
   * What "Xong" means at this step (return to the review with what was corrected, say, or save what is entered so
   * far); steps without it offer only "Quay lại" and "Hủy", and a typed "xong" is answered with how to go on.
   */
  finish?(ctx: BotContext, state: S): Promise<StepResult<S>> | StepResult<S>;
  /** Whether `finish` applies in this state (a field corrected from the review, not entered the first time). */
  canFinish?(state: S): boolean;
  /**
   * "choice": one of the prompt's choices; "choice-or-text": a choice, or any typed text when it names none;
   * "text": typed text; "text-or-voice" / "text-or-file" also take an attachment.
   */
  accepts: "choice" | "choice-or-text" | "text" | "text-or-voice" | "text-or-file";
  /** Checked before handle for text answers; its issue messages are locale keys. */
  schema?: ZodType<string>;
  handle(ctx: BotContext, state: S, answer: Answer): Promise<StepResult<S>> | StepResult<S>;
}

/** A guided conversation: its steps by name, the key of its buttons, and what a file sent at any step means. */
// biome-ignore lint/suspicious/noExplicitAny: one registry holds flows whose states differ
export interface Flow<S = any> {
  id: string;
  /** Short prefix of button payloads ("o" → "o|kind|agree"); unique per flow. */
  key: string;
  steps: Record<string, Step<S>>;
  /**
   * A file sent at a step that does not ask for one (a targets sheet during /giaochitieu): what the flow makes of it.
   * Without it the step is asked again, saying the file was not used.
   */
  file?(ctx: BotContext, state: S, attachment: IncomingAttachment): Promise<StepResult<S>> | StepResult<S>;
}

const SEP = "|";

/** What the engine itself answers at every step, by button or by the words typed. */
type Control = "back" | "finish" | "stop";
const CONTROL_IDS: Record<Control, string> = { back: "~back", finish: "~done", stop: "~stop" };
/** The words that do the same as the buttons, folded (no tone marks, lower case), typed alone. */
const CONTROL_WORDS: Record<Control, readonly string[]> = {
  back: ["quay lai", "tro lai", "lui lai", "ve buoc truoc", "back", "go back"],
  finish: ["xong", "xong roi", "hoan tat", "done", "finish", "finished"],
  stop: ["huy", "huy bo", "dung", "dung lai", "thoi", "cancel", "stop", "quit"],
};
const CONTROL_LABELS: Record<Control, string> = {
  back: "conversation-back",
  finish: "conversation-finish",
  stop: "conversation-stop",
};

/**
 * Earlier steps, each with the state it had when it was left, so "Quay lại" returns to it as it was. Bounded: a long
 * conversation (an announcement corrected many times) keeps its latest steps, and its stored row stays small.
 */
interface Visited {
  step: string;
  data: unknown;
}
const MAX_TRAIL = 12;
const MAX_TRAIL_CHARS = 200_000;

/** The stored row's data: the state and the trail, marked so rows written before the trail existed still read. */
interface Envelope {
  $v: 2;
  state: unknown;
  trail: Visited[];
  /** New at every save: names this stored step, so an answer handled twice after a crash writes once (stepKey). */
  id?: string;
}

/** The payload of a step's button: the flow's key, the step and the choice's id ("o|kind|agree"). */
export function choicePayload(flow: Flow, step: string, id: string): string {
  return [flow.key, step, id].join(SEP);
}

interface StoredState {
  flow: string;
  step: string;
  data: unknown;
  trail: Visited[];
  id?: string;
  expiresAt: Date;
}

function unwrap(json: string): { data: unknown; trail: Visited[]; id?: string } {
  const parsed = JSON.parse(json) as unknown;
  if (parsed && typeof parsed === "object" && (parsed as Envelope).$v === 2) {
    const e = parsed as Envelope;
    const id = typeof e.id === "string" ? e.id : undefined;
    return { data: e.state, trail: Array.isArray(e.trail) ? e.trail : [], id };
  }
  return { data: parsed, trail: [] };
}

/** Whether a step asks for this kind of attachment (a voice message for an opinion, a file for an announcement). */
function takes(step: Step<unknown>, attachment: IncomingAttachment): boolean {
  return attachment.kind === "voice" ? step.accepts === "text-or-voice" : step.accepts === "text-or-file";
}

/** The trail with the step just left on top, cut to its bounds (oldest steps go first). */
function pushed(trail: Visited[], left: Visited): Visited[] {
  const next = [...trail, left].slice(-MAX_TRAIL);
  while (next.length > 1 && JSON.stringify(next).length > MAX_TRAIL_CHARS) next.shift();
  return next;
}

/** Re-ask with a reason (a locale key) and its arguments. */
type Retry = { retry: string; args?: Record<string, string | number> };

/** A button pressed: one of this question's choices, or an old button (another step's) or one no longer offered. */
function readPressed(flow: Flow, stepId: string, choices: Choice[], payload: string): Answer | Retry {
  const [key, s, id = ""] = payload.split(SEP);
  if (key !== flow.key || s !== stepId) return { retry: "conversation-old-button" };
  if (!choices.some((c) => c.id === choicePayload(flow, stepId, id)))
    return { retry: "conversation-choose-one", args: { count: choices.length } };
  return { kind: "choice", id };
}

/** A choice typed as its number ("2") or its label ("gửi" for [Gửi]). */
function readTyped(choices: Choice[], text: string | undefined): Answer | Retry {
  const typed = (text ?? "").trim();
  const byNumber = /^\d{1,2}$/.test(typed) ? choices[Number(typed) - 1] : undefined;
  const chosen = byNumber ?? choices.find((c) => foldVietnamese(c.label) === foldVietnamese(typed));
  if (!chosen) return { retry: "conversation-choose-one", args: { count: choices.length } };
  return { kind: "choice", id: chosen.id.split(SEP)[2] ?? "" };
}

/** A voice message or a file the step asks for. */
function readAttachment(attachment: IncomingAttachment): Answer {
  return { kind: attachment.kind === "voice" ? "voice" : "file", attachment };
}

/** Typed text, checked by the step's schema when it has one: its first issue is the reason to re-ask. */
function readText(text: string | undefined, schema: ZodType<string> | undefined): Answer | Retry {
  const trimmed = (text ?? "").trim();
  if (!trimmed) return { retry: "conversation-empty" };
  if (!schema) return { kind: "text", text: trimmed };
  const parsed = schema.safeParse(trimmed);
  if (parsed.success) return { kind: "text", text: parsed.data };
  const issue = parsed.error.issues[0] as
    | { message?: string; maximum?: number | bigint; minimum?: number | bigint }
    | undefined;
  const args: Record<string, number> = {};
  if (issue?.maximum !== undefined) args.max = Number(issue.maximum);
  if (issue?.minimum !== undefined) args.min = Number(issue.minimum);
  return { retry: issue?.message ?? "conversation-invalid", args };
}

/** Runs every flow: starts them, reads each answer, keeps the state and the way back in the database. */
export class ConversationEngine implements Conversations {
  private readonly flows = new Map<string, Flow>();
  private readonly byKey = new Map<string, Flow>();

  constructor(
    private readonly hot: HotStorage,
    private readonly idleMinutes: number,
  ) {}

  register(flow: Flow): void {
    if (this.byKey.has(flow.key)) throw new Error(`two flows use the button key "${flow.key}"`);
    this.flows.set(flow.id, flow);
    this.byKey.set(flow.key, flow);
  }

  ownsPayload(payload: string): boolean {
    return this.byKey.has(payload.split(SEP)[0] ?? "");
  }

  /** Starts (or restarts) a flow for the sender in this chat and asks its first question. */
  async start<S>(ctx: BotContext, flowId: string, step: string, state: S): Promise<void> {
    const flow = this.flows.get(flowId);
    if (!flow) throw new Error(`unknown flow ${flowId}`);
    await this.ask(ctx, flow, step, state, []);
    await this.save(ctx, flowId, step, state, []);
  }

  /**
   * Starts a flow and hands it the event at once as the answer to its first step: a plan file sent without a command
   * is the content of an announcement, so it need not be sent twice.
   */
  async startWith<S>(ctx: BotContext, flowId: string, step: string, state: S): Promise<void> {
    const flow = this.flows.get(flowId);
    if (!flow) throw new Error(`unknown flow ${flowId}`);
    await this.save(ctx, flowId, step, state, []);
    await this.continue(ctx);
  }

  // The state is read and written on every message: the hot path's statements keep that cheap.
  async active(ctx: BotContext): Promise<StoredState | undefined> {
    const k = this.key(ctx);
    const row = await this.hot.conversation(k.platform, k.chatId, k.userId);
    if (!row) return undefined;
    return { flow: row.flow, step: row.step, ...unwrap(row.data), expiresAt: new Date(row.expiresAt) };
  }

  async cancel(ctx: BotContext): Promise<boolean> {
    return this.hot.deleteConversation(this.key(ctx));
  }

  /** Ends the conversation with the answer already said: the two are written together (`ctx.stepAnswer`). */
  private async end(ctx: BotContext): Promise<void> {
    await this.hot.deleteConversation(this.key(ctx), ctx.stepAnswer?.());
  }

  /** Handles the sender's message or button press as an answer. False when there is no conversation to answer. */
  async continue(ctx: BotContext): Promise<boolean> {
    const state = await this.active(ctx);
    const payload = ctx.event.choice;
    if (!state) {
      if (payload && this.ownsPayload(payload)) {
        ctx.say("conversation-none");
        return true;
      }
      return false;
    }
    if (state.expiresAt < ctx.now()) {
      ctx.say("conversation-expired");
      await this.end(ctx);
      return true;
    }
    const flow = this.flows.get(state.flow);
    const step = flow?.steps[state.step];
    if (!flow || !step) {
      await this.cancel(ctx);
      return false;
    }
    ctx.stepKey = state.id && `${state.flow}:${state.step}:${state.id}`;
    const control = this.controlOf(ctx, flow);
    if (control) return this.control(ctx, flow, state, control);
    const attachment = ctx.event.attachment;
    if (attachment && !takes(step, attachment)) {
      if (flow.file) await this.apply(ctx, flow, state, await flow.file(ctx, state.data, attachment));
      else await this.retry(ctx, flow, state, "conversation-no-file", { name: attachment.fileName ?? "" });
      return true;
    }
    const answer = await this.readAnswer(ctx, flow, state.step, step, state.data);
    if ("retry" in answer) {
      await this.retry(ctx, flow, state, answer.retry, answer.args);
      return true;
    }
    await this.apply(ctx, flow, state, await step.handle(ctx, state.data, answer));
    return true;
  }

  /** Carries out what a step's handler (or its finish) decided: ask again, end, or move on and remember the way back. */
  private async apply(ctx: BotContext, flow: Flow, state: StoredState, result: StepResult<unknown>): Promise<void> {
    if ("retry" in result) {
      if (result.state === undefined) return this.retry(ctx, flow, state, result.retry, result.args);
      // The state kept for next time is written with the question asked again (its expiry renewed with it).
      ctx.say(result.retry, result.args);
      await this.ask(ctx, flow, state.step, result.state, state.trail);
      await this.save(ctx, flow.id, state.step, result.state, state.trail);
      return;
    }
    for (const r of result.say ?? []) ctx.reply(r);
    if ("done" in result) {
      await this.end(ctx);
      return;
    }
    const trail = pushed(state.trail, { step: state.step, data: state.data });
    await this.ask(ctx, flow, result.next, result.state, trail);
    await this.save(ctx, flow.id, result.next, result.state, trail);
  }

  /** A control button of this flow (from any of its questions), or a control word typed alone. */
  private controlOf(ctx: BotContext, flow: Flow): Control | undefined {
    const { choice, text, attachment } = ctx.event;
    if (choice) {
      const [key, , id] = choice.split(SEP);
      if (key !== flow.key) return undefined;
      return (Object.keys(CONTROL_IDS) as Control[]).find((c) => CONTROL_IDS[c] === id);
    }
    if (attachment || !text) return undefined;
    const typed = foldVietnamese(text.trim().replace(/[.!?…]+$/u, "")).replace(/\s+/g, " ");
    if (typed.length > 20) return undefined;
    return (Object.keys(CONTROL_WORDS) as Control[]).find((c) => CONTROL_WORDS[c].includes(typed));
  }

  private async control(ctx: BotContext, flow: Flow, state: StoredState, control: Control): Promise<boolean> {
    if (control === "stop") {
      ctx.say("conversation-cancelled");
      await this.end(ctx);
      return true;
    }
    const step = flow.steps[state.step];
    if (control === "finish") {
      if (!step?.finish || !(step.canFinish?.(state.data) ?? true))
        await this.retry(ctx, flow, state, "conversation-no-finish");
      else await this.apply(ctx, flow, state, await step.finish(ctx, state.data));
      return true;
    }
    const previous = state.trail.at(-1);
    if (!previous || !flow.steps[previous.step]) {
      await this.retry(ctx, flow, state, "conversation-first-step");
      return true;
    }
    const trail = state.trail.slice(0, -1);
    await this.ask(ctx, flow, previous.step, previous.data, trail);
    await this.save(ctx, flow.id, previous.step, previous.data, trail);
    return true;
  }

  /** The event as an answer to the step: read as a choice, an attachment or text, each by its own reader. */
  private async readAnswer(
    ctx: BotContext,
    flow: Flow,
    stepId: string,
    step: Step<unknown>,
    data: unknown,
  ): Promise<Answer | Retry> {
    const { event } = ctx;
    if (await this.readsAsChoice(ctx, step, data)) {
      const choices = (await step.prompt(ctx, data)).choices ?? [];
      return event.choice ? readPressed(flow, stepId, choices, event.choice) : readTyped(choices, event.text);
    }
    // A button of another step or an older question, at a step that takes only text.
    if (event.choice) return { retry: "conversation-old-button" };
    // Only an attachment the step takes reaches here (continue() answered any other).
    if (event.attachment) return readAttachment(event.attachment);
    return readText(event.text, step.schema);
  }

  /** A choice step; or a choice-or-text step pressed, or typed as a number or one of its labels. */
  private async readsAsChoice(ctx: BotContext, step: Step<unknown>, data: unknown): Promise<boolean> {
    if (step.accepts === "choice") return true;
    if (step.accepts !== "choice-or-text") return false;
    const { choice, text } = ctx.event;
    return !!choice || /^\d{1,2}$/.test((text ?? "").trim()) || (await this.namesChoice(ctx, step, data, text));
  }

  /** Whether typed text is one of the prompt's choice labels ("gửi" for [Gửi]), so it is read as that choice. */
  private async namesChoice(ctx: BotContext, step: Step<unknown>, data: unknown, text?: string): Promise<boolean> {
    const typed = foldVietnamese((text ?? "").trim());
    if (!typed || typed.length > 80) return false;
    const prompt = await step.prompt(ctx, data);
    return (prompt.choices ?? []).some((c) => foldVietnamese(c.label) === typed);
  }

  private async retry(
    ctx: BotContext,
    flow: Flow,
    state: StoredState,
    reason: string,
    args?: Record<string, string | number>,
  ): Promise<void> {
    ctx.say(reason, args);
    await this.ask(ctx, flow, state.step, state.data, state.trail);
    await this.touch(ctx);
  }

  /** The step's question with its own choices, then the engine's: back (when there is a step before), finish, cancel. */
  private async ask(ctx: BotContext, flow: Flow, stepId: string, data: unknown, trail: Visited[]): Promise<void> {
    const step = flow.steps[stepId];
    if (!step) throw new Error(`flow ${flow.id} has no step ${stepId}`);
    const prompt = await step.prompt(ctx, data);
    const controls: Control[] = [
      ...(trail.length ? ["back" as const] : []),
      ...(step.finish && (step.canFinish?.(data) ?? true) ? ["finish" as const] : []),
    ];
    controls.push("stop");
    const choices: Choice[] = [
      ...(prompt.choices ?? []),
      ...controls.map((c) => ({
        id: choicePayload(flow, stepId, CONTROL_IDS[c]),
        label: ctx.t(CONTROL_LABELS[c]),
        typed: true,
      })),
    ];
    ctx.reply({ kind: "text", text: prompt.text, choices });
  }

  private key(ctx: BotContext) {
    return { platform: ctx.event.platform, chatId: ctx.event.chat.id, userId: ctx.event.sender.id };
  }

  private expiry(ctx: BotContext): string {
    return sqlTime(new Date(ctx.now().getTime() + this.idleMinutes * 60_000));
  }

  private async save(ctx: BotContext, flow: string, step: string, state: unknown, trail: Visited[]): Promise<void> {
    const envelope: Envelope = { $v: 2, state: state ?? null, trail, id: randomUUID() };
    await this.hot.saveConversation(
      this.key(ctx),
      flow,
      step,
      JSON.stringify(envelope),
      sqlTime(ctx.now()),
      this.expiry(ctx),
      ctx.stepAnswer?.(),
    );
  }

  /** Keeps the conversation open longer, with the answer already said (written together: `ctx.stepAnswer`). */
  private async touch(ctx: BotContext): Promise<void> {
    await this.hot.touchConversation(this.key(ctx), this.expiry(ctx), ctx.stepAnswer?.());
  }
}

/** Builds the choices of a step with payloads the engine recognises. */
export function choicesFor(flow: Flow, step: string, items: { id: string | number; label: string }[]): Choice[] {
  return items.map((i) => ({ id: choicePayload(flow, step, String(i.id)), label: i.label }));
}
